// The exact MIP through CBC (exact.hpp) against brute force on random instances, and its
// limits.
#include "reach/optimize/exact.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "instances.hpp"

namespace {

using reach::optimize::Objective;

// ≥ 30 random instances per objective and limit: the MIP's value is the brute-force optimum,
// its choice is feasible, and where the optimum is unique it is the same set.
TEST(Exact, MatchesBruteForceOnRandomInstances) {
    int unique = 0;
    for (std::uint32_t seed = 1; seed <= 30; ++seed) {
        for (const auto objective : {Objective::mclp, Objective::pmedian, Objective::lscp}) {
            for (const auto& [with_k, with_budget] :
                 {std::pair{true, false}, std::pair{false, true}, std::pair{true, true}}) {
                const auto p = reach::test::random_problem(seed, objective, with_k, with_budget);
                const auto reference = reach::test::brute_force(p);
                const auto exact = reach::optimize::solve_exact(p);
                ASSERT_TRUE(exact) << seed;
                EXPECT_TRUE(exact->exact);
                EXPECT_TRUE(reach::optimize::feasible(p, exact->chosen)) << seed;
                EXPECT_NEAR(exact->value, reference.best.value,
                            1e-9 * std::max(1.0, std::abs(reference.best.value)))
                    << "seed " << seed << " objective " << static_cast<int>(objective);
                if (reference.optimal_subsets == 1) {
                    ++unique;
                    auto chosen = exact->chosen;
                    std::sort(chosen.begin(), chosen.end());
                    EXPECT_EQ(chosen, reference.best.chosen) << seed;
                }
            }
        }
    }
    EXPECT_GT(unique, 50);  // the set comparison really ran
}

TEST(Exact, TooManyPairsIsLeftToTheHeuristic) {
    const auto p = reach::test::random_problem(7, Objective::mclp, true, false);
    reach::optimize::ExactOptions options;
    options.max_pairs = p.demand.size() - 1;
    EXPECT_FALSE(reach::optimize::solve_exact(p, options));
}

// A budget below every cost: nothing can open, the value is the fixed sites' alone.
TEST(Exact, BudgetBelowEveryCostChoosesNothing) {
    auto p = reach::test::random_problem(11, Objective::mclp, false, true);
    p.budget = 0.5;  // costs are 1–9
    const auto exact = reach::optimize::solve_exact(p);
    ASSERT_TRUE(exact);
    EXPECT_TRUE(exact->chosen.empty());
    EXPECT_DOUBLE_EQ(exact->value, reach::optimize::objective_value(p, {}));
}

}  // namespace
