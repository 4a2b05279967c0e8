#pragma once
// The inputs of one run, read and checked before any routing (cheapest first, so a bad file
// fails before a graph is built): the profiles, the population (column groups, then rates
// groups spread over their base group), the centres with the scenario's close / add / modify
// and measures.service applied, their capacities, operators and countries, the areas of the
// cells and the scored cells (those of area.select, else every cell) as scoring sees them.
// Private to engine/scenario.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reach/demand/population.hpp"
#include "reach/io/centres_reader.hpp"
#include "reach/network/profile.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"
#include "reach/scoring/inputs.hpp"
#include "reach/scoring/two_step_fca.hpp"

namespace reach::scenario::detail {

struct RunInputs {
    network::ProfileSet profile_set;                // empty with a matrix
    std::vector<const network::Profile*> profiles;  // profiles.use order, into profile_set
    demand::PopulationGrid grid;
    std::vector<io::Centre> centres;          // file order after the edits ("input order")
    std::vector<std::string> centre_country;  // per centre (input order); "" = unknown
    std::vector<std::string> centre_operator;  // per centre (input order)
    std::optional<std::vector<double>> capacity;  // per centre (input order); none: no E2SFCA
    scoring::Centres ranked_centres;          // bytewise by id (routing's rank order)
    std::vector<std::uint32_t> scored;        // grid indices of the scored cells, ascending
    scoring::Cells scored_cells;              // the scored cells in `scored` order
    std::vector<std::string> cell_countries;  // distinct non-empty cell countries, sorted
    std::string demand_group;                 // measures.e2sfca.demand_group, resolved
    scoring::DecaySpec decay;
    double matrix_bound_s = 0.0;  // E2SFCA catchment, the largest threshold, whichever is larger
};

// Reads every input of `s` except the roads; fills the per-cell, area, group, centre and
// warning fields of `result`. Throws InputError for bad input.
[[nodiscard]] RunInputs read_run_inputs(const Scenario& s, RunResult& result);

// The rows of a cell × centre matrix (grid order) that are scored cells, in RunInputs::scored
// order (row k = in.scored[k]).
[[nodiscard]] scoring::TimeMatrix scored_rows(const RunInputs& in,
                                              const scoring::TimeMatrix& all);

// Whether group `g` is computed with `profile` (a group without profiles uses every one).
[[nodiscard]] bool group_uses(const Group& g, const std::string& profile);

}  // namespace reach::scenario::detail
