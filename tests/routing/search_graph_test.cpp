// SearchGraph: the core/chain split drawn by hand, and nearest_centre() on it against a plain
// Dijkstra ordered by (time, rank) on the original graph, bit for bit, on random road networks
// made mostly of chains (curves, dead ends, oneways, rings, junction-free loops and paths); and
// the same SearchGraph after a round trip through the graph cache.
#include "reach/routing/search_graph.hpp"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "reach/core/units.hpp"
#include "reach/network/csr_graph.hpp"
#include "reach/network/graph_cache.hpp"
#include "reach/routing/search.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::network::Arc;
using reach::network::CsrGraph;
using reach::routing::build_search_graph;
using reach::routing::NearestCentre;
using reach::routing::no_centre;
using reach::routing::no_slot;
using reach::routing::Source;

// The reference: Dijkstra on the original arcs with a (time, rank, node) ordered set, the same
// double sums (time + arc time) and the same cutoff rule as nearest_centre().
NearestCentre reference_nearest(const CsrGraph& graph, const std::vector<Source>& sources,
                                double cutoff_s) {
    const double limit_s = cutoff_s + 1e-6;
    NearestCentre best;
    best.time_s.assign(graph.node_count(), reach::unreachable);
    best.rank.assign(graph.node_count(), no_centre);
    std::set<std::tuple<double, std::uint32_t, std::uint32_t>> queue;
    const auto offer = [&](std::uint32_t v, double t, std::uint32_t rank) {
        if (t > limit_s) return;
        if (std::tie(t, rank) < std::tie(best.time_s[v], best.rank[v])) {
            queue.erase({best.time_s[v], best.rank[v], v});
            best.time_s[v] = t;
            best.rank[v] = rank;
            queue.insert({t, rank, v});
        }
    };
    for (const auto& s : sources) offer(s.node, s.time_s, s.rank);
    while (!queue.empty()) {
        const auto [t, rank, u] = *queue.begin();
        queue.erase(queue.begin());
        for (auto a = graph.first_out[u]; a < graph.first_out[u + 1]; ++a) {
            offer(graph.head[a], t + static_cast<double>(graph.time_s[a]), rank);
        }
    }
    return best;
}

//   J0 --10-- a --20-- b --30-- J1        J0 → o → J1 (oneway, 5 + 6)
//    |                           |
//    4                           7 -- d (dead end, 8)
//    |                           |
//   J2 ------------- 9 --------- +        J0, J1, J2 junctions; ring: J2 -- r1 -- r2 -- J2
enum Node : std::uint32_t { J0, J1, J2, NA, NB, NO, ND, R1, R2, Count };

CsrGraph drawn_graph() {
    std::vector<reach::test::TestArc> arcs;
    const auto road = [&arcs](std::uint32_t u, std::uint32_t v, float time_s) {
        arcs.push_back({u, v, time_s});
        arcs.push_back({v, u, time_s});
    };
    road(J0, NA, 10.0F);
    road(NA, NB, 20.0F);
    road(NB, J1, 30.0F);
    road(J0, J2, 4.0F);
    road(J1, ND, 8.0F);
    road(J2, J1, 9.0F);
    road(J2, R1, 1.0F);
    road(R1, R2, 2.0F);
    road(R2, J2, 3.0F);
    arcs.push_back({J0, NO, 5.0F});
    arcs.push_back({NO, J1, 6.0F});
    return reach::test::make_graph(Count, arcs);
}

TEST(SearchGraph, SplitsTheDrawnGraphIntoJunctionsAndChains) {
    const auto graph = build_search_graph(drawn_graph());
    EXPECT_EQ(graph.core_count(), 3U);   // J0, J1, J2
    EXPECT_EQ(graph.chain_count(), 4U);  // a-b, o, d, r1-r2
    for (const auto v : {NA, NB, NO, ND, R1, R2}) {
        EXPECT_EQ(graph.core_of[v], no_slot) << v;
        EXPECT_NE(graph.chain_of[v], no_slot) << v;
    }
    EXPECT_EQ(graph.chain_of[NA], graph.chain_of[NB]);
    // Core arcs of J0: to J1 over a-b (10, 20, 30), to J1 over o (5, 6), to J2 (4).
    const auto j0 = graph.core_of[J0];
    std::multiset<std::vector<float>> weights;
    for (auto a = graph.core_first_out[j0]; a < graph.core_first_out[j0 + 1]; ++a) {
        weights.insert({graph.weight.begin() + graph.core_arc[a].first_weight,
                        graph.weight.begin() + graph.core_arc[a + 1].first_weight});
    }
    EXPECT_EQ(weights, (std::multiset<std::vector<float>>{{10, 20, 30}, {5, 6}, {4}}));
    // J2's ring gives no shortcut back to J2; J1's dead end none either.
    const auto j2 = graph.core_of[J2];
    EXPECT_EQ(graph.core_first_out[j2 + 1] - graph.core_first_out[j2], 2U);  // J0, J1
    const auto j1 = graph.core_of[J1];
    EXPECT_EQ(graph.core_first_out[j1 + 1] - graph.core_first_out[j1], 2U);  // J0 (a-b), J2
}

TEST(SearchGraph, TimesAndCentresOnTheDrawnGraphByHand) {
    const auto graph = drawn_graph();
    // Centre 0 at b with 2 s of access, centre 1 at d.
    const std::vector<Source> sources{{NB, 2.0, 0}, {ND, 0.0, 1}};
    const auto r = reach::routing::nearest_centre(build_search_graph(graph), sources);
    EXPECT_EQ(r.time_s[NB], 2.0);
    EXPECT_EQ(r.time_s[NA], 22.0);  // b → a
    EXPECT_EQ(r.rank[NA], 0U);
    EXPECT_EQ(r.time_s[J1], 8.0);  // d → J1
    EXPECT_EQ(r.rank[J1], 1U);
    EXPECT_EQ(r.time_s[J2], 17.0);  // d → J1 → J2
    EXPECT_EQ(r.time_s[J0], 21.0);  // d → J1 → J2 → J0 (a: 22 + 10 = 32)
    EXPECT_EQ(r.rank[J0], 1U);
    EXPECT_EQ(r.time_s[NO], 26.0);  // the oneway is entered from J0 only: 21 + 5
    EXPECT_EQ(r.time_s[R1], 18.0);  // J2 → r1
    EXPECT_EQ(r.time_s[R2], 20.0);  // J2 → r2 = 17 + 3, and J2 → r1 → r2 = 18 + 2
    EXPECT_EQ(r.rank[R2], 1U);
}

// A road network of junctions joined by roads of 0–5 curve nodes; 10 % oneway, spurs ending in
// dead ends, rings from a junction to itself, components with no junction at all (a loop, a
// path) and two nodes without arcs. Times are integers (many exact ties, some 0 s) or fractions, by
// seed. `min_junctions` to 60 more junctions.
CsrGraph random_roads(std::mt19937& rng, bool integer_times, std::uint32_t min_junctions = 5) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto time_s = [&]() -> float {
        if (unit(rng) < 0.05) return 0.0F;
        return integer_times ? static_cast<float>(std::floor(1.0 + unit(rng) * 9.0))
                             : static_cast<float>(unit(rng) * 100.0);
    };
    const std::uint32_t junctions = min_junctions + static_cast<std::uint32_t>(unit(rng) * 60.0);
    std::uint32_t node_count = junctions;
    std::vector<Arc> arcs;
    const auto link = [&](std::uint32_t u, std::uint32_t v, bool oneway) {
        arcs.push_back({u, v, time_s(), 0});
        if (!oneway) arcs.push_back({v, u, time_s(), 0});
    };
    // A road u … v through `curve` new nodes (v == no_slot: ends in a dead end).
    const auto road = [&](std::uint32_t u, std::uint32_t v, std::uint32_t curve, bool oneway) {
        std::uint32_t at = u;
        for (std::uint32_t k = 0; k < curve; ++k) {
            link(at, node_count, oneway);
            at = node_count++;
        }
        if (v != no_slot) link(at, v, oneway);
    };
    const auto junction = [&] { return static_cast<std::uint32_t>(unit(rng) * junctions); };
    const auto curve = [&] { return static_cast<std::uint32_t>(unit(rng) * 6.0); };
    for (std::uint32_t k = 0; k < junctions * 2; ++k) {
        road(junction(), junction(), curve(), unit(rng) < 0.1);
    }
    for (std::uint32_t k = 0; k < junctions / 3; ++k) {
        road(junction(), no_slot, 1 + curve(), false);  // spur to a dead end
        const auto j = junction();
        road(j, j, 2 + curve(), unit(rng) < 0.3);  // ring
    }
    // No junction: a loop (two-way or oneway) and a path.
    const auto start = node_count++;
    road(start, start, 3 + curve(), unit(rng) < 0.5);
    road(node_count++, no_slot, 2 + curve(), false);
    node_count += 2;  // two nodes without arcs
    return reach::network::make_csr(node_count, std::move(arcs));
}

TEST(SearchGraph, NearestCentreIsBitIdenticalToPlainDijkstraOnRandomRoads) {
    std::mt19937 rng(20261129);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int chain_sources = 0;
    for (int round = 0; round < 300; ++round) {
        const auto graph = random_roads(rng, round % 2 == 0);
        const auto search = build_search_graph(graph);
        ASSERT_EQ(search.chain_node.size() + search.core_count() + search.isolated_count,
                  graph.node_count());
        ASSERT_GE(search.isolated_count, 2U);  // and junctions no road was drawn to
        std::vector<Source> sources;
        const auto count = 1 + static_cast<int>(unit(rng) * 6.0);
        for (int k = 0; k < count; ++k) {
            const auto node = static_cast<std::uint32_t>(unit(rng) * graph.node_count());
            const double start_s = unit(rng) < 0.5 ? 0.0 : std::floor(unit(rng) * 20.0);
            sources.push_back({node, start_s, static_cast<std::uint32_t>(unit(rng) * 4.0)});
            chain_sources += search.core_of[node] == no_slot ? 1 : 0;
        }
        const double cutoff_s = round % 3 == 0 ? 1e300 : std::floor(unit(rng) * 60.0);
        const auto want = reference_nearest(graph, sources, cutoff_s);
        const auto got = reach::routing::nearest_centre(search, sources, cutoff_s);
        for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
            ASSERT_EQ(got.time_s[v], want.time_s[v]) << "round " << round << " node " << v;
            ASSERT_EQ(got.rank[v], want.rank[v]) << "round " << round << " node " << v;
        }
    }
    EXPECT_GT(chain_sources, 300);  // sources inside chains were exercised
}

// nearest_centre() fills the chains side by side in blocks of 4,096: on a network of about
// 45,000 chains, one thread and two give the plain Dijkstra's times and centres bit for bit.
TEST(SearchGraph, NearestCentreIsTheSameOnOneThreadAndOnTwo) {
    std::mt19937 rng(20261207);
    const auto graph = random_roads(rng, true, 20000);
    const auto search = build_search_graph(graph);
    ASSERT_GT(search.chain_count(), 4U * 4096U);
    std::vector<Source> sources;
    for (std::uint32_t k = 0; k < 8; ++k) {
        sources.push_back({graph.node_count() / 9 * (k + 1), 0.0, k % 3});
    }
    const double cutoff_s = 100.0;  // a bounded search: some chains are left unreached
    const auto want = reference_nearest(graph, sources, cutoff_s);
    const auto reached = static_cast<std::size_t>(std::count_if(
        want.time_s.begin(), want.time_s.end(), [](double t) { return t != reach::unreachable; }));
    EXPECT_GT(reached, graph.node_count() / 10);
    EXPECT_LT(reached, graph.node_count() * 9 / 10);
    for (const int threads : {1, 2}) {
        tbb::task_arena arena(threads);
        const auto got = arena.execute(
            [&] { return reach::routing::nearest_centre(search, sources, cutoff_s); });
        for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
            ASSERT_EQ(got.time_s[v], want.time_s[v]) << threads << " threads, node " << v;
            ASSERT_EQ(got.rank[v], want.rank[v]) << threads << " threads, node " << v;
        }
    }
}

// A CachedGraph around `forward` that the cache accepts: every node on a line, one segment
// (node 0 → 1) that every arc runs along, every node in the component.
reach::network::CachedGraph cached_around(CsrGraph forward) {
    reach::network::CachedGraph cached;
    auto& roads = cached.roads;
    const auto n = forward.node_count();
    for (std::uint32_t v = 0; v < n; ++v) {
        roads.node_x.push_back(10.0 * v);
        roads.node_y.push_back(0.0);
        roads.node_lon.push_back(24.0);
        roads.node_lat.push_back(56.0);
        roads.node_osm_id.push_back(v + 1);
    }
    roads.segment_from = {0};
    roads.segment_to = {1};
    roads.segment_way = {0};
    roads.segment_length_m = {10.0};
    roads.segment_first_point = {0, 2};
    roads.point_x = {0.0, 10.0};
    roads.point_y = {0.0, 0.0};
    roads.working_crs = "EPSG:3059";
    cached.segment_highway = {"residential"};
    auto& graph = cached.graph;
    graph.profile = "car";
    graph.reverse = reach::network::make_reverse(forward);
    graph.forward = std::move(forward);
    graph.in_component.assign(n, 1);
    graph.component_nodes = n;
    return cached;
}

// Float arrays compare bit for bit: NaN (no arc) equals NaN.
template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

void expect_same_search_graph(const reach::routing::SearchGraph& a,
                              const reach::routing::SearchGraph& b) {
    EXPECT_EQ(a.node_count, b.node_count);
    EXPECT_EQ(a.isolated_count, b.isolated_count);
    EXPECT_EQ(a.core_of, b.core_of);
    EXPECT_EQ(a.chain_of, b.chain_of);
    EXPECT_EQ(a.core_node, b.core_node);
    EXPECT_EQ(a.core_first_out, b.core_first_out);
    EXPECT_TRUE(same_bits(a.core_arc, b.core_arc));
    EXPECT_TRUE(same_bits(a.weight, b.weight));
    EXPECT_EQ(a.chain_first, b.chain_first);
    EXPECT_EQ(a.chain_node, b.chain_node);
    EXPECT_EQ(a.chain_from, b.chain_from);
    EXPECT_EQ(a.chain_to, b.chain_to);
    EXPECT_TRUE(same_bits(a.ahead_s, b.ahead_s));
    EXPECT_TRUE(same_bits(a.back_s, b.back_s));
    EXPECT_TRUE(same_bits(a.exit_ahead_s, b.exit_ahead_s));
    EXPECT_TRUE(same_bits(a.exit_back_s, b.exit_back_s));
}

// The graph cache stores the SearchGraph of the reverse graph: loaded back, every array is the
// same, and nearest_centre() gives the same times and centres on it as on a fresh build.
TEST(SearchGraph, RoundTripThroughTheGraphCacheIsIdentical) {
    const reach::test::TempDir dir;
    std::mt19937 rng(20261130);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const std::string key = "feedfacefeedface-car-0123456789abcdef-EPSG3059-v4";
    for (int round = 0; round < 20; ++round) {
        auto cached = cached_around(random_roads(rng, round % 2 == 0));
        cached.search = build_search_graph(cached.graph.reverse);
        ASSERT_GT(cached.search->chain_count(), 0U);
        reach::network::save_graph_cache(dir / "g.rgc", key, cached);
        std::string rejected = "not cleared";
        auto loaded = reach::network::load_graph_cache(dir / "g.rgc", key, &rejected);
        ASSERT_TRUE(loaded.has_value()) << "round " << round << ": " << rejected;
        EXPECT_EQ(rejected, "");
        ASSERT_TRUE(loaded->search.has_value());
        expect_same_search_graph(*cached.search, *loaded->search);

        const auto fresh = build_search_graph(cached.graph.reverse);
        const auto stored =
            reach::routing::take_or_build_search_graph(loaded->search, loaded->graph.reverse);
        EXPECT_FALSE(loaded->search.has_value());  // taken, not copied
        std::vector<Source> sources;
        for (std::uint32_t k = 0; k < 5; ++k) {
            const auto node = static_cast<std::uint32_t>(unit(rng) * fresh.node_count);
            sources.push_back({node, std::floor(unit(rng) * 10.0), k % 3});
        }
        const auto want = reach::routing::nearest_centre(fresh, sources);
        const auto got = reach::routing::nearest_centre(stored, sources);
        EXPECT_EQ(got.time_s, want.time_s) << "round " << round;
        EXPECT_EQ(got.rank, want.rank) << "round " << round;
        EXPECT_GT(std::count_if(got.rank.begin(), got.rank.end(),
                                [](std::uint32_t rank) { return rank != no_centre; }),
                  0);
    }
}

// Without a stored SearchGraph (a graph built without the cache) it is built.
TEST(SearchGraph, TakeOrBuildBuildsWhenNoneIsStored) {
    std::mt19937 rng(7);
    const auto graph = random_roads(rng, true);
    std::optional<reach::routing::SearchGraph> none;
    expect_same_search_graph(reach::routing::take_or_build_search_graph(none, graph),
                             build_search_graph(graph));
}

}  // namespace
