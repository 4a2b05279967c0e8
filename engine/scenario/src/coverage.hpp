#pragma once
// Coverage of one group over a subset of cells (SCENARIO.md, Rules): a person is covered
// within T when the cell's nearest-centre time is ≤ T·60 s (1e-6 s tolerance); mean, median
// and p90 are person-weighted over reachable persons, the percentiles by nearest rank (the
// smallest time t such that the persons with a time ≤ t number at least p·W). Sums run in
// the subset's order, so the result does not depend on threads. O(k log k) for k cells.
// (A stand-in until the scoring module offers the same; see the run's README note.)
#include <cstdint>
#include <span>
#include <vector>

#include "reach/scenario/run.hpp"

namespace reach::scenario {

struct CoverageSpec {
    std::vector<int> thresholds_min;
    int target_min = 30;
};

// persons, time_s (reach::unreachable when none) and unsnapped (1 = unsnapped) per cell;
// `cells` lists the cells to count.
[[nodiscard]] Totals coverage(std::span<const double> persons, std::span<const double> time_s,
                              std::span<const char> unsnapped, const CoverageSpec& spec,
                              std::span<const std::uint32_t> cells);

}  // namespace reach::scenario
