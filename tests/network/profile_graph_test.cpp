#include "reach/network/profile_graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using reach::network::ProfileGraph;
using reach::network::RoadGraph;
using reach::network::RoadTable;

// OSM ids of the drawn vertices.
enum Osm : std::int64_t { A = 1, B, C, D, E, F, G, H };

struct Way {
    std::vector<std::int64_t> vertices;  // OSM ids
    std::vector<std::pair<std::string_view, std::string_view>> tags;
};

// The vertex with OSM id k sits at `points[k - 1]`.
RoadTable make_table(const std::vector<std::pair<double, double>>& points,
                     const std::vector<Way>& ways) {
    RoadTable table;
    table.working_crs = "EPSG:3035";
    table.from_osm = true;
    for (std::size_t i = 0; i < points.size(); ++i) {
        table.add_vertex(points[i].first, points[i].second, 0.0, 0.0,
                         static_cast<std::int64_t>(i) + 1);
    }
    for (std::size_t w = 0; w < ways.size(); ++w) {
        std::vector<std::uint32_t> vertices;
        for (const auto osm : ways[w].vertices) {
            vertices.push_back(static_cast<std::uint32_t>(osm - 1));
        }
        table.add_way(static_cast<std::int64_t>(w) + 1, vertices, ways[w].tags);
    }
    return table;
}

// Residential roads at 36 km/h = 10 m/s (100 m = 10 s); oneway tags honoured; nothing else.
reach::network::Profile test_profile() {
    reach::network::Profile profile;
    profile.name = "test";
    profile.speeds_kmh = {{"residential", 36.0}};
    profile.oneway = true;
    return profile;
}

const std::vector<std::pair<std::string_view, std::string_view>> two_way = {
    {"highway", "residential"}};
const std::vector<std::pair<std::string_view, std::string_view>> one_way = {
    {"highway", "residential"}, {"oneway", "yes"}};
const std::vector<std::pair<std::string_view, std::string_view>> footway = {{"highway", "footway"}};

//   D (0,100) ----- C (100,100)
//   |               |
//   A (0,0) ======> B (100,0)         A→B oneway, the other sides two-way; 100 m = 10 s each.
const std::vector<std::pair<double, double>> points = {
    {0, 0}, {100, 0}, {100, 100}, {0, 100}, {1000, 0}, {1100, 0}, {200, 0}, {-50, 100}};
const std::vector<Way> square = {
    {{A, B}, one_way}, {{B, C}, two_way}, {{C, D}, two_way}, {{D, A}, two_way}};

std::vector<Way> with(std::vector<Way> ways, const Way& extra) {
    ways.push_back(extra);
    return ways;
}

struct Built {
    RoadTable table;
    RoadGraph roads;
    ProfileGraph graph;

    [[nodiscard]] std::uint32_t node(std::int64_t osm_id) const {
        for (std::uint32_t v = 0; v < roads.node_count(); ++v) {
            if (roads.node_osm_id[v] == osm_id) {
                return v;
            }
        }
        ADD_FAILURE() << "no node with OSM id " << osm_id;
        return 0;
    }
    // Times of the forward arcs u→v (empty when there is none).
    [[nodiscard]] std::vector<float> arcs(std::int64_t from, std::int64_t to) const {
        std::vector<float> times;
        const auto u = node(from);
        const auto v = node(to);
        const auto& g = graph.forward;
        for (auto a = g.first_out[u]; a < g.first_out[u + 1]; ++a) {
            if (g.head[a] == v) {
                times.push_back(g.time_s[a]);
            }
        }
        return times;
    }
};

Built build(const std::vector<Way>& ways, const reach::network::Profile& profile = test_profile()) {
    Built built;
    built.table = make_table(points, ways);
    built.roads = reach::network::build_road_graph(built.table);
    built.graph = reach::network::build_profile_graph(built.roads, built.table, profile);
    return built;
}

}  // namespace

// Square above: A→B one arc (100 m at 36 km/h = 10 s), none B→A; three two-way sides give 6
// more arcs: 7 in all, every node kept.
TEST(ProfileGraph, OnewayWayGivesOneArcWithTimeLengthOverSpeed) {
    const auto built = build(square);
    EXPECT_EQ(built.graph.profile, "test");
    EXPECT_EQ(built.graph.forward.arc_count(), 7U);
    EXPECT_EQ(built.arcs(A, B), (std::vector<float>{10.0F}));
    EXPECT_TRUE(built.arcs(B, A).empty());
    EXPECT_EQ(built.arcs(B, C), (std::vector<float>{10.0F}));
    EXPECT_EQ(built.arcs(C, B), (std::vector<float>{10.0F}));
    EXPECT_EQ(built.graph.component_nodes, 4U);
    EXPECT_EQ(built.graph.dropped_nodes, 0U);
    EXPECT_EQ(built.graph.unusable_nodes, 0U);
    EXPECT_TRUE(built.graph.forward.valid());
}

// Square + E (1000,0) ---- F (1100,0), two-way: {E, F} is strongly connected but smaller than
// the square's 4 nodes, so both are dropped with their 2 arcs.
TEST(ProfileGraph, IsolatedPairOutsideTheLargestComponentIsDropped) {
    const auto built = build(with(square, {{E, F}, two_way}));
    EXPECT_EQ(built.graph.component_nodes, 4U);
    EXPECT_EQ(built.graph.dropped_nodes, 2U);
    EXPECT_EQ(built.graph.in_component[built.node(E)], 0U);
    EXPECT_EQ(built.graph.in_component[built.node(F)], 0U);
    EXPECT_EQ(built.graph.in_component[built.node(A)], 1U);
    EXPECT_TRUE(built.arcs(E, F).empty());
    EXPECT_EQ(built.graph.forward.arc_count(), 7U);
}

// Square + B ====> G (200,0), oneway: G can be reached but not left, so it is not strongly
// connected with the square: dropped, and the arc B→G goes with it.
TEST(ProfileGraph, DeadEndOnewayNodeIsNotStronglyConnected) {
    const auto built = build(with(square, {{B, G}, one_way}));
    EXPECT_EQ(built.graph.component_nodes, 4U);
    EXPECT_EQ(built.graph.dropped_nodes, 1U);
    EXPECT_EQ(built.graph.in_component[built.node(G)], 0U);
    EXPECT_TRUE(built.arcs(B, G).empty());
    EXPECT_EQ(built.graph.forward.arc_count(), 7U);
}

// Square + H (-50,100) ---- D, a footway: the profile has no footway speed, so H has no usable
// road (unusable) while D keeps its residential arcs.
TEST(ProfileGraph, NodesWithoutUsableRoadsAreCountedUnusable) {
    const auto built = build(with(square, {{H, D}, footway}));
    EXPECT_EQ(built.roads.node_count(), 5U);
    EXPECT_EQ(built.graph.unusable_nodes, 1U);
    EXPECT_EQ(built.graph.dropped_nodes, 0U);
    EXPECT_EQ(built.graph.component_nodes, 4U);
    EXPECT_EQ(built.graph.in_component[built.node(H)], 0U);
    EXPECT_EQ(built.graph.in_component[built.node(D)], 1U);
}

// Two equal components: A ---- B and E ---- F, both two-way with 2 nodes. The tie goes to the
// component holding the smallest node id; A (0,0) is node 0 (lower left of the bbox).
TEST(ProfileGraph, EqualComponentsTieToTheOneWithTheSmallestNodeId) {
    const auto built = build({{{A, B}, two_way}, {{E, F}, two_way}});
    ASSERT_EQ(built.node(A), 0U);
    EXPECT_EQ(built.graph.component_nodes, 2U);
    EXPECT_EQ(built.graph.dropped_nodes, 2U);
    EXPECT_EQ(built.graph.in_component[built.node(A)], 1U);
    EXPECT_EQ(built.graph.in_component[built.node(B)], 1U);
    EXPECT_EQ(built.arcs(A, B), (std::vector<float>{10.0F}));
}

// Only a footway: no arcs, an empty component, every node unusable.
TEST(ProfileGraph, NoUsableRoadGivesAnEmptyComponent) {
    const auto built = build({{{A, B}, footway}});
    EXPECT_EQ(built.graph.component_nodes, 0U);
    EXPECT_EQ(built.graph.unusable_nodes, 2U);
    EXPECT_EQ(built.graph.forward.arc_count(), 0U);
    EXPECT_EQ(built.graph.forward.node_count(), 2U);
    EXPECT_EQ(built.graph.in_component, (std::vector<std::uint8_t>{0, 0}));
}

// Every forward arc u→v (time, segment) appears once as v→u in the reverse graph, and no
// other arc does.
TEST(ProfileGraph, ReverseGraphHoldsEveryForwardArcTurnedAround) {
    const auto built = build(with(with(square, {{B, G}, one_way}), {{E, F}, two_way}));
    const auto& fwd = built.graph.forward;
    const auto& rev = built.graph.reverse;
    ASSERT_EQ(fwd.arc_count(), rev.arc_count());
    ASSERT_EQ(rev.node_count(), fwd.node_count());
    EXPECT_TRUE(rev.valid());
    using Key = std::tuple<std::uint32_t, std::uint32_t, float, std::uint32_t>;
    std::vector<Key> from_forward;
    std::vector<Key> from_reverse;
    for (std::uint32_t u = 0; u < fwd.node_count(); ++u) {
        for (auto a = fwd.first_out[u]; a < fwd.first_out[u + 1]; ++a) {
            from_forward.emplace_back(u, fwd.head[a], fwd.time_s[a], fwd.segment[a]);
        }
        for (auto a = rev.first_out[u]; a < rev.first_out[u + 1]; ++a) {
            from_reverse.emplace_back(rev.head[a], u, rev.time_s[a], rev.segment[a]);
        }
    }
    std::sort(from_forward.begin(), from_forward.end());
    std::sort(from_reverse.begin(), from_reverse.end());
    EXPECT_EQ(from_forward, from_reverse);
    // The oneway A→B runs along segment 0 (first way): in reverse it leaves B towards A.
    const auto b = built.node(B);
    bool found = false;
    for (auto a = rev.first_out[b]; a < rev.first_out[b + 1]; ++a) {
        found = found || (rev.head[a] == built.node(A) && rev.segment[a] == 0U);
    }
    EXPECT_TRUE(found);
}

// A longer way: A (0,0) → D (0,100) → C (100,100) as one two-way way of 200 m = 20 s, with B
// hanging off C. Node D is not a node (used once), so one arc each way of 20 s.
TEST(ProfileGraph, ArcTimeCoversTheWholeSegmentGeometry) {
    const auto built = build({{{A, D, C}, two_way}, {{C, B}, two_way}});
    EXPECT_EQ(built.roads.node_count(), 3U);
    EXPECT_EQ(built.arcs(A, C), (std::vector<float>{20.0F}));
    EXPECT_EQ(built.arcs(C, A), (std::vector<float>{20.0F}));
    EXPECT_EQ(built.arcs(C, B), (std::vector<float>{10.0F}));
}

// Square (4 × 100 m residential, one side oneway) + E–F 100 m primary + H–D 50 m footway.
//   class        km      usable (test profile: residential only)
//   footway      0.05    0
//   primary      0.1     0
//   residential  0.4     0.4   (the oneway side counts: usable in one direction)
// Without a profile usable_km is 0 everywhere. Classes come sorted by name.
TEST(ProfileGraph, LengthByClassSumsKilometresPerHighwayClass) {
    const std::vector<std::pair<std::string_view, std::string_view>> primary = {
        {"highway", "primary"}};
    const auto built = build(with(with(square, {{E, F}, primary}), {{H, D}, footway}));
    const auto profile = test_profile();
    const auto lengths = reach::network::length_by_class(built.roads, built.table, &profile);
    ASSERT_EQ(lengths.size(), 3U);
    EXPECT_EQ(lengths[0].highway, "footway");
    EXPECT_DOUBLE_EQ(lengths[0].length_km, 0.05);
    EXPECT_DOUBLE_EQ(lengths[0].usable_km, 0.0);
    EXPECT_EQ(lengths[1].highway, "primary");
    EXPECT_DOUBLE_EQ(lengths[1].length_km, 0.1);
    EXPECT_DOUBLE_EQ(lengths[1].usable_km, 0.0);
    EXPECT_EQ(lengths[2].highway, "residential");
    EXPECT_DOUBLE_EQ(lengths[2].length_km, 0.4);
    EXPECT_DOUBLE_EQ(lengths[2].usable_km, 0.4);

    const auto all = reach::network::length_by_class(built.roads, built.table, nullptr);
    ASSERT_EQ(all.size(), 3U);
    EXPECT_EQ(all[2].highway, "residential");
    EXPECT_DOUBLE_EQ(all[2].length_km, 0.4);
    EXPECT_DOUBLE_EQ(all[2].usable_km, 0.0);
}
