#pragma once
// Synthetic road-like networks for benchmarks: a perturbed grid (~300 m spacing) in Latvia /
// Lithuania with a hierarchy of corridors (trunk/primary every 32nd row and column, secondary
// every 8th, residential/unclassified streets between), ways split end to end (degree-2
// nodes, as OSM ways are split where tags change), dead ends (removed grid edges, cut streets,
// cul-de-sacs), footways and paths that cars may not use, ~5 % oneway local streets and curvy
// lines (shape vertices that are not graph nodes). Deterministic: a draw depends only on
// (seed, purpose, keys) through splitmix64, never on the order of calls, so equal options give
// equal tables on every machine. The node count targets the TOPOLOGICAL nodes that
// network::build_road_graph() makes (way ends and shared vertices), within ±3 %.
// The data is labelled synthetic (PBF header `generator`, GeoPackage layer description):
// it is not surveyed and must never be taken for a real road network.
#include <cstdint>
#include <string>
#include <string_view>

#include "reach/network/road_table.hpp"

namespace reach::bench {

struct SynthOptions {
    std::uint32_t nodes = 10'000;  // target number of TOPOLOGICAL graph nodes, ±3 %
    std::uint64_t seed = 1;
};

// x,y in EPSG:3035 metres (working_crs "EPSG:3035"), lon/lat in EPSG:4326 (traditional
// order), osm_node_id = vertex + 1, way_source_id = way + 1, tags highway / maxspeed /
// oneway / name as OSM would have them. from_osm is false and source names the generator.
[[nodiscard]] network::RoadTable make_synthetic_roads(const SynthOptions& options);

inline constexpr std::string_view synthetic_generator =
    "reach-bench-synthetic 1 (synthetic road-like network for benchmarks, not surveyed)";

// OSM PBF through libosmium: nodes (id = osm_node_id, lon/lat) then ways (id =
// way_source_id), sorted by type then id, no metadata, header `generator` =
// synthetic_generator; equal tables give byte-identical files. Replaces an existing file.
// Throws OutputError when the file cannot be written.
void write_roads_pbf(const network::RoadTable& table, const std::string& path);

// GeoPackage through GDAL: layer "roads" (description synthetic_generator), LineString in
// EPSG:3035 from x,y, FID = way_source_id, text fields highway, maxspeed, oneway, name (null
// when the way has no such tag); one transaction, no spatial index (speed). Replaces an
// existing file. Throws OutputError when the file cannot be written.
void write_roads_gpkg(const network::RoadTable& table, const std::string& path);

}  // namespace reach::bench
