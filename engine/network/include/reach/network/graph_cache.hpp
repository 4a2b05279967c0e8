#pragma once
// Binary cache of a RoadGraph, one ProfileGraph and the SearchGraph of its reverse graph, so a
// second run skips parsing and building. The key is (input file hash, canonical profile text,
// working CRS, format version); a file whose header does not match the key, or is truncated or
// damaged, is ignored (rebuilt), never trusted.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/network/search_graph.hpp"

namespace reach::network {

// 2: the road table's stand-in note is stored. 4: the SearchGraph of the reverse graph is stored.
// 5: arrays 8-byte aligned in the file and hashed one by one (loaded in parallel from a mapping).
inline constexpr std::uint32_t graph_cache_format_version = 5;

struct CachedGraph {
    RoadGraph roads;
    ProfileGraph graph;
    // routing::build_search_graph(graph.reverse), when built (reach::cli::load_graph builds it
    // before saving); saved and loaded with the graph, absent in the file when absent here.
    std::optional<SearchGraph> search;
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
// nullopt if missing, of another key or version, or damaged. When the file exists but is not
// used, `rejected` (if given) says why, e.g. "damaged (checksum mismatch)"; else it is cleared.
[[nodiscard]] std::optional<CachedGraph> load_graph_cache(const std::filesystem::path& file,
                                                          const std::string& key,
                                                          std::string* rejected = nullptr);

}  // namespace reach::network
