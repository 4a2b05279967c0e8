// OSM roads through libosmium, in one pass: node locations go into a FlexMem index (sparse
// for small extracts, dense for large ones; a flat array by id while ids ascend densely), ways
// with a `highway` tag pick them up through NodeLocationsForWays. Nodes come before ways in
// every sorted OSM file, so one pass is enough and ingest stays close to the cost of decoding
// the file once (DESIGN.md, Performance).
#include <fmt/format.h>

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_compression.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/geo/crs.hpp"
#include "reach/io/road_reader.hpp"

#include "osm_xml_coordinates.hpp"

namespace reach::io {
namespace {

// libosmium's FlexMem index (same entries, same answers, same switch to its dense blocks for
// very large inputs), plus a flat array by id while the ids come in ascending order over a range
// at most a few times their count: then a lookup is one array access instead of a binary search
// over all entries. Any id out of order or repeated drops the array, and FlexMem's own lookup
// takes over, so the answers are always FlexMem's.
class LocationIndex final
    : public osmium::index::map::Map<osmium::unsigned_object_id_type, osmium::Location> {
public:
    using Id = osmium::unsigned_object_id_type;

    void set(const Id id, const osmium::Location value) override {
        m_flex.set(id, value);
        if (!m_by_id_usable) {
            return;
        }
        if (m_count == 0) {
            m_first_id = id;
        } else if (id <= m_last_id || m_flex.is_dense()) {
            drop_by_id();
            return;
        }
        ++m_count;
        m_last_id = id;
        const Id offset = id - m_first_id;
        if (offset > max_slots_per_entry * m_count + slack) {
            drop_by_id();
            return;
        }
        if (offset >= m_by_id.size()) {
            m_by_id.resize(std::max<std::size_t>(offset + 1, 2 * m_by_id.size()));
        }
        m_by_id[offset] = value;
    }

    [[nodiscard]] osmium::Location get_noexcept(const Id id) const noexcept override {
        if (m_by_id_usable) {
            const Id offset = id - m_first_id;
            if (id < m_first_id || offset >= m_by_id.size()) {
                return osmium::Location{};
            }
            return m_by_id[offset];
        }
        return m_flex.get_noexcept(id);
    }

    [[nodiscard]] osmium::Location get(const Id id) const override {
        const auto value = get_noexcept(id);
        if (value == osmium::Location{}) {
            throw osmium::not_found{id};
        }
        return value;
    }

    [[nodiscard]] std::size_t size() const override { return m_flex.size(); }
    [[nodiscard]] std::size_t used_memory() const override {
        return m_flex.used_memory() + m_by_id.capacity() * sizeof(osmium::Location);
    }
    void clear() override {
        m_flex.clear();
        m_by_id.clear();
        m_by_id_usable = true;
        m_count = 0;
        m_first_id = 0;
        m_last_id = 0;
    }
    void sort() override {
        m_flex.sort();  // only called after ids out of order, which dropped the array
    }

private:
    static constexpr Id max_slots_per_entry = 4;
    static constexpr Id slack = Id{1} << 16U;

    void drop_by_id() {
        m_by_id_usable = false;
        std::vector<osmium::Location>().swap(m_by_id);
    }

    osmium::index::map::FlexMem<Id, osmium::Location> m_flex;
    std::vector<osmium::Location> m_by_id;
    bool m_by_id_usable = true;
    std::uint64_t m_count = 0;
    Id m_first_id = 0;
    Id m_last_id = 0;
};
using LocationHandler = osmium::handler::NodeLocationsForWays<LocationIndex, LocationIndex>;

// OSM node id → vertex index. Node ids in [first, last] of the nodes read before the first way
// go to a flat array when that range is at most a few times the node count (extracts with
// renumbered or dense ids, synthetic networks): no hashing, and ways that use nearby nodes touch
// nearby memory. Any other id goes to a hash table with open addressing (linear probing, at
// most half full, key and value side by side: one cache miss per lookup).
class VertexOfNode {
public:
    VertexOfNode() { rehash(std::size_t{1} << 16U); }

    // Called once before the first lookup, with the range and count of the node ids seen.
    void plan(std::int64_t first_id, std::int64_t last_id, std::uint64_t node_count) {
        constexpr std::uint64_t max_slots_per_node = 4;
        if (node_count == 0 || first_id > last_id) {
            return;
        }
        const auto span =
            static_cast<std::uint64_t>(last_id) - static_cast<std::uint64_t>(first_id);
        if (span >= max_slots_per_node * node_count) {
            return;
        }
        m_dense_first = first_id;
        m_dense.assign(span + 1, empty);
    }

    // The vertex of `id`, and whether it was added now (then its vertex is `next`).
    std::pair<std::uint32_t, bool> find_or_add(std::int64_t id, std::uint32_t next) {
        const auto offset =
            static_cast<std::uint64_t>(id) - static_cast<std::uint64_t>(m_dense_first);
        if (id >= m_dense_first && offset < m_dense.size()) {
            auto& value = m_dense[offset];
            if (value != empty) {
                return {value, false};
            }
            value = next;
            return {next, true};
        }
        if (2 * (m_size + 1) > m_slots.size()) {
            rehash(2 * m_slots.size());
        }
        std::size_t slot = slot_of(id);
        while (m_slots[slot].value != empty) {
            if (m_slots[slot].key == id) {
                return {m_slots[slot].value, false};
            }
            slot = (slot + 1) & m_mask;
        }
        m_slots[slot] = {id, next};
        ++m_size;
        return {next, true};
    }

private:
    static constexpr std::uint32_t empty = 0xffffffffU;
    struct Slot {
        std::int64_t key = 0;
        std::uint32_t value = empty;
    };

    [[nodiscard]] std::size_t slot_of(std::int64_t id) const {
        auto h = static_cast<std::uint64_t>(id);  // splitmix64 finaliser
        h = (h ^ (h >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        h = (h ^ (h >> 27U)) * 0x94d049bb133111ebULL;
        h ^= h >> 31U;
        return static_cast<std::size_t>(h) & m_mask;
    }

    void rehash(std::size_t capacity) {
        std::vector<Slot> old(capacity);
        std::swap(old, m_slots);
        m_mask = capacity - 1;
        for (const auto& entry : old) {
            if (entry.value != empty) {
                std::size_t slot = slot_of(entry.key);
                while (m_slots[slot].value != empty) {
                    slot = (slot + 1) & m_mask;
                }
                m_slots[slot] = entry;
            }
        }
    }

    std::int64_t m_dense_first = 0;
    std::vector<std::uint32_t> m_dense;
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

// Collects the ways with a `highway` tag (areas excluded) into the table; vertices are the
// distinct OSM nodes they use, numbered in order of first use. x/y hold lon/lat until the
// table is reprojected at the end.
class RoadCollector : public osmium::handler::Handler {
public:
    explicit RoadCollector(network::RoadTable& table) : m_table(table) {}

    void node(const osmium::Node& node) {
        if (!m_planned) {
            const auto id = node.id();
            m_first_node_id = m_node_count == 0 ? id : std::min(m_first_node_id, id);
            m_last_node_id = m_node_count == 0 ? id : std::max(m_last_node_id, id);
            ++m_node_count;
        }
    }

    void way(const osmium::Way& way) {
        if (!m_planned) {
            m_vertex_of_node.plan(m_first_node_id, m_last_node_id, m_node_count);
            m_planned = true;
        }
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
        const auto [vertex, added] =
            m_vertex_of_node.find_or_add(ref.ref(), m_table.vertex_count());
        if (added) {
            const double lon = ref.location().lon();
            const double lat = ref.location().lat();
            m_table.add_vertex(lon, lat, lon, lat, ref.ref());
        }
        return vertex;
    }

    network::RoadTable& m_table;
    VertexOfNode m_vertex_of_node;
    bool m_planned = false;  // m_vertex_of_node planned (at the first way)
    std::int64_t m_first_node_id = 0;
    std::int64_t m_last_node_id = 0;
    std::uint64_t m_node_count = 0;
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
    // Each point goes through PROJ exactly as Reprojector::transform does, spread over threads;
    // the first point that fails (in vertex order) is the one reported.
    const std::size_t n = table.x.size();
    const std::size_t i =
        geo::transform_parallel(wgs84, working, n, table.x.data(), table.y.data());
    if (i < n) {
        throw InputError(where_what(
            path, fmt::format("node {} at lon {}, lat {} cannot be transformed to {} "
                              "(expected coordinates inside the working CRS's area of use)",
                              table.osm_node_id[i], table.lon[i], table.lat[i], working_crs)));
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
                                  osmium::osm_entity_bits::node | osmium::osm_entity_bits::way,
                                  osmium::io::read_meta::no);
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
