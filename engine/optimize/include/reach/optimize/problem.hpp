#pragma once
// Location-allocation on a sparse demand × site time table (issue 8; SCENARIO.md § optimize).
//
// Demand points carry a weight (persons of each group times the group's weight, summed). Sites
// are the candidate locations plus the existing centres; an existing centre kept open
// (keep_existing) is `fixed_open`: always open, outside k and the budget. The times come from
// a bounded search (or a matrix file): a pair that is not listed is beyond the bound.
//
// Objectives (value of a set S of open sites, fixed ones included):
//   mclp     Σ_i w_i · [min_{j∈S} t_ij ≤ target_s]                          (maximise)
//   pmedian  Σ_{i reachable} w_i · min(cap_s, min_{j∈S} t_ij), unlisted pairs = cap_s
//            (minimise); demand with no listed pair at all is unreachable: excluded and
//            counted (Problem::unreachable_weight)
//   lscp     |S \ fixed| such that every coverable demand point (some site within target_s)
//            is within target_s of S (minimise; k and budget do not apply)
// Constraints (mclp, pmedian): at most k non-fixed sites and Σ cost ≤ budget over them, each
// when given. Ties between equal objective values go to the set chosen first by site index
// (sites are in id order), so results never depend on thread counts.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace reach::optimize {

enum class Objective : std::uint8_t { mclp, pmedian, lscp };

struct Problem {
    Objective objective = Objective::mclp;
    std::vector<double> weight;     // per demand point, ≥ 0
    std::vector<double> cost;       // per site, ≥ 0 (EUR)
    std::vector<char> fixed_open;   // per site: 1 = always open, outside k and budget
    // The listed pairs, CSR by site: site j reaches demand[first[j] .. first[j+1]) in
    // time_s[...] seconds (each demand point at most once per site).
    std::vector<std::uint32_t> first{0};
    std::vector<std::uint32_t> demand;
    std::vector<double> time_s;
    double target_s = 1800.0;  // mclp, lscp: within means time ≤ target_s + 1e-6
    double cap_s = 5400.0;     // pmedian: times beyond count as cap_s
    std::optional<int> k;      // at most k non-fixed sites
    std::optional<double> budget;  // Σ cost of the non-fixed sites ≤ budget (+1e-9 relative)

    [[nodiscard]] std::size_t site_count() const { return cost.size(); }
    [[nodiscard]] std::size_t demand_count() const { return weight.size(); }
};

// A choice of non-fixed sites, in selection order, and its objective value.
struct Solution {
    std::vector<std::uint32_t> chosen;  // non-fixed sites, selection order
    double value = 0.0;                 // Problem::objective's value (above)
    bool exact = false;                 // proven optimal (MIP) rather than heuristic
};

// The objective value of opening `chosen` (non-fixed sites) and every fixed site.
[[nodiscard]] double objective_value(const Problem& problem,
                                     std::span<const std::uint32_t> chosen);

// Whether `chosen` satisfies k and the budget (lscp: always true), and names no fixed site
// nor a site twice.
[[nodiscard]] bool feasible(const Problem& problem, std::span<const std::uint32_t> chosen);

// Demand points with no listed pair at all (pmedian: excluded) and their total weight.
[[nodiscard]] double unreachable_weight(const Problem& problem);

// Within: t ≤ target_s with the tolerance SCENARIO.md uses (1e-6 s).
[[nodiscard]] inline bool within_target(double time_s, double target_s) {
    return time_s <= target_s + 1e-6;
}

// Whether objective value a is better than b (mclp maximises, the others minimise), beyond a
// relative 1e-12 so that rounding noise never swaps equal choices.
[[nodiscard]] bool better(Objective objective, double a, double b);

}  // namespace reach::optimize
