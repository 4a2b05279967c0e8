#pragma once
// Writes the stand-in network as OSM PBF with libosmium: nodes (id = vertex + 1, EPSG:4326)
// then ways (id = way index + 1), sorted by type then id, without metadata (no version or
// timestamp), so equal input gives byte-identical output. The header's `generator` names the
// file as a stand-in; reach's OSM reader recognises it by its prefix "reach-standin".
#include <string>

#include "road_builder.hpp"

namespace reach::standin {

inline constexpr const char* generator_header =
    "reach-standin-roads 1 (stand-in road network, not surveyed: generated on a 1 km lattice "
    "from the Census 2021 grid, GeoNames places and LV/LT borders)";
inline constexpr const char* source_tag = "reach stand-in (not surveyed)";

// Throws OutputError when the file cannot be written.
void write_osm(const StandinNetwork& network, const std::string& path);

}  // namespace reach::standin
