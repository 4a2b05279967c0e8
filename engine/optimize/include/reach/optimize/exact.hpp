#pragma once
// The exact optimum of problem.hpp's objectives as a mixed-integer programme solved by COIN-OR
// CBC (Debian coinor-libcbc-dev), single-threaded and silent, hence deterministic.
// Variables x_j ∈ {0, 1} for the non-fixed sites (fixed sites are the constant 1):
//   mclp     y_i ∈ [0, 1] for each demand point no fixed site covers but some x_j could:
//            max Σ w_i y_i, y_i ≤ Σ_{j covers i} x_j
//   pmedian  for each reachable demand point, z_ij ∈ [0, 1] for each non-fixed site faster
//            than its fallback f_i = min(best fixed time, cap_s), and u_i ∈ [0, 1] at f_i:
//            min Σ w_i (Σ_j min(t_ij, cap) z_ij + f_i u_i), Σ_j z_ij + u_i = 1, z_ij ≤ x_j
//   lscp     min Σ x_j, Σ_{j covers i} x_j ≥ 1 for each coverable point no fixed site covers
// plus Σ x_j ≤ k and Σ c_j x_j ≤ budget when given (mclp, pmedian).
// The chosen sites come in increasing index order; Solution::value is objective_value() of
// them (bit-identical to the heuristics' evaluation), exact = true.
// Cost: the LP has O(pairs) columns and rows; CBC's branch and bound is exponential in the
// worst case, hence the pair and time limits.
#include <cstddef>
#include <optional>

#include "reach/optimize/problem.hpp"

namespace reach::optimize {

struct ExactOptions {
    double time_limit_s = 60.0;
    std::size_t max_pairs = 2'000'000;
};

// The proven optimum, or nullopt when the problem has more listed pairs than max_pairs or CBC
// stops at the time limit without proving optimality (CPU seconds; each LP solve inside CBC
// carries the same limit, so a run ends within about twice the limit).
[[nodiscard]] std::optional<Solution> solve_exact(const Problem& problem,
                                                  const ExactOptions& options = {});

}  // namespace reach::optimize
