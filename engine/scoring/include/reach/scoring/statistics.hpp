#pragma once
// Person-weighted statistics over cells: value[i] held by weight[i] persons (finite, ≥ 0).
// Cells with weight 0 are ignored; every function is O(n log n) (one sort) and returns an
// empty optional when there is no answer (no persons, or a ratio with a zero denominator).
#include <optional>
#include <span>

namespace reach::scoring {

// Σ w·v / Σ w.
[[nodiscard]] std::optional<double> weighted_mean(std::span<const double> value,
                                                  std::span<const double> weight);

// Nearest-rank percentile, p in (0, 1]: the smallest value v such that the persons with a
// value ≤ v number at least p · W (W = all persons). With one person per cell this is the
// classic nearest rank, value number ⌈p·n⌉ in ascending order. A relative tolerance of 1e-12
// on the comparison keeps rounding of the running sum from skipping a value that reaches
// p · W exactly.
[[nodiscard]] std::optional<double> weighted_percentile(std::span<const double> value,
                                                        std::span<const double> weight, double p);

// Gini coefficient over persons (values ≥ 0; persons of one cell share its value):
//   G = Σ_i Σ_j w_i w_j |v_i − v_j| / (2 W² μ),   μ = Σ w v / W,
// computed in sorted order as Σ_i w_i v_i (2 C_i − w_i − W) / (W Σ w v) with C_i the
// persons up to and including cell i. 0 = all equal; one cell of n equal-weight cells holding
// everything gives (n − 1)/n. Empty when W = 0 or Σ w v = 0.
[[nodiscard]] std::optional<double> gini(std::span<const double> value,
                                         std::span<const double> weight);

// Palma ratio: mean value of the best-served 10 % of persons over the mean of the
// worst-served 40 %. Persons are ordered by value; a cell straddling a cut is split, its
// persons counted fractionally on both sides. With S(q) = Σ of values over the q worst-served
// persons:  Palma = [(S(W) − S(0.9 W)) / 0.1 W] / [S(0.4 W) / 0.4 W].
// Empty when W = 0 or S(0.4 W) = 0 (the worst-served 40 % have nothing).
[[nodiscard]] std::optional<double> palma(std::span<const double> value,
                                          std::span<const double> weight);

// Concentration index (Wagstaff; Kakwani, Wagstaff & van Doorslaer 1997; O'Donnell et al.
// 2008, ch. 8) of value over persons ranked by rank_value, the lowest rank_value first: pass
// a column where low = most deprived or poorest (an income, or a deprivation score negated),
// so that C < 0 says the value is concentrated among the worst-off and C > 0 among the
// better-off. With W = Σ w, μ = Σ w h / W and R_i the persons' fractional rank
//   R_i = (Σ_{j ranked before i} w_j + w_i / 2) / W      (the person-weighted mean of R is ½),
//   C = 2 cov_w(h, R) / μ = 2 Σ w_i h_i (R_i − ½) / Σ w h.
// Cells with equal rank_value form one block and all get the block's midpoint rank (its
// persons before + half its persons, over W), so neither the input order of the cells nor
// how a block is split into cells changes the result; the sums run in an order fixed by the
// values, not the input, so the result is bitwise the same for any permutation of the cells.
// A cell of weight 2 counts as two persons with its value and rank. For values ≥ 0, C lies in
// (−1, 1): 0 when everybody has the same value (or the value does not follow the ranking);
// 1 − w/W when one top-ranked cell of w persons holds everything. Cells with weight 0, and
// cells whose rank_value is not finite (no rank known: NaN), are left out of W, μ and the
// ranks alike. Empty when W = 0 or μ = 0. O(n log n).
[[nodiscard]] std::optional<double> concentration_index(std::span<const double> value,
                                                        std::span<const double> weight,
                                                        std::span<const double> rank_value);

}  // namespace reach::scoring
