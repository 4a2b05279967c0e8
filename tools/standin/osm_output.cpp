#include "osm_output.hpp"

#include <fmt/format.h>

#include <osmium/builder/attr.hpp>
#include <osmium/io/pbf_output.hpp>
#include <osmium/io/writer.hpp>
#include <osmium/memory/buffer.hpp>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <utility>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"

namespace reach::standin {

void write_osm(const StandinNetwork& network, const std::string& path) {
    std::vector<double> lon = network.x;
    std::vector<double> lat = network.y;
    const geo::Reprojector to_wgs84(geo::make_srs(geo::default_working_crs),
                                    geo::make_srs(geo::wgs84));
    if (to_wgs84.transform(lon.size(), lon.data(), lat.data()) != 0) {
        throw OutputError(where_what(path, "a vertex could not be transformed to EPSG:4326"));
    }
    try {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        osmium::io::Header header;
        header.set("generator", generator_header);
        header.set("sorting", "Type_then_ID");
        if (!lon.empty()) {
            const auto [lon_min, lon_max] = std::minmax_element(lon.begin(), lon.end());
            const auto [lat_min, lat_max] = std::minmax_element(lat.begin(), lat.end());
            header.add_box(osmium::Box{*lon_min, *lat_min, *lon_max, *lat_max});
        }
        osmium::io::File file(path, "pbf,add_metadata=false");
        osmium::io::Writer writer(file, header, osmium::io::overwrite::allow);
        using namespace osmium::builder::attr;  // NOLINT(google-build-using-namespace)
        constexpr std::size_t flush_bytes = 1U << 20U;
        osmium::memory::Buffer buffer(2 * flush_bytes, osmium::memory::Buffer::auto_grow::yes);
        const auto flush = [&](bool always) {
            if (always || buffer.committed() > flush_bytes) {
                writer(std::move(buffer));
                buffer =
                    osmium::memory::Buffer(2 * flush_bytes, osmium::memory::Buffer::auto_grow::yes);
            }
        };
        for (std::size_t v = 0; v < lon.size(); ++v) {
            osmium::builder::add_node(buffer, _id(static_cast<osmium::object_id_type>(v + 1)),
                                      _location(osmium::Location{lon[v], lat[v]}));
            flush(false);
        }
        std::vector<osmium::object_id_type> refs;
        std::vector<std::pair<std::string, std::string>> tags;
        for (std::size_t w = 0; w < network.ways.size(); ++w) {
            const auto& way = network.ways[w];
            refs.clear();
            for (const auto v : way.vertices) {
                refs.push_back(static_cast<osmium::object_id_type>(v) + 1);
            }
            tags.clear();
            tags.emplace_back("highway", std::string(highway_tag(way.road_class)));
            if (way.maxspeed_kmh > 0) {
                tags.emplace_back("maxspeed", std::to_string(way.maxspeed_kmh));
            }
            if (way.oneway) {
                tags.emplace_back("oneway", "yes");
            }
            if (!way.name.empty()) {
                tags.emplace_back("name", way.name);
            }
            tags.emplace_back("source", source_tag);
            osmium::builder::add_way(buffer, _id(static_cast<osmium::object_id_type>(w + 1)),
                                     _nodes(refs), _tags(tags));
            flush(false);
        }
        flush(true);
        writer.close();
    } catch (const std::exception& e) {
        throw OutputError(where_what(path, fmt::format("cannot write OSM PBF: {}", e.what())));
    }
}

}  // namespace reach::standin
