#pragma once
// Gap areas of one profile × group (run.hpp, GapArea): the gap cells among the scored cells
// joined through shared cell edges. Private to engine/scenario.
#include <cstdint>
#include <vector>

#include "reach/demand/population.hpp"
#include "reach/scenario/run.hpp"
#include "time_sources.hpp"

namespace reach::scenario::detail {

[[nodiscard]] std::vector<GapArea> gap_areas(const std::vector<std::uint32_t>& scored,
                                             const std::vector<double>& persons,
                                             const CellTimes& times,
                                             const demand::PopulationGrid& grid,
                                             const RunResult& result, double target_min);

}  // namespace reach::scenario::detail
