#pragma once
// Greedy and Teitz–Bart interchange on any set function to maximise (heuristic.hpp uses it for
// mclp and pmedian, access.hpp for the capacity-aware objective).
//
// greedy_by_value(): adds, one at a time, the feasible site with the best gain (per euro when a
// budget is given; a site of cost 0 before any ratio) while the gain is positive; with a
// budget the result is compared with the best single affordable site ("modified greedy").
// interchange_by_value(): repeatedly applies the best improving move — add a site when k and
// the budget allow, or swap a chosen site for one not chosen — until none improves by more
// than a relative 1e-12. Ties go to the smaller site index: deterministic.
// Cost: greedy O(k · sites) evaluations, one interchange pass O(chosen · sites) evaluations.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace reach::optimize {

struct SiteLimits {
    std::span<const double> cost;       // per site
    std::span<const char> fixed_open;   // per site: 1 = always open, never chosen
    std::optional<int> k;               // at most k chosen sites
    std::optional<double> budget;       // Σ cost of the chosen sites
    [[nodiscard]] bool fits(std::span<const std::uint32_t> chosen) const;
};

// The value of opening `chosen` (and the fixed sites); larger is better.
using SetValue = std::function<double(std::span<const std::uint32_t> chosen)>;

[[nodiscard]] std::vector<std::uint32_t> greedy_by_value(const SiteLimits& limits,
                                                         const SetValue& value);
[[nodiscard]] std::vector<std::uint32_t> interchange_by_value(const SiteLimits& limits,
                                                              const SetValue& value,
                                                              std::vector<std::uint32_t> start);

}  // namespace reach::optimize
