#pragma once
// Approximate service areas (issue 4, item 4): real municipal boundaries are not available,
// so each populated cell of a population grid is assigned to the nearest seat (a town of
// places_lv_lt.csv) of the SAME country within a maximum straight-line distance, and the
// cell squares of each seat are dissolved (GEOS union through OGR) into one multipolygon.
// Cells farther than the maximum from every seat of their country belong to no area.
// These are NOT municipal boundaries; every output says so.
//
// Invariants: seats are sorted by id (a lowercase ASCII slug, unique); the assignment of a
// cell depends only on the cell centre, its country and the seats (ties in distance go to the
// smaller id), so the output is deterministic. Cost: O(cells × seats) for the assignment
// (22 seats × 33 000 cells here), one cascaded union per seat.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reach::areas {

struct Seat {
    std::string id;               // slug of the name, e.g. "plunge" for "Plungė"
    std::string name;             // as in the file, UTF-8
    std::string country;          // ISO 3166-1 alpha-2
    double lon = 0.0, lat = 0.0;  // EPSG:4326
    double x = 0.0, y = 0.0;      // grid CRS
};

struct GridCell {
    double x_ll = 0.0, y_ll = 0.0;  // lower-left corner, grid CRS metres
    std::string country;
    double population = 0.0;
    std::int64_t line = 0;  // line in the grid file (for messages)
};

inline constexpr std::uint32_t no_seat = 0xffffffffU;

// Lowercase ASCII slug of a UTF-8 place name: Latvian and Lithuanian letters lose their
// diacritics (ā→a, č→c, ė→e, ļ→l, ų→u, ž→z, …), ASCII letters and digits are kept
// (lowercased), any other run of characters becomes one '-', with none at either end.
// Throws InputError naming `context` for a non-ASCII letter it cannot transliterate or an
// empty result.
[[nodiscard]] std::string slug(std::string_view name, const std::string& context = "");

// Reads seats from a CSV (or any GDAL table) with columns name, country, lat, lon (EPSG:4326)
// and an optional id column (else id = slug(name)); projects them to `grid_crs`. Sorted by
// id. InputError (file:line) for a missing column, a bad number or country, a duplicate id.
[[nodiscard]] std::vector<Seat> read_seats(const std::string& path, const std::string& grid_crs);

struct GridColumns {
    std::string x = "x_ll";
    std::string y = "y_ll";
    std::string country = "cntr_derived";
    std::string population = "T";
};
// Reads the populated cells (population > 0) of a grid CSV/CSV.gz (through GDAL, /vsigzip/
// for .gz). InputError (file:line) for a missing column or a value that is not a number.
[[nodiscard]] std::vector<GridCell> read_grid(const std::string& path, const GridColumns& columns);

// For each cell, the index into `seats` of the nearest seat of the same country whose distance
// to the cell centre (x_ll + cell_size_m / 2, y_ll + cell_size_m / 2) is <= max_distance_m
// (1e-6 m tolerance), or no_seat. `seats` must be sorted by id (ties go to the smaller id).
[[nodiscard]] std::vector<std::uint32_t> assign_cells(const std::vector<GridCell>& cells,
                                                      const std::vector<Seat>& seats,
                                                      double cell_size_m, double max_distance_m);

struct AreaOptions {
    std::string grid_crs = "EPSG:3035";
    double cell_size_m = 1000.0;
    double max_distance_m = 25000.0;
    std::vector<std::string> partners;  // seat ids with partner = 1
    std::string layer = "areas";
    std::string grid_description;  // source of the grid, for the metadata
};

struct AreaSummary {
    std::string id;
    std::string name;
    std::string country;
    bool partner = false;
    std::uint32_t cells = 0;
    double area_km2 = 0.0;    // of the dissolved geometry
    double population = 0.0;  // sum over its cells
    std::uint32_t parts = 0;  // polygons of the dissolved multipolygon
};

// Dissolves the cells of each seat and writes a GeoPackage layer (fields id, name, country,
// seat_lon, seat_lat, partner, approximate, method; MultiPolygon in the grid CRS), one feature
// per seat that has at least one cell, ordered by id. The file is written next to `path`
// under a temporary name and renamed into place when complete. InputError for an unknown
// partner id; OutputError when the file cannot be written.
std::vector<AreaSummary> write_areas(const std::string& path, const std::vector<Seat>& seats,
                                     const std::vector<GridCell>& cells,
                                     const std::vector<std::uint32_t>& assignment,
                                     const AreaOptions& options);

}  // namespace reach::areas
