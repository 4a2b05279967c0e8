// Random cross-checks (fixed seeds) of both searches against Boost.Graph's
// dijkstra_shortest_paths on a compressed_sparse_row_graph built from the same stored float
// arc times (as double), through the shared Boost helper of tests/support.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "reach/core/units.hpp"
#include "reach/network/csr_graph.hpp"
#include "reach/routing/search.hpp"
#include "reach_test/boost_dijkstra.hpp"

namespace {

using reach::network::CsrGraph;
using reach::routing::Source;

constexpr int graph_count = 60;
constexpr double agreement_s = 1e-6;  // DESIGN.md, Rules: Agreement
constexpr double tie_s = 1e-9;

// Boost reference times for routing Sources (node + offset time); +infinity where not reached.
std::vector<double> boost_distances(const CsrGraph& graph, const std::vector<Source>& sources) {
    std::vector<reach::test::BoostSeed> seeds;
    for (const auto& source : sources) {
        seeds.push_back({source.node, source.time_s});
    }
    return reach::test::boost_distances(graph, seeds);
}

// A random road-like graph: two disconnected parts plus a few isolated nodes; two-way roads
// and oneways; parallel arcs; zero-time arcs; some self-loops. Times are floats, either
// integers (many exact ties) or arbitrary fractions, depending on the seed.
CsrGraph random_graph(std::mt19937& rng, std::uint32_t seed) {
    std::uniform_int_distribution<std::uint32_t> size(20, 500);
    const auto node_count = size(rng);
    const auto isolated = node_count / 20;               // the last nodes get no roads at all
    const auto split = (node_count - isolated) * 2 / 3;  // part 1: [0, split), part 2: rest
    const bool integer_times = seed % 2 == 0;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto random_time = [&]() -> float {
        const double p = unit(rng);
        if (p < 0.08) {
            return 0.0F;
        }
        if (integer_times) {
            return static_cast<float>(std::floor(1.0 + unit(rng) * 20.0));
        }
        return static_cast<float>(unit(rng) * (p < 0.5 ? 3000.0 : 30.0));
    };
    auto random_node_in = [&](std::uint32_t begin, std::uint32_t end) {
        return std::uniform_int_distribution<std::uint32_t>(begin, end - 1)(rng);
    };
    std::vector<reach::network::Arc> arcs;
    auto add_roads = [&](std::uint32_t begin, std::uint32_t end) {
        const std::uint32_t road_count = (end - begin) * (1 + seed % 3);
        for (std::uint32_t i = 0; i < road_count; ++i) {
            const auto u = random_node_in(begin, end);
            const auto v = unit(rng) < 0.02 ? u : random_node_in(begin, end);
            const auto segment = static_cast<std::uint32_t>(arcs.size());
            arcs.push_back({u, v, random_time(), segment});
            const double kind = unit(rng);
            if (kind < 0.6) {  // two-way road, sometimes with different times per direction
                arcs.push_back({v, u, kind < 0.3 ? arcs.back().time_s : random_time(), segment});
            }
            if (unit(rng) < 0.1) {  // a parallel arc
                arcs.push_back({u, v, random_time(), segment});
            }
        }
    };
    add_roads(0, split);
    add_roads(split, node_count - isolated);
    return reach::network::make_csr(node_count, std::move(arcs));
}

std::vector<Source> random_sources(std::mt19937& rng, std::uint32_t node_count,
                                   std::uint32_t count) {
    std::uniform_int_distribution<std::uint32_t> node(0, node_count - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<Source> sources;
    for (std::uint32_t rank = 0; rank < count; ++rank) {
        Source s;
        // Sometimes a node already used: two centres snapped to one node.
        s.node = (rank > 0 && unit(rng) < 0.2) ? sources[rank - 1].node : node(rng);
        const double p = unit(rng);
        s.time_s = p < 0.4 ? 0.0 : (p < 0.7 ? std::floor(unit(rng) * 10.0) : unit(rng) * 100.0);
        s.rank = rank;
        sources.push_back(s);
    }
    // Ranks pushed in a shuffled order: the tie rule must not depend on push order.
    std::shuffle(sources.begin(), sources.end(), rng);
    return sources;
}

TEST(NearestCentreVsBoost, TimesAndRanksEqualBoostDijkstraOnRandomGraphs) {
    std::size_t checked_ties = 0;
    std::size_t reached_total = 0;
    std::size_t node_total = 0;
    for (std::uint32_t seed = 1; seed <= graph_count; ++seed) {
        std::mt19937 rng(seed);
        const auto graph = random_graph(rng, seed);
        const auto n = graph.node_count();
        node_total += n;
        const auto count = std::uniform_int_distribution<std::uint32_t>(1, 5)(rng);
        const auto sources = random_sources(rng, n, count);

        const auto ours = reach::routing::nearest_centre(graph, sources);
        const auto expected = boost_distances(graph, sources);
        std::vector<std::vector<double>> single;
        for (const auto& source : sources) {
            single.push_back(boost_distances(graph, {source}));
        }
        for (std::uint32_t v = 0; v < n; ++v) {
            if (std::isinf(expected[v])) {
                ASSERT_EQ(ours.time_s[v], reach::unreachable) << "seed " << seed << " node " << v;
                ASSERT_EQ(ours.rank[v], reach::routing::no_centre) << "seed " << seed;
                continue;
            }
            ASSERT_NEAR(ours.time_s[v], expected[v], agreement_s)
                << "seed " << seed << " node " << v;
            ++reached_total;
            std::uint32_t best_rank = reach::routing::no_centre;
            std::size_t tied = 0;
            for (std::size_t i = 0; i < sources.size(); ++i) {
                if (std::abs(single[i][v] - expected[v]) <= tie_s) {
                    best_rank = std::min(best_rank, sources[i].rank);
                    ++tied;
                }
            }
            checked_ties += tied > 1 ? 1 : 0;
            ASSERT_EQ(ours.rank[v], best_rank) << "seed " << seed << " node " << v;
        }
    }
    // Not vacuous: the integer-time graphs exercise the tie rule (566 tied nodes with these
    // seeds), and both reached and unreachable nodes occur (9893 of 15514 reached).
    EXPECT_GT(checked_ties, 100U);
    EXPECT_GT(reached_total, node_total / 2);
    EXPECT_LT(reached_total, node_total);
}

TEST(NearestCentreVsBoost, CutoffLeavesExactlyTheNodesBeyondItUnreachable) {
    for (std::uint32_t seed = 101; seed <= 100 + graph_count; ++seed) {
        std::mt19937 rng(seed);
        const auto graph = random_graph(rng, seed);
        const auto sources = random_sources(rng, graph.node_count(), 3);
        const auto cutoff_s = std::uniform_real_distribution<double>(0.0, 200.0)(rng);
        const auto ours = reach::routing::nearest_centre(graph, sources, cutoff_s);
        const auto expected = boost_distances(graph, sources);
        for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
            if (reach::within(expected[v], cutoff_s)) {
                ASSERT_NEAR(ours.time_s[v], expected[v], agreement_s) << "seed " << seed;
            } else {
                ASSERT_EQ(ours.time_s[v], reach::unreachable) << "seed " << seed << " node " << v;
                ASSERT_EQ(ours.rank[v], reach::routing::no_centre) << "seed " << seed;
            }
        }
    }
}

// One BoundedSearch per graph, reused for several runs with random sources and cutoffs: each
// run must match Boost within its cutoff, list each reached node once, in non-decreasing time.
TEST(BoundedSearchVsBoost, ReusedSearchEqualsBoostDijkstraWithinRandomCutoffs) {
    for (std::uint32_t seed = 201; seed <= 200 + graph_count; ++seed) {
        std::mt19937 rng(seed);
        const auto graph = random_graph(rng, seed);
        const auto n = graph.node_count();
        reach::routing::BoundedSearch search(n);
        for (int run = 0; run < 4; ++run) {
            const auto count = std::uniform_int_distribution<std::uint32_t>(1, 3)(rng);
            const auto sources = random_sources(rng, n, count);
            const double cutoff_s = std::uniform_real_distribution<double>(0.0, 400.0)(rng);
            const auto reached = search.run(graph, sources, cutoff_s);
            const auto expected = boost_distances(graph, sources);

            std::vector<char> seen(n, 0);
            for (std::size_t i = 0; i < reached.size(); ++i) {
                ASSERT_EQ(seen[reached[i].node], 0) << "seed " << seed << " listed twice";
                seen[reached[i].node] = 1;
                ASSERT_EQ(reached[i].time_s, search.time_s(reached[i].node));
                if (i > 0) {
                    ASSERT_LE(reached[i - 1].time_s, reached[i].time_s)
                        << "seed " << seed << " run " << run << " position " << i;
                }
            }
            std::size_t within_count = 0;
            for (std::uint32_t v = 0; v < n; ++v) {
                if (reach::within(expected[v], cutoff_s)) {
                    ++within_count;
                    ASSERT_EQ(seen[v], 1) << "seed " << seed << " node " << v;
                    ASSERT_NEAR(search.time_s(v), expected[v], agreement_s) << "seed " << seed;
                } else {
                    ASSERT_EQ(seen[v], 0) << "seed " << seed << " node " << v;
                    ASSERT_EQ(search.time_s(v), reach::unreachable) << "seed " << seed;
                }
            }
            ASSERT_EQ(reached.size(), within_count) << "seed " << seed << " run " << run;
        }
    }
}

}  // namespace
