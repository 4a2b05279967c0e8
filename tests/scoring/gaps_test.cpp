#include "reach/scoring/gaps.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "reach/core/units.hpp"
#include "toy_region.hpp"

namespace reach::scoring {
namespace {

std::vector<std::string> ids_of(const std::vector<GapCell>& gaps,
                                const std::vector<std::string>& cell_id) {
    std::vector<std::string> out;
    for (const auto& g : gaps) {
        out.push_back(cell_id[g.cell]);
    }
    return out;
}

// Toy, total, target 15 min: gaps are c2 (50 persons, unreachable), c4 (400 at 20 min:
// 400 × 5 = 2000) and c6 (100 at 20 min: 100 × 5 = 500). c3 (20 min) has nobody.
// Order: unreachable first, then by score: c2, c4, c6.
TEST(GapCells, ToyAtFifteenMinutes) {
    const Cells c = toy::cells();
    const Times t = toy::times();
    const auto gaps = gap_cells(c.persons[0], t.nearest_time_s, c.cell_id, 15.0);
    EXPECT_EQ(ids_of(gaps, c.cell_id), (std::vector<std::string>{"c2", "c4", "c6"}));
    EXPECT_FALSE(gaps[0].score.has_value());
    EXPECT_FALSE(gaps[0].minutes_beyond.has_value());
    EXPECT_EQ(gaps[0].persons, 50.0);
    EXPECT_DOUBLE_EQ(*gaps[1].minutes_beyond, 5.0);
    EXPECT_DOUBLE_EQ(*gaps[1].score, 2000.0);
    EXPECT_DOUBLE_EQ(*gaps[2].score, 500.0);
    // At the target of 30 min only the island is left; at exactly 20 min c4 is not a gap.
    EXPECT_EQ(gap_cells(c.persons[0], t.nearest_time_s, c.cell_id, 30.0).size(), 1U);
    EXPECT_EQ(ids_of(gap_cells(c.persons[0], t.nearest_time_s, c.cell_id, 20.0), c.cell_id),
              std::vector<std::string>{"c2"});
}

// Target 10 min (600 s). Scores: "b" 10 × 3 = 30, "a" 5 × 6 = 30, "c" 30 × 1 = 30 (a tie of
// three: by id a, b, c), "d" 1 × 0.5 = 0.5; unreachable "z" 7 and "y" 7 (tie: y, z) and "x" 9
// come first by persons: x, y, z. "e" at exactly 600 s and "f" with nobody are no gaps.
// Ids compare bytewise: "B" (0x42) sorts before "a" (0x61); "é" (0xC3 0xA9) after "z".
TEST(GapCells, TiesGoToTheSmallerCellIdAndUnreachableComeFirstByPersons) {
    const std::vector<std::string> id = {"b", "a", "c", "d",        "z", "y",
                                         "x", "e", "f", "\xC3\xA9", "B"};
    const std::vector<double> persons = {10, 5, 30, 1, 7, 7, 9, 100, 0, 2, 2};
    const std::vector<double> time_s = {780,         960, 660,  630,  unreachable, unreachable,
                                        unreachable, 600, 9999, 1050, 1050};
    const auto gaps = gap_cells(persons, time_s, id, 10.0);
    // "é" and "B": 2 × 7.5 = 15 each, between the 30s and "d".
    EXPECT_EQ(ids_of(gaps, id),
              (std::vector<std::string>{"x", "y", "z", "a", "b", "c", "B", "\xC3\xA9", "d"}));
}

}  // namespace
}  // namespace reach::scoring
