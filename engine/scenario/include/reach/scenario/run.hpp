#pragma once
// One run of a scenario on a road network (`reach run`, SCENARIO.md, The run folder): reads the
// population (column groups, then rates groups spread over their base group), the centres
// (with the scenario's add / close / modify applied), and per profile of profiles.use the
// graph; snaps centres (seeds) and cells (exits, with each group's off-network speed), runs one
// multi-source search towards all centres and takes each cell's nearest-centre time. Coverage
// is aggregated per profile × group (only the pairs the groups ask for) over the scored cells
// (those of area.select, else every cell), per country and per area. write_run() writes the
// run folder atomically: summary.json, cells.csv, then manifest.json.
//
// Determinism: every per-cell result depends on that cell only and every sum runs in cell
// order, so the outputs are byte-identical for any thread count.
// Cost: per profile one graph load, one snap of the cells per distinct off-network speed
// (O(N log P)), one Dijkstra over the graph; aggregation O(N log N) per profile × group.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reach/io/road_reader.hpp"
#include "reach/network/graph_cache.hpp"
#include "reach/network/profile.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::scenario {

// Loads the graph of one profile (e.g. through the graph cache). Default: read and build.
using GraphLoader = std::function<network::CachedGraph(const std::string& roads_path,
                                                       const network::Profile& profile,
                                                       const io::RoadReadOptions& options)>;

struct RunOptions {
    std::filesystem::path out_dir;  // empty: the scenario's outputs.dir
    bool overwrite = false;
    int threads = 0;  // 0: TBB's default (all cores)
    GraphLoader load_graph;
    std::string version;  // reach version for the manifest
};

// Coverage of one group by one profile over a set of cells (SCENARIO.md, Rules, Statistics):
// persons with a nearest time ≤ T·60 s (1e-6 s tolerance) per threshold; mean, median, p90
// person-weighted over reachable persons (nearest rank), empty when nobody is reachable.
struct Totals {
    double population = 0.0;      // every person, unsnapped and unreachable included
    std::vector<double> covered;  // per threshold
    std::vector<std::optional<double>> share_covered;  // empty when population is 0
    std::optional<double> mean_time_min;
    std::optional<double> median_time_min;
    std::optional<double> p90_time_min;
    double beyond_target = 0.0;  // time > target, unreachable or unsnapped
    double unreachable = 0.0;    // snapped, no centre reached
    double unsnapped = 0.0;
    double imputed_persons = 0.0;  // imputed confidential counts within these cells
};

struct AreaInfo {
    std::string id, name, country;
};

struct PairResult {
    std::string profile, group;
    Totals totals;                                          // over the scored cells
    std::vector<std::pair<std::string, Totals>> countries;  // sorted by country code
    std::vector<Totals> areas;                              // per RunResult::areas entry
    std::vector<char> gap;  // per cell: group persons > 0 and time > target or none
};

struct CellColumn {
    std::string profile;
    std::vector<double> time_s;          // per cell; reach::unreachable = unreachable/unsnapped
    std::vector<std::string> centre_id;  // per cell; empty when unreachable
};

struct RunResult {
    std::string scenario;
    std::vector<int> thresholds_min;
    int target_min = 30;
    bool roads_standin = false;
    std::vector<std::string> stand_ins;    // "roads", "centres"
    std::vector<std::string> assumptions;  // from the rates tables
    std::vector<std::string> warnings;
    std::string totals_scope;       // "all cells" or "areas: a, b, ..."
    std::vector<AreaInfo> areas;    // the scored areas, sorted by id
    std::vector<PairResult> pairs;  // profile (profiles.use order) × group (file order)
    int threads = 0;                // threads used (resolved)

    // Per cell (input order); rows are written sorted by cell id.
    std::vector<std::string> cell_id;
    std::vector<double> x, y;
    std::vector<std::string> cell_area, cell_country;
    std::vector<std::string> group_name;
    std::vector<std::vector<double>> persons;  // [group][cell]
    std::vector<double> imputed_persons;       // [group]: over the whole population file
    std::vector<CellColumn> profiles;          // per profile of profiles.use
    std::vector<std::pair<std::string, std::string>> input_hashes;  // file → FNV-1a
};

// Reads every input and computes the results; throws InputError for bad inputs.
[[nodiscard]] RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

// The output folder: options.out_dir, else outputs.dir; UsageError when neither is given.
[[nodiscard]] std::filesystem::path output_dir(const Scenario& scenario, const RunOptions& options);

// summary.json and cells.csv as text (SCENARIO.md, The run folder).
[[nodiscard]] std::string summary_json(const RunResult& result);
[[nodiscard]] std::string cells_csv(const RunResult& result);

// Writes summary.json, cells.csv and manifest.json (last) to `dir` atomically (io::StagedDir).
void write_run(const Scenario& scenario, const RunResult& result, const std::filesystem::path& dir,
               bool overwrite, const std::string& version);

}  // namespace reach::scenario
