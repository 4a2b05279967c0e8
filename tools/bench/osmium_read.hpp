#pragma once
// The ingest baseline of `reach bench`: reading an OSM file with libosmium and nothing else
// (what `osmium cat` does before it writes), nodes and ways decoded, no handler work.
#include <cstdint>
#include <string>

namespace reach::bench {

// Reads every node and way of `path`; returns how many objects were decoded.
std::uint64_t read_osm_plain(const std::string& path);

}  // namespace reach::bench
