#pragma once
// The map of one run as inline SVG: area outlines, per profile a layer (g.profile-layer) of
// isochrone bands and the gap areas of the profile's first group, the centres on top; with its
// HTML legend and the profile switch. Polygons are simplified to half a pixel of the drawing.
// Private to engine/report.
#include <string>
#include <string_view>

#include "reach/scenario/run.hpp"

namespace reach::report::detail {

struct RunMap {
    std::string svg;     // <svg id=…>
    std::string legend;  // <div class="legend" id=legend_id> with the profile switch
};

// `svg_id` names the svg (report: "map"), `legend_id` its legend ("map-legend").
[[nodiscard]] RunMap run_map(const scenario::RunResult& result, std::string_view svg_id,
                             std::string_view legend_id, double width_px);

// The profile's first group among the run's pairs ("" when the profile has none).
[[nodiscard]] std::string first_group(const scenario::RunResult& result,
                                      const std::string& profile);

// "≤ 15 min" for the first band, "15–30 min" after it.
[[nodiscard]] std::string band_label(const std::vector<int>& thresholds_min, std::size_t k);

}  // namespace reach::report::detail
