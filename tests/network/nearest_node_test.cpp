#include "reach/network/nearest_node.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

using reach::network::NearestNodeIndex;
using reach::network::ProfileGraph;
using reach::network::RoadGraph;

// Only node coordinates and the kept-component flags matter to the index.
RoadGraph make_nodes(const std::vector<double>& x, const std::vector<double>& y) {
    RoadGraph roads;
    roads.node_x = x;
    roads.node_y = y;
    return roads;
}

ProfileGraph make_component(const std::vector<std::uint8_t>& in_component) {
    ProfileGraph graph;
    graph.in_component = in_component;
    for (const auto flag : in_component) {
        graph.component_nodes += flag;
    }
    return graph;
}

}  // namespace

//   3 (0,100) ---- 2 (100,100)
//   |              |               4 (300,0): outside the component
//   0 (0,0) ------ 1 (100,0)
// (290, 10) is 14.1 m from node 4, but 4 is dropped: the answer is node 1 at
// √(190² + 10²) = 190.263 m.
TEST(NearestNode, ReturnsTheNearestNodeOfTheComponentOnly) {
    const auto roads = make_nodes({0, 100, 100, 0, 300}, {0, 0, 100, 100, 0});
    const auto graph = make_component({1, 1, 1, 1, 0});
    const NearestNodeIndex index(roads, graph);
    const auto hit = index.nearest(290.0, 10.0);
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->node, 1U);
    EXPECT_NEAR(hit->distance_m, 190.263, 1e-3);

    const auto exact = index.nearest(100.0, 100.0);
    ASSERT_TRUE(exact.has_value());
    EXPECT_EQ(exact->node, 2U);
    EXPECT_DOUBLE_EQ(exact->distance_m, 0.0);
}

// Same square. (50, 50) is 70.711 m from all four corners: the smallest id, 0, wins.
// (100, 50) is 50 m from 1 and 2: 1 wins. With 0 dropped, (50, 50) goes to 1.
TEST(NearestNode, EqualDistancesGoToTheSmallerNodeId) {
    const auto roads = make_nodes({0, 100, 100, 0}, {0, 0, 100, 100});
    const NearestNodeIndex all(roads, make_component({1, 1, 1, 1}));
    EXPECT_EQ(all.nearest(50.0, 50.0)->node, 0U);
    EXPECT_NEAR(all.nearest(50.0, 50.0)->distance_m, 70.711, 1e-3);
    EXPECT_EQ(all.nearest(100.0, 50.0)->node, 1U);
    EXPECT_EQ(all.nearest(0.0, 50.0)->node, 0U);

    const NearestNodeIndex without_zero(roads, make_component({0, 1, 1, 1}));
    EXPECT_EQ(without_zero.nearest(50.0, 50.0)->node, 1U);
}

// Many nodes on a 10 m grid, with ties everywhere: the k-d tree splits them over many leaves,
// and each query at a cell centre must still pick the smallest of its four corner ids.
TEST(NearestNode, TiesAcrossKdTreeLeavesStillGoToTheSmallestId) {
    std::vector<double> x;
    std::vector<double> y;
    constexpr int side = 40;
    for (int i = 0; i < side * side; ++i) {
        x.push_back(10.0 * (i % side));
        y.push_back(10.0 * (i / side));
    }
    const auto roads = make_nodes(x, y);
    const NearestNodeIndex index(roads, make_component(std::vector<std::uint8_t>(x.size(), 1)));
    for (int row = 0; row + 1 < side; ++row) {
        for (int col = 0; col + 1 < side; ++col) {
            const auto hit = index.nearest(10.0 * col + 5.0, 10.0 * row + 5.0);
            ASSERT_TRUE(hit.has_value());
            // Corners row*side+col, +1, +side, +side+1: the smallest is the lower left one.
            ASSERT_EQ(hit->node, static_cast<std::uint32_t>(row * side + col))
                << "cell " << col << "," << row;
        }
    }
}

TEST(NearestNode, EmptyComponentGivesNoAnswer) {
    const auto roads = make_nodes({0, 100}, {0, 0});
    const NearestNodeIndex dropped(roads, make_component({0, 0}));
    EXPECT_FALSE(dropped.nearest(0.0, 0.0).has_value());
    const NearestNodeIndex empty(RoadGraph{}, ProfileGraph{});
    EXPECT_FALSE(empty.nearest(0.0, 0.0).has_value());
}
