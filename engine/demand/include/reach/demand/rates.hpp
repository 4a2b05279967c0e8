#pragma once
// Areal rates: a table of areas (municipalities, countries) with either a rate per 1 000
// persons of a base group or an absolute count (registered disabled persons, families with
// disabled children), spread to the cells of each area in proportion to the base group:
//     target_a = count_a                       (count)
//              = rate_a / 1000 × Σ_{i∈a} base_i (rate)
//     persons_i = target_a × base_i / Σ_{j∈a} base_j
// The per-area sum is preserved exactly: after the proportional split one cell of the area
// (the last with base persons) absorbs the rounding residue of a few ulps, so
// Σ_{i∈a} persons_i summed in cell order equals target_a to the last bit. A cell belongs to one
// area or to none (-1): the area that contains its centre (assign_areas_by_polygon) or whose id
// equals the cell's field value (assign_areas_by_field), so a cell split by a boundary goes wholly
// to the area of its centre. The table's `source` and `assumption` columns are kept so the run can
// say which figures are assumptions. O(cells + areas).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace reach::demand {

// One row per area, struct of vectors (all of rows() entries).
struct RatesTable {
    std::string file;
    std::vector<std::string> area_id;                  // unique
    std::vector<std::optional<double>> rate_per_1000;  // exactly one of rate / count per row
    std::vector<std::optional<double>> count;
    std::vector<std::string> base;        // optional column: the base group the rate refers to
    std::vector<std::string> source;      // free text
    std::vector<std::string> assumption;  // free text; non-empty = the figure is an assumption
    [[nodiscard]] std::size_t rows() const { return area_id.size(); }
};

// Reads a rates CSV (or any GDAL table) with columns `area_id` and `rate_per_1000` and/or
// `count`, optional `base`, `source`, `assumption` (other columns are ignored). Each row gives
// exactly one of rate and count, a finite number ≥ 0. Errors (InputError) name the file,
// line, column and value: missing file or column, duplicate or empty area id, both or neither
// figure, negative or non-numeric figure, no rows.
[[nodiscard]] RatesTable read_rates(const std::string& path);

// "<area_id>: <assumption>" for every row with an assumption, in table order.
[[nodiscard]] std::vector<std::string> assumptions(const RatesTable& rates);

// Cells mapped to areas: area_of_cell[i] indexes area_id, or is no_area.
struct AreaAssignment {
    static constexpr std::int32_t no_area = -1;
    std::vector<std::string> area_id;
    std::vector<std::int32_t> area_of_cell;
    [[nodiscard]] std::size_t unassigned_cells() const;
};

// Cell i belongs to the area whose id equals cell_value[i] (e.g. the grid's country or a
// municipality code column); no_area when no id matches.
[[nodiscard]] AreaAssignment assign_areas_by_field(const std::vector<std::string>& cell_value,
                                                   const std::vector<std::string>& area_ids);

// Cell i belongs to the polygon of `boundaries` (any GDAL polygon layer, `file#layer` picks a
// layer) that contains its centre (x[i], y[i] in `working_crs`); the test is done in the
// layer's CRS with GEOS prepared geometries behind an envelope check. A centre on a boundary
// shared by two polygons goes to the first in layer order; a centre outside every polygon
// gets no_area. Features sharing an id form one area. With `area_ids` empty the areas are the
// layer's ids in first-seen order; otherwise the index is into `area_ids` and polygons whose
// id is not listed count as no area. Errors (InputError): missing file, layer or id field
// (the message lists the fields), a non-polygon or empty geometry, no CRS, no features.
[[nodiscard]] AreaAssignment assign_areas_by_polygon(const std::vector<double>& x,
                                                     const std::vector<double>& y,
                                                     const std::string& boundaries,
                                                     const std::string& id_field,
                                                     const std::string& working_crs,
                                                     const std::vector<std::string>& area_ids = {});

struct SpreadResult {
    std::vector<double> persons;             // per cell (0 outside every listed area)
    std::vector<double> area_persons;        // per table row: the target placed (0 when unplaced)
    std::vector<std::size_t> unplaced_rows;  // rows with a count but no base persons in the area
    double unplaced_persons = 0.0;           // Σ of their counts (reported, never spread)
};

// Spreads `rates` over the cells. `area_of_cell` indexes the table's rows (build it with
// assign_areas_by_field(cells, rates.area_id) or assign_areas_by_polygon(..., rates.area_id));
// `base` is the base group's counts per cell. REACH_ASSERTs matching sizes and indices.
[[nodiscard]] SpreadResult spread_rates(const RatesTable& rates,
                                        const std::vector<std::int32_t>& area_of_cell,
                                        const std::vector<double>& base);

}  // namespace reach::demand
