#pragma once
// Two-step floating catchment area (2SFCA) and its enhanced variant (E2SFCA), SCENARIO.md,
// Rules: Luo & Qi 2009 (stepped weights), Dai 2010 (Gaussian weights).
//   Step 1, per centre j:  D_j = Σ_i w(t_ij) · P_i   (P = persons of the demand group)
//                          R_j = capacity_j / D_j
//   Step 2, per cell i:    A_i = 1000 · Σ_j w(t_ij) · R_j   (places per 1 000 persons)
// Step decay: zones [0, b1], (b1, b2], … (bounds inclusive, 1e-6 s tolerance) with weights
// w1, w2, …; 0 beyond the last bound. Gaussian: w(d) = (exp(−½(d/d0)²) − exp(−½)) / (1 −
// exp(−½)) for d ≤ d0, else 0 (so w(0) = 1 and w(d0) = 0). 2SFCA = step with one zone of
// weight 1. Only explicit matrix entries count (a missing entry is beyond the search bound).
// A centre whose catchment holds no weighted demand (D_j = 0) has an undefined ratio: it
// contributes 0 to every cell and is listed in `without_demand` so the run can warn.
// Sums run in column order (centre by centre, cells in row order): deterministic.
// Cost: O(matrix entries + cells + centres).
#include <cstdint>
#include <span>
#include <vector>

#include "reach/scoring/inputs.hpp"

namespace reach::scoring {

enum class Decay { step, gaussian };

struct DecaySpec {
    Decay decay = Decay::step;
    std::vector<double> breaks_min;  // step: zone upper bounds, > 0, strictly increasing
    std::vector<double> weights;     // step: one per zone, finite, ≥ 0
    double catchment_min = 0.0;      // gaussian: d0 > 0
};

// 2SFCA: one zone [0, catchment_min] of weight 1.
[[nodiscard]] DecaySpec two_step_spec(double catchment_min);

// Throws InputError naming the key (measures.e2sfca.breaks_min, .weights, .catchment_min),
// the value found and what is expected.
void validate(const DecaySpec& spec);

// The weight of a centre reached in time_s (0 beyond the catchment).
[[nodiscard]] double decay_weight(const DecaySpec& spec, double time_s);

struct Accessibility {
    std::vector<double> weighted_demand;        // per centre: D_j
    std::vector<double> supply_ratio;           // per centre: R_j (places per person), 0 when
                                                // D_j = 0
    std::vector<std::uint32_t> without_demand;  // centres with D_j = 0, ascending
    std::vector<double> per_1000;               // per cell: A_i (0 when no centre in reach)
};

// demand: persons of the demand group per cell; capacity: places per centre.
[[nodiscard]] Accessibility two_step_fca(std::span<const double> demand, const TimeMatrix& time_s,
                                         std::span<const double> capacity, const DecaySpec& spec);

// Step 2 alone: A_i per cell from given supply ratios (places per person, one per column).
// A group that reaches the centres at other times than the demand group (its own access-leg
// speed) keeps the centres' crowding R_j of step 1 and gets its own A_i.
[[nodiscard]] std::vector<double> access_per_1000(const TimeMatrix& time_s,
                                                  std::span<const double> supply_ratio,
                                                  const DecaySpec& spec);

}  // namespace reach::scoring
