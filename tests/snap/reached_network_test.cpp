#include "reach/snap/reached_network.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "reach/core/units.hpp"
#include "reach/routing/search.hpp"
#include "reach/snap/centres.hpp"
#include "snap_network.hpp"

namespace {

using reach_snap_test::build_network;
using reach_snap_test::one_way;
using reach_snap_test::two_way;

const auto options = reach::snap::snap_options(reach_snap_test::test_profile());

struct Reached {
    reach::snap::SnappedCentres centres;
    std::vector<double> node_time_s;
};

// One centre at (x, y): its seeds and the node times towards it.
Reached towards(const reach_snap_test::Network& net, const reach::snap::SegmentIndex& index,
                double x, double y) {
    const reach::snap::CentreLocation centre{"c", x, y};
    Reached r;
    r.centres = reach::snap::snap_centres(index, {&centre, 1}, options,
                                          reach::snap::OnUnsnappedCentre::error, "centres");
    std::vector<reach::routing::Source> sources;
    for (const auto& seed : r.centres.seeds) {
        sources.push_back({seed.node, seed.time_s, seed.rank});
    }
    r.node_time_s = reach::routing::nearest_centre(net.graph.reverse, sources).time_s;
    return r;
}

//   A (0,0) ──── 100 s ──── B (1000,0) ── 10 s ── C (1100,0)    centre at C
// T(C) = 0, T(B) = 10, T(A) = 110. Within 40 s: all of B–C ((1 − f)·10 ≤ 40), and of A–B the
// points with (1 − f)·100 + 10 ≤ 40, f ≥ 0.7 (x from 700 m); via A: f·100 + 110 > 40.
TEST(ReachedNetwork, PartiallyReachedEdgeIsCutAtTheThreshold) {
    const auto net = build_network({{0, 0}, {1000, 0}, {1100, 0}}, {{{1, 2}, two_way},
                                                                    {{2, 3}, two_way}});
    const reach::snap::SegmentIndex index(net.roads, net.graph);
    const auto r = towards(net, index, 1100, 0);
    const auto parts = reach::snap::reached_parts(index, r.node_time_s, r.centres, 40.0);
    ASSERT_EQ(parts.size(), 2U);
    EXPECT_EQ(parts[0].segment, net.segment(1, 2));
    EXPECT_NEAR(parts[0].from_fraction, 0.7, 1e-9);
    EXPECT_DOUBLE_EQ(parts[0].to_fraction, 1.0);
    EXPECT_DOUBLE_EQ(parts[0].time_from_s, 110.0);
    EXPECT_DOUBLE_EQ(parts[0].time_to_s, 10.0);
    ASSERT_EQ(parts[0].x.size(), 2U);
    EXPECT_NEAR(parts[0].x[0], 700.0, 1e-6);
    EXPECT_NEAR(parts[0].x[1], 1000.0, 1e-6);
    EXPECT_EQ(parts[1].segment, net.segment(2, 3));
    EXPECT_DOUBLE_EQ(parts[1].from_fraction, 0.0);
    EXPECT_DOUBLE_EQ(parts[1].to_fraction, 1.0);
    // Within 200 s everything is reached: one whole part per segment.
    const auto all = reach::snap::reached_parts(index, r.node_time_s, r.centres, 200.0);
    ASSERT_EQ(all.size(), 2U);
    EXPECT_DOUBLE_EQ(all[0].from_fraction, 0.0);
}

// A centre in the middle of A–B (f = 0.5, on the road): T(A) = T(B) = 50. Within 20 s only
// the points driving straight to it along the segment: (0.5 − f)·100 ≤ 20 before it and
// (f − 0.5)·100 ≤ 20 after it, so [0.3, 0.7] (x 300 … 700, through no vertex).
TEST(ReachedNetwork, CentreOnTheSegmentIsReachedWithoutANode) {
    const auto net = build_network({{0, 0}, {1000, 0}, {1100, 0}}, {{{1, 2}, two_way},
                                                                    {{2, 3}, two_way}});
    const reach::snap::SegmentIndex index(net.roads, net.graph);
    const auto r = towards(net, index, 500, 0);
    const auto parts = reach::snap::reached_parts(index, r.node_time_s, r.centres, 20.0);
    ASSERT_EQ(parts.size(), 1U);
    EXPECT_EQ(parts[0].segment, net.segment(1, 2));
    EXPECT_NEAR(parts[0].from_fraction, 0.3, 1e-9);
    EXPECT_NEAR(parts[0].to_fraction, 0.7, 1e-9);
    EXPECT_NEAR(parts[0].x.front(), 300.0, 1e-6);
    EXPECT_NEAR(parts[0].x.back(), 700.0, 1e-6);
}

// A–B is a oneway B → A (way drawn B, A): from its points one can only drive to A, a dead
// end from which no centre is reached, so none of it is reached although B is 10 s away.
TEST(ReachedNetwork, OnewayAwayFromTheCentreIsNotReached) {
    const auto net = build_network({{0, 0}, {1000, 0}, {1100, 0}}, {{{2, 1}, one_way},
                                                                    {{2, 3}, two_way}});
    const reach::snap::SegmentIndex index(net.roads, net.graph);
    const auto r = towards(net, index, 1100, 0);
    EXPECT_EQ(r.node_time_s[net.node(1)], reach::unreachable);
    const auto parts = reach::snap::reached_parts(index, r.node_time_s, r.centres, 1000.0);
    for (const auto& part : parts) {
        EXPECT_NE(part.segment, net.segment(2, 1));
    }
    ASSERT_EQ(parts.size(), 1U);
}

// A curved segment (A, bend (500, 500), B): the cut follows the polyline by length. Length
// 2·707.107 = 1414.214 m, 141.421 s; centre at B: points with (1 − f)·141.421 ≤ 70.711 are
// reached, f ≥ 0.5, which is the bend: the part runs from (500, 500) to B.
TEST(ReachedNetwork, CutFollowsThePolylineByLength) {
    const auto net = build_network({{0, 0}, {500, 500}, {1000, 0}}, {{{1, 2, 3}, two_way}});
    const reach::snap::SegmentIndex index(net.roads, net.graph);
    const auto r = towards(net, index, 1000, 0);
    const auto parts = reach::snap::reached_parts(index, r.node_time_s, r.centres, 70.7107);
    ASSERT_EQ(parts.size(), 1U);
    EXPECT_NEAR(parts[0].from_fraction, 0.5, 1e-5);
    EXPECT_NEAR(parts[0].x.front(), 500.0, 0.01);
    EXPECT_NEAR(parts[0].y.front(), 500.0, 0.01);
    EXPECT_NEAR(parts[0].x.back(), 1000.0, 1e-9);
    EXPECT_NEAR(parts[0].y.back(), 0.0, 1e-9);
}

// Bands for thresholds 40 s and 200 s on the first network: band 0 is B–C whole and A–B from
// f = 0.7; band 1 is the rest of A–B, [0, 0.7] (110 ≥ time > 40 there). Nothing overlaps and
// bands 0 + 1 give reached_parts(200 s).
TEST(ReachedNetwork, BandsSplitEachSegmentWithoutOverlap) {
    const auto net = build_network({{0, 0}, {1000, 0}, {1100, 0}}, {{{1, 2}, two_way},
                                                                    {{2, 3}, two_way}});
    const reach::snap::SegmentIndex index(net.roads, net.graph);
    const auto r = towards(net, index, 1100, 0);
    const std::vector<double> thresholds = {40.0, 200.0};
    const auto bands = reach::snap::reached_bands(index, r.node_time_s, r.centres, thresholds);
    ASSERT_EQ(bands.size(), 3U);
    // Ordered by segment, then band: A–B band 0 [0.7, 1], A–B band 1 [0, 0.7], B–C band 0.
    EXPECT_EQ(bands[0].part.segment, net.segment(1, 2));
    EXPECT_EQ(bands[0].band, 0U);
    EXPECT_NEAR(bands[0].part.from_fraction, 0.7, 1e-12);
    EXPECT_EQ(bands[1].part.segment, net.segment(1, 2));
    EXPECT_EQ(bands[1].band, 1U);
    EXPECT_DOUBLE_EQ(bands[1].part.from_fraction, 0.0);
    EXPECT_NEAR(bands[1].part.to_fraction, 0.7, 1e-12);
    EXPECT_NEAR(bands[1].part.x.back(), 700.0, 1e-6);
    EXPECT_EQ(bands[2].part.segment, net.segment(2, 3));
    EXPECT_EQ(bands[2].band, 0U);
}

}  // namespace
