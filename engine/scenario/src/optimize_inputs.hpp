#pragma once
// The candidate sites of `reach optimize` (SCENARIO.md § optimize): read from
// optimize.candidates (a CSV with id,lon,lat or id,x,y, or any GDAL point layer) with the
// columns cost_eur, and the centres file's capacity, operator and country columns when
// present; then added to the scenario as centres.add, so that snapping, routing and every
// check run exactly as for a what-if with those centres. Private to engine/scenario.
#include <set>
#include <string>
#include <vector>

#include "reach/scenario/scenario.hpp"

namespace reach::scenario::detail {

struct Candidates {
    std::vector<CentreAdd> sites;     // file order, lon/lat set, cost_eur when given
    std::set<std::string> ids;
};

// InputError naming the file and candidate for a missing or non-numeric/negative cost_eur
// (when optimize.budget_eur is given, every candidate needs one), a negative capacity, an id
// that is also an existing centre's, or a file without candidates.
[[nodiscard]] Candidates read_candidates(const Scenario& s);

// `s` with every candidate in centres.add (after the scenario's own edits).
[[nodiscard]] Scenario with_candidates(const Scenario& s, const Candidates& candidates);

}  // namespace reach::scenario::detail
