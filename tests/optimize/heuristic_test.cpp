// Greedy + interchange (heuristic.hpp): hand-made instances where the answer is known, and
// random ones against brute force within the documented bounds.
#include "reach/optimize/heuristic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "instances.hpp"

namespace {

using reach::optimize::Objective;
using reach::optimize::Problem;

// Sites listing demand points at time 0 (covered) — a set system.
Problem sets(Objective objective, const std::vector<std::vector<std::uint32_t>>& covers,
             std::vector<double> weights) {
    Problem p;
    p.objective = objective;
    p.weight = std::move(weights);
    for (const auto& set : covers) {
        for (const auto i : set) {
            p.demand.push_back(i);
            p.time_s.push_back(0.0);
        }
        p.first.push_back(static_cast<std::uint32_t>(p.demand.size()));
        p.cost.push_back(1.0);
        p.fixed_open.push_back(0);
    }
    return p;
}

// Six points of weight 1; s0 covers 1–4, s1 covers 0–2, s2 covers 3–5. With k = 2 greedy
// takes s0 (4) and then one point more (5); the optimum {s1, s2} covers all 6, and one swap
// (s0 → s2) finds it.
TEST(Heuristic, InterchangeRepairsTheGreedyMclpChoice) {
    auto p = sets(Objective::mclp, {{1, 2, 3, 4}, {0, 1, 2}, {3, 4, 5}}, std::vector(6, 1.0));
    p.k = 2;
    EXPECT_DOUBLE_EQ(reach::optimize::greedy(p).value, 5.0);
    const auto best = reach::optimize::solve_heuristic(p);
    EXPECT_DOUBLE_EQ(best.value, 6.0);
    auto chosen = best.chosen;
    std::sort(chosen.begin(), chosen.end());
    EXPECT_EQ(chosen, (std::vector<std::uint32_t>{1, 2}));
    EXPECT_DOUBLE_EQ(best.value, reach::test::brute_force(p).best.value);
}

// The same sets as a covering problem: greedy takes s0, s1, s2 (3 sites); s0 is then
// redundant, leaving the optimum {s1, s2}.
TEST(Heuristic, LscpDropsTheSitesGreedyNoLongerNeeds) {
    const auto p = sets(Objective::lscp, {{1, 2, 3, 4}, {0, 1, 2}, {3, 4, 5}}, std::vector(6, 1.0));
    const auto best = reach::optimize::solve_heuristic(p);
    EXPECT_DOUBLE_EQ(best.value, 2.0);
    EXPECT_EQ(best.chosen, (std::vector<std::uint32_t>{1, 2}));
}

// Weights 4, 3, 2, 1; s0 covers {0}, s1 {1, 2}, s2 {2, 3}. k = 1: s1 (5); k = 2: s1 then
// s0 (9), the brute-force optimum; `sequence` gives the gains 5 and 4.
TEST(Heuristic, MclpSequenceGivesMarginalGainsInOrder) {
    auto p = sets(Objective::mclp, {{0}, {1, 2}, {2, 3}}, {4, 3, 2, 1});
    p.k = 1;
    EXPECT_EQ(reach::optimize::solve_heuristic(p).chosen, std::vector<std::uint32_t>{1});
    p.k = 2;
    const auto best = reach::optimize::solve_heuristic(p);
    EXPECT_DOUBLE_EQ(best.value, 9.0);
    const auto steps = reach::optimize::sequence(p, best.chosen);
    ASSERT_EQ(steps.size(), 2U);
    EXPECT_EQ(steps[0].site, 1U);
    EXPECT_DOUBLE_EQ(steps[0].gain, 5.0);
    EXPECT_DOUBLE_EQ(steps[1].gain, 4.0);
    EXPECT_DOUBLE_EQ(steps[1].value, 9.0);
    EXPECT_DOUBLE_EQ(steps[1].cost, 2.0);
}

// Three points on a line at 0, 10, 20 min, a site at each: k = 1 takes the middle (10 + 10
// = 20 min·weight); k = 2 leaves one point 10 min away.
TEST(Heuristic, PmedianOnALine) {
    Problem p;
    p.objective = Objective::pmedian;
    p.weight = {1, 1, 1};
    for (int j = 0; j < 3; ++j) {
        for (int i = 0; i < 3; ++i) {
            p.demand.push_back(static_cast<std::uint32_t>(i));
            p.time_s.push_back(600.0 * std::abs(i - j));
        }
        p.first.push_back(static_cast<std::uint32_t>(p.demand.size()));
        p.cost.push_back(1.0);
        p.fixed_open.push_back(0);
    }
    p.k = 1;
    const auto one = reach::optimize::solve_heuristic(p);
    EXPECT_EQ(one.chosen, std::vector<std::uint32_t>{1});
    EXPECT_DOUBLE_EQ(one.value, 1200.0);
    p.k = 2;
    EXPECT_DOUBLE_EQ(reach::optimize::solve_heuristic(p).value, 600.0);
}

// Random instances against brute force: always feasible (never over k or the budget), and
// within the bounds heuristic.hpp documents; counts how often the optimum itself is found.
TEST(Heuristic, RandomInstancesStayWithinTheDocumentedBounds) {
    const double greedy_bound = 1.0 - 1.0 / std::numbers::e;
    int optimal = 0, runs = 0;
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        for (const auto objective : {Objective::mclp, Objective::pmedian, Objective::lscp}) {
            for (const auto& [with_k, with_budget] :
                 {std::pair{true, false}, std::pair{false, true}, std::pair{true, true}}) {
                const auto p = reach::test::random_problem(seed, objective, with_k, with_budget);
                const auto heuristic = reach::optimize::solve_heuristic(p);
                const auto exact = reach::test::brute_force(p).best;
                ASSERT_TRUE(reach::optimize::feasible(p, heuristic.chosen)) << seed;
                ++runs;
                optimal += std::abs(heuristic.value - exact.value) <= 1e-9 * std::max(1.0, exact.value);
                switch (objective) {
                    case Objective::mclp:
                        EXPECT_GE(heuristic.value + 1e-9,
                                  (with_budget ? 0.5 * greedy_bound : greedy_bound) * exact.value)
                            << seed;
                        EXPECT_LE(heuristic.value, exact.value + 1e-9) << seed;
                        break;
                    case Objective::pmedian:
                        EXPECT_GE(heuristic.value + 1e-9, exact.value) << seed;
                        break;
                    case Objective::lscp: {
                        // H(d), d = the most points one site covers; here d ≤ 40: H ≤ 4.28.
                        EXPECT_LE(heuristic.value, 4.28 * exact.value + 1e-9) << seed;
                        EXPECT_GE(heuristic.value, exact.value) << seed;
                        break;
                    }
                }
            }
        }
    }
    // Interchange reaches the optimum on the great majority of these small instances.
    EXPECT_GE(optimal, runs * 9 / 10) << optimal << " of " << runs;
    RecordProperty("optimal_of_360", optimal);
}
}  // namespace
