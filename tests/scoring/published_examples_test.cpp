// 2SFCA / E2SFCA against the worked examples of PySAL `access` (github.com/pysal/access,
// BSD-3-Clause), mirrored from the fixtures in tests/data/matrix/ (README.md there gives the
// sources, commits and the mapping of conventions).
//
// Conventions mapped onto reach (SCENARIO.md, Rules → E2SFCA):
//   * PySAL's cost_df origin = demand location, dest = supply location: reach's rows / columns.
//   * `weights.step_fn({10: 1, 20: 0.68, 30: 0.22})` (the E2SFCA default, Luo & Qi 2009) tests
//     `cost <= k`: reach's inclusive zones [0,10], (10,20], (20,30].
//   * `max_cost` keeps `cost < max_cost` (strict): on integer minutes `< 61` ⇔ `<= 60`; on the
//     unit grid (costs 0, 1, √2, …) `< 0.9` ⇔ `<= 0.9`. No max_cost = every pair counts.
//   * PySAL gives places per person, reach per 1 000 persons: × 1000.
//   * PySAL only reports demand rows; a supply point with no demand gets NaN there (R = c/0),
//     reach gives it ratio 0 and lists it in `without_demand` (it reaches no reported row, so
//     the reported values are the same).
// PySAL's Gaussian (exp(−x²/2σ²), untruncated, no floor) and gravity weights are not reach's
// truncated Dai 2010 Gaussian: no published example of those is used.
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "reach/scoring/two_step_fca.hpp"

namespace reach::scoring {
namespace {

struct Od {
    std::int32_t origin;       // row index
    std::int32_t destination;  // column index
    double time_min;
};

TimeMatrix matrix_of(std::int32_t rows, std::int32_t cols, const std::vector<Od>& od) {
    std::vector<Eigen::Triplet<double, std::int32_t>> entries;
    for (const Od& e : od) {
        entries.emplace_back(e.origin, e.destination, e.time_min * 60.0);
    }
    TimeMatrix m(rows, cols);
    m.setFromTriplets(entries.begin(), entries.end());
    return m;
}

void expect_relative(const std::vector<double>& actual, const std::vector<double>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR(actual[i], expected[i], 1e-9 * std::abs(expected[i])) << "origin index " << i;
    }
}

const DecaySpec luo_qi{Decay::step, {10, 20, 30}, {1.0, 0.68, 0.22}, 0.0};

// ---- 5 × 5 unit grid: access/tests/test_floating_catchment_area.py -------------------------
// create_nxn_grid(5) (access/tests/util.py): ids 1…25 at (x, y) ∈ {0…4}², id = 5x + y + 1, value
// 1 everywhere (supply 1 place per point); demand = supply_grid.sample(1), one person at one
// random point (we take id 13 = (2, 2); by the arithmetic below any point gives the same
// published value); cost = Euclidean distance, all 625 pairs (self pairs cost 0).
constexpr std::int32_t grid_points = 25;
constexpr std::int32_t grid_demand_index = 12;  // id 13

TimeMatrix grid_matrix() {
    std::vector<Od> od;
    for (std::int32_t a = 0; a < grid_points; ++a) {
        for (std::int32_t b = 0; b < grid_points; ++b) {
            const double dx = (a / 5) - (b / 5);
            const double dy = (a % 5) - (b % 5);
            od.push_back({a, b, std::sqrt(dx * dx + dy * dy)});
        }
    }
    return matrix_of(grid_points, grid_points, od);
}

std::vector<double> grid_demand() {
    std::vector<double> d(grid_points, 0.0);
    d[grid_demand_index] = 1.0;
    return d;
}

const std::vector<double> grid_capacity(grid_points, 1.0);

// Published: test_two_stage_floating_catchment_area_large_catchment and
// test_enhanced_two_stage_floating_catchment_area_large_catchment assert 25 (per person).
// The longest pair is √32 ≈ 5.66 ≤ 10, so every pair has weight 1 (no max_cost in 2SFCA, the
// first Luo–Qi zone in E2SFCA): D_j = 1 person for every centre, R_j = 1, A = Σ_j 1 = 25 for
// every origin → 25 000 per 1 000 (published for id 13; every other origin also reaches all 25
// centres, so the same value is derived for them).
TEST(PublishedExamples, PysalGridTwoStepLargeCatchment) {
    const Accessibility a =
        two_step_fca(grid_demand(), grid_matrix(), grid_capacity, two_step_spec(10));
    expect_relative(a.per_1000, std::vector<double>(grid_points, 25000.0));
    EXPECT_TRUE(a.without_demand.empty());
}

TEST(PublishedExamples, PysalGridEnhancedLargeCatchment) {
    const Accessibility a = two_step_fca(grid_demand(), grid_matrix(), grid_capacity, luo_qi);
    EXPECT_NEAR(a.per_1000[grid_demand_index], 25000.0, 25000.0 * 1e-9);
    expect_relative(a.per_1000, std::vector<double>(grid_points, 25000.0));
}

// Published: test_two_stage_floating_catchment_area_small_catchment asserts 1 (per person)
// with max_cost = 0.9: only the self pair (cost 0) survives `cost < 0.9`. D_13 = 1, R_13 = 1,
// A_13 = 1 → 1000. The other 24 centres hold no demand (PySAL: NaN ratio, reach: 0 and listed
// in without_demand), so the other origins get 0 (derived).
TEST(PublishedExamples, PysalGridTwoStepSmallCatchment) {
    const Accessibility a =
        two_step_fca(grid_demand(), grid_matrix(), grid_capacity, two_step_spec(0.9));
    std::vector<double> expected(grid_points, 0.0);
    expected[grid_demand_index] = 1000.0;
    ASSERT_EQ(a.per_1000.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(a.per_1000[i], expected[i]) << "origin index " << i;
    }
    EXPECT_EQ(a.without_demand.size(), 24U);
}

// Published: test_enhanced_two_stage_floating_catchment_area_small_catchment asserts 1 with
// max_cost 0.9 and the default Luo–Qi weights: the self pair has weight 1 → 1000.
TEST(PublishedExamples, PysalGridEnhancedSmallCatchment) {
    const DecaySpec within_0_9{Decay::step, {0.9}, {1.0}, 0.0};
    const Accessibility a = two_step_fca(grid_demand(), grid_matrix(), grid_capacity, within_0_9);
    EXPECT_EQ(a.per_1000[grid_demand_index], 1000.0);
}

// ---- Three tracts: access/tests/test_hospital_example.py ------------------------------------
// tracts 1, 2, 3 with pop 100, 50, 10 and doc 15, 20, 100 (each tract is both a demand and a
// supply location). PySAL checks these with gravity weights (not in reach); we keep its inputs
// and work the values out with reach's (and PySAL's) step weights.
const std::vector<double> tract_pop = {100, 50, 10};
const std::vector<double> tract_doc = {15, 20, 100};

// Scenario 0 ("gridlock"), 2SFCA with max_cost = 61 (`< 61` ⇔ ≤ 60 min on integer minutes):
// self 1 min, 1→3 and 2→3 40, 3→1 and 3→2 40, 1→2 and 2→1 80 (beyond).
//   D_1 = 100 + 10 (3→1) = 110   R_1 = 15/110
//   D_2 = 50 + 10 (3→2)  = 60    R_2 = 20/60
//   D_3 = 10 + 100 + 50  = 160   R_3 = 100/160 = 0.625
//   A_1 = R_1 + R_3 = 0.7613636…         → 761.363636…
//   A_2 = R_2 + R_3 = 0.9583333…         → 958.333333…
//   A_3 = R_1 + R_2 + R_3 = 1.0946969…   → 1094.696969…
//   Check: 100·0.76136 + 50·0.95833 + 10·1.09470 = 135 = all doctors.
TEST(PublishedExamples, PysalHospitalGridlockTwoStep) {
    const TimeMatrix t = matrix_of(3, 3,
                                   {{0, 0, 1},
                                    {1, 1, 1},
                                    {2, 2, 1},
                                    {0, 2, 40},
                                    {1, 2, 40},
                                    {2, 0, 40},
                                    {2, 1, 40},
                                    {0, 1, 80},
                                    {1, 0, 80}});
    const Accessibility a = two_step_fca(tract_pop, t, tract_doc, two_step_spec(60));
    expect_relative(a.weighted_demand, {110.0, 60.0, 160.0});
    expect_relative(a.per_1000, {1000.0 * (15.0 / 110.0 + 0.625), 1000.0 * (20.0 / 60.0 + 0.625),
                                 1000.0 * (15.0 / 110.0 + 20.0 / 60.0 + 0.625)});
    EXPECT_NEAR(a.per_1000[0], 761.3636363636364, 1e-9);
    EXPECT_NEAR(a.per_1000[1], 958.3333333333333, 1e-9);
    EXPECT_NEAR(a.per_1000[2], 1094.6969696969697, 1e-9);
}

// Scenario 1 (inbound toll lane: 1→3 and 2→3 take 20 min, 3→1 and 3→2 still 40), E2SFCA with
// PySAL's default step_fn({10: 1, 20: 0.68, 30: 0.22}); 40 and 80 are beyond 30 → weight 0.
// The asymmetry checks that rows are origins (demand) and columns destinations (supply).
//   D_1 = 100·1 = 100                       R_1 = 0.15
//   D_2 = 50·1  = 50                        R_2 = 0.4
//   D_3 = 10·1 + 100·0.68 + 50·0.68 = 112   R_3 = 100/112 = 0.8928571…
//   A_1 = R_1 + 0.68 R_3 = 0.7571428…   → 757.142857…
//   A_2 = R_2 + 0.68 R_3 = 1.0071428…   → 1007.142857…
//   A_3 = R_3                           → 892.857142…
TEST(PublishedExamples, PysalHospitalInboundEnhanced) {
    const TimeMatrix t = matrix_of(3, 3,
                                   {{0, 0, 1},
                                    {1, 1, 1},
                                    {2, 2, 1},
                                    {0, 2, 20},
                                    {1, 2, 20},
                                    {2, 0, 40},
                                    {2, 1, 40},
                                    {0, 1, 80},
                                    {1, 0, 80}});
    const Accessibility a = two_step_fca(tract_pop, t, tract_doc, luo_qi);
    expect_relative(a.weighted_demand, {100.0, 50.0, 112.0});
    EXPECT_NEAR(a.per_1000[0], 757.1428571428572, 1e-9);
    EXPECT_NEAR(a.per_1000[1], 1007.1428571428571, 1e-9);
    EXPECT_NEAR(a.per_1000[2], 892.8571428571429, 1e-9);
}

}  // namespace
}  // namespace reach::scoring
