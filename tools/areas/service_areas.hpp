#pragma once
// Approximate service areas (issue 4, item 4): real municipal boundaries are not available,
// so each populated cell of a population grid is assigned to the nearest place of
// places_lv_lt.csv of the SAME country among those whose own radius covers the cell: the
// radius depends on the place's kind (city / town / village), so a village does not take the
// suburbs of a city 20 km away. A place may be a member of another place's area (a small town
// of a seat's municipality): cells still go to the nearest place, so the shape follows the
// settlement pattern, but the member's cells are dissolved (GEOS union through OGR) into the
// area of its seat. Cells outside the radius of every place of their country belong to no
// area. These are NOT municipal boundaries; every output says so.
//
// Invariants: seats are sorted by id (a lowercase ASCII slug, unique); the assignment of a
// cell depends only on the cell centre, its country and the seats (ties in distance go to the
// smaller id), so the output is deterministic. Cost: O(cells × seats) for the assignment
// (22 seats × 33 000 cells here), one cascaded union per area.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reach::areas {

struct Seat {
    std::string id;               // slug of the name, e.g. "plunge" for "Plungė"
    std::string name;             // as in the file, UTF-8
    std::string country;          // ISO 3166-1 alpha-2
    std::string kind;             // column kind (city, town, village); empty when absent
    double lon = 0.0, lat = 0.0;  // EPSG:4326
    double x = 0.0, y = 0.0;      // grid CRS
    std::string where;            // file:line of the place, for messages
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
// and optional columns id (else id = slug(name)) and kind; projects them to `grid_crs`.
// Sorted by id. InputError (file:line) for a missing column, a bad number or country, a duplicate
// id.
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

// The maximum straight-line distance from a place to the cells it may take: one radius for
// every place, or one per value of the kind column ("city=25,town=20,village=15").
struct MaxDistance {
    std::optional<double> all_m;              // set: this radius for every place, kind ignored
    std::map<std::string, double> by_kind_m;  // else: radius by kind
};
// Parses the --max-distance-km text: one number ("25") or comma-separated kind=km pairs
// ("city=25,town=20,village=15"); kilometres, > 0. InputError naming --max-distance-km for a
// bad number, an empty kind or a kind given twice.
[[nodiscard]] MaxDistance parse_max_distance(std::string_view text_km);
// "25 km" or "city 25 km, town 20 km, village 15 km" (kinds in byte order), for metadata.
[[nodiscard]] std::string describe(const MaxDistance& max_distance);
// The radius of each seat, metres. InputError (the seat's file:line) for a seat whose kind has
// no radius in a per-kind rule.
[[nodiscard]] std::vector<double> seat_radii_m(const std::vector<Seat>& seats,
                                               const MaxDistance& max_distance);

// For each cell, the index into `seats` of the nearest seat of the same country among those
// whose distance to the cell centre (x_ll + cell_size_m / 2, y_ll + cell_size_m / 2) is <= its
// own radius_m[seat] (1e-6 m tolerance), or no_seat. `seats` must be sorted by id (ties go to
// the smaller id); radius_m has one entry per seat.
[[nodiscard]] std::vector<std::uint32_t> assign_cells(const std::vector<GridCell>& cells,
                                                      const std::vector<Seat>& seats,
                                                      double cell_size_m,
                                                      const std::vector<double>& radius_m);
// The same with one radius for every seat.
[[nodiscard]] std::vector<std::uint32_t> assign_cells(const std::vector<GridCell>& cells,
                                                      const std::vector<Seat>& seats,
                                                      double cell_size_m, double max_distance_m);

// (member place id, id of the place whose area it joins).
using Membership = std::pair<std::string, std::string>;
// Parses the --member text "dusetos=zarasai,obeliai=rokiskis" (empty text: none). InputError
// naming --member for an item that is not id=id.
[[nodiscard]] std::vector<Membership> parse_members(std::string_view text);
// For each seat, the index of the seat whose area it belongs to: itself, or for a member the
// seat it joins. InputError naming --member for an unknown id, a place listed twice, a place
// joining itself or a place of another country, or an area seat that is itself a member.
[[nodiscard]] std::vector<std::uint32_t> area_of_seats(const std::vector<Seat>& seats,
                                                       const std::vector<Membership>& members);

struct AreaOptions {
    std::string grid_crs = "EPSG:3035";
    double cell_size_m = 1000.0;
    MaxDistance max_distance{std::nullopt,
                             {{"city", 25000.0}, {"town", 20000.0}, {"village", 15000.0}}};
    std::vector<Membership> members;    // member places merged into another place's area
    std::vector<std::string> partners;  // seat ids with partner = 1
    std::string layer = "areas";
    std::string grid_description;  // source of the grid, for the metadata
};

struct AreaSummary {
    std::string id;
    std::string name;
    std::string country;
    bool partner = false;
    std::vector<std::string> members;  // ids of the member places merged into this area
    std::uint32_t cells = 0;
    double area_km2 = 0.0;    // of the dissolved geometry
    double population = 0.0;  // sum over its cells
    std::uint32_t parts = 0;  // polygons of the dissolved multipolygon
};

// Checks options.partners and options.members against the seats before any heavy work:
// InputError naming --partners for an unknown id or a member place (it has no area of its
// own), the errors of area_of_seats() for --member.
void check_options(const std::vector<Seat>& seats, const AreaOptions& options);

// Dissolves the cells of each area (a seat's cells with those of its member places, see
// area_of_seats()) and writes a GeoPackage layer (fields id, name, country, seat_lon,
// seat_lat, partner, approximate, method; MultiPolygon in the grid CRS; id, name and
// coordinates of the area's seat), one feature per area that has at least one cell, ordered
// by id. `assignment` maps cells to the nearest seat (assign_cells()). The file is written next to
// `path` under a temporary name and renamed into place when complete. The errors of
// check_options(); OutputError when the file cannot be written.
std::vector<AreaSummary> write_areas(const std::string& path, const std::vector<Seat>& seats,
                                     const std::vector<GridCell>& cells,
                                     const std::vector<std::uint32_t>& assignment,
                                     const AreaOptions& options);

}  // namespace reach::areas
