#include "reach/snap/centres.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "reach/core/error.hpp"
#include "snap_network.hpp"

namespace {

using reach::snap::CentreLocation;
using reach::snap::OnUnsnappedCentre;
using reach::snap::Seed;
using reach::snap::SegmentIndex;
using reach_snap_test::build_network;
using reach_snap_test::one_way;
using reach_snap_test::test_profile;
using reach_snap_test::two_way;

enum Osm : std::int64_t { A = 1, B, C, D, E, F };

const auto options = reach::snap::snap_options(test_profile());  // 1 m/s, 1000 m

//   A (0,0) ══════> B (1000,0)      A→B oneway 100 s; B-C and D-A two-way 10 s, C-D 100 s
//   │               │               E (5000,0) ── F (5100,0): a smaller component, dropped
//   D (0,100) ───── C (1000,100)
reach_snap_test::Network rectangle() {
    return build_network({{0, 0}, {1000, 0}, {1000, 100}, {0, 100}, {5000, 0}, {5100, 0}},
                         {{{A, B}, one_way},
                          {{B, C}, two_way},
                          {{C, D}, two_way},
                          {{D, A}, two_way},
                          {{E, F}, two_way}});
}

std::string message_of(const SegmentIndex& index, const std::vector<CentreLocation>& centres) {
    try {
        (void)reach::snap::snap_centres(index, centres, options, OnUnsnappedCentre::error,
                                        "centres.csv");
    } catch (const reach::InputError& error) {
        return error.what();
    }
    return "no error";
}

}  // namespace

// Centres in input order b, a, C; bytewise "C" < "a" < "b", so ranks 2, 1, 0.
//  b (600,-10):  A→B at f = 0.6, 10 m: entered from A only (oneway) at 10 + 0.6·100 = 70 s.
//  a (1010,50):  B-C at f = 0.5, 10 m: from B and from C at 10 + 0.5·10 = 15 s each.
//  C (500,100):  on C-D at f = 0.5, 0 m: from C and from D at 0.5·100 = 50 s each.
TEST(SnapCentres, EntriesBecomeSeedsWithAccessTimeAndBytewiseRank) {
    const auto net = rectangle();
    const SegmentIndex index(net.roads, net.graph);
    const std::vector<CentreLocation> centres = {{"b", 600, -10}, {"a", 1010, 50}, {"C", 500, 100}};
    const auto snapped =
        reach::snap::snap_centres(index, centres, options, OnUnsnappedCentre::error, "centres.csv");
    EXPECT_EQ(snapped.rank, (std::vector<std::uint32_t>{2, 1, 0}));
    EXPECT_EQ(snapped.by_rank, (std::vector<std::uint32_t>{2, 1, 0}));
    EXPECT_TRUE(snapped.skipped.empty());
    EXPECT_TRUE(snapped.warnings.empty());
    ASSERT_EQ(snapped.seeds.size(), 5U);

    const auto expect_seeds = [&](std::uint32_t centre, std::vector<Seed> expected) {
        std::sort(expected.begin(), expected.end(),
                  [](const Seed& x, const Seed& y) { return x.node < y.node; });
        const auto seeds = snapped.seeds_of(centre);
        ASSERT_EQ(seeds.size(), expected.size()) << "centre " << centre;
        for (std::size_t i = 0; i < seeds.size(); ++i) {
            EXPECT_EQ(seeds[i].node, expected[i].node) << "centre " << centre;
            EXPECT_DOUBLE_EQ(seeds[i].time_s, expected[i].time_s) << "centre " << centre;
            EXPECT_EQ(seeds[i].rank, expected[i].rank) << "centre " << centre;
        }
    };
    expect_seeds(0, {{net.node(A), 70.0, 2}});
    expect_seeds(1, {{net.node(B), 15.0, 1}, {net.node(C), 15.0, 1}});
    expect_seeds(2, {{net.node(C), 50.0, 0}, {net.node(D), 50.0, 0}});
    // All seeds are ordered by rank.
    for (std::size_t i = 1; i < snapped.seeds.size(); ++i) {
        EXPECT_LE(snapped.seeds[i - 1].rank, snapped.seeds[i].rank);
    }
}

// (500, 1600) is 1500 m from C-D; (5050, 5) is 5 m from E-F, but E-F is outside the kept
// component, so its nearest usable road is B-C, at (1000, 5): 4050 m.
TEST(SnapCentres, CentreBeyondTheMaxDistanceIsAnInputErrorNamingItAndTheDistance) {
    const auto net = rectangle();
    const SegmentIndex index(net.roads, net.graph);
    EXPECT_EQ(message_of(index, {{"ok", 10, 50}, {"far", 500, 1600}, {"island", 5050, 5}}),
              "centres.csv: centre \"far\": 1500.0 m from the nearest usable road of profile "
              "\"test\" (snap.max_distance_m is 1000 m); centre \"island\": 4050.0 m from the "
              "nearest usable road of profile \"test\" (snap.max_distance_m is 1000 m) (set "
              "snap.on_unsnapped_centre: warn to skip such centres)");
}

TEST(SnapCentres, WarnSkipsAnUnsnappedCentreAndKeepsTheRanks) {
    const auto net = rectangle();
    const SegmentIndex index(net.roads, net.graph);
    const std::vector<CentreLocation> centres = {{"z", 10, 50}, {"far", 500, 1600}};
    const auto snapped =
        reach::snap::snap_centres(index, centres, options, OnUnsnappedCentre::warn, "centres.csv");
    EXPECT_EQ(snapped.skipped, (std::vector<std::uint32_t>{1}));
    ASSERT_EQ(snapped.warnings.size(), 1U);
    EXPECT_EQ(snapped.warnings[0],
              "centres.csv: centre \"far\": 1500.0 m from the nearest usable road of profile "
              "\"test\" (snap.max_distance_m is 1000 m): skipped");
    EXPECT_EQ(snapped.rank, (std::vector<std::uint32_t>{1, 0}));
    EXPECT_TRUE(snapped.seeds_of(1).empty());
    // z (10, 50): on D→A (from D (0,100) to A (0,0)) at f = 0.5, 10 m off: from D and A at
    // 10 + 0.5·10 = 15 s, rank 1.
    ASSERT_EQ(snapped.seeds_of(0).size(), 2U);
    for (const auto& seed : snapped.seeds_of(0)) {
        EXPECT_DOUBLE_EQ(seed.time_s, 15.0);
        EXPECT_EQ(seed.rank, 1U);
    }
    EXPECT_EQ(snapped.seeds.size(), 2U);
}

TEST(SnapCentres, DuplicateIdIsAnInputError) {
    const auto net = rectangle();
    const SegmentIndex index(net.roads, net.graph);
    EXPECT_EQ(message_of(index, {{"a", 10, 50}, {"b", 20, 50}, {"a", 30, 50}}),
              "centres.csv: centre id \"a\" appears more than once (expected unique ids)");
}

TEST(SnapCentres, NoUsableRoadIsNamedInTheError) {
    const auto net = build_network({{0, 0}, {1000, 0}}, {});
    const SegmentIndex index(net.roads, net.graph);
    EXPECT_EQ(message_of(index, {{"a", 10, 50}}),
              "centres.csv: centre \"a\": no usable road of profile \"test\" to snap to (set "
              "snap.on_unsnapped_centre: warn to skip such centres)");
}
