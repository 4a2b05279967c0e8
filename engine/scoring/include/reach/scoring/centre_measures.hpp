#pragma once
// What each centre, and each operator, contributes (issue 5, per centre):
//  * nearest: persons whose nearest centre it is (Times::nearest_centre, any time);
//  * covered: persons of cells it reaches within the target (matrix entry ≤ target · 60 s,
//    1e-6 s tolerance); unique_covered: of those, persons no other centre reaches within the
//    target; overlap = persons it covers that another centre covers too (covered − unique);
//  * load = weighted demand of its catchment / capacity (persons per place, the inverse of
//    the E2SFCA supply ratio; empty when the capacity is 0).
// Operators (distinct operator_name, sorted bytewise): nearest and capacity summed over their
// centres; covered = persons within the target of at least one of its centres;
// unique_covered = of those, persons within the target of no centre of another operator (so
// municipal vs NGO shows whether they complement or duplicate each other). An operator's
// unique_covered is not the sum of its centres' (two of its own centres may overlap).
// The target should not exceed the matrix's search bound. Cost: O(entries + cells · groups).
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "reach/scoring/inputs.hpp"

namespace reach::scoring {

struct CentreFigures {
    std::vector<std::vector<double>> nearest;         // [group][centre]
    std::vector<std::vector<double>> covered;         // [group][centre]
    std::vector<std::vector<double>> unique_covered;  // [group][centre]
    std::vector<std::vector<double>> overlap;         // [group][centre]
    std::vector<std::optional<double>> load;          // [centre]
};

// weighted_demand: per centre, two_step_fca().weighted_demand.
[[nodiscard]] CentreFigures centre_figures(const Cells& cells, const Centres& centres,
                                           const Times& times, double target_min,
                                           std::span<const double> weighted_demand);

struct OperatorFigures {
    std::vector<std::string> name;                    // distinct, bytewise ascending
    std::vector<std::size_t> centre_count;            // [operator]
    std::vector<double> capacity;                     // [operator]
    std::vector<std::vector<double>> nearest;         // [group][operator]
    std::vector<std::vector<double>> covered;         // [group][operator]
    std::vector<std::vector<double>> unique_covered;  // [group][operator]
};

[[nodiscard]] OperatorFigures operator_figures(const Cells& cells, const Centres& centres,
                                               const Times& times, double target_min);

}  // namespace reach::scoring
