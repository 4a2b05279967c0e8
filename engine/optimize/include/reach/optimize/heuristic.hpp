#pragma once
// Heuristics for problem.hpp: greedy, then Teitz–Bart interchange.
//
// greedy(): mclp and pmedian add, one at a time, the feasible site with the best marginal gain
// (with a budget: the best gain per euro, a site of cost 0 first; the result is then compared
// with the best single affordable site, the "modified greedy" of budgeted maximum coverage);
// lscp adds the site that covers the most still-uncovered coverable demand points until all
// are covered, then drops sites that became redundant (latest first).
// interchange(): Teitz–Bart — repeatedly applies the best improving move (add a site when k and
// the budget allow, or swap a chosen site for one not chosen) until none improves; for lscp,
// also drop a site when the rest still cover everything. Ties go to the smaller site index,
// so results are deterministic.
//
// Bounds (documented, checked by tests on random instances against brute force):
//   mclp with k only: greedy ≥ (1 − 1/e) · optimum (submodular maximisation); with a budget
//   the modified greedy ≥ ½ (1 − 1/e) · optimum; interchange only improves.
//   lscp: greedy ≤ H(d) · optimum, d the most demand points one site covers (set cover);
//   redundancy removal and drops only improve.
//   pmedian: no constant worst-case bound for greedy; interchange reaches a swap-local
//   optimum (Teitz and Bart 1968), within 5 times the optimum for the pure p-median (Arya et al.
//   2004, single swaps).
// Cost: greedy O(k · pairs); one interchange pass O(chosen · sites · pairs of the open sites).
#include <cstdint>
#include <span>
#include <vector>

#include "reach/optimize/problem.hpp"

namespace reach::optimize {

[[nodiscard]] Solution greedy(const Problem& problem);
[[nodiscard]] Solution interchange(const Problem& problem, Solution start);
// greedy, then interchange.
[[nodiscard]] Solution solve_heuristic(const Problem& problem);

// The chosen sites in the order that gains most at each step (ties: smaller index), with the
// marginal gain, the objective value, the weight within the target and the cumulative cost
// after each: optimize.json's `chosen` and the coverage curve. (lscp: the gain is the weight
// newly within the target.)
struct Step {
    std::uint32_t site = 0;
    double gain = 0.0;   // improvement of the objective (mclp: + covered; others: − value)
    double value = 0.0;  // objective value with the sites so far (and the fixed ones)
    double covered = 0.0;  // weight within target_s with the sites so far (mclp: = value)
    double cost = 0.0;     // cumulative cost
};
[[nodiscard]] std::vector<Step> sequence(const Problem& problem,
                                         std::span<const std::uint32_t> chosen);

}  // namespace reach::optimize
