#pragma once
// Coverage of one group by the nearest centre (SCENARIO.md, Rules): a person is covered
// within threshold T when the nearest-centre time of their cell is ≤ T · 60 s (inclusive,
// 1e-6 s tolerance). `population` counts every person of the cells, unreachable and
// unsnapped ones included; `covered` never counts them. Mean, median and 90th percentile of
// the time are person-weighted over reachable persons (nearest rank, statistics.hpp) and
// empty when nobody is reachable. Cells with no persons of the group are skipped.
// Cost: O(n · thresholds + n log n) over the n cells looked at.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace reach::scoring {

struct CoverageOptions {
    std::vector<double> thresholds_min;  // > 0, strictly increasing (e.g. 15, 30, 45, 60)
    double target_min = 30.0;            // > 0; a gap is a time beyond it (SCENARIO.md)
};

// Throws InputError naming `thresholds_min` or `target_min`, the value and what is expected.
void validate(const CoverageOptions& options);

struct Coverage {
    double population = 0.0;                           // all persons of the cells
    std::vector<double> covered;                       // per threshold
    std::vector<std::optional<double>> share_covered;  // covered / population (empty if 0)
    std::optional<double> mean_time_min;               // over reachable persons
    std::optional<double> median_time_min;
    std::optional<double> p90_time_min;
    double reachable = 0.0;      // persons with a finite nearest time
    double beyond_target = 0.0;  // nearest time > target, unreachable or unsnapped
    std::optional<double> share_beyond_target;
    double unreachable = 0.0;  // snapped, but no centre reached
    double unsnapped = 0.0;    // not snapped to the network (never covered)
};

// Over every cell. persons and nearest_time_s have one entry per cell; unsnapped is empty or
// has one entry per cell (1 = unsnapped, its time must be reach::unreachable).
[[nodiscard]] Coverage coverage(std::span<const double> persons,
                                std::span<const double> nearest_time_s,
                                std::span<const char> unsnapped, const CoverageOptions& options);

// Over the cells listed in `subset` (indices < cell count, e.g. one area's cells).
[[nodiscard]] Coverage coverage(std::span<const double> persons,
                                std::span<const double> nearest_time_s,
                                std::span<const char> unsnapped, const CoverageOptions& options,
                                std::span<const std::uint32_t> subset);

}  // namespace reach::scoring
