#include "common_options.hpp"

#include <filesystem>

#include "reach/core/error.hpp"

namespace reach::cli {

void add_road_options(CLI::App& command, RoadOptions& options) {
    command.add_option("--profiles", options.profiles_file,
                       "Profile YAML file (default: data/profiles.yaml of this reach)");
    command.add_option("--crs", options.read.working_crs, "Working CRS, metric")
        ->default_str("EPSG:3035");
    command.add_option("--class-column", options.read.columns.highway,
                       "Road class column of a GDAL layer")
        ->default_str("highway");
    command.add_option("--maxspeed-column", options.read.columns.maxspeed,
                       "maxspeed column of a GDAL layer")
        ->default_str("maxspeed");
    command.add_option("--oneway-column", options.read.columns.oneway,
                       "oneway column of a GDAL layer")
        ->default_str("oneway");
}

void add_cache_options(CLI::App& command, RoadOptions& options) {
    command.add_option("--cache-dir", options.cache.dir,
                       "Graph cache folder (default: $REACH_CACHE_DIR, $XDG_CACHE_HOME/reach "
                       "or ~/.cache/reach)");
    command.add_flag("--no-cache{false}", options.cache.enabled,
                     "Neither read nor write the graph cache");
}

std::string profiles_path(const RoadOptions& options) {
    if (!options.profiles_file.empty()) {
        return options.profiles_file;
    }
    // Installed layout is the source tree: the shipped profile file is data/profiles.yaml.
    const std::filesystem::path shipped = std::filesystem::path(REACH_SOURCE_DIR) / "data" /
                                          "profiles.yaml";
    if (!std::filesystem::exists(shipped)) {
        throw InputError(shipped.string() +
                         ": shipped profile file not found (pass --profiles FILE)");
    }
    return shipped.string();
}

}  // namespace reach::cli
