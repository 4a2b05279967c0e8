#include "reach/snap/segment_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "reach/core/units.hpp"
#include "snap_network.hpp"

namespace {

using reach::snap::IndexOptions;
using reach::snap::SegmentIndex;
using reach_snap_test::build_network;
using reach_snap_test::one_way;
using reach_snap_test::two_way;

enum Osm : std::int64_t { A = 1, B, C, D, E, F, G, H };

}  // namespace

//   A (0,0) ── P (300,0)
//              │
//              Q (300,400) ── B (600,400)       one two-way way A-P-Q-B: one segment A→B,
//                                               300 + 400 + 300 = 1000 m, P and Q are not nodes.
// (310, 200) is 10 m from the vertical piece at (300, 200): 300 + 200 = 500 m along, f = 0.5.
// (350, 420) is 20 m from the last piece at (350, 400): 700 + 50 = 750 m along, f = 0.75
// (the vertical piece is √(50² + 20²) = 53.9 m away). The straight chord A-B would give other
// fractions: the polyline, not the chord, is measured.
TEST(SegmentIndex, CurvedSegmentSnapsToTheFractionByLengthAlongItsPolyline) {
    const auto net =
        build_network({{0, 0}, {600, 400}, {300, 0}, {300, 400}}, {{{A, C, D, B}, two_way}});
    ASSERT_EQ(net.roads.segment_count(), 1U);
    ASSERT_DOUBLE_EQ(net.roads.segment_length_m[0], 1000.0);
    const SegmentIndex index(net.roads, net.graph);
    EXPECT_EQ(index.segment_count(), 1U);

    const auto middle = index.nearest(310.0, 200.0);
    ASSERT_TRUE(middle.has_value());
    EXPECT_EQ(middle->segment, 0U);
    EXPECT_DOUBLE_EQ(middle->fraction, 0.5);
    EXPECT_DOUBLE_EQ(middle->distance_m, 10.0);
    EXPECT_DOUBLE_EQ(middle->x, 300.0);
    EXPECT_DOUBLE_EQ(middle->y, 200.0);

    const auto late = index.nearest(350.0, 420.0);
    ASSERT_TRUE(late.has_value());
    EXPECT_DOUBLE_EQ(late->fraction, 0.75);
    EXPECT_DOUBLE_EQ(late->distance_m, 20.0);
    EXPECT_DOUBLE_EQ(late->x, 350.0);
    EXPECT_DOUBLE_EQ(late->y, 400.0);

    // Beyond the end: clamped to B, f = 1, distance √(100² + 0²) = 100.
    const auto beyond = index.nearest(700.0, 400.0);
    EXPECT_DOUBLE_EQ(beyond->fraction, 1.0);
    EXPECT_DOUBLE_EQ(beyond->distance_m, 100.0);
}

//   A (0,0) ─────────── B (1000,0)        E (3000,0) ── F (3100,0)
// Both two-way; {E, F} is the smaller strongly connected component and is dropped, so its
// segment is not indexed: (3050, 5) snaps to B at f = 1, 2050.006 m away (√(2050² + 5²)).
TEST(SegmentIndex, SegmentsOutsideTheKeptComponentAreNotIndexed) {
    const auto net = build_network({{0, 0}, {1000, 0}, {3000, 0}, {3100, 0}},
                                   {{{A, B}, two_way}, {{C, D}, two_way}});
    const SegmentIndex index(net.roads, net.graph);
    EXPECT_EQ(index.segment_count(), 1U);
    EXPECT_TRUE(index.indexed(net.segment(A, B)));
    EXPECT_FALSE(index.indexed(net.segment(C, D)));
    const auto hit = index.nearest(3050.0, 5.0);
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->segment, net.segment(A, B));
    EXPECT_DOUBLE_EQ(hit->fraction, 1.0);
    EXPECT_NEAR(hit->distance_m, std::sqrt(2050.0 * 2050.0 + 25.0), 1e-9);
}

//   A (0,0) ══════> B (1000,0)      oneway: forward 100 s, backward none
//   ‖               ‖
//   D (0,100) ───── C (1000,100)    the others two-way (B-C, D-A 10 s; C-D 100 s)
TEST(SegmentIndex, TimesGiveEachUsableDirectionOfASegment) {
    const auto net =
        build_network({{0, 0}, {1000, 0}, {1000, 100}, {0, 100}},
                      {{{A, B}, one_way}, {{B, C}, two_way}, {{C, D}, two_way}, {{D, A}, two_way}});
    const SegmentIndex index(net.roads, net.graph);
    const auto ab = index.times(net.segment(A, B));
    EXPECT_DOUBLE_EQ(ab.forward_s, 100.0);
    EXPECT_EQ(ab.backward_s, reach::unreachable);
    const auto cd = index.times(net.segment(C, D));
    EXPECT_DOUBLE_EQ(cd.forward_s, 100.0);
    EXPECT_DOUBLE_EQ(cd.backward_s, 100.0);
    EXPECT_EQ(index.profile(), "test");
}

// Square D-A-B-C as above, all two-way, with a closed way A → E (0,-100) → F (100,-100) → A
// hanging below A: one segment A→A (100 + 100 + 141.4 m) whose only topological node is A.
// Two-way, it is indexed: (50, -110) snaps onto the loop 10 m below E-F, 100 + 50 = 150 m
// along. Oneway, the graph has one arc A→A that does not say which way round it runs, so the
// loop is left out and the same point snaps to A-B instead, at (50, 0): 110 m, f = 0.05.
TEST(SegmentIndex, OneDirectionLoopIsLeftOutTwoWayLoopIsIndexed) {
    const std::vector<std::pair<double, double>> points = {{0, 0},   {1000, 0}, {1000, 100},
                                                           {0, 100}, {0, -100}, {100, -100}};
    const std::vector<reach_snap_test::Way> square = {
        {{A, B}, two_way}, {{B, C}, two_way}, {{C, D}, two_way}, {{D, A}, two_way}};

    auto with_loop = square;
    with_loop.push_back({{A, E, F, A}, two_way});
    const auto both = build_network(points, with_loop);
    const SegmentIndex both_index(both.roads, both.graph);
    const auto on_loop = both_index.nearest(50.0, -110.0);
    ASSERT_TRUE(on_loop.has_value());
    EXPECT_EQ(both.roads.segment_from[on_loop->segment], both.node(A));
    EXPECT_EQ(both.roads.segment_to[on_loop->segment], both.node(A));
    EXPECT_DOUBLE_EQ(on_loop->distance_m, 10.0);
    EXPECT_DOUBLE_EQ(on_loop->fraction, 150.0 / both.roads.segment_length_m[on_loop->segment]);

    auto with_oneway_loop = square;
    with_oneway_loop.push_back({{A, E, F, A}, one_way});
    const auto one = build_network(points, with_oneway_loop);
    const SegmentIndex one_index(one.roads, one.graph);
    EXPECT_EQ(one_index.segment_count(), 4U);
    const auto off_loop = one_index.nearest(50.0, -110.0);
    ASSERT_TRUE(off_loop.has_value());
    EXPECT_EQ(off_loop->segment, one.segment(A, B));
    EXPECT_DOUBLE_EQ(off_loop->distance_m, 110.0);
    EXPECT_DOUBLE_EQ(off_loop->fraction, 0.05);
}

TEST(SegmentIndex, EmptyGraphOrNonFiniteQueryGivesNoAnswer) {
    const auto net = build_network({{0, 0}, {1000, 0}}, {{{A, B}, two_way}});
    const SegmentIndex index(net.roads, net.graph);
    EXPECT_FALSE(index.nearest(std::numeric_limits<double>::quiet_NaN(), 0.0).has_value());
    const reach_snap_test::Network none = build_network({{0, 0}, {1000, 0}}, {});
    const SegmentIndex empty(none.roads, none.graph);
    EXPECT_EQ(empty.segment_count(), 0U);
    EXPECT_FALSE(empty.nearest(0.0, 0.0).has_value());
}

// Equidistant: (500, 50) is 50 m from A-B (y = 0) and from D-C (y = 100): the smaller segment
// id wins whatever the k-d tree visits first.
TEST(SegmentIndex, EqualDistancesGoToTheSmallerSegmentId) {
    const auto net =
        build_network({{0, 0}, {1000, 0}, {1000, 100}, {0, 100}},
                      {{{D, C}, two_way}, {{A, B}, two_way}, {{B, C}, two_way}, {{D, A}, two_way}});
    const SegmentIndex index(net.roads, net.graph, IndexOptions{7.0});
    const auto hit = index.nearest(500.0, 50.0);
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->segment, std::min(net.segment(D, C), net.segment(A, B)));
    EXPECT_DOUBLE_EQ(hit->distance_m, 50.0);
    EXPECT_DOUBLE_EQ(hit->fraction, 0.5);
}

namespace {

struct Brute {
    double distance_m = std::numeric_limits<double>::infinity();
    std::vector<std::uint32_t> nearest;  // segments within 1e-9 m of the best (ties)
    double fraction = 0.0;               // on the best segment
};

// Every piece of every segment that has an arc, by the textbook projection (hypot, along
// lengths recomputed here): the reference the index must match.
Brute brute_force(const reach_snap_test::Network& net, double x, double y) {
    const auto& roads = net.roads;
    std::vector<std::uint8_t> usable(roads.segment_count(), 0);
    for (const auto s : net.graph.forward.segment) {
        usable[s] = 1;
    }
    std::vector<double> per_segment(roads.segment_count(), std::numeric_limits<double>::infinity());
    std::vector<double> fraction(roads.segment_count(), 0.0);
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        if (usable[s] == 0) {
            continue;
        }
        double along = 0.0;
        for (auto p = roads.segment_first_point[s]; p + 1 < roads.segment_first_point[s + 1]; ++p) {
            const double ax = roads.point_x[p], ay = roads.point_y[p];
            const double bx = roads.point_x[p + 1], by = roads.point_y[p + 1];
            const double length = std::hypot(bx - ax, by - ay);
            double t = length > 0
                           ? ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / (length * length)
                           : 0.0;
            t = std::clamp(t, 0.0, 1.0);
            const double d = std::hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
            if (d < per_segment[s]) {
                per_segment[s] = d;
                fraction[s] = (along + t * length) / roads.segment_length_m[s];
            }
            along += length;
        }
    }
    Brute best;
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        if (per_segment[s] < best.distance_m) {
            best.distance_m = per_segment[s];
            best.fraction = fraction[s];
        }
    }
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        if (per_segment[s] <= best.distance_m + 1e-9) {
            best.nearest.push_back(s);
        }
    }
    return best;
}

}  // namespace

// 24 random networks (fixed seeds): 40 random vertices in 2 km × 2 km, 25 ways of 2–5 distinct
// vertices each (30 % oneway), so segments cross, share nodes, and some fall outside the
// kept component. 150 queries each, around and beyond the box, compared with brute_force();
// sub-piece lengths 3 m, 50 m and 5 km (one piece per straight piece) all give the same answer.
TEST(SegmentIndex, NearestSegmentMatchesABruteForceScanOnRandomNetworks) {
    int compared = 0;
    for (std::uint32_t instance = 0; instance < 24; ++instance) {
        std::mt19937_64 rng(1000 + instance);
        std::uniform_real_distribution<double> coordinate(0.0, 2000.0);
        std::vector<std::pair<double, double>> points(40);
        for (auto& p : points) {
            p = {coordinate(rng), coordinate(rng)};
        }
        std::vector<reach_snap_test::Way> ways;
        for (int w = 0; w < 25; ++w) {
            std::vector<std::int64_t> ids(points.size());
            for (std::size_t i = 0; i < ids.size(); ++i) {
                ids[i] = static_cast<std::int64_t>(i) + 1;
            }
            std::shuffle(ids.begin(), ids.end(), rng);
            const auto length = static_cast<std::ptrdiff_t>(2 + rng() % 4);
            ways.push_back({std::vector<std::int64_t>(ids.begin(), ids.begin() + length),
                            rng() % 10 < 3 ? one_way : two_way});
        }
        const auto net = build_network(points, ways);
        const double piece_m = instance % 3 == 0 ? 3.0 : (instance % 3 == 1 ? 50.0 : 5000.0);
        const SegmentIndex index(net.roads, net.graph, IndexOptions{piece_m});
        ASSERT_GT(index.segment_count(), 0U);
        std::uniform_real_distribution<double> query(-300.0, 2300.0);
        for (int q = 0; q < 150; ++q) {
            const double x = query(rng);
            const double y = query(rng);
            const auto expected = brute_force(net, x, y);
            const auto hit = index.nearest(x, y);
            ASSERT_TRUE(hit.has_value());
            ASSERT_NEAR(hit->distance_m, expected.distance_m, 1e-9)
                << "instance " << instance << " query " << q;
            // Ties (the nearest point is a node shared by several segments, or segments
            // overlap): any of the tied segments; otherwise exactly the one, at its fraction.
            ASSERT_NE(std::find(expected.nearest.begin(), expected.nearest.end(), hit->segment),
                      expected.nearest.end())
                << "instance " << instance << " query " << q;
            if (expected.nearest.size() == 1) {
                ASSERT_NEAR(hit->fraction, expected.fraction, 1e-9) << "instance " << instance;
                ++compared;
            }
            ASSERT_NEAR(std::hypot(hit->x - x, hit->y - y), hit->distance_m, 1e-9);
        }
    }
    EXPECT_GT(compared, 2500);  // of 3600: the rest are ties at shared nodes
}
