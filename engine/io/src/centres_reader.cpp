// Centres through GDAL. A CSV is opened with every column as a string (AUTODETECT_TYPE=NO)
// and no geometry guessing, and the numbers are parsed here with strict checks, so "55,73",
// "" or "NaN" in a coordinate column is an error naming the line instead of a silent 0.
#include "reach/io/centres_reader.hpp"

#include <fmt/format.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "gdal_util.hpp"
#include "reach/io/gdal_helpers.hpp"
#include "reach/core/error.hpp"
#include "reach/core/utf8.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::io {
namespace {

using gdal::field_names;
using gdal::is_csv;
using gdal::trim;

struct RawCentre {
    std::string id;
    double a = 0.0, b = 0.0;  // lon,lat or x,y in the source CRS
    std::string name;
    std::string where;  // "file:line" or "file#layer, feature N"
};

double parse_coordinate(std::string_view raw, const std::string& column, const std::string& where,
                        const char* expected) {
    const auto value = gdal::parse_number(raw);
    if (!value) {
        throw InputError(where_what(
            where, fmt::format("{} \"{}\" is not a number (expected {})", column, raw, expected)));
    }
    return *value;
}

int require_id_field(const OGRFeatureDefn& defn, const std::string& id_field,
                     const std::string& where) {
    const int index = defn.GetFieldIndex(id_field.c_str());
    if (index < 0) {
        throw InputError(where_what(where, fmt::format("no column \"{}\" (expected the centre id "
                                                       "column; columns: {})",
                                                       id_field, field_names(defn))));
    }
    return index;
}

// Checks the id of one record: not empty, not seen before.
class IdChecker {
public:
    void check(const std::string& id, const std::string& where) {
        require_utf8(id, where, "id");
        if (id.empty()) {
            throw InputError(where_what(where, "empty id (expected a unique centre id)"));
        }
        const auto [it, inserted] = m_first_seen.try_emplace(id, where);
        if (!inserted) {
            throw InputError(where_what(
                where, fmt::format("duplicate id \"{}\" (first at {}; expected unique ids)", id,
                                   it->second)));
        }
    }

private:
    std::unordered_map<std::string, std::string> m_first_seen;
};

struct Source {
    std::vector<RawCentre> centres;
    OGRSpatialReference srs;
    bool geographic_input = false;  // a/b are lon/lat of EPSG:4326
};

Source read_csv(const std::string& file, const CentreReadOptions& options) {
    const auto dataset =
        detail::open_vector(file, {"AUTODETECT_TYPE=NO", "HEADERS=YES", "KEEP_GEOM_COLUMNS=YES"});
    if (dataset == nullptr || dataset->GetLayerCount() == 0) {
        throw InputError(
            where_what(file, fmt::format("cannot read as CSV ({})", gdal::csv_open_failure(file))));
    }
    OGRLayer& layer = *dataset->GetLayer(0);
    const auto& defn = *layer.GetLayerDefn();
    const int id = require_id_field(defn, options.id_field, file);
    const int lon = defn.GetFieldIndex("lon");
    const int lat = defn.GetFieldIndex("lat");
    const int x = defn.GetFieldIndex("x");
    const int y = defn.GetFieldIndex("y");
    const int name = defn.GetFieldIndex("name");
    Source source;
    int a = -1;
    int b = -1;
    if (options.ids_only) {
        source.srs = geo::make_srs(options.working_crs, "working CRS");
    } else if (lon >= 0 && lat >= 0) {
        source.geographic_input = true;
        source.srs = geo::make_srs(geo::wgs84);
        a = lon;
        b = lat;
    } else if (x >= 0 && y >= 0) {
        const auto& crs = options.xy_crs.empty() ? options.working_crs : options.xy_crs;
        source.srs = geo::make_srs(crs, file + ": x,y CRS");
        a = x;
        b = y;
    } else {
        throw InputError(where_what(file, fmt::format("no coordinate columns (expected lon,lat "
                                                      "in EPSG:4326 or x,y; columns: {})",
                                                      field_names(defn))));
    }

    IdChecker ids;
    for (const auto& feature : layer) {
        RawCentre centre;
        // The CSV driver numbers data records from 1; the header is line 1.
        centre.where = fmt::format("{}:{}", file, feature->GetFID() + 1);
        centre.id = std::string(trim(feature->GetFieldAsString(id)));
        ids.check(centre.id, centre.where);
        if (name >= 0) {
            centre.name = feature->GetFieldAsString(name);
            require_utf8(centre.name, centre.where, "name");
        }
        if (options.ids_only) {
            centre.a = centre.b = std::numeric_limits<double>::quiet_NaN();
            source.centres.push_back(std::move(centre));
            continue;
        }
        const char* a_name = source.geographic_input ? "lon" : "x";
        const char* b_name = source.geographic_input ? "lat" : "y";
        const char* expected = source.geographic_input ? "decimal degrees" : "a coordinate";
        centre.a = parse_coordinate(feature->GetFieldAsString(a), a_name, centre.where, expected);
        centre.b = parse_coordinate(feature->GetFieldAsString(b), b_name, centre.where, expected);
        if (source.geographic_input && std::abs(centre.a) > 180.0) {
            throw InputError(
                where_what(centre.where,
                           fmt::format("lon {} is out of range (expected -180..180)", centre.a)));
        }
        if (source.geographic_input && std::abs(centre.b) > 90.0) {
            throw InputError(where_what(
                centre.where, fmt::format("lat {} is out of range (expected -90..90)", centre.b)));
        }
        source.centres.push_back(std::move(centre));
    }
    return source;
}

Source read_layer(const std::string& path, const CentreReadOptions& options) {
    const auto [file, layer_name] = detail::split_layer(path);
    const auto dataset = detail::open_vector(file);
    if (dataset == nullptr || dataset->GetLayerCount() == 0) {
        throw InputError(where_what(
            file, fmt::format("unsupported centres format ({}; expected CSV with id,lon,lat or "
                              "id,x,y, or a GDAL point layer)",
                              geo::take_gdal_error())));
    }
    OGRLayer* layer =
        layer_name.empty() ? dataset->GetLayer(0) : dataset->GetLayerByName(layer_name.c_str());
    if (layer == nullptr) {
        throw InputError(where_what(file, fmt::format("no layer \"{}\"", layer_name)));
    }
    const std::string where = fmt::format("{}#{}", file, layer->GetName());
    const int id = require_id_field(*layer->GetLayerDefn(), options.id_field, where);
    const int name = layer->GetLayerDefn()->GetFieldIndex("name");
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    if (geo::is_undefined(srs)) {
        throw InputError(where_what(where,
                                    "no CRS (expected a layer with a coordinate "
                                    "reference system)"));
    }
    Source source;
    source.srs = geo::with_gis_order(*srs);
    IdChecker ids;
    for (const auto& feature : *layer) {
        RawCentre centre;
        centre.where = fmt::format("{}, feature {}", where, feature->GetFID());
        centre.id = std::string(trim(feature->GetFieldAsString(id)));
        ids.check(centre.id, centre.where);
        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr || geometry->IsEmpty()) {
            throw InputError(where_what(centre.where, "no geometry (expected a point)"));
        }
        if (wkbFlatten(geometry->getGeometryType()) != wkbPoint) {
            throw InputError(
                where_what(centre.where, fmt::format("geometry {} is not a point (expected Point)",
                                                     geometry->getGeometryName())));
        }
        centre.a = geometry->toPoint()->getX();
        centre.b = geometry->toPoint()->getY();
        if (name >= 0) {
            centre.name = feature->GetFieldAsString(name);
            require_utf8(centre.name, centre.where, "name");
        }
        source.centres.push_back(std::move(centre));
    }
    return source;
}

}  // namespace

std::vector<Centre> read_centres(const std::string& path, const CentreReadOptions& options) {
    const auto file = detail::split_layer(path).file;
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (!std::filesystem::exists(status)) {
        throw InputError(where_what(file, "no such file"));
    }
    if (std::filesystem::is_directory(status)) {
        throw InputError(where_what(file, "is a directory (expected a centres file)"));
    }
    const auto working = geo::make_srs(options.working_crs, "working CRS");
    geo::gdal_init();
    const bool csv = is_csv(file);
    if (csv && std::filesystem::file_size(file, ec) == 0) {
        throw InputError(where_what(file,
                                    "empty file (expected a header line such as "
                                    "id,lon,lat and one line per centre)"));
    }
    if (options.ids_only && !csv) {
        throw InputError(where_what(file, "a matrix scenario reads centre ids from a CSV "
                                          "(expected a .csv with an id column)"));
    }
    const auto source = csv ? read_csv(file, options) : read_layer(path, options);
    if (options.ids_only) {
        std::vector<Centre> centres;
        centres.reserve(source.centres.size());
        for (const auto& raw : source.centres) {
            centres.push_back({raw.id, raw.a, raw.b, raw.a, raw.b, raw.name});
        }
        return centres;
    }
    if (source.centres.empty()) {
        throw InputError(where_what(file, "no centres (expected one record per centre)"));
    }

    const geo::Reprojector to_working(source.srs, working);
    const geo::Reprojector to_wgs84(source.srs, geo::make_srs(geo::wgs84));
    std::vector<Centre> centres;
    centres.reserve(source.centres.size());
    for (const auto& raw : source.centres) {
        Centre centre{raw.id, raw.a, raw.b, raw.a, raw.b, raw.name};
        if (!to_working.transform(centre.x, centre.y) ||
            (!source.geographic_input && !to_wgs84.transform(centre.lon, centre.lat))) {
            throw InputError(where_what(
                raw.where, fmt::format("point ({}, {}) cannot be transformed to {} (expected "
                                       "coordinates inside the CRS's area of use)",
                                       raw.a, raw.b, options.working_crs)));
        }
        centres.push_back(std::move(centre));
    }
    return centres;
}

}  // namespace reach::io
