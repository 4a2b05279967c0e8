#pragma once
// One run of a scenario on a road network (`reach run`, SCENARIO.md, The run folder): reads the
// population (column groups, then rates groups spread over their base group), the centres
// (with the scenario's add / close / modify applied), and per profile of profiles.use the
// graph; snaps centres (seeds) and cells (exits, with each group's off-network speed), runs one
// multi-source search towards all centres and takes each cell's nearest-centre time. When the
// centres file has a capacity column, a bounded cell × centre matrix per profile gives the
// E2SFCA (measures.e2sfca, demand_group). Coverage, E2SFCA mean, Gini and Palma are
// aggregated (engine/scoring) per profile × group (only the pairs the groups ask for) over the
// scored cells (those of area.select, else every cell), per country and per area.
// write_run() writes the run folder atomically: summary.json, cells.csv, then manifest.json.
//
// Determinism: every per-cell result depends on that cell only and every sum runs in cell
// order, so the outputs are byte-identical for any thread count.
// Cost: per profile one graph load, one snap of the cells per distinct off-network speed
// (O(N log P)), one Dijkstra over the graph, with E2SFCA one bounded search per centre;
// aggregation O(N log N) per profile × group.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reach/io/road_reader.hpp"
#include "reach/network/graph_cache.hpp"
#include "reach/network/profile.hpp"
#include "reach/scenario/scenario.hpp"
#include "reach/scoring/aggregates.hpp"
#include "reach/scoring/centre_measures.hpp"
#include "reach/snap/reached_network.hpp"
#include "reach/snap/surface.hpp"
#include "reach/geo/raster_zones.hpp"

namespace reach::scenario {

// Loads the graph of one profile (e.g. through the graph cache). Default: read and build.
using GraphLoader = std::function<network::CachedGraph(const std::string& roads_path,
                                                       const network::Profile& profile,
                                                       const io::RoadReadOptions& options)>;

// Routing results kept across the runs of one process (reach batch, reach compare): a run
// whose routing inputs equal an earlier run's (roads or matrix, profile, snapping, border
// rule, cells and centres with their coordinates and countries) reuses its times and
// matrices instead of searching again. Opaque; make one with make_time_source_cache().
class TimeSourceCache;
[[nodiscard]] std::shared_ptr<TimeSourceCache> make_time_source_cache();

// Independent pieces of one computation (the per-centre searches of a matrix), to be split
// across processes: `count` pieces; compute(pieces) computes the pieces asked (ascending
// indices < count) and returns each one's bytes in that order. `what` names the work in
// logs; `fingerprint` hashes its inputs, equal in every process that runs the same scenario.
struct WorkPieces {
    std::string what;
    std::uint64_t fingerprint = 0;
    std::uint32_t count = 0;
    std::function<std::vector<std::string>(const std::vector<std::uint32_t>& pieces)> compute;
    // Only the process that writes the outputs needs the pieces (they feed nothing else the
    // others compute): the others get empty strings.
    bool writer_only = false;
};
// Runs `work` across the processes of a job (reach run and optimize under mpirun:
// tools/cli/mpi_run.hpp): each computes its share, and every process gets the bytes of every
// piece, in piece order. Every process of the job calls it at the same points with the same
// work (they run the same scenario); it throws when they do not, or when any of them fails.
using ShareWork = std::function<std::vector<std::string>(const WorkPieces& work)>;

struct RunOptions {
    std::filesystem::path out_dir;  // empty: the scenario's outputs.dir
    bool overwrite = false;
    int threads = 0;  // 0: TBB's default (all cores)
    GraphLoader load_graph;
    std::shared_ptr<TimeSourceCache> time_sources;  // null: nothing kept between runs
    std::string version;  // reach version for the manifest
    ShareWork share_work;  // null: every search in this process (no serialisation)
    // Encode the travel-time GeoTIFFs (when the scenario's outputs want them) while the
    // isochrone zones are drawn, for a caller that writes the run folder: the longest path of
    // a run is the car's zones, with a core to spare beside them.
    bool encode_rasters = false;
};

struct AreaInfo {
    std::string id, name, country;
    std::vector<unsigned char> wkb;  // the area in the working CRS (ISO WKB); empty: none
};

// A centre of the run (after the scenario's edits), input order.
struct CentrePoint {
    std::string id, name;
    double x = 0.0, y = 0.0;  // working CRS; NaN for a matrix scenario
    std::string operator_name, country;
    std::optional<double> capacity;
};

// Contiguous gap cells of one profile × group (SCENARIO.md, Rules: persons > 0 and time >
// target, unreachable or unsnapped) joined through shared cell edges (rook contiguity on the
// population grid; without a cell size every cell stands alone) and dissolved into one
// polygon (GEOS; area_km2 is its area). score = Σ persons × minutes
// beyond the target over its reachable cells; persons without any centre are `unreachable`.
// Ranked by unreachable persons, then score (both descending), then the smallest cell id.
struct GapArea {
    double area_km2 = 0.0;
    double score = 0.0;
    double unreachable = 0.0;        // persons of the group with no centre (or unsnapped)
    std::vector<double> population;  // per group (RunResult::group_name), all its cells
    std::vector<std::string> areas;  // area ids it touches, sorted
    std::string first_cell;          // smallest cell id
    std::size_t cell_count = 0;
    std::vector<unsigned char> wkb;  // the dissolved cells (geo::dissolve_cells), working CRS;
                                     // empty without a grid (no cell size or no locations)
};

// The figures of one profile × group (scoring::aggregate) over the scored cells: total, per
// country (bytewise) and per area (RunResult::areas order). Coverage follows SCENARIO.md,
// Rules: within T means time ≤ T·60 s (1e-6 s tolerance); mean, median and p90 are
// person-weighted over reachable persons (nearest rank).
struct PairResult {
    std::string profile, group;
    scoring::GroupAggregates figures;
    // Persons whose count was imputed (SCENARIO.md, Confidential values), over the scored
    // cells: in total, per country (parallel to figures.country) and per area.
    double imputed_persons = 0.0;
    std::vector<double> imputed_by_country;
    std::vector<double> imputed_by_area;
    std::vector<GapArea> gaps;              // ranked, over the scored cells
    // Cross-border (over the scored cells with a country): persons whose nearest centre lies
    // in another country, and persons covered per threshold when only centres of their own
    // country may be used.
    double nearest_abroad = 0.0;
    std::vector<double> covered_if_border_closed;
    std::vector<char> gap;  // per cell: group persons > 0 and time > target or none
    // Per cell, places per 1 000 (empty: not computed): the profile's E2SFCA, or with the
    // group's own access speed, step 2 on the group's own times with step 1's supply ratios.
    std::vector<double> e2sfca;
};

// Per centre and per operator for one profile (scoring/centre_measures.hpp), over the scored
// cells with the profile's off-network speed; computed with the E2SFCA matrix (capacities).
struct CentreResults {
    std::string profile;
    scoring::CentreFigures centres;  // [group][rank], groups as RunResult::group_name
    scoring::OperatorFigures operators;
};

// The travel-time surface of one profile (travel_time_<profile>.tif): minutes per pixel,
// row-major from the top-left, NaN = unreachable or beyond the largest threshold. With
// catchments.per_centre, also one per centre (centre_id set), its grid cropped to the pixels
// it reaches.
struct Surface {
    std::string profile;
    std::string centre_id;  // empty: every centre (the nearest)
    snap::PixelGrid grid;
    std::vector<float> minutes;
    std::vector<geo::Zone> zones;  // isochrones per threshold (cumulative and band)
    // travel_time_*.tif's bytes, encoded beside the zones (RunOptions::encode_rasters); empty:
    // the writer encodes `minutes` itself (the same bytes).
    std::string geotiff;
    // Per-centre only: persons [group (RunResult::group_name)][threshold] whose cell-centre
    // time to this centre is within the threshold; empty for a group without this profile.
    std::vector<std::vector<double>> covered;
};

// The reached network of one profile (reach.gpkg `reached_network`): parts of segments in
// nested time bands, band k = (thresholds_min[k−1], thresholds_min[k]] minutes.
struct ReachedNetwork {
    std::string profile;
    std::vector<snap::ReachedBand> bands;
    std::vector<std::string> segment_class;  // highway class per segment (may be empty)
    std::vector<snap::NetworkEdge> edges;    // every usable edge (outputs.network_layer only)
};

struct CellColumn {
    std::string profile;
    std::vector<double> time_s;          // per cell; reach::unreachable = unreachable/unsnapped
    std::vector<std::string> centre_id;  // per cell; empty when unreachable
    std::vector<double> e2sfca;          // per cell, places per 1 000; empty: not computed
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
    scoring::Centres centres;       // rank order (bytewise by id); empty without capacities
    std::vector<CentreResults> centre_results;  // per profile, when `centres` is filled
    int threads = 0;                            // threads used (resolved)
    bool with_concentration_index = false;      // measures.equity_rank_column was given

    std::vector<CentrePoint> centre_points;  // every centre of the run, input order
    std::vector<ReachedNetwork> reached;     // per profile (road graphs only)
    std::vector<Surface> surfaces;           // per profile (road graphs only)
    std::string crs;                         // the working CRS
    double cell_size_m = 0.0;                // population cell edge (0 = unknown)

    // Per cell (input order); rows are written sorted by cell id.
    std::vector<std::string> cell_id;
    std::vector<double> x, y;
    std::vector<std::string> cell_area, cell_country;
    std::vector<char> cell_scored;  // 1 = in the totals (area.select, else every cell)
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

// A file rendered by the caller (engine/report's report.html: the report module depends on
// this one, not the other way round), written into the staged folder before manifest.json
// and listed in it.
struct ExtraFile {
    std::string name;
    std::string text;
};

// Writes the run folder to `dir` atomically (io::StagedDir): summary.json, then the files
// outputs.formats asks for under their names (output_files.hpp), then `extra`, manifest.json
// last. Returns the names written, in that order.
std::vector<std::string> write_run(const Scenario& scenario, const RunResult& result,
                                   const std::filesystem::path& dir, bool overwrite,
                                   const std::string& version,
                                   const std::vector<ExtraFile>& extra = {});
// The same, with the extra files made (by `make_extra`) while the other files are written.
using MakeExtraFiles = std::function<std::vector<ExtraFile>()>;
std::vector<std::string> write_run(const Scenario& scenario, const RunResult& result,
                                   const std::filesystem::path& dir, bool overwrite,
                                   const std::string& version, const MakeExtraFiles& make_extra);

}  // namespace reach::scenario
