#pragma once
// Population as cells × groups in the working CRS: one record per populated cell (its id and
// centre) and, per group (total, 65+, ...), a column of persons per cell. Plain data, a struct
// of vectors: every per-cell vector has cell_count() entries, every per-group vector
// group_count() entries, counts are finite and ≥ 0.
//
// read_population() reads the scenario's `population:` block (SCENARIO.md) through GDAL:
//  * CSV / CSV.gz: x_field,y_field in `crs` (default the working CRS), either the cell centre
//    or its lower-left corner (point: lower_left, then +cell_size_m/2 is added on both axes,
//    as GEOSTAT grids need: their x_ll,y_ll are corners);
//  * any GDAL vector layer (GeoPackage, Shapefile, GeoJSON; `file#layer` picks a layer) of
//    polygons (centroid) or points; the CRS comes from the layer;
//  * a GeoTIFF (or any GDAL raster) of persons per pixel, one band per group ({band: N}) or
//    one file per group ({file: other.tif, band: N}, same grid); nodata and pixels with no
//    persons in any group are left out, cells sit at pixel centres.
// Confidential counts (flag_column = 1) are unknown, not zero: they are imputed (impute:
// share_of_total_in_country) or kept at 0 and the group marked as a lower bound (impute:
// none). Cost: one pass over the features, O(cells × groups) memory.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace reach::demand {

enum class PointAnchor { centre, lower_left };
enum class Impute { none, share_of_total_in_country };

// The group that `share_of_total_in_country` takes its T from.
inline constexpr const char* total_group = "total";

// One `population.groups.<name>` entry.
struct GroupSpec {
    std::string name;
    std::string column;       // vector grid / CSV: the count column
    int band = 0;             // raster: 1-based band (0 = not given)
    std::string file;         // raster: another file with the same grid (empty = population.file)
    std::string flag_column;  // optional: 1 = the count is confidential / unknown
    Impute impute = Impute::none;
    // Areal rates (`rates:` + `base:`) are not read here: read_rates() + spread_rates() make
    // such a group from the grid (rates.hpp). read_population() skips groups with `rates`.
    std::string rates;
    std::string base;
};

// The scenario's `population:` block. Paths are as given (the caller resolves them).
struct PopulationSpec {
    std::string file;
    std::string id_field;  // vector grid / CSV: unique cell id (rasters name cells r<row>c<col>)
    std::string x_field;   // layers without geometry (CSV) only, with y_field
    std::string y_field;
    std::string crs;  // CRS of x_field,y_field; empty = the working CRS
    PointAnchor point = PointAnchor::centre;
    double cell_size_m = 0.0;       // required with point: lower_left; kept in the grid otherwise
    std::string country_field;      // optional: ISO 3166-1 alpha-2 per cell
    std::string rank_field;         // optional: a numeric cell column (equity ranking)
    // Matrix scenarios (SCENARIO.md § matrix): cells are ids only, the file needs no
    // coordinates and x, y are NaN (vector grid / CSV only).
    bool ids_only = false;
    std::vector<GroupSpec> groups;  // in scenario order
};

struct PopulationGrid {
    std::string crs;                   // the working CRS the cells are in
    double cell_size_m = 0.0;          // edge of a cell (0 = unknown)
    std::vector<std::string> cell_id;  // unique
    std::vector<double> x, y;          // cell centre, working CRS
    std::vector<std::string> country;  // "" when there is no country field
    std::vector<double> rank_value;    // rank_field per cell; empty when not asked for

    std::vector<std::string> group_name;
    std::vector<std::vector<double>> persons;  // [group][cell]
    std::vector<double> imputed_persons;       // [group]: Σ of the imputed counts
    std::vector<std::uint32_t> flagged_cells;  // [group]: cells whose count was confidential
    std::vector<char> lower_bound;             // [group]: 1 = flagged counts were kept at 0
    std::vector<std::vector<char>> imputed;    // [group][cell]: 1 = the count was imputed;
                                               // empty for a group with nothing imputed

    [[nodiscard]] std::size_t cell_count() const { return cell_id.size(); }
    [[nodiscard]] std::size_t group_count() const { return group_name.size(); }
    [[nodiscard]] std::optional<std::size_t> find_group(const std::string& name) const;
    // The counts of a group; REACH_ASSERTs that it exists.
    [[nodiscard]] const std::vector<double>& group(const std::string& name) const;
    // Appends a group (e.g. from spread_rates); REACH_ASSERTs the size and a new name.
    void add_group(const std::string& name, std::vector<double> counts);
    // Σ persons of a group, summed in cell order.
    [[nodiscard]] double sum(const std::string& name) const;
};

// Reads and validates the population. Throws InputError for a missing or unreadable file, an
// unknown column (the message lists the columns there are), a negative, non-finite or
// non-numeric count (file, record or pixel, cell id, column and value), a flag other than
// 0/1, an empty or duplicate cell id, no cells at all, and for impute without a `total`
// group. Zero-population cells of a vector grid are kept.
[[nodiscard]] PopulationGrid read_population(const PopulationSpec& spec,
                                             const std::string& working_crs);

}  // namespace reach::demand
