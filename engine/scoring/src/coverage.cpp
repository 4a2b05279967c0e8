#include "reach/scoring/coverage.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/core/units.hpp"
#include "reach/scoring/statistics.hpp"

namespace reach::scoring {
namespace {

std::string list(const std::vector<double>& values) {
    return fmt::format("[{}]", fmt::join(values, ", "));
}

// `for_each_cell(f)` calls f(cell index) for the cells to look at.
template <typename ForEachCell>
Coverage coverage_over(std::span<const double> persons, std::span<const double> nearest_time_s,
                       std::span<const char> unsnapped, const CoverageOptions& options,
                       ForEachCell for_each_cell) {
    REACH_ASSERT(persons.size() == nearest_time_s.size());
    REACH_ASSERT(unsnapped.empty() || unsnapped.size() == persons.size());
    Coverage out;
    out.covered.assign(options.thresholds_min.size(), 0.0);
    const double target_s = options.target_min * 60.0;
    std::vector<double> reachable_time_min;
    std::vector<double> reachable_persons;
    for_each_cell([&](std::uint32_t i) {
        const double p = persons[i];
        if (p <= 0.0) {
            return;  // zero-population cells are skipped
        }
        const double t = nearest_time_s[i];
        out.population += p;
        if (!unsnapped.empty() && unsnapped[i] != 0) {
            REACH_ASSERT(std::isinf(t));
            out.unsnapped += p;
            out.beyond_target += p;
            return;
        }
        if (std::isinf(t)) {
            out.unreachable += p;
            out.beyond_target += p;
            return;
        }
        out.reachable += p;
        reachable_time_min.push_back(t / 60.0);
        reachable_persons.push_back(p);
        for (std::size_t k = 0; k < options.thresholds_min.size(); ++k) {
            if (within(t, options.thresholds_min[k] * 60.0)) {
                out.covered[k] += p;
            }
        }
        if (!within(t, target_s)) {
            out.beyond_target += p;
        }
    });
    for (const double c : out.covered) {
        out.share_covered.push_back(out.population > 0.0 ? std::optional(c / out.population)
                                                         : std::nullopt);
    }
    if (out.population > 0.0) {
        out.share_beyond_target = out.beyond_target / out.population;
    }
    out.mean_time_min = weighted_mean(reachable_time_min, reachable_persons);
    out.median_time_min = weighted_percentile(reachable_time_min, reachable_persons, 0.5);
    out.p90_time_min = weighted_percentile(reachable_time_min, reachable_persons, 0.9);
    return out;
}

}  // namespace

void validate(const CoverageOptions& options) {
    const auto& t = options.thresholds_min;
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (!std::isfinite(t[k]) || t[k] <= 0.0) {
            throw InputError(where_what(
                "thresholds_min",
                fmt::format("{} in {} is not a positive number of minutes", t[k], list(t))));
        }
        if (k > 0 && t[k] <= t[k - 1]) {
            throw InputError(where_what(
                "thresholds_min",
                fmt::format("{} is not strictly increasing (expected e.g. [15, 30, 45, 60])",
                            list(t))));
        }
    }
    if (!std::isfinite(options.target_min) || options.target_min <= 0.0) {
        throw InputError(
            where_what("target_min",
                       fmt::format("{} is not a positive number of minutes", options.target_min)));
    }
}

Coverage coverage(std::span<const double> persons, std::span<const double> nearest_time_s,
                  std::span<const char> unsnapped, const CoverageOptions& options) {
    return coverage_over(persons, nearest_time_s, unsnapped, options, [&](auto&& f) {
        for (std::uint32_t i = 0; i < persons.size(); ++i) {
            f(i);
        }
    });
}

Coverage coverage(std::span<const double> persons, std::span<const double> nearest_time_s,
                  std::span<const char> unsnapped, const CoverageOptions& options,
                  std::span<const std::uint32_t> subset) {
    return coverage_over(persons, nearest_time_s, unsnapped, options, [&](auto&& f) {
        for (const std::uint32_t i : subset) {
            REACH_ASSERT(i < persons.size());
            f(i);
        }
    });
}

}  // namespace reach::scoring
