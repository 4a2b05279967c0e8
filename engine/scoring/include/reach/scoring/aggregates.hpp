#pragma once
// Figures of one group per area, per country and in total (SCENARIO.md, summary.json):
// coverage (coverage.hpp) plus the E2SFCA mean and the equity measures over persons
// (statistics.hpp): Gini and Palma of the cells' E2SFCA values, a cell with no centre in
// reach counting 0, and, when Cells::rank_value is given (measures.equity_rank_column), the
// concentration index of those values over persons ranked by it. The E2SFCA mean is
// person-weighted over all persons of the unit (unreachable and unsnapped ones at 0). Areas
// come from Cells::area (cells with no_area are only in the country and total figures),
// countries from Cells::country (sorted bytewise; "" is only in the total).
// Cost: O(n log n) per unit.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "reach/scoring/coverage.hpp"
#include "reach/scoring/inputs.hpp"

namespace reach::scoring {

struct Figures {
    Coverage coverage;
    std::optional<double> e2sfca_mean;  // empty when population is 0 or no E2SFCA is given
    std::optional<double> gini;         // empty as statistics.hpp says, or no E2SFCA given
    std::optional<double> palma;
    // Empty as statistics.hpp says (no ranked persons, or all at 0), or no E2SFCA or no
    // Cells::rank_value given. Cells with a NaN rank value are left out of it only.
    std::optional<double> concentration_index;
};

struct GroupAggregates {
    Figures total;
    std::vector<std::string> country;  // distinct non-empty countries, bytewise ascending
    std::vector<Figures> by_country;   // parallel to `country`
    std::vector<Figures> by_area;      // Cells::area_count entries
};

// e2sfca_per_1000: one value per cell (two_step_fca().per_1000), or empty to skip the E2SFCA
// and equity figures.
[[nodiscard]] GroupAggregates aggregate(const Cells& cells, std::size_t group, const Times& times,
                                        std::span<const double> e2sfca_per_1000,
                                        const CoverageOptions& options);

}  // namespace reach::scoring
