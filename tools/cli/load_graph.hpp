#pragma once
// Loads the routing graph of one profile for a roads file: from the graph cache when a cache
// file with the same key exists (input hash, profile settings, working CRS, format version),
// else by reading the file, building the graph (and the SearchGraph of its reverse graph) and
// writing the cache. A cache file that exists but cannot be used is reported (info) and rebuilt.
#include <filesystem>
#include <string>

#include "reach/io/road_reader.hpp"
#include "reach/network/graph_cache.hpp"
#include "reach/network/profile.hpp"

namespace reach::cli {

struct CacheOptions {
    bool enabled = true;
    std::filesystem::path dir;  // empty: REACH_CACHE_DIR, XDG_CACHE_HOME/reach or ~/.cache/reach
};

struct LoadedGraph {
    network::CachedGraph cached;
    bool from_cache = false;
    double read_s = 0.0;    // reading the roads file (0 from cache)
    double build_s = 0.0;   // topology + profile graph + search graph (0 from cache)
    double cache_s = 0.0;   // loading or saving the cache file
    std::size_t vertex_count = 0;  // RoadTable vertices (0 from cache)
    std::size_t way_count = 0;
};

[[nodiscard]] std::filesystem::path default_cache_dir();

[[nodiscard]] LoadedGraph load_graph(const std::string& roads_path,
                                     const network::Profile& profile,
                                     const io::RoadReadOptions& options,
                                     const CacheOptions& cache);

}  // namespace reach::cli
