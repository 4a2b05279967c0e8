// OSM roads through libosmium, in one pass: node locations go into a FlexMem index (sparse
// for small extracts, dense for large ones; a flat array by id while ids ascend densely), ways
// with a `highway` tag pick them up through NodeLocationsForWays. Nodes come before ways in
// every sorted OSM file, so one pass is enough and ingest stays close to the cost of decoding
// the file once (DESIGN.md, Performance). Tag strings are interned through a small cache of
// their own; the vertices go to PROJ in batches at the end.
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

#include <ogr_spatialref.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/io/road_reader.hpp"

#include "osm_xml_coordinates.hpp"

namespace reach::io {
namespace {

// libosmium's FlexMem index (same answers, same switch to its dense blocks for very large
// inputs), preceded by a flat array by id while the ids come in ascending order over a range at
// most a few times their count: then storing a location is one array write, and a lookup one
// array access instead of a binary search over all entries. FlexMem gets the entries only when
// the array is dropped (an id out of order or repeated, ids too sparse, or a node without a
// location): they are then handed to it in the order they came, so its entries and answers are
// exactly those it would have had from the start.
class LocationIndex final
    : public osmium::index::map::Map<osmium::unsigned_object_id_type, osmium::Location> {
public:
    using Id = osmium::unsigned_object_id_type;

    void set(const Id id, const osmium::Location value) override {
        if (m_by_id_usable && fits_by_id(id, value)) {
            const Id offset = id - m_first_id;
            if (offset >= m_by_id.size()) {
                m_by_id.resize(std::max<std::size_t>(offset + 1, 2 * m_by_id.size()));
            }
            m_by_id[offset] = value;
            ++m_count;
            m_last_id = id;
            return;
        }
        if (m_by_id_usable) {
            drop_by_id();
        }
        m_flex.set(id, value);
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

    [[nodiscard]] std::size_t size() const override {
        return m_by_id_usable ? m_count : m_flex.size();
    }
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
        m_flex.sort();  // the array is sorted by construction
    }

private:
    static constexpr Id max_slots_per_entry = 4;
    static constexpr Id slack = Id{1} << 16U;

    // Whether (id, value) can go into the array: a defined location, the first id or one above
    // the last, and the array's range at most a few slots per entry.
    [[nodiscard]] bool fits_by_id(const Id id, const osmium::Location value) {
        if (value == osmium::Location{}) {
            return false;  // undefined: the array could not tell it from an absent id
        }
        if (m_count == 0) {
            m_first_id = id;
            return true;
        }
        return id > m_last_id && id - m_first_id <= max_slots_per_entry * (m_count + 1) + slack;
    }

    // Hands the array's entries to FlexMem (ascending ids, as they came) and uses FlexMem only.
    void drop_by_id() {
        m_by_id_usable = false;
        for (std::size_t offset = 0; offset < m_by_id.size(); ++offset) {
            if (m_by_id[offset] != osmium::Location{}) {
                m_flex.set(m_first_id + offset, m_by_id[offset]);
            }
        }
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

// Ids of tag strings in the table's StringPool, looked up with a cheap hash in a table of its
// own (open addressing, linear probing, at most half full): StringPool::intern (std::hash, a
// node-based map) is called only for a string seen for the first time, so every string gets
// the id, in the same order, that interning each one would give.
class TagIds {
public:
    explicit TagIds(network::StringPool& pool) : m_pool(pool) { rehash(std::size_t{1} << 12U); }

    std::uint32_t id_of(std::string_view text) {
        const std::uint64_t hash = hash_of(text);
        std::size_t slot = static_cast<std::size_t>(hash) & m_mask;
        while (m_slots[slot].id != empty) {
            if (m_slots[slot].hash == hash && m_pool.get(m_slots[slot].id) == text) {
                return m_slots[slot].id;
            }
            slot = (slot + 1) & m_mask;
        }
        const std::uint32_t id = m_pool.intern(text);
        m_slots[slot] = {hash, id};
        ++m_size;
        if (2 * m_size > m_slots.size()) {
            rehash(2 * m_slots.size());
        }
        return id;
    }

private:
    static constexpr std::uint32_t empty = 0xffffffffU;
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t id = empty;
    };

    // 8 bytes at a time, then splitmix64's finaliser.
    [[nodiscard]] static std::uint64_t hash_of(std::string_view text) {
        std::uint64_t h = text.size() * 0x9e3779b97f4a7c15ULL;
        std::size_t i = 0;
        for (; i + 8 <= text.size(); i += 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, text.data() + i, 8);
            h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
            h ^= h >> 29U;
        }
        std::uint64_t tail = 0;
        std::memcpy(&tail, text.data() + i, text.size() - i);
        h = (h ^ tail) * 0x94d049bb133111ebULL;
        h ^= h >> 31U;
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 27U;
        return h;
    }

    void rehash(std::size_t capacity) {
        std::vector<Slot> old(capacity);
        std::swap(old, m_slots);
        m_mask = capacity - 1;
        for (const auto& entry : old) {
            if (entry.id != empty) {
                std::size_t slot = static_cast<std::size_t>(entry.hash) & m_mask;
                while (m_slots[slot].id != empty) {
                    slot = (slot + 1) & m_mask;
                }
                m_slots[slot] = entry;
            }
        }
    }

    network::StringPool& m_pool;
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

// Collects the ways with a `highway` tag (areas excluded) into the table; vertices are the
// distinct OSM nodes they use, numbered in order of first use. x/y hold lon/lat until the
// table is reprojected at the end.
class RoadCollector : public osmium::handler::Handler {
public:
    explicit RoadCollector(network::RoadTable& table) : m_table(table), m_tag_ids(table.strings) {}

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
            reserve_vertices();
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
        // What RoadTable::add_way does, with the tag strings interned through m_tag_ids.
        m_table.way_vertex.insert(m_table.way_vertex.end(), m_vertices.begin(), m_vertices.end());
        m_table.way_first_vertex.push_back(static_cast<std::uint32_t>(m_table.way_vertex.size()));
        m_table.way_source_id.push_back(way.id());
        for (const auto& tag : tags) {
            m_table.tag_key.push_back(m_tag_ids.id_of(tag.key()));
            m_table.tag_value.push_back(m_tag_ids.id_of(tag.value()));
        }
        m_table.way_first_tag.push_back(static_cast<std::uint32_t>(m_table.tag_key.size()));
    }

    [[nodiscard]] std::uint64_t highway_ways() const { return m_highway_ways; }
    [[nodiscard]] std::uint64_t missing_nodes() const { return m_missing_nodes; }
    [[nodiscard]] std::uint64_t dropped_ways() const { return m_dropped_ways; }

private:
    // Room for as many vertices as nodes were read (an upper bound, capped): the vertex arrays
    // then grow without copies; pages never written stay unused address space.
    void reserve_vertices() {
        constexpr std::uint64_t max_reserved = std::uint64_t{1} << 27U;
        const auto count = static_cast<std::size_t>(std::min(m_node_count, max_reserved));
        m_table.x.reserve(count);
        m_table.y.reserve(count);
        m_table.lon.reserve(count);
        m_table.lat.reserve(count);
        m_table.osm_node_id.reserve(count);
    }

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
    TagIds m_tag_ids;
    std::uint64_t m_highway_ways = 0;
    std::uint64_t m_missing_nodes = 0;
    std::uint64_t m_dropped_ways = 0;
};

// Points go to PROJ (through GDAL) in batches of this many: one call per batch instead of one
// per point saves GDAL's per-call set-up (about 40 % of the time at 1M nodes). PROJ transforms
// each point of a batch on its own, so the coordinates are bit-identical to one call per point
// (geo::Reprojector::transform).
constexpr std::size_t reproject_batch = 4096;

// Transforms points [begin, end) of x, y in place with `transform` (nullptr: same CRS); returns
// end, or the first point PROJ cannot transform (or gives non-finite coordinates for), as
// geo::Reprojector::transform decides.
std::size_t reproject_range(OGRCoordinateTransformation* transform, std::size_t begin,
                            std::size_t end, double* x, double* y) {
    std::array<int, reproject_batch> ok{};
    for (std::size_t first = begin; first < end; first += reproject_batch) {
        const std::size_t count = std::min(reproject_batch, end - first);
        if (transform != nullptr) {
            ok.fill(0);
            (void)transform->Transform(static_cast<int>(count), x + first, y + first, nullptr,
                                       ok.data());
        } else {
            ok.fill(1);
        }
        for (std::size_t k = 0; k < count; ++k) {
            if (ok[k] == 0 || !std::isfinite(x[first + k]) || !std::isfinite(y[first + k])) {
                (void)geo::take_gdal_error();
                return first + k;
            }
        }
    }
    return end;
}

void reproject_vertices(network::RoadTable& table, const std::string& path,
                        const std::string& working_crs) {
    const auto wgs84 = geo::make_srs(geo::wgs84);
    const auto working = geo::make_srs(working_crs, "working CRS");
    const std::size_t n = table.x.size();
    // Parts of the vertices on the threads TBB offers, each with its own transformation (made
    // here, one after the other: GDAL's spatial references are not to be shared between
    // threads; a transformation may be used from any thread, one at a time). The first point
    // that fails (in vertex order) is the one reported, whatever the number of parts.
    constexpr std::size_t min_points_per_part = 32768;
    const auto threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
    const std::size_t parts =
        std::clamp<std::size_t>(std::min(threads, n / min_points_per_part), 1, 64);
    std::vector<
        std::unique_ptr<OGRCoordinateTransformation, void (*)(OGRCoordinateTransformation*)>>
        transforms;
    transforms.reserve(parts);
    const bool same = wgs84.IsSame(&working) != 0;
    for (std::size_t p = 0; p < parts; ++p) {
        // The first from the CRSs; the others are clones of it (the same PROJ operation, without
        // asking PROJ's database again: about 30 ms each).
        OGRCoordinateTransformation* transform = nullptr;
        if (!same) {
            transform = p == 0 ? OGRCreateCoordinateTransformation(&wgs84, &working)
                               : transforms.front()->Clone();
        }
        transforms.emplace_back(transform, &OGRCoordinateTransformation::DestroyCT);
        if (!same && transform == nullptr) {
            throw InputError(fmt::format("cannot transform coordinates from {} to {} ({})",
                                         geo::wgs84, working_crs, geo::take_gdal_error()));
        }
    }
    const auto part_begin = [&](std::size_t p) { return n / parts * p + std::min(p, n % parts); };
    std::vector<std::size_t> first_failure(parts, n);
    const auto run_part = [&](std::size_t p) {
        const std::size_t end = part_begin(p + 1);
        const std::size_t failed = reproject_range(transforms[p].get(), part_begin(p), end,
                                                   table.x.data(), table.y.data());
        first_failure[p] = failed < end ? failed : n;
    };
    if (parts == 1) {
        run_part(0);
    } else {
        tbb::parallel_for(std::size_t{0}, parts, run_part);
    }
    const std::size_t i = *std::min_element(first_failure.begin(), first_failure.end());
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
