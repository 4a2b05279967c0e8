#pragma once
// Binary cache of a RoadGraph and one ProfileGraph, so a second run skips parsing. The key
// is (input file hash, canonical profile text, working CRS, format version); a file whose
// header does not match the key, or is truncated, is ignored (rebuilt), never trusted.
#include <filesystem>
#include <optional>
#include <string>

#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"

namespace reach::network {

// 2: the road table's stand-in note is stored.
inline constexpr std::uint32_t graph_cache_format_version = 3;

struct CachedGraph {
    RoadGraph roads;
    ProfileGraph graph;
    std::vector<std::string> segment_highway;  // highway class per segment (inspect, exports)
    std::string stand_in_note;                 // RoadTable::stand_in_note of the roads file
    std::vector<std::string> warnings;         // RoadTable::warnings of the roads file
};

// The cache key, e.g. "3f2a…-car-EPSG3035-v1".
[[nodiscard]] std::string graph_cache_key(const std::string& input_hash, const Profile& profile,
                                          const std::string& working_crs);
// Writes atomically (temp file + rename). Throws OutputError on failure.
void save_graph_cache(const std::filesystem::path& file, const std::string& key,
                      const CachedGraph& cached);
// nullopt if missing, of another key or version, or damaged.
[[nodiscard]] std::optional<CachedGraph> load_graph_cache(const std::filesystem::path& file,
                                                          const std::string& key);

}  // namespace reach::network
