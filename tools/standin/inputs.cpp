#include "inputs.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::standin {
namespace {

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

std::pair<DatasetPtr, OGRLayer*> open_layer(const std::string& path, const std::string& what) {
    geo::gdal_init();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw InputError(where_what(path, fmt::format("no such file (expected {})", what)));
    }
    const bool gzipped = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    const std::string name = gzipped ? "/vsigzip/" + path : path;
    DatasetPtr dataset(GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!dataset || dataset->GetLayerCount() < 1) {
        throw InputError(where_what(path, fmt::format("GDAL cannot open it as a vector layer: "
                                                      "{} (expected {})",
                                                      geo::take_gdal_error(), what)));
    }
    OGRLayer* layer = dataset->GetLayer(0);
    return {std::move(dataset), layer};
}

int field_index(OGRLayer& layer, const std::string& path, const char* name,
                const std::string& what) {
    const int index = layer.GetLayerDefn()->GetFieldIndex(name);
    if (index < 0) {
        throw InputError(
            where_what(path, fmt::format("no column \"{}\" (expected {})", name, what)));
    }
    return index;
}

}  // namespace

CensusGrid read_census(const std::string& path, const Window& window) {
    const std::string what = "the Census 2021 1 km grid CSV with columns x_ll, y_ll, T";
    auto [dataset, layer] = open_layer(path, what);
    const int x_field = field_index(*layer, path, "x_ll", what);
    const int y_field = field_index(*layer, path, "y_ll", what);
    const int t_field = field_index(*layer, path, "T", what);

    struct Cell {
        std::int64_t x_ll, y_ll;
        std::int32_t population;
    };
    std::vector<Cell> cells;
    std::int64_t line = 1;  // the header
    for (auto& feature : *layer) {
        ++line;
        const auto x_ll = feature->GetFieldAsInteger64(x_field);
        const auto y_ll = feature->GetFieldAsInteger64(y_field);
        const auto population = feature->GetFieldAsInteger64(t_field);
        if (x_ll % 1000 != 0 || y_ll % 1000 != 0 || population < 0 ||
            population > std::numeric_limits<std::int32_t>::max()) {
            throw InputError(where_what(
                fmt::format("{}, line {}", path, line),
                fmt::format("x_ll {}, y_ll {}, T {} (expected the lower-left corner of a 1 km "
                            "cell in EPSG:3035 metres and a population >= 0)",
                            feature->GetFieldAsString(x_field), feature->GetFieldAsString(y_field),
                            feature->GetFieldAsString(t_field))));
        }
        const double cx = static_cast<double>(x_ll) + cell_size_m / 2;
        const double cy = static_cast<double>(y_ll) + cell_size_m / 2;
        if (window.contains(cx, cy)) {
            cells.push_back({x_ll, y_ll, static_cast<std::int32_t>(population)});
        }
    }
    if (cells.empty()) {
        throw InputError(
            where_what(path, "no census cell inside the area (expected a non-empty grid)"));
    }
    CensusGrid grid;
    auto [xmin, xmax] = std::minmax_element(cells.begin(), cells.end(),
                                            [](auto& a, auto& b) { return a.x_ll < b.x_ll; });
    auto [ymin, ymax] = std::minmax_element(cells.begin(), cells.end(),
                                            [](auto& a, auto& b) { return a.y_ll < b.y_ll; });
    grid.x0_m = xmin->x_ll;
    grid.y0_m = ymin->y_ll;
    grid.nx = static_cast<std::int32_t>((xmax->x_ll - xmin->x_ll) / 1000 + 1);
    grid.ny = static_cast<std::int32_t>((ymax->y_ll - ymin->y_ll) / 1000 + 1);
    grid.population.assign(static_cast<std::size_t>(grid.nx) * static_cast<std::size_t>(grid.ny),
                           0);
    for (const auto& cell : cells) {
        const auto i = static_cast<std::size_t>((cell.x_ll - grid.x0_m) / 1000);
        const auto j = static_cast<std::size_t>((cell.y_ll - grid.y0_m) / 1000);
        grid.population[j * static_cast<std::size_t>(grid.nx) + i] += cell.population;
        grid.total_population += cell.population;
    }
    grid.cell_count = static_cast<std::int64_t>(cells.size());
    return grid;
}

std::vector<Place> read_places(const std::string& path) {
    const std::string what = "a places CSV with columns name, country, kind, lon, lat (EPSG:4326)";
    auto [dataset, layer] = open_layer(path, what);
    const int name_field = field_index(*layer, path, "name", what);
    const int country_field = field_index(*layer, path, "country", what);
    const int kind_field = field_index(*layer, path, "kind", what);
    const int lon_field = field_index(*layer, path, "lon", what);
    const int lat_field = field_index(*layer, path, "lat", what);
    const geo::Reprojector to_working(geo::make_srs(geo::wgs84),
                                      geo::make_srs(geo::default_working_crs));
    std::vector<Place> places;
    std::int64_t line = 1;
    for (auto& feature : *layer) {
        ++line;
        Place place;
        place.name = feature->GetFieldAsString(name_field);
        place.country = feature->GetFieldAsString(country_field);
        place.kind = feature->GetFieldAsString(kind_field);
        const double lon = feature->GetFieldAsDouble(lon_field);
        const double lat = feature->GetFieldAsDouble(lat_field);
        place.x = lon;
        place.y = lat;
        if (place.name.empty() || !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) ||
            !to_working.transform(place.x, place.y)) {
            throw InputError(
                where_what(fmt::format("{}, line {}", path, line),
                           fmt::format("name \"{}\", lon \"{}\", lat \"{}\" (expected a name and "
                                       "EPSG:4326 degrees inside Europe)",
                                       place.name, feature->GetFieldAsString(lon_field),
                                       feature->GetFieldAsString(lat_field))));
        }
        places.push_back(std::move(place));
    }
    return places;
}

LandMask::LandMask(const std::string& path) {
    const std::string what = "country polygons with an iso_a3 property (LVA, LTU), EPSG:4326";
    auto [dataset, layer] = open_layer(path, what);
    const int iso_field = field_index(*layer, path, "iso_a3", what);
    // Not const: OGRGeometry takes a reference on them (released again below).
    auto wgs84 = geo::make_srs(geo::wgs84);
    auto working = geo::make_srs(geo::default_working_crs);
    for (auto& feature : *layer) {
        const std::string iso = feature->GetFieldAsString(iso_field);
        if (iso != "LVA" && iso != "LTU") {
            continue;
        }
        const OGRGeometry* source = feature->GetGeometryRef();
        const auto type = source == nullptr ? wkbUnknown : wkbFlatten(source->getGeometryType());
        if (type != wkbMultiPolygon && type != wkbPolygon) {
            throw InputError(where_what(
                fmt::format("{}, feature {}", path, feature->GetFID()),
                fmt::format("{} has no polygon geometry (expected a (multi)polygon)", iso)));
        }
        Country country;
        country.geometry.reset(source->clone());
        country.geometry->assignSpatialReference(&wgs84);
        const OGRErr error = country.geometry->transformTo(&working);
        country.geometry->assignSpatialReference(nullptr);
        if (error != OGRERR_NONE) {
            throw InputError(where_what(fmt::format("{}, feature {}", path, feature->GetFID()),
                                        fmt::format("{} cannot be transformed to EPSG:3035: {}",
                                                    iso, geo::take_gdal_error())));
        }
        country.geometry->getEnvelope(&country.envelope);
        country.prepared = OGRCreatePreparedGeometry(OGRGeometry::ToHandle(country.geometry.get()));
        m_countries.push_back(std::move(country));
    }
    if (m_countries.empty()) {
        throw InputError(where_what(path,
                                    "no feature with iso_a3 LVA or LTU (expected the "
                                    "Latvian and Lithuanian land polygons)"));
    }
}

LandMask::~LandMask() {
    for (auto& country : m_countries) {
        OGRDestroyPreparedGeometry(country.prepared);
    }
}

bool LandMask::contains(double x, double y) const {
    m_point.setX(x);
    m_point.setY(y);
    for (const auto& country : m_countries) {
        if (x < country.envelope.MinX || x > country.envelope.MaxX || y < country.envelope.MinY ||
            y > country.envelope.MaxY) {
            continue;
        }
        if (OGRPreparedGeometryContains(country.prepared, OGRGeometry::ToHandle(&m_point)) != 0) {
            return true;
        }
    }
    return false;
}

}  // namespace reach::standin
