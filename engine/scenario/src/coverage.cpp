#include "coverage.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "reach/core/units.hpp"

namespace reach::scenario {
namespace {

// Nearest rank over (time, persons) sorted by time; total = Σ persons > 0.
double percentile(const std::vector<std::pair<double, double>>& sorted, double total, double p) {
    const double wanted = p * total;
    double running = 0.0;
    for (const auto& [time_s, w] : sorted) {
        running += w;
        if (running >= wanted * (1.0 - 1e-12)) {
            return time_s;
        }
    }
    return sorted.back().first;
}

}  // namespace

Totals coverage(std::span<const double> persons, std::span<const double> time_s,
                std::span<const char> unsnapped, const CoverageSpec& spec,
                std::span<const std::uint32_t> cells) {
    Totals t;
    t.covered.assign(spec.thresholds_min.size(), 0.0);
    std::vector<std::pair<double, double>> reached;  // (time_s, persons)
    double reached_persons = 0.0;
    double weighted_time_s = 0.0;
    for (const auto i : cells) {
        const double w = persons[i];
        if (!(w > 0.0)) {
            continue;
        }
        t.population += w;
        if (unsnapped[i] != 0) {
            t.unsnapped += w;
            t.beyond_target += w;
            continue;
        }
        const double time = time_s[i];
        if (time == unreachable) {
            t.unreachable += w;
            t.beyond_target += w;
            continue;
        }
        for (std::size_t k = 0; k < spec.thresholds_min.size(); ++k) {
            if (within(time, spec.thresholds_min[k] * 60.0)) {
                t.covered[k] += w;
            }
        }
        if (!within(time, spec.target_min * 60.0)) {
            t.beyond_target += w;
        }
        reached.emplace_back(time, w);
        reached_persons += w;
        weighted_time_s += w * time;
    }
    for (const double c : t.covered) {
        t.share_covered.push_back(t.population > 0.0 ? std::optional<double>(c / t.population)
                                                     : std::nullopt);
    }
    if (reached_persons > 0.0) {
        std::stable_sort(reached.begin(), reached.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        t.mean_time_min = weighted_time_s / reached_persons / 60.0;
        t.median_time_min = percentile(reached, reached_persons, 0.5) / 60.0;
        t.p90_time_min = percentile(reached, reached_persons, 0.9) / 60.0;
    }
    return t;
}

}  // namespace reach::scenario
