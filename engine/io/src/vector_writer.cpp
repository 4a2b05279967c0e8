#include "reach/io/vector_writer.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <memory>
#include <optional>
#include <vector>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/geo/validity.hpp"
#include "reach/io/gdal_helpers.hpp"
#include "staged_sqlite.hpp"

namespace reach::io {
namespace {

struct Format {
    std::string driver;
    bool many_layers;
    bool to_wgs84;  // GeoJSON: RFC 7946 wants longitude/latitude on WGS 84
};

std::string lower_extension(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

// Any other extension: the first GDAL driver (registration order, so deterministic) that
// creates vector datasets and lists the extension in DMD_EXTENSIONS (e.g. .sqlite, .gml,
// .kml, .gpx, .ods, .xlsx, .tab).
std::optional<Format> generic_format(const std::string& extension) {
    if (extension.size() < 2) {
        return std::nullopt;
    }
    auto* manager = GetGDALDriverManager();
    for (int d = 0; d < manager->GetDriverCount(); ++d) {
        GDALDriver* driver = manager->GetDriver(d);
        const char* extensions = driver->GetMetadataItem(GDAL_DMD_EXTENSIONS);
        if (driver->GetMetadataItem(GDAL_DCAP_VECTOR) == nullptr ||
            driver->GetMetadataItem(GDAL_DCAP_CREATE) == nullptr || extensions == nullptr) {
            continue;
        }
        const CPLStringList listed(CSLTokenizeString(extensions));
        for (int k = 0; k < listed.size(); ++k) {
            if (EQUAL(listed[k], extension.c_str() + 1)) {
                const bool many = driver->GetMetadataItem(GDAL_DCAP_MULTIPLE_VECTOR_LAYERS) !=
                                  nullptr;
                return Format{driver->GetDescription(), many, false};
            }
        }
    }
    return std::nullopt;
}

std::optional<Format> find_format(const std::filesystem::path& path) {
    const auto extension = lower_extension(path);
    if (extension == ".gpkg") {
        return Format{"GPKG", true, false};
    }
    if (extension == ".geojson" || extension == ".json") {
        return Format{"GeoJSON", false, true};
    }
    if (extension == ".csv") {
        return Format{"CSV", false, false};
    }
    if (extension == ".shp") {
        return Format{"ESRI Shapefile", false, false};
    }
    if (extension == ".fgb") {
        return Format{"FlatGeobuf", false, false};
    }
    return generic_format(extension);
}

Format format_of(const std::filesystem::path& path) {
    if (auto format = find_format(path)) {
        return *format;
    }
    throw OutputError(where_what(
        path.string(),
        fmt::format("unknown vector format \"{}\" (expected .gpkg, .geojson, .csv, .shp, .fgb "
                    "or another extension a GDAL vector driver writes)",
                    lower_extension(path))));
}

}  // namespace

std::optional<VectorFormat> vector_format(const std::filesystem::path& path) {
    geo::gdal_init();
    const auto format = find_format(path);
    if (!format) {
        return std::nullopt;
    }
    return VectorFormat{format->driver, format->many_layers};
}

namespace {

OGRwkbGeometryType ogr_type(GeometryType type) {
    switch (type) {
        case GeometryType::point:
            return wkbPoint;
        case GeometryType::linestring:
            return wkbLineString;
        case GeometryType::multilinestring:
            return wkbMultiLineString;
        case GeometryType::polygon:
            return wkbPolygon;
        case GeometryType::multipolygon:
            return wkbMultiPolygon;
    }
    REACH_ASSERT(false);
    return wkbUnknown;
}

OGRFieldType ogr_type(FieldType type) {
    switch (type) {
        case FieldType::integer:
            return OFTInteger64;
        case FieldType::real:
            return OFTReal;
        case FieldType::text:
            return OFTString;
    }
    REACH_ASSERT(false);
    return OFTString;
}

// "<path>#<layer>" (and ", feature <i>"), the place every message names.
std::string where(const std::filesystem::path& path, const VectorLayer& layer) {
    return fmt::format("{}#{}", path.string(), layer.name);
}

std::string gdal_message() {
    auto message = geo::take_gdal_error();
    return message.empty() ? "GDAL gave no reason" : message;
}

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* transform) const {
        OGRCoordinateTransformation::DestroyCT(transform);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// The SRS written and, for GeoJSON, the transformation to WGS 84 (both with longitude/easting
// first: make_srs sets the traditional GIS order, DESIGN.md Rules).
struct LayerCrs {
    std::optional<OGRSpatialReference> written;
    TransformPtr to_written;  // nullptr: geometries already in the written CRS
    std::optional<int> decimals;  // places the driver keeps (GeoJSON RFC 7946: 7)
};

LayerCrs layer_crs(const std::filesystem::path& path, const VectorLayer& layer,
                   const Format& format) {
    LayerCrs crs;
    if (layer.crs.empty()) {
        return crs;
    }
    auto source = geo::make_srs(layer.crs, where(path, layer));
    if (!format.to_wgs84) {
        crs.written = std::move(source);
        return crs;
    }
    crs.written = geo::make_srs(geo::wgs84);
    crs.decimals = 7;  // the GeoJSON driver's COORDINATE_PRECISION under RFC7946=YES
    if (source.IsSame(&*crs.written) == 0) {
        crs.to_written.reset(OGRCreateCoordinateTransformation(&source, &*crs.written));
        if (crs.to_written == nullptr) {
            throw OutputError(where_what(
                where(path, layer),
                fmt::format("cannot transform {} to EPSG:4326 ({})", layer.crs, gdal_message())));
        }
    }
    return crs;
}

void check_shape(const VectorLayer& layer) {
    REACH_ASSERT(layer.wkb.size() == layer.values.size());
    for (const auto& row : layer.values) {
        REACH_ASSERT(row.size() == layer.fields.size());
        for (std::size_t i = 0; i < row.size(); ++i) {
            const auto& value = row[i];
            switch (layer.fields[i].type) {
                case FieldType::integer:
                    REACH_ASSERT(!std::holds_alternative<double>(value) &&
                                 !std::holds_alternative<std::string>(value));
                    break;
                case FieldType::real:
                    REACH_ASSERT(!std::holds_alternative<std::string>(value));
                    break;
                case FieldType::text:
                    REACH_ASSERT(!std::holds_alternative<std::int64_t>(value) &&
                                 !std::holds_alternative<double>(value));
                    break;
            }
        }
    }
}

void set_field(OGRFeature& feature, int index, const FieldValue& value) {
    if (std::holds_alternative<std::monostate>(value)) {
        feature.SetFieldNull(index);
    } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        if (feature.GetFieldDefnRef(index)->GetType() == OFTReal) {
            feature.SetField(index, static_cast<double>(*integer));
        } else {
            feature.SetField(index, static_cast<GIntBig>(*integer));
        }
    } else if (const auto* real = std::get_if<double>(&value)) {
        feature.SetField(index, *real);
    } else {
        feature.SetField(index, std::get<std::string>(value).c_str());
    }
}

bool is_polygonal(GeometryType type) {
    return type == GeometryType::polygon || type == GeometryType::multipolygon;
}

// Every polygon written is valid (issue 10). The engine's polygons are valid as made
// (geo::dissolve_cells, geo::zones_from_raster), but the transform to EPSG:4326 and GeoJSON's
// 7 decimals move vertices by up to a centimetre: enough to let two rings of a catchment
// touch or cross (seen in the regional run: "Self-intersection"). So the coordinates are
// rounded here as the driver will write them, checked, and repaired when needed; a repair's
// new vertices are rounded and checked again.
std::unique_ptr<OGRGeometry> valid_written_polygon(std::unique_ptr<OGRGeometry> geometry,
                                                   const VectorLayer& layer, const LayerCrs& crs,
                                                   const std::string& feature_where) {
    constexpr int attempts = 3;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        if (crs.decimals) {
            geo::round_coordinates(*geometry, *crs.decimals);
        }
        if (geometry->IsValid()) {
            return geometry;
        }
        geometry = geo::valid_areal(std::move(geometry));
        if (!geometry) {
            break;
        }
        if (layer.geometry_type == GeometryType::polygon &&
            geometry->toMultiPolygon()->getNumGeometries() == 1) {
            geometry.reset(OGRGeometryFactory::forceToPolygon(geometry.release()));
        }
    }
    throw OutputError(where_what(feature_where, "the polygon is not valid even after a repair "
                                                "with GEOS MakeValid (an engine bug)"));
}

// `transform`: crs.to_written or a clone of it (one per thread; a transformation is not
// thread-safe).
std::unique_ptr<OGRGeometry> make_geometry(const std::vector<unsigned char>& wkb,
                                           const VectorLayer& layer, const LayerCrs& crs,
                                           OGRCoordinateTransformation* transform,
                                           const std::string& feature_where) {
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size(), wkbVariantIso) !=
        OGRERR_NONE) {
        delete raw;
        throw OutputError(where_what(feature_where, "geometry is not valid WKB"));
    }
    if (layer.geometry_type == GeometryType::multipolygon) {
        raw = OGRGeometryFactory::forceToMultiPolygon(raw);  // takes ownership
    } else if (layer.geometry_type == GeometryType::multilinestring) {
        raw = OGRGeometryFactory::forceToMultiLineString(raw);
    }
    std::unique_ptr<OGRGeometry> geometry(raw);
    if (transform != nullptr && geometry->transform(transform) != OGRERR_NONE) {
        throw OutputError(where_what(
            feature_where, fmt::format("cannot transform the geometry from {} to EPSG:4326 ({})",
                                       layer.crs, gdal_message())));
    }
    if (is_polygonal(layer.geometry_type) && (crs.to_written != nullptr || crs.decimals)) {
        geometry = valid_written_polygon(std::move(geometry), layer, crs, feature_where);
    }
    return geometry;
}

std::string feature_where(const std::filesystem::path& path, const VectorLayer& layer,
                          std::size_t i) {
    return fmt::format("{}, feature {}", where(path, layer), i);
}

// Features go in chunks: where the geometries are transformed, rounded and checked (GeoJSON)
// a chunk's geometries are made in parallel, one transformation per thread, then written in
// order. Every geometry is made from its own WKB alone, so the file does not depend on the
// thread count; the first failure in feature order is the one reported.
void write_features(OGRLayer& out, const std::filesystem::path& path, const VectorLayer& layer,
                    const LayerCrs& crs) {
    const bool costly = crs.to_written != nullptr || crs.decimals.has_value();
    tbb::enumerable_thread_specific<TransformPtr> transforms([&crs] {
        return TransformPtr(crs.to_written != nullptr ? crs.to_written->Clone() : nullptr);
    });
    constexpr std::size_t chunk = 256;
    std::vector<std::unique_ptr<OGRGeometry>> geometries;
    std::vector<std::exception_ptr> failures;
    geometries.reserve(chunk);
    failures.reserve(chunk);
    for (std::size_t begin = 0; begin < layer.wkb.size(); begin += chunk) {
        const std::size_t end = std::min(layer.wkb.size(), begin + chunk);
        geometries.clear();
        geometries.resize(end - begin);
        failures.assign(end - begin, nullptr);
        const auto make = [&](std::size_t i, OGRCoordinateTransformation* transform) {
            if (layer.wkb[i].empty()) {
                return;
            }
            try {
                geometries[i - begin] = make_geometry(layer.wkb[i], layer, crs, transform,
                                                      feature_where(path, layer, i));
            } catch (...) {
                failures[i - begin] = std::current_exception();
            }
        };
        if (costly && end - begin > 1) {
            tbb::parallel_for(
                tbb::blocked_range<std::size_t>(begin, end, 1),
                [&](const tbb::blocked_range<std::size_t>& range) {
                    auto& transform = transforms.local();
                    if (crs.to_written != nullptr && transform == nullptr) {
                        throw OutputError(where_what(
                            where(path, layer),
                            fmt::format("cannot copy the transformation to EPSG:4326 ({})",
                                        gdal_message())));
                    }
                    for (std::size_t i = range.begin(); i != range.end(); ++i) {
                        make(i, transform.get());
                    }
                },
                tbb::simple_partitioner());
        } else {
            for (std::size_t i = begin; i < end; ++i) {
                make(i, crs.to_written.get());
            }
        }
        for (std::size_t i = begin; i < end; ++i) {
            if (failures[i - begin]) {
                std::rethrow_exception(failures[i - begin]);
            }
            std::unique_ptr<OGRFeature> feature(OGRFeature::CreateFeature(out.GetLayerDefn()));
            if (auto& geometry = geometries[i - begin]) {
                if (crs.written) {
                    geometry->assignSpatialReference(out.GetSpatialRef());
                }
                feature->SetGeometryDirectly(geometry.release());
            }
            for (std::size_t f = 0; f < layer.fields.size(); ++f) {
                set_field(*feature, static_cast<int>(f), layer.values[i][f]);
            }
            if (out.CreateFeature(feature.get()) != OGRERR_NONE) {
                throw OutputError(where_what(feature_where(path, layer, i),
                                             fmt::format("cannot write ({})", gdal_message())));
            }
        }
    }
}

void write_layer(GDALDataset& dataset, const std::filesystem::path& path, const Format& format,
                 const VectorLayer& layer) {
    check_shape(layer);
    auto crs =
        layer_crs(path, layer, format);  // not const: GDAL 3.6 CreateLayer takes a mutable SRS
    CPLStringList options;
    if (format.driver == "CSV") {
        options.SetNameValue("GEOMETRY", "AS_WKT");
    } else if (format.to_wgs84) {
        options.SetNameValue("RFC7946", "YES");
    }
    OGRLayer* out = dataset.CreateLayer(layer.name.c_str(), crs.written ? &*crs.written : nullptr,
                                        ogr_type(layer.geometry_type), options.List());
    if (out == nullptr) {
        throw OutputError(
            where_what(where(path, layer), fmt::format("cannot create ({})", gdal_message())));
    }
    for (const auto& field : layer.fields) {
        OGRFieldDefn definition(field.name.c_str(), ogr_type(field.type));
        if (out->CreateField(&definition) != OGRERR_NONE) {
            throw OutputError(where_what(
                where(path, layer),
                fmt::format("cannot create field \"{}\" ({})", field.name, gdal_message())));
        }
    }
    for (const auto& [key, value] : layer.metadata) {
        out->SetMetadataItem(key.c_str(), value.c_str());
    }
    // One transaction for the whole layer where the driver has them (GPKG): SQLite would
    // otherwise commit, and sync to disk, after every feature.
    const bool in_transaction = dataset.StartTransaction(FALSE) == OGRERR_NONE;
    write_features(*out, path, layer, crs);
    if (in_transaction && dataset.CommitTransaction() != OGRERR_NONE) {
        throw OutputError(
            where_what(where(path, layer), fmt::format("cannot commit ({})", gdal_message())));
    }
}

}  // namespace

void write_vector_layers(const std::filesystem::path& path, std::span<const VectorLayer> layers) {
    geo::gdal_init();
    const auto format = format_of(path);
    if (!format.many_layers && layers.size() > 1) {
        throw OutputError(where_what(
            path.string(), fmt::format("{} layers given, but a {} file holds one (use .gpkg)",
                                       layers.size(), format.driver)));
    }
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format.driver.c_str());
    if (driver == nullptr) {
        throw OutputError(where_what(
            path.string(), fmt::format("GDAL has no {} driver in this build", format.driver)));
    }
    (void)geo::take_gdal_error();  // a stale message must not be blamed on this file
    // The callers write into a staging folder (StagedDir): no fsync or journal file needed.
    const detail::StagedSqliteOptions sqlite_options;
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        driver->QuietDelete(path.string().c_str());  // with a Shapefile's sidecar files
        std::filesystem::remove(path, ec);
    }
    gdal::DatasetPtr dataset(driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (dataset == nullptr) {
        throw OutputError(
            where_what(path.string(), fmt::format("cannot create ({})", gdal_message())));
    }
    for (const auto& layer : layers) {
        write_layer(*dataset, path, format, layer);
    }
    // Closing writes what the drivers buffer (GeoJSON's tail, GPKG metadata, FlatGeobuf's
    // index): a failure there is a failed write too.
    dataset.reset();
    if (auto message = geo::take_gdal_error(); !message.empty()) {
        throw OutputError(where_what(path.string(), fmt::format("cannot write ({})", message)));
    }
}

}  // namespace reach::io
