#pragma once
// Gap cells of one group (SCENARIO.md, Rules): persons > 0 and a nearest-centre time beyond
// the target (time > target · 60 s + 1e-6 s) or none at all (unreachable or unsnapped).
// Score = persons × minutes beyond the target. An unreachable cell has no finite score: it
// is treated as beyond by an unbounded time, so unreachable cells rank before every
// reachable one and among themselves by persons (the order persons × M gives for any large
// M). Ranking: unreachable first by persons descending, then reachable by score descending;
// equal keys by the smaller cell id (bytewise). Cost: O(n log n).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace reach::scoring {

struct GapCell {
    std::uint32_t cell = 0;
    double persons = 0.0;
    std::optional<double> minutes_beyond;  // empty = unreachable or unsnapped
    std::optional<double> score;           // persons × minutes_beyond; empty = unreachable
};

// persons, nearest_time_s and cell_id have one entry per cell.
[[nodiscard]] std::vector<GapCell> gap_cells(std::span<const double> persons,
                                             std::span<const double> nearest_time_s,
                                             std::span<const std::string> cell_id,
                                             double target_min);

}  // namespace reach::scoring
