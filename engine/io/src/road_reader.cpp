#include "reach/io/road_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string_view>

#include "gdal_util.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::io {
namespace {

bool has_osm_extension(const std::string& file) {
    std::string lower = file;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    constexpr std::array<std::string_view, 6> suffixes{".osm",    ".pbf",     ".osm.bz2",
                                                       ".osm.gz", ".osm.xml", ".osm.pbf"};
    return std::any_of(suffixes.begin(), suffixes.end(),
                       [&](std::string_view s) { return lower.ends_with(s); });
}

}  // namespace

RoadFormat detect_road_format(const std::string& path) {
    const auto [file, layer] = detail::split_layer(path);
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (!std::filesystem::exists(status)) {
        throw InputError(where_what(file, "no such file"));
    }
    if (std::filesystem::is_directory(status)) {
        throw InputError(where_what(
            file, "is a directory (expected a road file: OSM PBF/XML or a GDAL vector layer)"));
    }
    if (layer.empty() && has_osm_extension(file)) {
        return RoadFormat::osm;
    }
    const auto dataset = detail::open_vector(file);
    (void)geo::take_gdal_error();
    if (dataset == nullptr || dataset->GetLayerCount() == 0) {
        throw InputError(where_what(file,
                                    "unsupported road format (expected OSM PBF/XML or a "
                                    "GDAL vector layer: .gpkg, .shp, .geojson, …)"));
    }
    return RoadFormat::gdal;
}

network::RoadTable read_roads(const std::string& path, const RoadReadOptions& options) {
    switch (detect_road_format(path)) {
        case RoadFormat::osm:
            return read_osm_roads(path, options.working_crs);
        case RoadFormat::gdal:
            return read_gdal_roads(path, options);
    }
    throw InputError(where_what(path, "unsupported road format"));  // unreachable
}

}  // namespace reach::io
