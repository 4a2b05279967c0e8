// The capacity-aware objective (access.hpp), worked by hand.
#include "reach/optimize/access.hpp"

#include <gtest/gtest.h>

namespace {

using reach::optimize::AccessProblem;

// Values 3, 1, 2 with weights 1, 1, 2: the lowest half (2 of 4) is value 1 (weight 1) and
// value 2 (weight 1 of its 2): mean 1.5. The lowest quarter is value 1 alone.
TEST(Access, LowestShareMeanTakesTheWorstServedByWeight) {
    const std::vector<double> values = {3, 1, 2};
    const std::vector<double> weights = {1, 1, 2};
    EXPECT_DOUBLE_EQ(reach::optimize::lowest_share_mean(values, weights, 0.5), 1.5);
    EXPECT_DOUBLE_EQ(reach::optimize::lowest_share_mean(values, weights, 0.25), 1.0);
    EXPECT_DOUBLE_EQ(reach::optimize::lowest_share_mean(values, weights, 1.0), 2.0);
}

// 2SFCA (one zone, 30 min). Points d0, d1, d2 of 100 persons; existing A (10 places) reaches
// d0 and d1; candidate B (10) reaches d1 and d2; candidate C (10) reaches d0 only.
//   A alone:  R_A = 10/200: d0 = d1 = 50 per 1 000, d2 = 0 → lowest decile (30 of 300) 0.
//   A + B:    R_A = R_B = 10/200: d0 50, d1 100, d2 50 → lowest decile 50.
//   A + C:    R_A = 10/200, R_C = 10/100: d0 150, d1 50, d2 0 → 0.
// So k = 1 opens B, although C would give d0 the most.
TEST(Access, OpensTheSiteThatLiftsTheWorstServed) {
    AccessProblem p;
    p.demand = {100, 100, 100};
    p.weight = {100, 100, 100};
    p.time_s.resize(3, 3);
    std::vector<Eigen::Triplet<double, std::int32_t>> pairs = {
        {0, 0, 60.0}, {1, 0, 60.0}, {1, 1, 60.0}, {2, 1, 60.0}, {0, 2, 60.0}};
    p.time_s.setFromTriplets(pairs.begin(), pairs.end());
    p.capacity = {10, 10, 10};
    p.cost = {0, 1, 1};
    p.fixed_open = {1, 0, 0};
    p.decay = reach::scoring::two_step_spec(30.0);
    p.k = 1;
    EXPECT_DOUBLE_EQ(reach::optimize::access_value(p, {}), 0.0);
    const std::vector<std::uint32_t> b = {1};
    EXPECT_DOUBLE_EQ(reach::optimize::access_value(p, b), 50.0);
    const auto best = reach::optimize::solve_access(p);
    EXPECT_EQ(best.chosen, b);
    EXPECT_DOUBLE_EQ(best.value, 50.0);
    const auto steps = reach::optimize::access_sequence(p, best.chosen);
    ASSERT_EQ(steps.size(), 1U);
    EXPECT_DOUBLE_EQ(steps[0].gain, 50.0);
}

}  // namespace
