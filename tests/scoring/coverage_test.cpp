#include "reach/scoring/coverage.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "reach/core/units.hpp"
#include "reach_test/support.hpp"
#include "toy_region.hpp"

namespace reach::scoring {
namespace {

const CoverageOptions options{{15, 30, 45, 60}, 30};

// Toy (toy_region.hpp), group total, nearest minutes 0 10 — 10 20 10 20 10 0:
//   population = 100+200+50+0+400+100+100+200+300 = 1450 (c2's 50 included, unreachable)
//   ≤ 15 min: c0 100 + c1 200 + c5 100 + c7 200 + c8 300 = 900     share 900/1450
//   ≤ 30 min: 900 + c4 400 + c6 100 = 1400 (also ≤ 45, ≤ 60)       share 1400/1450
//   mean over the 1400 reachable: (200·10 + 400·20 + 100·10 + 100·20 + 200·10)/1400
//         = 15000/1400 = 10.714…
//   sorted: 0 min ×400 (c0, c8), 10 min ×500 (c1, c5, c7), 20 min ×500 (c4, c6)
//   median: 700th person → 10;  p90: 1260th person → 20.
//   beyond target 30: c2's 50 (unreachable).
TEST(Coverage, ToyTotalByHand) {
    const Cells c = toy::cells();
    const Times t = toy::times();
    const Coverage cov = coverage(c.persons[0], t.nearest_time_s, t.unsnapped, options);
    EXPECT_EQ(cov.population, 1450.0);
    EXPECT_EQ(cov.covered, (std::vector<double>{900, 1400, 1400, 1400}));
    ASSERT_EQ(cov.share_covered.size(), 4U);
    EXPECT_DOUBLE_EQ(*cov.share_covered[0], 900.0 / 1450.0);
    EXPECT_DOUBLE_EQ(*cov.share_covered[1], 1400.0 / 1450.0);
    EXPECT_DOUBLE_EQ(*cov.mean_time_min, 15000.0 / 1400.0);
    EXPECT_EQ(cov.median_time_min, 10.0);
    EXPECT_EQ(cov.p90_time_min, 20.0);
    EXPECT_EQ(cov.reachable, 1400.0);
    EXPECT_EQ(cov.unreachable, 50.0);
    EXPECT_EQ(cov.unsnapped, 0.0);
    EXPECT_EQ(cov.beyond_target, 50.0);
    EXPECT_DOUBLE_EQ(*cov.share_beyond_target, 50.0 / 1450.0);
}

// Group 65+: 40 50 20 0 100 30 30 60 70 → population 400.
//   ≤ 15: 40 + 50 + 30 + 60 + 70 = 250;  ≤ 30: 250 + 100 + 30 = 380
//   mean: (50·10 + 100·20 + 30·10 + 30·20 + 60·10)/380 = 4000/380
//   sorted: 0 ×110, 10 ×140 (cum 250), 20 ×130 (cum 380): median 190th → 10, p90 342nd → 20.
TEST(Coverage, ToyElderlyByHand) {
    const Cells c = toy::cells();
    const Times t = toy::times();
    const Coverage cov = coverage(c.persons[1], t.nearest_time_s, t.unsnapped, options);
    EXPECT_EQ(cov.population, 400.0);
    EXPECT_EQ(cov.covered, (std::vector<double>{250, 380, 380, 380}));
    EXPECT_DOUBLE_EQ(*cov.mean_time_min, 4000.0 / 380.0);
    EXPECT_EQ(cov.median_time_min, 10.0);
    EXPECT_EQ(cov.p90_time_min, 20.0);
}

// A threshold is inclusive with a 1e-6 s tolerance: 900 s is within 15 min, so is
// 900.0000005 s; 900.00001 s is not. An unsnapped cell counts in the population, never as
// covered, and separately from the unreachable.
TEST(Coverage, ThresholdIsInclusiveAndUnsnappedIsCountedApart) {
    const std::vector<double> persons = {1, 2, 4, 8, 16};
    const std::vector<double> time_s = {900.0, 900.0000005, 900.00001, unreachable, unreachable};
    const std::vector<char> unsnapped = {0, 0, 0, 0, 1};
    const Coverage cov = coverage(persons, time_s, unsnapped, CoverageOptions{{15}, 15});
    EXPECT_EQ(cov.population, 31.0);
    EXPECT_EQ(cov.covered, std::vector<double>{3.0});
    EXPECT_EQ(cov.beyond_target, 28.0);  // 4 beyond + 8 unreachable + 16 unsnapped
    EXPECT_EQ(cov.unreachable, 8.0);
    EXPECT_EQ(cov.unsnapped, 16.0);
    EXPECT_EQ(cov.reachable, 7.0);
}

TEST(Coverage, NobodyReachableGivesNullStatisticsAndEmptyPopulationNullShares) {
    const std::vector<double> persons = {5, 0};
    const std::vector<double> time_s = {unreachable, 60.0};
    const Coverage cov = coverage(persons, time_s, {}, CoverageOptions{{15, 30}, 30});
    EXPECT_EQ(cov.population, 5.0);
    EXPECT_EQ(cov.covered, (std::vector<double>{0, 0}));  // the 0-person cell is skipped
    EXPECT_EQ(*cov.share_covered[0], 0.0);
    EXPECT_FALSE(cov.mean_time_min.has_value());
    EXPECT_FALSE(cov.median_time_min.has_value());
    EXPECT_FALSE(cov.p90_time_min.has_value());

    const std::vector<std::uint32_t> only_empty = {1};
    const Coverage none = coverage(persons, time_s, {}, CoverageOptions{{15, 30}, 30}, only_empty);
    EXPECT_EQ(none.population, 0.0);
    EXPECT_FALSE(none.share_covered[0].has_value());
    EXPECT_FALSE(none.share_beyond_target.has_value());
}

// Row 2 of the toy (c6 100 at 20 min, c7 200 at 10, c8 300 at 0): population 600,
// ≤ 15: 500, ≤ 30: 600, mean (2000 + 2000)/600, median: the 300th person is at 0 → 0.
TEST(Coverage, SubsetOfCells) {
    const Cells c = toy::cells();
    const Times t = toy::times();
    const std::vector<std::uint32_t> row2 = {6, 7, 8};
    const Coverage cov = coverage(c.persons[0], t.nearest_time_s, t.unsnapped, options, row2);
    EXPECT_EQ(cov.population, 600.0);
    EXPECT_EQ(cov.covered, (std::vector<double>{500, 600, 600, 600}));
    EXPECT_DOUBLE_EQ(*cov.mean_time_min, 4000.0 / 600.0);
    EXPECT_EQ(cov.median_time_min, 0.0);
    EXPECT_EQ(cov.p90_time_min, 20.0);
}

TEST(CoverageOptions, RejectsUnorderedOrNonPositiveThresholds) {
    EXPECT_NO_THROW(validate(options));
    EXPECT_EQ(test::input_error_message([] {
                  validate(CoverageOptions{{15, 15, 30}, 30});
              }),
              "thresholds_min: [15, 15, 30] is not strictly increasing (expected e.g. [15, 30, "
              "45, 60])");
    EXPECT_EQ(test::input_error_message([] {
                  validate(CoverageOptions{{0, 30}, 30});
              }),
              "thresholds_min: 0 in [0, 30] is not a positive number of minutes");
    EXPECT_EQ(test::input_error_message([] {
                  validate(CoverageOptions{{15}, -1});
              }),
              "target_min: -1 is not a positive number of minutes");
}

}  // namespace
}  // namespace reach::scoring
