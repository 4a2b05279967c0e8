#include "reach/snap/cell_exits.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "reach/core/units.hpp"
#include "reach/routing/search.hpp"
#include "reach/routing/time_matrix.hpp"
#include "snap_network.hpp"

namespace {

using reach::snap::Role;
using reach::snap::SegmentIndex;
using reach_snap_test::build_network;
using reach_snap_test::one_way;
using reach_snap_test::two_way;

enum Osm : std::int64_t { A = 1, B, C, D };

const reach::snap::SnapOptions options =
    reach::snap::snap_options(reach_snap_test::test_profile());  // 1 m/s off-network, 1000 m

//   A (0,0) ══════> B (1000,0)      A→B oneway 100 s; B-C and D-A two-way 10 s,
//   │               │               C→D (way direction) two-way 100 s
//   D (0,100) ───── C (1000,100)
// Centres: "north" (600,-10) on A→B at f 0.6, access 10 s: seed (A, 10 + 60 = 70) → rank 0;
//          "south" (500,110) on C→D at f 0.5, access 10 s: seeds (C, 60), (D, 60) → rank 1.
// Reverse searches: T_north A 70, D 80, C 180, B 190;  T_south C 60, D 60, B 70, A 70.
// Cells (origin exits, time = access + partial edge):
//   0 (200,-5):  A→B f 0.2, access 5: via B 5 + 80 = 85 only (oneway); direct to north
//                5 + 40 + 10 = 55.     north min(85 + 190, 55) = 55;  south 85 + 70 = 155
//   1 (800,-5):  A→B f 0.8: via B 5 + 20 = 25; past north against the oneway: no direct.
//                north 25 + 190 = 215;  south 25 + 70 = 95
//   2 (400,1500): 1400 m from the nearest road: unsnapped, no exit
//   3 (300,95):  C→D f 0.7, access 5: via D 5 + 30 = 35, via C 5 + 70 = 75; direct to south
//                5 + 20 + 10 = 35.     north min(35 + 80, 75 + 180) = 115;  south 35
const std::vector<std::pair<double, double>> rectangle = {{0, 0}, {1000, 0}, {1000, 100}, {0, 100}};

struct Fixture {
    reach_snap_test::Network net = build_network(
        rectangle, {{{A, B}, one_way}, {{B, C}, two_way}, {{C, D}, two_way}, {{D, A}, two_way}});
};

TEST(CellExits, ExitTimesIncludeTheAccessLegAndUnsnappedCellsHaveNone) {
    const Fixture f;
    const SegmentIndex index(f.net.roads, f.net.graph);
    const std::vector<double> x = {200.0, 800.0, 400.0, 300.0};
    const std::vector<double> y = {-5.0, -5.0, 1500.0, 95.0};
    const auto cells = reach::snap::snap_points(index, x, y, Role::origin, options);
    const auto lists = reach::snap::cell_exit_lists(cells.snaps);
    EXPECT_EQ(lists.first_exit, (std::vector<std::uint32_t>{0, 1, 2, 2, 4}));
    const auto n = [&](std::int64_t osm) { return f.net.node(osm); };
    EXPECT_EQ(lists.node, (std::vector<std::uint32_t>{n(B), n(B), n(D), n(C)}));
    const std::vector<double> expected = {85.0, 25.0, 35.0, 75.0};
    ASSERT_EQ(lists.time_s.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR(lists.time_s[i], expected[i], 1e-9) << i;
    }
}

TEST(CellExits, SameSegmentLegsOnlyAlongAUsableDirection) {
    const Fixture f;
    const SegmentIndex index(f.net.roads, f.net.graph);
    const std::vector<double> x = {200.0, 800.0, 400.0, 300.0};
    const std::vector<double> y = {-5.0, -5.0, 1500.0, 95.0};
    const auto cells = reach::snap::snap_points(index, x, y, Role::origin, options);
    const std::vector<reach::snap::CentreLocation> locations = {{"south", 500.0, 110.0},
                                                                {"north", 600.0, -10.0}};
    const auto centres = reach::snap::snap_centres(
        index, locations, options, reach::snap::OnUnsnappedCentre::error, "centres");
    const auto legs = reach::snap::same_segment_legs(index, cells.snaps, centres);
    ASSERT_EQ(legs.size(), 2U);
    EXPECT_EQ(legs[0].cell, 0U);
    EXPECT_EQ(legs[0].rank, 0U);  // north
    EXPECT_NEAR(legs[0].time_s, 55.0, 1e-9);
    EXPECT_EQ(legs[1].cell, 3U);
    EXPECT_EQ(legs[1].rank, 1U);  // south
    EXPECT_NEAR(legs[1].time_s, 35.0, 1e-9);
}

// End to end: the matrix and the nearest centre from snapped cells and centres, against the
// hand numbers above and against snap's own origin_time_s / direct_time_s per centre.
TEST(CellExits, MatrixFromSnappedCellsMatchesTheHandTimes) {
    const Fixture f;
    const SegmentIndex index(f.net.roads, f.net.graph);
    const std::vector<double> x = {200.0, 800.0, 400.0, 300.0};
    const std::vector<double> y = {-5.0, -5.0, 1500.0, 95.0};
    const auto cells = reach::snap::snap_points(index, x, y, Role::origin, options);
    const std::vector<reach::snap::CentreLocation> locations = {{"south", 500.0, 110.0},
                                                                {"north", 600.0, -10.0}};
    const auto centres = reach::snap::snap_centres(
        index, locations, options, reach::snap::OnUnsnappedCentre::error, "centres");

    auto lists = reach::snap::cell_exit_lists(cells.snaps);
    reach::routing::CellExits exits{
        std::move(lists.first_exit), std::move(lists.node), std::move(lists.time_s), {}};
    for (const auto& leg : reach::snap::same_segment_legs(index, cells.snaps, centres)) {
        exits.same_segment.push_back({leg.cell, leg.rank, leg.time_s});
    }
    std::vector<std::vector<reach::routing::Source>> seeds(centres.by_rank.size());
    std::vector<reach::routing::Source> all;
    for (std::uint32_t r = 0; r < centres.by_rank.size(); ++r) {
        for (const auto& s : centres.seeds_of(centres.by_rank[r])) {
            seeds[r].push_back({s.node, s.time_s, s.rank});
            all.push_back({s.node, s.time_s, s.rank});
        }
    }
    const auto& reverse = f.net.graph.reverse;
    const auto m = reach::routing::build_time_matrix(reverse, seeds, exits, 1e9, 1).time_s;
    const double hand[4][2] = {
        {55.0, 155.0}, {215.0, 95.0}, {reach::unreachable, reach::unreachable}, {115.0, 35.0}};
    for (std::int32_t c = 0; c < 4; ++c) {
        for (std::int32_t r = 0; r < 2; ++r) {
            // snap's own composition for this pair
            const auto centre = centres.by_rank[static_cast<std::size_t>(r)];
            const auto node_time = reach::routing::nearest_centre(reverse, seeds[r]).time_s;
            const auto& cell = cells.snaps[static_cast<std::size_t>(c)];
            const double own =
                std::min(reach::snap::origin_time_s(cell, node_time),
                         reach::snap::direct_time_s(index, cell, centres.snaps[centre]));
            const double got = m.coeff(c, r);
            if (hand[c][r] == reach::unreachable) {
                EXPECT_EQ(own, reach::unreachable);
                EXPECT_EQ(got, 0.0);  // not stored
                continue;
            }
            EXPECT_NEAR(got, hand[c][r], 1e-9) << c << "," << r;
            EXPECT_NEAR(got, own, 1e-9) << c << "," << r;
        }
    }
    EXPECT_EQ(m.nonZeros(), 6);
    const auto nearest =
        reach::routing::nearest_for_cells(reach::routing::nearest_centre(reverse, all), exits);
    EXPECT_NEAR(nearest.time_s[0], 55.0, 1e-9);
    EXPECT_NEAR(nearest.time_s[1], 95.0, 1e-9);
    EXPECT_EQ(nearest.time_s[2], reach::unreachable);
    EXPECT_NEAR(nearest.time_s[3], 35.0, 1e-9);
    EXPECT_EQ(nearest.rank, (std::vector<std::uint32_t>{0, 1, reach::routing::no_centre, 1}));
}

}  // namespace
