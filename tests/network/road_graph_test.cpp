#include "reach/network/road_graph.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace {

using reach::network::RoadGraph;
using reach::network::RoadTable;

struct Point {
    double x;
    double y;
};

// A table whose vertex i is points[i] (OSM id i + 1, lon/lat = x/1000, y/1000) and whose
// ways are given as vertex lists, all tagged highway=residential.
RoadTable make_table(const std::vector<Point>& points,
                     const std::vector<std::vector<std::uint32_t>>& ways) {
    RoadTable table;
    table.working_crs = "EPSG:3035";
    for (std::size_t i = 0; i < points.size(); ++i) {
        table.add_vertex(points[i].x, points[i].y, points[i].x / 1000.0, points[i].y / 1000.0,
                         static_cast<std::int64_t>(i) + 1);
    }
    for (std::size_t w = 0; w < ways.size(); ++w) {
        table.add_way(static_cast<std::int64_t>(w) + 100, ways[w], {{"highway", "residential"}});
    }
    return table;
}

// Node id of the vertex with OSM id `osm_id`.
std::uint32_t node_of(const RoadGraph& graph, std::int64_t osm_id) {
    for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
        if (graph.node_osm_id[v] == osm_id) {
            return v;
        }
    }
    ADD_FAILURE() << "no node with OSM id " << osm_id;
    return 0;
}

std::vector<std::pair<double, double>> segment_points(const RoadGraph& graph, std::uint32_t s) {
    std::vector<std::pair<double, double>> points;
    for (auto p = graph.segment_first_point[s]; p < graph.segment_first_point[s + 1]; ++p) {
        points.emplace_back(graph.point_x[p], graph.point_y[p]);
    }
    return points;
}

enum Vertex : std::uint32_t { A, B, C, D, E };

}  // namespace

//   A (0,0) ------ B (100,0) ------ C (200,0)      way 0: A-B-C
//                  |
//                  D (100,50)                       way 1: B-D
// B is shared, so way 0 splits there: nodes A, B, C, D; segments A-B 100, B-C 100, B-D 50.
TEST(RoadGraph, TJunctionSplitsTheThroughWayAtTheSharedVertex) {
    const auto table = make_table({{0, 0}, {100, 0}, {200, 0}, {100, 50}}, {{A, B, C}, {B, D}});
    const auto graph = reach::network::build_road_graph(table);
    ASSERT_EQ(graph.node_count(), 4U);
    ASSERT_EQ(graph.segment_count(), 3U);
    const auto a = node_of(graph, 1);
    const auto b = node_of(graph, 2);
    const auto c = node_of(graph, 3);
    const auto d = node_of(graph, 4);
    EXPECT_EQ(graph.segment_from, (std::vector<std::uint32_t>{a, b, b}));
    EXPECT_EQ(graph.segment_to, (std::vector<std::uint32_t>{b, c, d}));
    EXPECT_EQ(graph.segment_way, (std::vector<std::uint32_t>{0, 0, 1}));
    EXPECT_EQ(graph.segment_length_m, (std::vector<double>{100.0, 100.0, 50.0}));
    EXPECT_EQ(graph.segment_first_point, (std::vector<std::uint32_t>{0, 2, 4, 6}));
    EXPECT_DOUBLE_EQ(graph.node_x[d], 100.0);
    EXPECT_DOUBLE_EQ(graph.node_y[d], 50.0);
    EXPECT_DOUBLE_EQ(graph.node_lat[d], 0.05);
    EXPECT_EQ(graph.working_crs, "EPSG:3035");
}

//                 D (50,50)
//                 |
//   A (0,0) ----- M (50,0) ----- B (100,0)     way 0: A-M-B
//                 N (50,0)                     way 1: C-N-D, N a different vertex at M's place
//                 |
//                 C (50,-50)
// A bridge: the ways cross without sharing a vertex, so they stay apart: 4 nodes (the ends),
// 2 segments of 100 m, each keeping its middle vertex as geometry.
TEST(RoadGraph, CrossingWithoutSharedVertexStaysUnconnected) {
    const auto table = make_table({{0, 0}, {50, 0}, {100, 0}, {50, -50}, {50, 0}, {50, 50}},
                                  {{0, 1, 2}, {3, 4, 5}});
    const auto graph = reach::network::build_road_graph(table);
    EXPECT_EQ(graph.node_count(), 4U);
    ASSERT_EQ(graph.segment_count(), 2U);
    EXPECT_EQ(graph.segment_length_m, (std::vector<double>{100.0, 100.0}));
    EXPECT_EQ(segment_points(graph, 0),
              (std::vector<std::pair<double, double>>{{0, 0}, {50, 0}, {100, 0}}));
    EXPECT_EQ(segment_points(graph, 1),
              (std::vector<std::pair<double, double>>{{50, -50}, {50, 0}, {50, 50}}));
}

//   A (0,0) --- B (30,40) --- C (60,0) --- D (160,0)     way 0: A-B-C-D
//                             |
//                             E (60,-20)                  way 1: C-E
// Way 0 splits at its middle vertex C: A-B-C = 50 + 50 = 100 m (B stays geometry), C-D 100 m.
TEST(RoadGraph, WayIsSplitWhereAnotherWayUsesItsMiddleVertex) {
    const auto table =
        make_table({{0, 0}, {30, 40}, {60, 0}, {160, 0}, {60, -20}}, {{A, B, C, D}, {C, E}});
    const auto graph = reach::network::build_road_graph(table);
    EXPECT_EQ(graph.node_count(), 4U);  // A, C, D, E; not B
    ASSERT_EQ(graph.segment_count(), 3U);
    EXPECT_EQ(graph.segment_length_m, (std::vector<double>{100.0, 100.0, 20.0}));
    EXPECT_EQ(segment_points(graph, 0),
              (std::vector<std::pair<double, double>>{{0, 0}, {30, 40}, {60, 0}}));
    EXPECT_EQ(graph.segment_to[0], node_of(graph, 3));
    EXPECT_EQ(graph.segment_from[1], node_of(graph, 3));
    EXPECT_EQ(graph.segment_from[2], node_of(graph, 3));
}

//            C (30,40)
//          / |
//        /   |     way 0: A-B-C-A, a closed loop, 30 + 40 + 50 = 120 m
//   A ------ B (30,0)
//  (0,0)
// Only A is a node (first and last vertex); the loop is one segment A→A.
TEST(RoadGraph, ClosedLoopIsOneSegmentFromAndToItsStartNode) {
    const auto table = make_table({{0, 0}, {30, 0}, {30, 40}}, {{A, B, C, A}});
    const auto graph = reach::network::build_road_graph(table);
    ASSERT_EQ(graph.node_count(), 1U);
    ASSERT_EQ(graph.segment_count(), 1U);
    EXPECT_EQ(graph.segment_from[0], 0U);
    EXPECT_EQ(graph.segment_to[0], 0U);
    EXPECT_DOUBLE_EQ(graph.segment_length_m[0], 120.0);
    EXPECT_EQ(segment_points(graph, 0).size(), 4U);
}

//   A (0,0) --- B (100,0) --- C (100,50) --- B      way 0: A-B-C-B (a lollipop)
// B is used twice by one way: nodes A, B; segments A-B 100 and the loop B-C-B 50 + 50 = 100.
TEST(RoadGraph, VertexUsedTwiceByOneWayBecomesANode) {
    const auto table = make_table({{0, 0}, {100, 0}, {100, 50}}, {{A, B, C, B}});
    const auto graph = reach::network::build_road_graph(table);
    ASSERT_EQ(graph.node_count(), 2U);
    ASSERT_EQ(graph.segment_count(), 2U);
    const auto b = node_of(graph, 2);
    EXPECT_EQ(graph.segment_from[1], b);
    EXPECT_EQ(graph.segment_to[1], b);
    EXPECT_EQ(graph.segment_length_m, (std::vector<double>{100.0, 100.0}));
}

//   A (0,0) --- B (100,0) = B --- C (100,80)      way 0: A-B-B-C (B repeated)
//   D (500,500)                                   way 1: D alone; way 2: E-E (both skipped)
// The repeated vertex adds no length and no node: one segment of 100 + 80 = 180 m, 3 points.
TEST(RoadGraph, RepeatedVerticesAddNothingAndDegenerateWaysAreSkipped) {
    const auto table = make_table({{0, 0}, {100, 0}, {100, 80}, {500, 500}, {600, 600}},
                                  {{A, B, B, C}, {D}, {E, E}});
    const auto graph = reach::network::build_road_graph(table);
    EXPECT_EQ(graph.node_count(), 2U);
    ASSERT_EQ(graph.segment_count(), 1U);
    EXPECT_DOUBLE_EQ(graph.segment_length_m[0], 180.0);
    EXPECT_EQ(segment_points(graph, 0).size(), 3U);
}

TEST(RoadGraph, EmptyTableGivesEmptyGraph) {
    const auto graph = reach::network::build_road_graph(RoadTable{});
    EXPECT_EQ(graph.node_count(), 0U);
    EXPECT_EQ(graph.segment_count(), 0U);
    EXPECT_EQ(graph.segment_first_point, (std::vector<std::uint32_t>{0}));
}

//   D (0,100) ---- C (100,100)
//   |              |
//   A (0,0) ------ B (100,0)
// The Hilbert curve over the bbox starts at the lower left corner, goes up, across and down:
// A = 0, D = 1, C = 2, B = 3, whatever order the ways and vertices come in.
TEST(RoadGraph, NodesAreNumberedAlongTheHilbertCurveWhateverTheInputOrder) {
    const auto forward =
        make_table({{0, 0}, {100, 0}, {100, 100}, {0, 100}}, {{A, B}, {B, C}, {C, D}, {D, A}});
    // Same roads: vertices listed C, D, A, B (OSM ids follow) and ways reversed and reordered.
    const auto shuffled =
        make_table({{100, 100}, {0, 100}, {0, 0}, {100, 0}}, {{0, 1}, {3, 0}, {1, 2}, {2, 3}});
    const auto g1 = reach::network::build_road_graph(forward);
    const auto g2 = reach::network::build_road_graph(shuffled);
    EXPECT_EQ(g1.node_x, (std::vector<double>{0, 0, 100, 100}));
    EXPECT_EQ(g1.node_y, (std::vector<double>{0, 100, 100, 0}));
    EXPECT_EQ(g2.node_x, g1.node_x);
    EXPECT_EQ(g2.node_y, g1.node_y);
    EXPECT_EQ(g1.node_osm_id, (std::vector<std::int64_t>{1, 4, 3, 2}));
}
