#pragma once
// The scenario model (SCENARIO.md, Scenario): the plain values of one scenario file after
// `base:` inheritance, validation and defaults. Every path is absolute-or-as-resolved against
// the directory of the file that wrote it (for an inherited key, the base file), so a Scenario
// can be used from any working directory. A value that was not written holds the default of
// SCENARIO.md (noted next to each field); optional blocks are std::optional.
//
// load_scenario() reports every error of the file chain at once: one InputError whose message
// has one line per problem, "<file>:<line>:<column>: <key path>: <problem> (expected ...)".
// Cost: one YAML parse per file of the chain, a PROJ lookup per CRS, a stat per path.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace reach::scenario {

inline constexpr int schema_version = 1;

// Where a value was written (1-based line and column), for messages of later stages (e.g.
// "centres.close[0]: no centre "C9"" once the centres file is read).
struct Location {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
    [[nodiscard]] std::string str() const;  // "file:line:column"
};

// A file named in the scenario, resolved against the naming file's directory. `file.gpkg#layer`
// picks a layer: path is the file, layer the name after '#'.
struct FileRef {
    std::filesystem::path path;  // empty = not given
    std::string layer;
    Location at;
    [[nodiscard]] bool given() const { return !path.empty(); }
    // "path" or "path#layer", as the io readers take it.
    [[nodiscard]] std::string gdal_path() const;
};

struct Area {
    FileRef boundaries;
    std::string id_field = "id";
    std::string name_field = "name";
    std::string country_field = "country";
    std::vector<std::string> select;  // empty = every area
};

struct Roads {
    FileRef file;     // as written (may not exist when standin is given)
    FileRef standin;  // extension (scenarios/README.md): used only when `file` does not exist
    FileRef chosen;   // the file a run reads: `file` if it exists, else `standin`
    bool chosen_is_standin = false;  // outputs must say "road network: stand-in (not surveyed)"
    // GDAL line layers only: reach role (class, maxspeed, oneway) → column name.
    std::map<std::string, std::string> columns;
};

struct Profiles {
    FileRef file;                  // default: LoadOptions::default_profiles_file
    std::vector<std::string> use;  // in file order
};

enum class PointAnchor { centre, lower_left };
enum class Impute { none, share_of_total_in_country };

struct Group {
    std::string name;
    std::string column;       // count column (vector grid / CSV)
    int band = 0;             // raster: 1-based band (0 = not given)
    FileRef file;             // raster: another file with the same grid
    FileRef rates;            // areal rates CSV (with `base`)
    std::string base;         // the group the rates are spread over
    std::string flag_column;  // 1 = confidential count
    Impute impute = Impute::none;
    std::vector<std::string> profiles;      // default: every profile of profiles.use
    std::optional<double> off_network_kmh;  // default: the profile's
    Location at;
};

struct Population {
    FileRef file;
    std::string id_field = "id";
    std::string x_field;  // CSV only, with y_field
    std::string y_field;
    std::string crs;  // CRS of x_field,y_field; empty = the working CRS
    PointAnchor point = PointAnchor::centre;
    std::optional<double> cell_size_m;
    std::string country_field;  // extension: ISO 3166-1 alpha-2 per cell
    std::vector<Group> groups;  // in file order
    [[nodiscard]] const Group* find_group(const std::string& name) const;
};

// centres.add: a new centre; lon/lat (EPSG:4326) or x/y (in centres.crs or the working CRS).
struct CentreAdd {
    std::string id;
    std::optional<double> lon, lat, x, y;
    std::optional<double> capacity;
    std::string operator_type;          // `operator:`
    std::vector<std::string> services;  // a list or a ";"-separated text
    std::optional<double> cost_eur;
    std::string country;
    std::string name;
    Location at;  // of its id
};

// centres.modify: changes to an existing centre; only what is given changes.
struct CentreModify {
    std::string id;
    std::optional<double> capacity;
    std::optional<std::vector<std::string>> services;
    std::optional<std::string> operator_type;
    Location at;  // of its id
};

struct CentreClose {
    std::string id;
    Location at;
};

struct Centres {
    FileRef file;
    std::string id_field = "id";
    std::string capacity_field = "capacity";
    std::string operator_field = "operator";
    std::string services_field;  // optional
    std::string country_field;   // optional: else point-in-polygon on area.boundaries
    std::string crs;             // CRS of x,y columns; empty = the working CRS
    std::vector<CentreAdd> add;  // base's first, then the child's
    std::vector<CentreClose> close;
    std::vector<CentreModify> modify;
};

enum class CrossBorder { allow, deny };
enum class OnUnsnappedCentre { error, warn };
enum class Decay { step, gaussian };

struct Snap {
    double max_distance_m = 1000.0;
    OnUnsnappedCentre on_unsnapped_centre = OnUnsnappedCentre::error;
};

struct E2sfca {
    Decay decay = Decay::step;
    std::vector<double> breaks_min = {10.0, 20.0, 30.0};  // step
    std::vector<double> weights = {1.0, 0.68, 0.22};      // step, one per break
    std::optional<double> catchment_min;                  // gaussian: d0
    std::string demand_group;  // default: "total" if there is such a group, else the first
};

struct Measures {
    std::optional<std::string> service;  // count only centres offering it
    E2sfca e2sfca;
    bool e2sfca_given = false;  // measures.e2sfca is in the file: capacities are then required
    std::optional<std::string> equity_rank_column;
};

struct Catchments {
    double raster_resolution_m = 100.0;
    bool per_centre = false;
    // Simplification tolerance of the isochrone polygons (geo::zones_from_raster); default
    // one pixel (a pixel staircase's corners stand 0.71 pixel off its diagonal, so less
    // removes little), 0 = the pixel edges.
    std::optional<double> simplify_m;
    [[nodiscard]] double simplify_tolerance_m() const {
        return simplify_m.value_or(raster_resolution_m);
    }
};

// access: capacity-aware, raises the lowest decile of E2SFCA (optimize/access.hpp).
enum class Objective { mclp, pmedian, lscp, access };

struct Optimize {
    FileRef candidates;                        // a file of sites, or
    std::vector<CentreAdd> inline_candidates;  // sites listed in the scenario
    Objective objective = Objective::mclp;
    std::map<std::string, double> group_weights;  // empty = every group weight 1
    std::string profile;                          // default: the first of profiles.use
    bool keep_existing = true;
    std::optional<int> k;
    std::optional<double> budget_eur;
    std::optional<double> max_time_min;
};

struct Outputs {
    std::filesystem::path dir;  // empty = not given (`--out DIR` required)
    std::vector<std::string> formats = {"gpkg", "geojson", "geotiff", "csv", "html"};
    std::map<std::string, std::string> files;  // output → renamed file (output_files.hpp)
    bool network_layer = false;  // reach.gpkg `network`: every usable edge with its times
};

struct Matrix {
    FileRef file;  // origin_id,destination_id,time_min
};

struct Scenario {
    int schema = schema_version;
    std::string name;
    std::string description;
    std::filesystem::path source;              // the file loaded
    std::vector<std::filesystem::path> chain;  // source, its base, the base's base, ...
    std::string crs = "EPSG:3035";
    std::optional<Area> area;
    std::optional<Roads> roads;  // exactly one of roads and matrix
    std::optional<Matrix> matrix;
    Profiles profiles;  // unused (may be empty) with a matrix
    Population population;
    Centres centres;
    std::vector<int> thresholds_min = {15, 30, 45, 60};
    int target_min = 30;
    CrossBorder cross_border = CrossBorder::allow;
    Snap snap;
    Measures measures;
    Catchments catchments;
    std::optional<Optimize> optimize;
    Outputs outputs;
};

struct LoadOptions {
    // profiles.file when the scenario names none ("the one shipped in data/").
    std::filesystem::path default_profiles_file;
};

// Reads, merges (base: chain) and validates a scenario file. Throws InputError listing every
// problem found (see the top of this file).
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& path,
                                     const LoadOptions& options = {});

// The resolved scenario as YAML (no base:, defaults written out, absolute paths), for the run
// folder's manifest: load_scenario() of this text gives the same Scenario again.
[[nodiscard]] std::string to_yaml(const Scenario& scenario);

// Checks the centre edits against the ids of centres.file: close and modify must name a centre
// of the file or of centres.add, and add must not reuse an id of the file. Throws InputError
// listing every offender at the line:column that wrote it. load_scenario() calls it with the
// ids it reads from centres.file (io::read_centres) when the scenario edits centres.
void check_centre_edits(const Scenario& scenario, const std::vector<std::string>& existing_ids);

[[nodiscard]] const char* to_string(PointAnchor value);
[[nodiscard]] const char* to_string(Impute value);
[[nodiscard]] const char* to_string(CrossBorder value);
[[nodiscard]] const char* to_string(OnUnsnappedCentre value);
[[nodiscard]] const char* to_string(Decay value);
[[nodiscard]] const char* to_string(Objective value);

}  // namespace reach::scenario
