#pragma once
// The capacity-aware objective (issue 8, `objective: access`): open the sites that raise the
// access of the worst-served residents. A site's places are shared by the demand in its
// catchment (E2SFCA, scoring/two_step_fca.hpp: a closed site has capacity 0), so a new site
// near a crowded centre also relieves that centre's residents.
//
// value(S) = person-weighted mean E2SFCA (places per 1 000) of the worst-served `share` of
// the weight (default 0.10: the lowest decile; a cell on the boundary counts in part), to
// maximise. ("Maximise the minimum" is the limit share → 0; it is flat — and useless — as
// soon as one resident reaches no site, so the decile is the default.)
// Solved by greedy + interchange (local_search.hpp); no MIP: the objective is not linear.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "reach/optimize/heuristic.hpp"
#include "reach/optimize/problem.hpp"
#include "reach/scoring/inputs.hpp"
#include "reach/scoring/two_step_fca.hpp"

namespace reach::optimize {

struct AccessProblem {
    std::vector<double> demand;     // per demand point: E2SFCA demand (the demand group)
    std::vector<double> weight;     // per demand point: persons the objective counts (≥ 0)
    scoring::TimeMatrix time_s;     // demand points × sites, within the E2SFCA catchment
    std::vector<double> capacity;   // per site, ≥ 0
    std::vector<double> cost;       // per site
    std::vector<char> fixed_open;   // per site
    scoring::DecaySpec decay;
    double share = 0.10;
    std::optional<int> k;
    std::optional<double> budget;
};

// The lowest-share mean access with `chosen` and the fixed sites open.
[[nodiscard]] double access_value(const AccessProblem& problem,
                                  std::span<const std::uint32_t> chosen);

// Greedy + interchange; Solution::value = access_value, exact = false.
[[nodiscard]] Solution solve_access(const AccessProblem& problem);

// The chosen sites in the order that raises the value most at each step (heuristic.hpp's
// Step; `covered` is left 0).
[[nodiscard]] std::vector<Step> access_sequence(const AccessProblem& problem,
                                                std::span<const std::uint32_t> chosen);

// Person-weighted mean of the lowest `share` of `values` (weights ≥ 0; ties by index).
[[nodiscard]] double lowest_share_mean(std::span<const double> values,
                                       std::span<const double> weights, double share);

}  // namespace reach::optimize
