#pragma once
// The files of a run folder and the user's renames (SCENARIO.md, outputs.files): each output
// has a key and a default name; `outputs.files: {catchments: zones.fgb}` renames it, and the
// writer's driver follows the new extension.
//
//   key                      default                      may be renamed to
//   summary                  summary.json                 *.json
//   cells                    cells.csv                    *.csv (the columns of SCENARIO.md) or
//                                                         any vector format (the cells layer)
//   reach                    reach.gpkg                   a many-layer vector format (QGIS
//                                                         styles only in a GeoPackage)
//   catchments               catchments.geojson           any vector format
//   travel_time_<profile>    travel_time_<profile>.tif    *.tif, *.tiff
//   report                   report.html                  *.html, *.htm
//
// manifest.json keeps its name: it marks a complete run. A new name is a plain file name (no
// folder), unique in the run folder.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reach::scenario {

struct Scenario;

// The file name of output `key` in the run folder (its rename, else the default).
[[nodiscard]] std::string output_file(const Scenario& s, std::string_view key);

// What is wrong with renaming output `key` to `name` given the profiles of the run, or
// nullopt when the rename is fine. (Uniqueness is checked over the whole map by the parser.)
struct RenameProblem {
    std::string problem, expected;
};
[[nodiscard]] std::optional<RenameProblem> output_rename_problem(
    std::string_view key, const std::string& name, const std::vector<std::string>& profiles);

// The keys that may be renamed, for messages ("summary, cells, reach, catchments, report,
// travel_time_<profile>").
[[nodiscard]] std::vector<std::string> output_keys(const std::vector<std::string>& profiles);

}  // namespace reach::scenario
