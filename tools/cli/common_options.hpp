#pragma once
// Options shared by subcommands that read roads and profiles.
#include <CLI/CLI.hpp>

#include <string>

#include "load_graph.hpp"
#include "reach/io/road_reader.hpp"

namespace reach::cli {

struct RoadOptions {
    std::string profiles_file;  // empty: data/profiles.yaml next to the executable's source
    io::RoadReadOptions read;
    CacheOptions cache;
};

// --profiles, --crs, --class-column, --maxspeed-column, --oneway-column
void add_road_options(CLI::App& command, RoadOptions& options);
// --cache-dir, --no-cache
void add_cache_options(CLI::App& command, RoadOptions& options);

// The profile file to use: the one given, else the file shipped in data/.
[[nodiscard]] std::string profiles_path(const RoadOptions& options);

}  // namespace reach::cli
