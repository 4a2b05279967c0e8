// Degenerate road geometry (issue 10, robust geometry): a zero-length edge between two OSM
// nodes at the same place, repeated vertices, a way that doubles back over itself, a way
// whose every vertex is at one place. Snapping and routing never throw and give the times
// worked out by hand (residential 10 m/s, off-network leg 1 m/s: snap_network.hpp).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "reach/core/units.hpp"
#include "reach/snap/segment_index.hpp"
#include "reach/snap/snap.hpp"
#include "snap_network.hpp"

namespace {

using reach::snap::Role;
using reach::snap::SegmentIndex;
using reach_snap_test::build_network;
using reach_snap_test::cell_time_s;
using reach_snap_test::times_to_centre;
using reach_snap_test::two_way;

const reach::snap::SnapOptions options =
    reach::snap::snap_options(reach_snap_test::test_profile());

enum Osm : std::int64_t { A = 1, B, B2, C, D };

//   A (0,0) ──── B (1000,0) = B2 (1000,0) ── C (1100,0)     B–B2: two nodes, one place
//                │
//                D (1000,−500)
// Ways A-B, B-B2 (0 m), B2-C (100 m, 10 s), B-D (500 m, 50 s), B repeated in A-B-B.
const std::vector<std::pair<double, double>> points = {
    {0, 0}, {1000, 0}, {1000, 0}, {1100, 0}, {1000, -500}};
const std::vector<reach_snap_test::Way> ways = {
    {{A, B, B}, two_way}, {{B, B2}, two_way}, {{B2, C}, two_way}, {{B, D}, two_way}};

TEST(DegenerateNetwork, ZeroLengthEdgeIsCrossedAtNoCost) {
    const auto net = build_network(points, ways);
    ASSERT_EQ(net.roads.segment_count(), 4U);
    EXPECT_EQ(net.roads.segment_length_m[net.segment(B, B2)], 0.0);
    const SegmentIndex index(net.roads, net.graph);
    EXPECT_TRUE(index.indexed(net.segment(B, B2)));

    // Centre at C: A 100 + 0 + 10 = 110 s, D 50 + 10 = 60 s, B = B2 = 10 s.
    const auto to_c = times_to_centre(net, index, 1100.0, 0.0, options);
    EXPECT_DOUBLE_EQ(to_c[net.node(A)], 110.0);
    EXPECT_DOUBLE_EQ(to_c[net.node(D)], 60.0);
    EXPECT_DOUBLE_EQ(to_c[net.node(B)], 10.0);
    EXPECT_DOUBLE_EQ(to_c[net.node(B2)], 10.0);
    // A cell 20 m north of B ties between four segments at 20 m; any of them gives
    // 20 s + 10 s. One on A-B at 500 m: 5 s + 50 s + 10 s.
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 1000.0, 20.0, 1100.0, 0.0, options), 30.0);
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 500.0, -5.0, 1100.0, 0.0, options), 65.0);
}

// A centre exactly at B (on the zero-length segment or at an end of the others, 0 m off):
// A 100 s, C 10 s, D 50 s, and a cell on B2-C at 1050 m reaches it in 5 s.
TEST(DegenerateNetwork, CentreOnTheZeroLengthEdgeIsReachedFromEverySide) {
    const auto net = build_network(points, ways);
    const SegmentIndex index(net.roads, net.graph);
    const auto centre = reach::snap::snap_point(index, 1000.0, 0.0, Role::destination, options);
    ASSERT_TRUE(centre.snapped);
    EXPECT_EQ(centre.point->distance_m, 0.0);
    const auto to_b = times_to_centre(net, index, 1000.0, 0.0, options);
    EXPECT_DOUBLE_EQ(to_b[net.node(A)], 100.0);
    EXPECT_DOUBLE_EQ(to_b[net.node(C)], 10.0);
    EXPECT_DOUBLE_EQ(to_b[net.node(D)], 50.0);
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 1050.0, 0.0, 1000.0, 0.0, options), 5.0);
}

// A way P (0,0) → Q (300,0) → R (100,0) that doubles back over itself, then R-S up to
// S (100,200). Its length is 300 + 200 = 500 m (50 s). The cell (150, 10) is 10 m from both
// the outward and the return leg; the tie goes to the first piece: 150 m along, f = 0.3.
// Centre at S: R 20 s, P 50 + 20 = 70 s. The cell exits towards R: access 10 s + 350 m
// (35 s) + 20 s = 65 s (towards P: 10 + 15 + 70 = 95 s).
TEST(DegenerateNetwork, WayDoublingBackOnItselfSnapsToTheFirstLegByLength) {
    enum : std::int64_t { P = 1, Q, R, S };
    const auto net = build_network({{0, 0}, {300, 0}, {100, 0}, {100, 200}},
                                   {{{P, Q, R}, two_way}, {{R, S}, two_way}});
    const SegmentIndex index(net.roads, net.graph);
    const auto cell = reach::snap::snap_point(index, 150.0, 10.0, Role::origin, options);
    ASSERT_TRUE(cell.snapped);
    EXPECT_EQ(cell.point->segment, net.segment(P, R));
    EXPECT_DOUBLE_EQ(cell.point->fraction, 0.3);
    EXPECT_DOUBLE_EQ(cell.point->distance_m, 10.0);
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 150.0, 10.0, 100.0, 200.0, options), 65.0);
}

// A way of two OSM nodes at one place and nothing else: a network of one zero-length edge.
// Its one kd-tree piece has no length; a query 5 m away snaps onto that place (3-4-5) and
// reaches a centre there in 5 s.
TEST(DegenerateNetwork, NetworkOfOneZeroLengthEdgeSnapsOntoItsPlace) {
    const auto net = build_network({{500, 500}, {500, 500}}, {{{1, 2}, two_way}});
    const SegmentIndex index(net.roads, net.graph);
    const auto cell = reach::snap::snap_point(index, 503.0, 504.0, Role::origin, options);
    EXPECT_EQ(index.segment_count(), 1U);
    ASSERT_TRUE(cell.snapped);
    EXPECT_DOUBLE_EQ(cell.point->distance_m, 5.0);
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 503.0, 504.0, 500.0, 500.0, options), 5.0);
}

}  // namespace
