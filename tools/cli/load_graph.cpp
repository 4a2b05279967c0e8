#include "load_graph.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

#include "reach/core/file_hash.hpp"
#include "reach/core/progress.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/routing/search_graph.hpp"

namespace reach::cli {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::filesystem::path default_cache_dir() {
    if (const char* dir = std::getenv("REACH_CACHE_DIR"); dir != nullptr && *dir != '\0') {
        return dir;
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::filesystem::path(xdg) / "reach";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return std::filesystem::path(home) / ".cache" / "reach";
    }
    return std::filesystem::temp_directory_path() / "reach-cache";
}

LoadedGraph load_graph(const std::string& roads_path, const network::Profile& profile,
                       const io::RoadReadOptions& options, const CacheOptions& cache) {
    LoadedGraph loaded;
    (void)io::detect_road_format(roads_path);  // missing file / directory / unsupported first
    std::filesystem::path cache_file;
    std::string key;
    if (cache.enabled) {
        key = network::graph_cache_key(hash_file(roads_path), profile, options.working_crs);
        cache_file = (cache.dir.empty() ? default_cache_dir() : cache.dir) / (key + ".rgc");
        const auto start = std::chrono::steady_clock::now();
        std::string rejected;
        if (auto hit = network::load_graph_cache(cache_file, key, &rejected)) {
            loaded.cached = std::move(*hit);
            loaded.from_cache = true;
            loaded.cache_s = seconds_since(start);
            return loaded;
        }
        if (!rejected.empty()) {
            info(fmt::format("{}: graph cache not used: {}; rebuilding it", cache_file.string(),
                             rejected));
        }
    }
    // Ingest in three steps (read, build, cache) on a terminal's progress line.
    Progress progress(fmt::format("ingest {} ({})",
                                  std::filesystem::path(roads_path).filename().string(),
                                  profile.name),
                      3);
    auto start = std::chrono::steady_clock::now();
    const auto table = io::read_roads(roads_path, options);
    loaded.read_s = seconds_since(start);
    progress.update(1);
    loaded.vertex_count = table.vertex_count();
    loaded.way_count = table.way_count();
    start = std::chrono::steady_clock::now();
    loaded.cached.roads = network::build_road_graph(table);
    loaded.cached.graph = network::build_profile_graph(loaded.cached.roads, table, profile);
    loaded.cached.segment_highway = network::segment_classes(loaded.cached.roads, table);
    loaded.cached.stand_in_note = table.stand_in_note;
    loaded.cached.warnings = table.warnings;
    loaded.cached.search = routing::build_search_graph(loaded.cached.graph.reverse);
    loaded.build_s = seconds_since(start);
    progress.update(2);
    if (cache.enabled) {
        start = std::chrono::steady_clock::now();
        try {
            std::filesystem::create_directories(cache_file.parent_path());
            network::save_graph_cache(cache_file, key, loaded.cached);
        } catch (const std::exception& e) {
            // A cache that cannot be written costs speed, not correctness.
            warn(fmt::format("graph cache not written: {}", e.what()));
        }
        loaded.cache_s = seconds_since(start);
    }
    progress.finish();
    return loaded;
}

}  // namespace reach::cli
