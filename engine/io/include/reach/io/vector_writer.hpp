#pragma once
// Writing vector outputs of a run (gaps, later catchments and cells) through GDAL: layers of
// WKB geometries with typed attribute columns, in the format the file extension names.
//
//   .gpkg     GeoPackage; any number of layers, in the layers' CRS; features written in one
//             transaction per layer (SQLite commits per feature otherwise: ~100× slower);
//             layer metadata kept (gpkg_metadata).
//   .geojson  GeoJSON (RFC 7946): one layer, reprojected to EPSG:4326 with longitude first.
//   .csv      CSV with the geometry as a WKT column; one layer.
//   .shp      ESRI Shapefile (field names cut to 10 characters by GDAL); one layer.
//   .fgb      FlatGeobuf; one layer, features sorted along its spatial index (Hilbert curve),
//             so their order is not kept.
//   other     the first GDAL driver that creates vector files with that extension
//             (DMD_EXTENSIONS), e.g. .sqlite, .gml, .kml, .gpx, .xlsx; many layers where the
//             driver holds them.
// Metadata is written where the format keeps it (GeoPackage) and dropped elsewhere.
//
// An existing file at the path is replaced (with its sidecar files, e.g. .shx/.dbf/.prj):
// runs write into a fresh staging folder (StagedDir), so replacing is the idempotent choice.
// For the same reason a GeoPackage is written without fsync and with its rollback journal in
// memory (no -journal file); the bytes are the same as with SQLite's defaults.
// Cost: one pass over the features; GDAL's drivers do the rest.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace reach::io {

enum class FieldType { integer, real, text };  // OFTInteger64, OFTReal, OFTString

struct Field {
    std::string name;
    FieldType type = FieldType::text;
};

// std::monostate is a null value. An integer field takes std::int64_t, a real field double
// (or std::int64_t), a text field std::string.
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

// The layer's geometry type. Polygons written to a multipolygon layer (and lines to a
// multilinestring layer) are promoted to one-part multis, so dissolve_cells output (Polygon
// or MultiPolygon) goes into a multipolygon layer as is.
enum class GeometryType { point, linestring, multilinestring, polygon, multipolygon };

struct VectorLayer {
    std::string name;  // layer name (CSV, GeoJSON, Shapefile, FlatGeobuf: the file's name wins)
    std::string crs;   // CRS of the geometries, e.g. "EPSG:3035" (empty: unknown, none written)
    GeometryType geometry_type = GeometryType::multipolygon;
    std::vector<Field> fields;
    std::vector<std::vector<unsigned char>> wkb;  // one per feature, WKB; empty = null geometry
    std::vector<std::vector<FieldValue>> values;  // [feature][field]
    std::map<std::string, std::string> metadata;  // layer metadata, e.g. attribution
};

// The GDAL driver an output path's extension selects, and whether it holds many layers;
// nullopt when no vector driver writes that extension.
struct VectorFormat {
    std::string driver;
    bool many_layers = false;
};
[[nodiscard]] std::optional<VectorFormat> vector_format(const std::filesystem::path& path);

// Writes `layers` into the file `path` (replacing it). Throws OutputError naming the path
// (and layer/feature) with GDAL's message when the file cannot be created or written, for an
// unknown extension, or for more than one layer in a one-layer format; InputError for an
// unknown CRS. Ragged values (a row size other than fields.size(), wkb.size() other than
// values.size()) or a value of the wrong type for its field are caller bugs (REACH_ASSERT).
void write_vector_layers(const std::filesystem::path& path, std::span<const VectorLayer> layers);

}  // namespace reach::io
