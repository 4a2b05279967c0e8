#pragma once
// Reads a road network file into a network::RoadTable in the working CRS.
//  - OSM PBF / XML (.osm.pbf, .pbf, .osm, .osm.bz2, .osm.gz, .osm.xml) through libosmium: ways
//    with a `highway` tag (not area=yes) in file order, all their tags, node locations from
//    the file; topology from shared OSM node ids, so a bridge crossing a road without a shared
//    node does not connect. Node references without a location are skipped with a warning.
//    A header `generator` starting with "reach-standin" sets RoadTable::stand_in_note.
//  - Any GDAL line layer (GeoPackage, Shapefile, GeoJSON, FlatGeobuf…) with a column mapping;
//    `file.gpkg#layer` picks a layer. Topology from shared vertex coordinates (exact equality
//    in the source CRS). Every other attribute is kept as a tag under its field name.
// Errors (InputError): missing file, unsupported format, no line layer / empty layer, missing
// class column, no CRS, coordinates that cannot be transformed — each naming the file.
#include <string>

#include "reach/network/road_table.hpp"

namespace reach::io {

struct RoadColumns {
    std::string highway = "highway";   // road class column
    std::string maxspeed = "maxspeed";
    std::string oneway = "oneway";
};

struct RoadReadOptions {
    std::string working_crs = "EPSG:3035";
    RoadColumns columns;
};

enum class RoadFormat { osm, gdal };
// Decides by name (and, for GDAL, by whether GDAL can open it). Throws InputError for a
// missing file, a directory or an unsupported format.
[[nodiscard]] RoadFormat detect_road_format(const std::string& path);

[[nodiscard]] network::RoadTable read_roads(const std::string& path,
                                            const RoadReadOptions& options);
[[nodiscard]] network::RoadTable read_osm_roads(const std::string& path,
                                                const std::string& working_crs);
[[nodiscard]] network::RoadTable read_gdal_roads(const std::string& path,
                                                 const RoadReadOptions& options);

}  // namespace reach::io
