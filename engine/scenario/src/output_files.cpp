// Output keys, default names and renames (output_files.hpp).
#include "reach/scenario/output_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "reach/io/vector_writer.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::scenario {
namespace {

constexpr std::string_view travel_time_prefix = "travel_time_";

std::string default_name(std::string_view key) {
    if (key == "summary") return "summary.json";
    if (key == "cells") return "cells.csv";
    if (key == "reach") return "reach.gpkg";
    if (key == "catchments") return "catchments.geojson";
    if (key == "report") return "report.html";
    return fmt::format("{}.tif", key);  // travel_time_<profile>
}

std::string lower_extension(const std::string& name) {
    auto extension = std::filesystem::path(name).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

}  // namespace

std::string output_file(const Scenario& s, std::string_view key) {
    const auto it = s.outputs.files.find(std::string(key));
    return it != s.outputs.files.end() ? it->second : default_name(key);
}

std::vector<std::string> output_keys(const std::vector<std::string>& profiles) {
    std::vector<std::string> keys = {"summary", "cells", "reach", "catchments", "report"};
    for (const auto& p : profiles) {
        keys.push_back(fmt::format("{}{}", travel_time_prefix, p));
    }
    return keys;
}

std::optional<RenameProblem> output_rename_problem(std::string_view key, const std::string& name,
                                                   const std::vector<std::string>& profiles) {
    const auto keys = output_keys(profiles);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        return RenameProblem{fmt::format("unknown output \"{}\"", key),
                             fmt::format("one of {}", fmt::join(keys, ", "))};
    }
    if (name.empty() || name == "." || name == ".." ||
        name.find_first_of("/\\") != std::string::npos) {
        return RenameProblem{fmt::format("\"{}\" is not a plain file name", name),
                             fmt::format("a name in the run folder, e.g. my_{}", default_name(key))};
    }
    if (name == "manifest.json") {
        return RenameProblem{"manifest.json is reserved (it marks a complete run)",
                             "another file name"};
    }
    const auto extension = lower_extension(name);
    const auto wrong_extension = [&](const char* expected) {
        return RenameProblem{fmt::format("\"{}\" has the wrong extension", name), expected};
    };
    if (key == "summary") {
        return extension == ".json" ? std::nullopt
                                    : std::optional(wrong_extension("a .json file name"));
    }
    if (key == "report") {
        return extension == ".html" || extension == ".htm"
                   ? std::nullopt
                   : std::optional(wrong_extension("a .html or .htm file name"));
    }
    if (key.starts_with(travel_time_prefix)) {
        return extension == ".tif" || extension == ".tiff"
                   ? std::nullopt
                   : std::optional(wrong_extension("a .tif or .tiff file name"));
    }
    const auto format = io::vector_format(name);
    if (!format) {
        return RenameProblem{
            fmt::format("no GDAL vector driver writes \"{}\" files", extension),
            "an extension such as .gpkg, .geojson, .csv, .shp, .fgb, .sqlite"};
    }
    if (key == "reach" && !format->many_layers) {
        return RenameProblem{fmt::format("a {} file holds one layer", format->driver),
                             "a format with many layers (.gpkg)"};
    }
    return std::nullopt;
}

}  // namespace reach::scenario
