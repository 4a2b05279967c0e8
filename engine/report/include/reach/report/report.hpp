#pragma once
// report.html (SCENARIO.md, The run folder; issue 9): one self-contained page a planner can
// open from a file:// URL, print, or attach to a funding application — no script, style, font
// or tile from the network; the maps are SVG drawn from the run's own layers.
//
// run_report_html(): the question (scenario, inputs with their dates, profiles, thresholds),
// a map of centres, isochrone bands and gap areas over the areas (legend, scale bar, one
// layer per profile), headline figures per profile × group, a sortable per-area table, charts
// (cumulative share by travel time, distribution of nearest times, residents per nearest
// centre) with their data tables, and a footer with the attribution each data licence asks
// for, the stand-ins, assumptions and warnings. compare_report_html(): both maps side by side
// and the change table. optimize_report_html(): the chosen sites and the coverage curve.
//
// Deterministic except the footer's line with the run time (DESIGN.md, Determinism).
// DOM hooks for tests and scripts: [data-figure=covered|share][data-profile][data-group]
// [data-threshold][data-value]; svg#map path.centre / path.band[data-profile][data-threshold]
// / path.area / path.gap; #map-legend; #scale-bar; table#areas (th[data-sort],
// td[data-col][data-value]); figure.chart#chart-cumulative|#chart-nearest|#chart-load;
// footer#attribution.
#include <string>
#include <vector>

#include "reach/scenario/compare.hpp"
#include "reach/scenario/optimize.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::report {

struct ReportInfo {
    std::string version;   // reach version
    double seconds = 0.0;  // run time, shown in the footer
};

// True when outputs.formats asks for html.
[[nodiscard]] bool wants_report(const scenario::Scenario& scenario);

[[nodiscard]] std::string run_report_html(const scenario::Scenario& scenario,
                                          const scenario::RunResult& result,
                                          const ReportInfo& info);

[[nodiscard]] std::string compare_report_html(const scenario::Scenario& a,
                                              const scenario::RunResult& run_a,
                                              const scenario::Scenario& b,
                                              const scenario::RunResult& run_b,
                                              const ReportInfo& info);

[[nodiscard]] std::string optimize_report_html(const scenario::Scenario& scenario,
                                               const scenario::OptimizeResult& result,
                                               const ReportInfo& info);

// The report as the run folder's extra file (outputs.files `report` renames it), or nothing
// when outputs.formats leaves html out.
[[nodiscard]] std::vector<scenario::ExtraFile> run_report_file(const scenario::Scenario& scenario,
                                                               const scenario::RunResult& result,
                                                               const ReportInfo& info);

}  // namespace reach::report
