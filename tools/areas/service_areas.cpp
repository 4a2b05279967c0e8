#include "service_areas.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::areas {
namespace {

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// Latvian and Lithuanian letters with diacritics → ASCII (both cases; the result is lowered).
const std::map<char32_t, char>& transliteration() {
    static const std::map<char32_t, char> table{
        {U'ā', 'a'}, {U'Ā', 'a'}, {U'ą', 'a'}, {U'Ą', 'a'}, {U'č', 'c'}, {U'Č', 'c'},
        {U'ē', 'e'}, {U'Ē', 'e'}, {U'ę', 'e'}, {U'Ę', 'e'}, {U'ė', 'e'}, {U'Ė', 'e'},
        {U'ģ', 'g'}, {U'Ģ', 'g'}, {U'ī', 'i'}, {U'Ī', 'i'}, {U'į', 'i'}, {U'Į', 'i'},
        {U'ķ', 'k'}, {U'Ķ', 'k'}, {U'ļ', 'l'}, {U'Ļ', 'l'}, {U'ņ', 'n'}, {U'Ņ', 'n'},
        {U'ō', 'o'}, {U'Ō', 'o'}, {U'ŗ', 'r'}, {U'Ŗ', 'r'}, {U'š', 's'}, {U'Š', 's'},
        {U'ū', 'u'}, {U'Ū', 'u'}, {U'ų', 'u'}, {U'Ų', 'u'}, {U'ž', 'z'}, {U'Ž', 'z'},
    };
    return table;
}

// Decodes one UTF-8 code point at text[i], advancing i; false for malformed input.
bool next_code_point(std::string_view text, std::size_t& i, char32_t& cp) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    if (lead < 0x80) {
        cp = lead;
        length = 1;
    } else if ((lead & 0xE0U) == 0xC0U) {
        cp = lead & 0x1FU;
        length = 2;
    } else if ((lead & 0xF0U) == 0xE0U) {
        cp = lead & 0x0FU;
        length = 3;
    } else if ((lead & 0xF8U) == 0xF0U) {
        cp = lead & 0x07U;
        length = 4;
    } else {
        return false;
    }
    if (i + length > text.size()) {
        return false;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0U) != 0x80U) {
            return false;
        }
        cp = (cp << 6U) | (byte(i + k) & 0x3FU);
    }
    i += length;
    return true;
}

bool is_ascii_alnum(char32_t cp) {
    return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9');
}

DatasetPtr open_table(const std::string& path) {
    geo::gdal_init();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw InputError(where_what(path, "file not found"));
    }
    const bool gzipped = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    const std::string name = gzipped ? "/vsigzip/" + path : path;
    DatasetPtr dataset(GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!dataset || dataset->GetLayerCount() < 1) {
        const auto gdal = geo::take_gdal_error();
        throw InputError(where_what(
            path, "GDAL cannot read it as a table" + (gdal.empty() ? "" : " (" + gdal + ")")));
    }
    return dataset;
}

int field_index(OGRLayer& layer, const std::string& path, const std::string& column) {
    const int index = layer.GetLayerDefn()->GetFieldIndex(column.c_str());
    if (index < 0) {
        std::string found;
        const OGRFeatureDefn& definition = *layer.GetLayerDefn();
        for (int i = 0; i < definition.GetFieldCount(); ++i) {
            found +=
                (found.empty() ? "" : ", ") + std::string(definition.GetFieldDefn(i)->GetNameRef());
        }
        throw InputError(
            where_what(path, fmt::format("no column \"{}\" (columns: {})", column, found)));
    }
    return index;
}

// The CSV driver numbers data rows from 1; the header is line 1.
std::string where_line(const std::string& path, const OGRFeature& feature) {
    return fmt::format("{}:{}", path, feature.GetFID() + 1);
}

double number_field(const OGRFeature& feature, int index, const std::string& column,
                    const std::string& where) {
    const char* text = feature.GetFieldAsString(index);
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(text, &end);
    if (end == text || *end != '\0' || errno != 0 || !std::isfinite(value)) {
        throw InputError(where_what(where, fmt::format("{} \"{}\" is not a number", column, text)));
    }
    return value;
}

std::string country_field(const OGRFeature& feature, int index, const std::string& column,
                          const std::string& where) {
    std::string value = feature.GetFieldAsString(index);
    const bool ok = value.size() == 2 && std::isupper(static_cast<unsigned char>(value[0])) != 0 &&
                    std::isupper(static_cast<unsigned char>(value[1])) != 0;
    if (!ok) {
        throw InputError(where_what(
            where, fmt::format("{} \"{}\" is not an ISO 3166-1 alpha-2 code (e.g. LV, LT)", column,
                               value)));
    }
    return value;
}

std::unique_ptr<OGRPolygon> rectangle(double x0, double y0, double x1, double y1) {
    auto ring = std::make_unique<OGRLinearRing>();
    ring->addPoint(x0, y0);
    ring->addPoint(x1, y0);
    ring->addPoint(x1, y1);
    ring->addPoint(x0, y1);
    ring->addPoint(x0, y0);
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(ring.release());
    return polygon;
}

// The method text of the layer (no members) or of one area (the names of its member places).
std::string method_text(const AreaOptions& options, const std::vector<std::string>& members) {
    std::string text = fmt::format(
        "Approximate service area, NOT a municipal boundary: the populated {:g} m cells of the "
        "population grid nearest to this place among the places of the same country whose "
        "radius covers the cell centre (straight line, {}; radius by the kind of place: {}), "
        "dissolved.",
        options.cell_size_m, options.grid_crs, describe(options.max_distance));
    if (!members.empty()) {
        std::string list;
        for (const auto& name : members) {
            list += (list.empty() ? "" : ", ") + name;
        }
        text += fmt::format(
            " Includes the cells nearest to {} (a place of the same municipality, --member).",
            list);
    }
    text += " Cells outside the radius of every place of their country belong to no area.";
    return text;
}

// Splits "a,b,,c" at commas, dropping empty items.
std::vector<std::string_view> split_commas(std::string_view text) {
    std::vector<std::string_view> items;
    for (std::size_t start = 0; start <= text.size();) {
        const auto comma = text.find(',', start);
        const auto end = comma == std::string_view::npos ? text.size() : comma;
        if (end > start) {
            items.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return items;
}

double positive_km(std::string_view text, const std::string& context) {
    const std::string copy(text);
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(copy.c_str(), &end);
    if (copy.empty() || *end != '\0' || errno != 0 || !std::isfinite(value) || value <= 0.0) {
        throw InputError(
            where_what(context, fmt::format("\"{}\" is not a positive distance in km", copy)));
    }
    return value;
}

}  // namespace

MaxDistance parse_max_distance(std::string_view text_km) {
    const std::string context = "--max-distance-km";
    MaxDistance rule;
    if (text_km.find('=') == std::string_view::npos) {
        rule.all_m = positive_km(text_km, context) * 1000.0;
        return rule;
    }
    for (const auto item : split_commas(text_km)) {
        const auto equals = item.find('=');
        const auto kind = item.substr(0, equals == std::string_view::npos ? 0 : equals);
        if (equals == std::string_view::npos || kind.empty()) {
            throw InputError(where_what(
                context, fmt::format("\"{}\" is not kind=km (e.g. city=25,town=20,village=15)",
                                     std::string(item))));
        }
        const double radius_m = positive_km(item.substr(equals + 1), context) * 1000.0;
        if (!rule.by_kind_m.emplace(std::string(kind), radius_m).second) {
            throw InputError(
                where_what(context, fmt::format("kind \"{}\" given twice", std::string(kind))));
        }
    }
    if (rule.by_kind_m.empty()) {
        throw InputError(where_what(context, "no distance given"));
    }
    return rule;
}

std::string describe(const MaxDistance& max_distance) {
    if (max_distance.all_m) {
        return fmt::format("{:g} km", *max_distance.all_m / 1000.0);
    }
    std::string text;
    for (const auto& [kind, radius_m] : max_distance.by_kind_m) {
        text += fmt::format("{}{} {:g} km", text.empty() ? "" : ", ", kind, radius_m / 1000.0);
    }
    return text;
}

std::vector<double> seat_radii_m(const std::vector<Seat>& seats, const MaxDistance& max_distance) {
    std::vector<double> radii;
    radii.reserve(seats.size());
    for (const auto& seat : seats) {
        if (max_distance.all_m) {
            radii.push_back(*max_distance.all_m);
            continue;
        }
        const auto it = max_distance.by_kind_m.find(seat.kind);
        if (it == max_distance.by_kind_m.end()) {
            std::string kinds;
            for (const auto& [kind, radius_m] : max_distance.by_kind_m) {
                kinds += (kinds.empty() ? "" : ", ") + kind;
            }
            throw InputError(where_what(
                seat.where.empty() ? seat.id : seat.where,
                fmt::format("place \"{}\" has kind \"{}\", which has no radius in "
                            "--max-distance-km (kinds: {}; or give one distance for all places)",
                            seat.name, seat.kind, kinds)));
        }
        radii.push_back(it->second);
    }
    return radii;
}

std::vector<Membership> parse_members(std::string_view text) {
    std::vector<Membership> members;
    for (const auto item : split_commas(text)) {
        const auto equals = item.find('=');
        if (equals == std::string_view::npos || equals == 0 || equals + 1 == item.size()) {
            throw InputError(where_what(
                "--member",
                fmt::format("\"{}\" is not place=area (e.g. dusetos=zarasai)", std::string(item))));
        }
        members.emplace_back(std::string(item.substr(0, equals)),
                             std::string(item.substr(equals + 1)));
    }
    return members;
}

std::vector<std::uint32_t> area_of_seats(const std::vector<Seat>& seats,
                                         const std::vector<Membership>& members) {
    const auto index_of = [&](const std::string& id) {
        const auto it =
            std::lower_bound(seats.begin(), seats.end(), id,
                             [](const Seat& s, const std::string& v) { return s.id < v; });
        if (it == seats.end() || it->id != id) {
            throw InputError(where_what("--member", fmt::format("unknown place id \"{}\"", id)));
        }
        return static_cast<std::uint32_t>(it - seats.begin());
    };
    std::vector<std::uint32_t> area(seats.size());
    for (std::uint32_t s = 0; s < seats.size(); ++s) {
        area[s] = s;
    }
    for (const auto& [member_id, area_id] : members) {
        const auto member = index_of(member_id);
        const auto head = index_of(area_id);
        if (member == head) {
            throw InputError(
                where_what("--member", fmt::format("place \"{}\" cannot join itself", member_id)));
        }
        if (area[member] != member) {
            throw InputError(where_what(
                "--member", fmt::format("place \"{}\" is given twice (joins \"{}\" and \"{}\")",
                                        member_id, seats[area[member]].id, area_id)));
        }
        if (seats[member].country != seats[head].country) {
            throw InputError(where_what(
                "--member",
                fmt::format("place \"{}\" ({}) cannot join \"{}\" ({}): another country", member_id,
                            seats[member].country, area_id, seats[head].country)));
        }
        area[member] = head;
    }
    for (std::uint32_t s = 0; s < seats.size(); ++s) {
        if (area[s] != s && area[area[s]] != area[s]) {
            throw InputError(where_what(
                "--member", fmt::format("place \"{}\" joins \"{}\", which is itself a member of "
                                        "\"{}\" (name the area's seat)",
                                        seats[s].id, seats[area[s]].id, seats[area[area[s]]].id)));
        }
    }
    return area;
}

std::string slug(std::string_view name, const std::string& context) {
    std::string out;
    bool pending_dash = false;
    std::size_t i = 0;
    while (i < name.size()) {
        char32_t cp = 0;
        if (!next_code_point(name, i, cp)) {
            throw InputError(where_what(
                context, fmt::format("name \"{}\" is not valid UTF-8", std::string(name))));
        }
        char ascii = 0;
        if (is_ascii_alnum(cp)) {
            ascii = static_cast<char>(cp >= U'A' && cp <= U'Z' ? cp - U'A' + U'a' : cp);
        } else if (cp >= 0x80) {
            const auto it = transliteration().find(cp);
            if (it == transliteration().end()) {
                throw InputError(where_what(
                    context, fmt::format("name \"{}\": no ASCII letter for character U+{:04X} "
                                         "(give the place an id column)",
                                         std::string(name), static_cast<std::uint32_t>(cp))));
            }
            ascii = it->second;
        }
        if (ascii == 0) {
            pending_dash = !out.empty();
            continue;
        }
        if (pending_dash) {
            out += '-';
            pending_dash = false;
        }
        out += ascii;
    }
    if (out.empty()) {
        throw InputError(where_what(
            context,
            fmt::format("name \"{}\" has no letter or digit for an id", std::string(name))));
    }
    return out;
}

std::vector<Seat> read_seats(const std::string& path, const std::string& grid_crs) {
    const auto dataset = open_table(path);
    OGRLayer& layer = *dataset->GetLayer(0);
    const int name_index = field_index(layer, path, "name");
    const int country_index = field_index(layer, path, "country");
    const int lat_index = field_index(layer, path, "lat");
    const int lon_index = field_index(layer, path, "lon");
    const int id_index = layer.GetLayerDefn()->GetFieldIndex("id");
    const int kind_index = layer.GetLayerDefn()->GetFieldIndex("kind");
    const geo::Reprojector to_grid(geo::make_srs(geo::wgs84, path),
                                   geo::make_srs(grid_crs, "grid CRS"));
    std::vector<Seat> seats;
    std::map<std::string, std::string> first_seen;  // id → where
    for (const auto& feature : layer) {
        const auto where = where_line(path, *feature);
        Seat seat;
        seat.name = feature->GetFieldAsString(name_index);
        seat.country = country_field(*feature, country_index, "country", where);
        seat.kind = kind_index >= 0 ? feature->GetFieldAsString(kind_index) : "";
        seat.where = where;
        seat.lat = number_field(*feature, lat_index, "lat", where);
        seat.lon = number_field(*feature, lon_index, "lon", where);
        if (std::abs(seat.lat) > 90.0 || std::abs(seat.lon) > 180.0) {
            throw InputError(
                where_what(where, fmt::format("lat/lon {}, {} outside -90..90 / -180..180 degrees",
                                              seat.lat, seat.lon)));
        }
        const std::string given_id = id_index >= 0 ? feature->GetFieldAsString(id_index) : "";
        seat.id = given_id.empty() ? slug(seat.name, where) : given_id;
        seat.x = seat.lon;
        seat.y = seat.lat;
        if (!to_grid.transform(seat.x, seat.y)) {
            throw InputError(
                where_what(where, fmt::format("lon/lat {}, {} cannot be projected to {}", seat.lon,
                                              seat.lat, grid_crs)));
        }
        if (const auto [it, fresh] = first_seen.emplace(seat.id, where); !fresh) {
            throw InputError(where_what(
                where, fmt::format("duplicate id \"{}\" (also at {})", seat.id, it->second)));
        }
        seats.push_back(std::move(seat));
    }
    if (seats.empty()) {
        throw InputError(where_what(path, "no places"));
    }
    std::sort(seats.begin(), seats.end(), [](const Seat& a, const Seat& b) { return a.id < b.id; });
    return seats;
}

std::vector<GridCell> read_grid(const std::string& path, const GridColumns& columns) {
    const auto dataset = open_table(path);
    OGRLayer& layer = *dataset->GetLayer(0);
    const int x_index = field_index(layer, path, columns.x);
    const int y_index = field_index(layer, path, columns.y);
    const int country_index = field_index(layer, path, columns.country);
    const int population_index = field_index(layer, path, columns.population);
    std::vector<GridCell> cells;
    for (const auto& feature : layer) {
        const auto where = where_line(path, *feature);
        GridCell cell;
        cell.population = number_field(*feature, population_index, columns.population, where);
        if (cell.population <= 0.0) {
            continue;  // not populated: belongs to no area
        }
        cell.x_ll = number_field(*feature, x_index, columns.x, where);
        cell.y_ll = number_field(*feature, y_index, columns.y, where);
        cell.country = country_field(*feature, country_index, columns.country, where);
        cell.line = feature->GetFID() + 1;
        cells.push_back(std::move(cell));
    }
    return cells;
}

std::vector<std::uint32_t> assign_cells(const std::vector<GridCell>& cells,
                                        const std::vector<Seat>& seats, double cell_size_m,
                                        const std::vector<double>& radius_m) {
    REACH_ASSERT(radius_m.size() == seats.size());
    const double half = cell_size_m / 2.0;
    std::vector<std::uint32_t> assignment(cells.size(), no_seat);
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const double cx = cells[c].x_ll + half;
        const double cy = cells[c].y_ll + half;
        double best = std::numeric_limits<double>::infinity();
        for (std::uint32_t s = 0; s < seats.size(); ++s) {
            if (seats[s].country != cells[c].country) {
                continue;
            }
            const double d = std::hypot(cx - seats[s].x, cy - seats[s].y);
            // Only seats whose own radius covers the cell compete; strictly nearer wins, on a
            // tie the earlier (smaller id) seat stays.
            if (d <= radius_m[s] + 1e-6 && d < best) {
                best = d;
                assignment[c] = s;
            }
        }
    }
    return assignment;
}

std::vector<std::uint32_t> assign_cells(const std::vector<GridCell>& cells,
                                        const std::vector<Seat>& seats, double cell_size_m,
                                        double max_distance_m) {
    return assign_cells(cells, seats, cell_size_m,
                        std::vector<double>(seats.size(), max_distance_m));
}

void check_options(const std::vector<Seat>& seats, const AreaOptions& options) {
    const auto area = area_of_seats(seats, options.members);
    for (const auto& id : options.partners) {
        const auto it =
            std::find_if(seats.begin(), seats.end(), [&](const Seat& s) { return s.id == id; });
        if (it == seats.end()) {
            throw InputError(where_what("--partners", fmt::format("unknown place id \"{}\"", id)));
        }
        const auto s = static_cast<std::size_t>(it - seats.begin());
        if (area[s] != s) {
            throw InputError(where_what(
                "--partners", fmt::format("place \"{}\" is a member of \"{}\" (--member) and has "
                                          "no area of its own",
                                          id, seats[area[s]].id)));
        }
    }
}

std::vector<AreaSummary> write_areas(const std::string& path, const std::vector<Seat>& seats,
                                     const std::vector<GridCell>& cells,
                                     const std::vector<std::uint32_t>& assignment,
                                     const AreaOptions& options) {
    REACH_ASSERT(assignment.size() == cells.size());
    check_options(seats, options);
    const std::set<std::string> partners(options.partners.begin(), options.partners.end());
    const auto area_of = area_of_seats(seats, options.members);
    if (!OGRGeometryFactory::haveGEOS()) {
        throw Error("GDAL was built without GEOS: cannot dissolve cells");
    }

    // Per area (indexed by its seat): its cells and population; a member place's cells count
    // for the seat it joins. Cells are sorted by (area, row, column) and each run of adjacent
    // cells in a row becomes one rectangle before the GEOS union: the same result with ~4×
    // fewer polygons to node (the union is 2/3 of the run time).
    std::vector<std::uint32_t> area(cells.size(), no_seat);
    std::vector<AreaSummary> summaries(seats.size());
    for (std::size_t s = 0; s < seats.size(); ++s) {
        if (area_of[s] != s) {
            summaries[area_of[s]].members.push_back(seats[s].id);  // seats sorted by id
        }
    }
    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        if (assignment[c] == no_seat) {
            continue;
        }
        REACH_ASSERT(assignment[c] < seats.size());
        const auto s = area_of[assignment[c]];
        area[c] = s;
        summaries[s].cells += 1;
        summaries[s].population += cells[c].population;
        order.push_back(c);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::tie(area[a], cells[a].y_ll, cells[a].x_ll) <
               std::tie(area[b], cells[b].y_ll, cells[b].x_ll);
    });
    std::vector<OGRMultiPolygon> rectangles(seats.size());
    for (std::size_t k = 0; k < order.size();) {
        const auto& first = cells[order[k]];
        const auto s = area[order[k]];
        double x_end = first.x_ll + options.cell_size_m;
        std::size_t next = k + 1;
        while (next < order.size() && area[order[next]] == s &&
               cells[order[next]].y_ll == first.y_ll && cells[order[next]].x_ll == x_end) {
            x_end += options.cell_size_m;
            ++next;
        }
        rectangles[s].addGeometryDirectly(
            rectangle(first.x_ll, first.y_ll, x_end, first.y_ll + options.cell_size_m).release());
        k = next;
    }

    geo::gdal_init();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr) {
        throw OutputError(where_what(path, "GDAL has no GPKG driver"));
    }
    const std::filesystem::path target(path);
    const auto folder = target.has_parent_path() ? target.parent_path() : ".";
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    const auto partial = folder / ("." + target.filename().string() + ".partial.gpkg");
    std::filesystem::remove(partial, ec);
    // Removes the partial file on any failure, so no half-written output is left behind.
    struct PartialGuard {
        std::filesystem::path file;
        ~PartialGuard() {
            std::error_code ignored;
            std::filesystem::remove(file, ignored);
        }
    } guard{partial};
    std::vector<AreaSummary> written;
    {
        DatasetPtr dataset(driver->Create(partial.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!dataset) {
            throw OutputError(where_what(path, "cannot create (" + geo::take_gdal_error() + ")"));
        }
        auto srs = geo::make_srs(options.grid_crs, "grid CRS");
        const std::string rule = describe(options.max_distance);
        const std::string description =
            "Approximate partner service areas, NOT municipal boundaries: derived by nearest "
            "place of the same country within the radius of its kind (" +
            rule + "). Replace with real municipal boundaries (area.boundaries) when available.";
        const std::string description_option = "DESCRIPTION=" + description;
        const char* layer_options[] = {"FID=fid", "SPATIAL_INDEX=YES",
                                       "IDENTIFIER=Approximate service areas",
                                       description_option.c_str(), nullptr};
        OGRLayer* layer = dataset->CreateLayer(options.layer.c_str(), &srs, wkbMultiPolygon,
                                               const_cast<char**>(layer_options));
        if (layer == nullptr) {
            throw OutputError(where_what(path, "cannot create layer " + options.layer + " (" +
                                                   geo::take_gdal_error() + ")"));
        }
        const std::pair<const char*, OGRFieldType> fields[] = {
            {"id", OFTString},           {"name", OFTString},   {"country", OFTString},
            {"seat_lon", OFTReal},       {"seat_lat", OFTReal}, {"partner", OFTInteger},
            {"approximate", OFTInteger}, {"method", OFTString}};
        for (const auto& [name, type] : fields) {
            OGRFieldDefn field(name, type);
            if (layer->CreateField(&field) != OGRERR_NONE) {
                throw OutputError(where_what(path, std::string("cannot create field ") + name));
            }
        }
        layer->SetMetadataItem("APPROXIMATE", "1");
        const std::string warning = fmt::format(
            "These areas are NOT municipal boundaries. They are derived by assigning each "
            "populated grid cell to the nearest place of the same country among those whose "
            "radius covers it; the radius depends on the kind of place ({}). The cells of a "
            "member place (a town of a seat's municipality) join the seat's area.",
            rule);
        layer->SetMetadataItem("NOT_MUNICIPAL_BOUNDARIES", warning.c_str());
        layer->SetMetadataItem("METHOD", method_text(options, {}).c_str());
        layer->SetMetadataItem("MAX_DISTANCE_KM", rule.c_str());
        std::string member_list;
        for (const auto& [member, seat] : options.members) {
            member_list.append(member_list.empty() ? "" : ",")
                .append(member)
                .append("=")
                .append(seat);
        }
        if (!member_list.empty()) {
            layer->SetMetadataItem("MEMBERS", member_list.c_str());
        }
        if (!options.grid_description.empty()) {
            layer->SetMetadataItem("SOURCES", options.grid_description.c_str());
        }

        if (layer->StartTransaction() != OGRERR_NONE) {
            throw OutputError(where_what(path, "cannot start a transaction"));
        }
        for (std::size_t s = 0; s < seats.size(); ++s) {  // seats are sorted by id
            if (summaries[s].cells == 0) {
                continue;
            }
            std::unique_ptr<OGRGeometry> merged(rectangles[s].UnionCascaded());
            if (!merged) {
                throw Error(fmt::format("dissolving the cells of {} failed: {}", seats[s].id,
                                        geo::take_gdal_error()));
            }
            std::unique_ptr<OGRGeometry> multi(
                OGRGeometryFactory::forceToMultiPolygon(merged.release()));
            auto& summary = summaries[s];
            summary.id = seats[s].id;
            summary.name = seats[s].name + " service area (approximate)";
            summary.country = seats[s].country;
            summary.partner = partners.count(seats[s].id) != 0;
            summary.area_km2 = multi->toMultiPolygon()->get_Area() / 1e6;
            summary.parts = static_cast<std::uint32_t>(multi->toMultiPolygon()->getNumGeometries());

            OGRFeature feature(layer->GetLayerDefn());
            feature.SetField("id", summary.id.c_str());
            feature.SetField("name", summary.name.c_str());
            feature.SetField("country", summary.country.c_str());
            feature.SetField("seat_lon", seats[s].lon);
            feature.SetField("seat_lat", seats[s].lat);
            feature.SetField("partner", summary.partner ? 1 : 0);
            feature.SetField("approximate", 1);
            std::vector<std::string> member_names;
            for (std::size_t m = 0; m < seats.size(); ++m) {
                if (m != s && area_of[m] == s) {
                    member_names.push_back(seats[m].name);
                }
            }
            feature.SetField("method", method_text(options, member_names).c_str());
            feature.SetGeometryDirectly(multi.release());
            if (layer->CreateFeature(&feature) != OGRERR_NONE) {
                throw OutputError(where_what(path, "cannot write feature " + summary.id + " (" +
                                                       geo::take_gdal_error() + ")"));
            }
            written.push_back(summary);
        }
        if (layer->CommitTransaction() != OGRERR_NONE) {
            throw OutputError(where_what(path, "cannot commit (" + geo::take_gdal_error() + ")"));
        }
    }
    std::filesystem::rename(partial, target, ec);
    if (ec) {
        throw OutputError(
            where_what(path, "cannot move the finished file into place: " + ec.message()));
    }
    return written;
}

}  // namespace reach::areas
