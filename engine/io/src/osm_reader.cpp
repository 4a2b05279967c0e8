// OSM roads through libosmium, in one pass: node locations go into a FlexMem index (sparse
// for small extracts, dense for large ones), ways with a `highway` tag pick them up through
// NodeLocationsForWays. Nodes come before ways in every sorted OSM file, so one pass is enough
// and ingest stays close to the cost of decoding the file once (DESIGN.md, Performance).
#include <fmt/format.h>

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_compression.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>

#include <cstdint>
#include <exception>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/geo/crs.hpp"
#include "reach/io/road_reader.hpp"

#include "osm_xml_coordinates.hpp"

namespace reach::io {
namespace {

using LocationIndex =
    osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
using LocationHandler = osmium::handler::NodeLocationsForWays<LocationIndex, LocationIndex>;

// Collects the ways with a `highway` tag (areas excluded) into the table; vertices are the
// distinct OSM nodes they use, numbered in order of first use. x/y hold lon/lat until the
// table is reprojected at the end.
class RoadCollector : public osmium::handler::Handler {
public:
    explicit RoadCollector(network::RoadTable& table) : m_table(table) {}

    void way(const osmium::Way& way) {
        const auto& tags = way.tags();
        if (tags.get_value_by_key("highway") == nullptr || tags.has_tag("area", "yes")) {
            return;
        }
        ++m_highway_ways;
        m_vertices.clear();
        for (const auto& ref : way.nodes()) {
            if (!ref.location().valid()) {
                ++m_missing_nodes;
                continue;
            }
            const auto vertex = vertex_of(ref);
            // A node repeated back to back adds no geometry and would make a 0 m segment.
            if (m_vertices.empty() || m_vertices.back() != vertex) {
                m_vertices.push_back(vertex);
            }
        }
        if (m_vertices.size() < 2) {
            ++m_dropped_ways;
            return;
        }
        m_tags.clear();
        for (const auto& tag : tags) {
            m_tags.emplace_back(tag.key(), tag.value());
        }
        m_table.add_way(way.id(), m_vertices, m_tags);
    }

    [[nodiscard]] std::uint64_t highway_ways() const { return m_highway_ways; }
    [[nodiscard]] std::uint64_t missing_nodes() const { return m_missing_nodes; }
    [[nodiscard]] std::uint64_t dropped_ways() const { return m_dropped_ways; }

private:
    std::uint32_t vertex_of(const osmium::NodeRef& ref) {
        const auto [it, inserted] = m_vertex_of_node.try_emplace(ref.ref(), 0U);
        if (inserted) {
            const double lon = ref.location().lon();
            const double lat = ref.location().lat();
            it->second = m_table.add_vertex(lon, lat, lon, lat, ref.ref());
        }
        return it->second;
    }

    network::RoadTable& m_table;
    std::unordered_map<std::int64_t, std::uint32_t> m_vertex_of_node;
    std::vector<std::uint32_t> m_vertices;
    std::vector<std::pair<std::string_view, std::string_view>> m_tags;
    std::uint64_t m_highway_ways = 0;
    std::uint64_t m_missing_nodes = 0;
    std::uint64_t m_dropped_ways = 0;
};

void reproject_vertices(network::RoadTable& table, const std::string& path,
                        const std::string& working_crs) {
    const auto wgs84 = geo::make_srs(geo::wgs84);
    const auto working = geo::make_srs(working_crs, "working CRS");
    const geo::Reprojector to_working(wgs84, working);
    for (std::size_t i = 0; i < table.x.size(); ++i) {
        if (!to_working.transform(table.x[i], table.y[i])) {
            throw InputError(where_what(
                path, fmt::format("node {} at lon {}, lat {} cannot be transformed to {} "
                                  "(expected coordinates inside the working CRS's area of use)",
                                  table.osm_node_id[i], table.lon[i], table.lat[i], working_crs)));
        }
    }
}

}  // namespace

network::RoadTable read_osm_roads(const std::string& path, const std::string& working_crs) {
    // Validate the CRS before the (possibly long) read.
    (void)geo::make_srs(working_crs, "working CRS");
    network::RoadTable table;
    table.working_crs = working_crs;
    table.source = path;
    table.from_osm = true;

    RoadCollector collector(table);
    try {
        detail::check_osm_xml_coordinates(path);
        LocationIndex positive_ids;
        LocationIndex negative_ids;  // hand-edited files (JOSM) use negative ids
        LocationHandler locations(positive_ids, negative_ids);
        locations.ignore_errors();  // a missing node is counted by the collector, not fatal
        osmium::io::Reader reader(path,
                                  osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
        const auto generator = reader.header().get("generator");
        if (generator.rfind(network::stand_in_generator_prefix, 0) == 0 ||
            generator.rfind(network::synthetic_generator_prefix, 0) == 0) {
            table.stand_in_note = generator;
        }
        osmium::apply(reader, locations, collector);
        reader.close();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(where_what(
            path, fmt::format("cannot read OSM data: {} (expected an intact OSM PBF or XML file)",
                              e.what())));
    }

    if (collector.highway_ways() == 0) {
        throw InputError(where_what(path, "no roads (no way with a highway tag)"));
    }
    if (collector.missing_nodes() > 0 || collector.dropped_ways() > 0) {
        table.warnings.push_back(
            fmt::format("{}: {} node reference(s) of highway ways have no location in the file "
                        "(skipped; {} way(s) with fewer than 2 nodes dropped)",
                        path, collector.missing_nodes(), collector.dropped_ways()));
    }
    if (table.way_count() == 0) {
        throw InputError(where_what(
            path, fmt::format("no roads: all {} highway way(s) lack node locations (expected "
                              "the nodes of each way in the file)",
                              collector.highway_ways())));
    }
    reproject_vertices(table, path, working_crs);
    return table;
}

}  // namespace reach::io
