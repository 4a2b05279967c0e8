#include "reach/snap/snap.hpp"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/core/units.hpp"
#include "reach/routing/search.hpp"
#include "reach/snap/centres.hpp"
#include "snap_network.hpp"

namespace {

using reach::snap::Role;
using reach::snap::SegmentIndex;
using reach::snap::Snap;
using reach::snap::SnapOptions;
using reach_snap_test::build_network;
using reach_snap_test::one_way;
using reach_snap_test::test_profile;
using reach_snap_test::two_way;

enum Osm : std::int64_t { A = 1, B, C, D };

const SnapOptions options = reach::snap::snap_options(test_profile());  // 1 m/s, 1000 m

std::vector<double> times_to_centre(const reach_snap_test::Network& net, const SegmentIndex& index,
                                    double x, double y) {
    return reach_snap_test::times_to_centre(net, index, x, y, options);
}

double cell_time_s(const reach_snap_test::Network& net, const SegmentIndex& index, double cx,
                   double cy, double x, double y) {
    return reach_snap_test::cell_time_s(net, index, cx, cy, x, y, options);
}

//   A (0,0) ─────────────── B (1000,0) ── C (1100,0)        two-way, 100 s and 10 s
//          cell (400,20)                  centre at C
// The centre sits on B→C at f = 1, 0 m off: entered from B at 1·10 = 10 s and from C at 0 s.
// Reverse search: T(C) = 0, T(B) = 10, T(A) = 110.
// The cell is 20 m from A-B at f = 0.4: access 20 m / 1 m/s = 20 s; exits via B at
// (1 − 0.4)·100 = 60 s and via A at 0.4·100 = 40 s. Time = 20 + min(60 + 10, 40 + 110) = 90 s.
// Snapping to the nearest node instead (A, 400.5 m away) would give 400.5 + 110 = 510.5 s.
TEST(Snap, CellBesideALongEdgeGetsThePartialEdgeTimeNotTheNodeTime) {
    const auto net =
        build_network({{0, 0}, {1000, 0}, {1100, 0}}, {{{A, B}, two_way}, {{B, C}, two_way}});
    const SegmentIndex index(net.roads, net.graph);
    const auto cell = reach::snap::snap_point(index, 400.0, 20.0, Role::origin, options);
    ASSERT_TRUE(cell.snapped);
    EXPECT_EQ(cell.point->segment, net.segment(A, B));
    EXPECT_DOUBLE_EQ(cell.point->fraction, 0.4);
    EXPECT_DOUBLE_EQ(cell.access_time_s, 20.0);
    ASSERT_EQ(cell.links.size(), 2U);
    EXPECT_EQ(cell.links[0].node, net.node(B));
    EXPECT_DOUBLE_EQ(cell.links[0].time_s, 60.0);
    EXPECT_EQ(cell.links[1].node, net.node(A));
    EXPECT_DOUBLE_EQ(cell.links[1].time_s, 40.0);

    EXPECT_DOUBLE_EQ(reach::snap::origin_time_s(cell, times_to_centre(net, index, 1100.0, 0.0)),
                     90.0);
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 400.0, 20.0, 1100.0, 0.0), 90.0);
}

//   A (0,0) ══════> B (1000,0)      A→B oneway 100 s; B-C and D-A two-way 10 s, C-D 100 s
//   │               │
//   D (0,100) ───── C (1000,100)
const std::vector<std::pair<double, double>> rectangle = {{0, 0}, {1000, 0}, {1000, 100}, {0, 100}};
const std::vector<reach_snap_test::Way> oneway_rectangle = {
    {{A, B}, one_way}, {{B, C}, two_way}, {{C, D}, two_way}, {{D, A}, two_way}};

// Cell (400,-20): 20 m below A→B at f = 0.4 (access 20 s). A→B is oneway, so the only exit is
// via B at 0.6·100 = 60 s (not via A at 40 s). Centre at A: on A→B at f = 0 (ties with D→A at
// f = 1 go to the smaller segment id, A→B), entered from A at 0 s. From B the centre is
// B→C→D→A = 10 + 100 + 10 = 120 s. Time = 20 + 60 + 120 = 200 s (ignoring the oneway it
// would be 20 + 40 = 60 s).
TEST(Snap, CellOnAOnewayEdgeLeavesOnlyInItsDirection) {
    const auto net = build_network(rectangle, oneway_rectangle);
    const SegmentIndex index(net.roads, net.graph);
    const auto cell = reach::snap::snap_point(index, 400.0, -20.0, Role::origin, options);
    ASSERT_EQ(cell.links.size(), 1U);
    EXPECT_EQ(cell.links[0].node, net.node(B));
    EXPECT_DOUBLE_EQ(cell.links[0].time_s, 60.0);
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 400.0, -20.0, 0.0, 0.0), 200.0);
}

// Centre (600,-10): 10 m below A→B at f = 0.6, entered only from A at 0.6·100 = 60 s, seed
// (A, 10 + 60 = 70 s). Reverse search: T(A) = 70, T(D) = 80, T(C) = 180, T(B) = 10 + 180 = 190
// (B cannot go back along A→B). Cell (1000,110): 10 m above C, on B→C at f = 1 (ties with
// C→D at f = 0 go to B→C, the smaller id): exits via C at 0 s and via B at 1·10 = 10 s.
// Time = 10 + min(0 + 180, 10 + 190) = 190 s. (Entering the centre from B at 0.4·100 would
// have given 10 + 10 + 50 = 70 s.)
TEST(Snap, CentreOnAOnewayEdgeIsEnteredOnlyFromItsTail) {
    const auto net = build_network(rectangle, oneway_rectangle);
    const SegmentIndex index(net.roads, net.graph);
    const auto centre = reach::snap::snap_point(index, 600.0, -10.0, Role::destination, options);
    ASSERT_EQ(centre.links.size(), 1U);
    EXPECT_EQ(centre.links[0].node, net.node(A));
    EXPECT_DOUBLE_EQ(centre.links[0].time_s, 60.0);
    const auto times = times_to_centre(net, index, 600.0, -10.0);
    EXPECT_DOUBLE_EQ(times[net.node(B)], 190.0);
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 1000.0, 110.0, 600.0, -10.0), 190.0);
}

// Centre exactly at B (1000,0): on A→B at f = 1 (ties with B→C at f = 0 go to the smaller
// segment id, A→B). A→B is oneway, so by the partial-edge rule alone it is entered only from A
// at 1·100 = 100 s; but the centre is AT B, so it is also entered from B at 0 s.
// Reverse search: T(B) = 0, T(A) = min(100, A→D→C→B = 10 + 100 + 10 = 120) = 100.
TEST(Snap, CentreExactlyAtTheHeadOfAOnewayIsEnteredFromThatNodeAtNoCost) {
    const auto net = build_network(rectangle, oneway_rectangle);
    const SegmentIndex index(net.roads, net.graph);
    const auto centre = reach::snap::snap_point(index, 1000.0, 0.0, Role::destination, options);
    ASSERT_EQ(centre.links.size(), 2U);
    const auto times = times_to_centre(net, index, 1000.0, 0.0);
    EXPECT_DOUBLE_EQ(times[net.node(B)], 0.0);
    EXPECT_DOUBLE_EQ(times[net.node(A)], 100.0);
    EXPECT_DOUBLE_EQ(times[net.node(C)], 10.0);
}

// Same rectangle, centre (600,-10) at f = 0.6 (access 10 s).
// Cell (200,-5) at f = 0.2 (access 5 s) is before the centre along A→B: direct time
// 5 + (0.6 − 0.2)·100 + 10 = 55 s. Cell (800,-5) at f = 0.8 is past it: no direct way
// against the oneway; around the block: 5 + 0.2·100 + T(B) = 5 + 20 + 190 = 215 s.
TEST(Snap, SameEdgeDirectTimeOnlyAlongAUsableDirection) {
    const auto net = build_network(rectangle, oneway_rectangle);
    const SegmentIndex index(net.roads, net.graph);
    const auto centre = reach::snap::snap_point(index, 600.0, -10.0, Role::destination, options);
    const auto before = reach::snap::snap_point(index, 200.0, -5.0, Role::origin, options);
    const auto after = reach::snap::snap_point(index, 800.0, -5.0, Role::origin, options);
    EXPECT_DOUBLE_EQ(reach::snap::direct_time_s(index, before, centre), 55.0);
    EXPECT_EQ(reach::snap::direct_time_s(index, after, centre), reach::unreachable);
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 200.0, -5.0, 600.0, -10.0), 55.0);
    EXPECT_DOUBLE_EQ(cell_time_s(net, index, 800.0, -5.0, 600.0, -10.0), 215.0);
    // A cell on another segment has no direct time.
    const auto elsewhere = reach::snap::snap_point(index, 1010.0, 50.0, Role::origin, options);
    EXPECT_EQ(reach::snap::direct_time_s(index, elsewhere, centre), reach::unreachable);
}

// Cell (400,20) beside A-B of the first network: 20 m off the road. At the profile's 3.6 km/h
// (1 m/s) the leg takes 20 s; a group override of 7.2 km/h (2 m/s) makes it 10 s, and the
// cell's time to C drops from 90 s to 80 s.
TEST(Snap, OffNetworkLegUsesTheProfileSpeedOrTheGroupOverride) {
    const auto net =
        build_network({{0, 0}, {1000, 0}, {1100, 0}}, {{{A, B}, two_way}, {{B, C}, two_way}});
    const SegmentIndex index(net.roads, net.graph);
    const auto faster = reach::snap::snap_options(test_profile(), 7.2);
    EXPECT_DOUBLE_EQ(faster.off_network_kmh, 7.2);
    const auto cell = reach::snap::snap_point(index, 400.0, 20.0, Role::origin, faster);
    EXPECT_DOUBLE_EQ(cell.access_time_s, 10.0);
    EXPECT_DOUBLE_EQ(reach::snap::origin_time_s(cell, times_to_centre(net, index, 1100.0, 0.0)),
                     80.0);
    EXPECT_DOUBLE_EQ(
        reach::snap::snap_point(index, 400.0, 20.0, Role::origin, options).access_time_s, 20.0);
}

TEST(Snap, BadOptionsAreInputErrorsNamingTheValue) {
    try {
        (void)reach::snap::snap_options(test_profile(), 0.0);
        FAIL() << "no error";
    } catch (const reach::InputError& error) {
        EXPECT_STREQ(error.what(),
                     "profile \"test\": off_network_kmh: 0 is not a speed (expected a number > 0 "
                     "km/h)");
    }
    EXPECT_THROW((void)reach::snap::snap_options(test_profile(), std::nullopt, -1.0),
                 reach::InputError);
}

// Network A (0,0) ── B (1000,0) ── C (1100,0). Points:
//   0: (400, 20)    20 m off: snapped
//   1: (400, 1500)  1500 m from A-B: unsnapped, kept with its distance, no links
//   2: (500, -1000) exactly 1000 m: snapped (the limit is inclusive)
//   3: (NaN, 0)     no nearest point at all: unsnapped
TEST(Snap, PointsBeyondTheMaxDistanceAreReportedUnsnappedByIndex) {
    const auto net =
        build_network({{0, 0}, {1000, 0}, {1100, 0}}, {{{A, B}, two_way}, {{B, C}, two_way}});
    const SegmentIndex index(net.roads, net.graph);
    const std::vector<double> x = {400, 400, 500, std::numeric_limits<double>::quiet_NaN()};
    const std::vector<double> y = {20, 1500, -1000, 0};
    const auto batch = reach::snap::snap_points(index, x, y, Role::origin, options);
    ASSERT_EQ(batch.snaps.size(), 4U);
    EXPECT_EQ(batch.unsnapped, (std::vector<std::uint32_t>{1, 3}));
    EXPECT_TRUE(batch.snaps[0].snapped);
    const auto& far = batch.snaps[1];
    EXPECT_FALSE(far.snapped);
    ASSERT_TRUE(far.point.has_value());
    EXPECT_DOUBLE_EQ(far.point->distance_m, 1500.0);
    EXPECT_TRUE(far.links.empty());
    EXPECT_EQ(reach::snap::origin_time_s(far, std::vector<double>(3, 0.0)), reach::unreachable);
    EXPECT_TRUE(batch.snaps[2].snapped);
    EXPECT_DOUBLE_EQ(batch.snaps[2].access_time_s, 1000.0);
    EXPECT_FALSE(batch.snaps[3].point.has_value());
}

// A random two-way grid of 30 × 30 nodes, 100 m apart with jittered vertices, and 5000
// random points: snapped on 1 thread and on 2 threads, every field identical.
TEST(Snap, BatchIsIdenticalOnOneAndTwoThreads) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> jitter(-20.0, 20.0);
    std::vector<std::pair<double, double>> points;
    const int side = 30;
    for (int i = 0; i < side; ++i) {
        for (int j = 0; j < side; ++j) {
            points.emplace_back(i * 100.0 + jitter(rng), j * 100.0 + jitter(rng));
        }
    }
    std::vector<reach_snap_test::Way> ways;
    const auto id = [&](int i, int j) { return static_cast<std::int64_t>(i * side + j + 1); };
    for (int i = 0; i < side; ++i) {
        for (int j = 0; j + 1 < side; ++j) {
            ways.push_back({{id(i, j), id(i, j + 1)}, rng() % 5 == 0 ? one_way : two_way});
            ways.push_back({{id(j, i), id(j + 1, i)}, two_way});
        }
    }
    const auto net = build_network(points, ways);
    const SegmentIndex index(net.roads, net.graph);
    std::uniform_real_distribution<double> coordinate(-500.0, 3400.0);
    std::vector<double> x(5000), y(5000);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = coordinate(rng);
        y[i] = coordinate(rng);
    }
    const auto small = reach::snap::snap_options(test_profile(), std::nullopt, 300.0);
    reach::snap::SnapBatch one, two;
    tbb::task_arena(1).execute(
        [&] { one = reach::snap::snap_points(index, x, y, Role::origin, small); });
    tbb::task_arena(2).execute(
        [&] { two = reach::snap::snap_points(index, x, y, Role::origin, small); });
    EXPECT_FALSE(one.unsnapped.empty());
    EXPECT_EQ(one.unsnapped, two.unsnapped);
    ASSERT_EQ(one.snaps.size(), two.snaps.size());
    for (std::size_t i = 0; i < one.snaps.size(); ++i) {
        const auto& a = one.snaps[i];
        const auto& b = two.snaps[i];
        ASSERT_EQ(a.snapped, b.snapped);
        ASSERT_EQ(a.point->segment, b.point->segment);
        ASSERT_EQ(a.point->fraction, b.point->fraction);
        ASSERT_EQ(a.point->distance_m, b.point->distance_m);
        ASSERT_EQ(a.access_time_s, b.access_time_s);
        ASSERT_EQ(a.links.size(), b.links.size());
        for (std::size_t k = 0; k < a.links.size(); ++k) {
            ASSERT_EQ(a.links[k].node, b.links[k].node);
            ASSERT_EQ(a.links[k].time_s, b.links[k].time_s);
        }
    }
}

}  // namespace
