#include "reach/network/graph_cache.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <system_error>
#include <type_traits>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/core/file_hash.hpp"

// File layout (host byte order, little-endian only):
//   "REACHGC\0", u32 format version, string key,
//   RoadGraph arrays (geometry without segment end points), working CRS, ProfileGraph (name,
//   forward, reverse, in_component, counts), u8 1 + SearchGraph (counts, arrays) or u8 0
//   without one, highway class table + one u32 class per segment,
//   stand-in note, u64 count + strings of the read warnings, u64 checksum of everything before
//   it.
// An array is a u64 element count followed by the raw elements; a string is an array of chars.
// Loading checks every count against the bytes left, the checksum, the end of file and the
// structural invariants, so a damaged file is rejected instead of trusted.

namespace reach::network {
namespace {

static_assert(std::endian::native == std::endian::little, "the graph cache is little-endian");

constexpr char magic[8] = {'R', 'E', 'A', 'C', 'H', 'G', 'C', '\0'};

// Word-wise multiplicative hash over four interleaved lanes: detects damage at memory speed
// (byte-wise FNV-1a, or one dependent multiply chain, would add a noticeable share of the
// reload time on a million-node graph). Every step is a bijection of its lane's state, so a
// change in any single word always changes the result.
class Checksum {
public:
    void add(const void* data, std::size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        std::size_t i = 0;
        for (; i + 32 <= size; i += 32) {
            for (std::size_t lane = 0; lane < 4; ++lane) {
                std::uint64_t word = 0;
                std::memcpy(&word, bytes + i + 8 * lane, 8);
                m_lane[lane] = mix(m_lane[lane], word);
            }
        }
        for (; i + 8 <= size; i += 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, bytes + i, 8);
            m_lane[0] = mix(m_lane[0], word);
        }
        std::uint64_t tail = size - i;  // also separates arrays of different lengths
        for (; i < size; ++i) {
            tail = (tail << 8) | bytes[i];
        }
        m_lane[1] = mix(m_lane[1], tail);
    }
    [[nodiscard]] std::uint64_t value() const {
        std::uint64_t state = 0xcbf29ce484222325ULL;
        for (const auto lane : m_lane) {
            state = mix(state, lane);
        }
        return state;
    }

private:
    static std::uint64_t mix(std::uint64_t state, std::uint64_t word) {
        state = (state ^ word) * 0x9e3779b97f4a7c15ULL;
        return state ^ (state >> 29);
    }
    std::uint64_t m_lane[4] = {1, 2, 3, 4};
};

class Writer {
public:
    explicit Writer(std::ofstream& out) : m_out(out) {}

    void bytes(const void* data, std::size_t size) {
        m_checksum.add(data, size);
        m_out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    template <typename T>
    void value(T v) {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes(&v, sizeof v);
    }
    template <typename T>
    void array(const std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T>);
        value(static_cast<std::uint64_t>(values.size()));
        bytes(values.data(), values.size() * sizeof(T));
    }
    void string(const std::string& text) {
        value(static_cast<std::uint64_t>(text.size()));
        bytes(text.data(), text.size());
    }
    void checksum() {
        const auto sum = m_checksum.value();
        m_out.write(reinterpret_cast<const char*>(&sum), sizeof sum);
    }

private:
    std::ofstream& m_out;
    Checksum m_checksum;
};

// Reads from the file with every length checked against the bytes left; any failure sets
// `ok` to false and all later reads become no-ops.
class Reader {
public:
    Reader(std::ifstream& in, std::uint64_t file_size) : m_in(in), m_left(file_size) {}

    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] std::uint64_t left() const { return m_left; }

    bool bytes(void* data, std::uint64_t size, bool hash = true) {
        if (!m_ok || size > m_left) {
            m_ok = false;
            return false;
        }
        if (size > 0) {
            m_in.read(static_cast<char*>(data), static_cast<std::streamsize>(size));
            if (!m_in) {
                m_ok = false;
                return false;
            }
        }
        m_left -= size;
        if (hash) {
            m_checksum.add(data, size);
        }
        return true;
    }
    template <typename T>
    T value() {
        T v{};
        bytes(&v, sizeof v);
        return v;
    }
    template <typename T>
    void array(std::vector<T>& values) {
        const auto count = value<std::uint64_t>();
        if (!m_ok || count > m_left / sizeof(T)) {
            m_ok = false;
            return;
        }
        values.resize(count);
        bytes(values.data(), count * sizeof(T));
    }
    void string(std::string& text) {
        const auto count = value<std::uint64_t>();
        if (!m_ok || count > m_left) {
            m_ok = false;
            return;
        }
        text.resize(count);
        bytes(text.data(), count);
    }
    // The stored checksum must match and be the last bytes of the file.
    bool checksum_and_end() {
        const auto expected = m_checksum.value();
        std::uint64_t stored = 0;
        return bytes(&stored, sizeof stored, /*hash=*/false) && stored == expected && m_left == 0;
    }

private:
    std::ifstream& m_in;
    std::uint64_t m_left;
    bool m_ok = true;
    Checksum m_checksum;
};

void write_csr(Writer& out, const CsrGraph& graph) {
    out.array(graph.first_out);
    out.array(graph.head);
    out.array(graph.time_s);
    out.array(graph.segment);
}

void read_csr(Reader& in, CsrGraph& graph) {
    in.array(graph.first_out);
    in.array(graph.head);
    in.array(graph.time_s);
    in.array(graph.segment);
}

bool all_below(const std::vector<std::uint32_t>& values, std::uint64_t limit) {
    return std::all_of(values.begin(), values.end(),
                       [limit](std::uint32_t v) { return v < limit; });
}

// Every value below `limit` or no_slot.
bool all_below_or_none(const std::vector<std::uint32_t>& values, std::uint64_t limit) {
    return std::all_of(values.begin(), values.end(),
                       [limit](std::uint32_t v) { return v < limit || v == no_slot; });
}

void write_search(Writer& out, const std::optional<SearchGraph>& search) {
    out.value(static_cast<std::uint8_t>(search ? 1 : 0));
    if (!search) {
        return;
    }
    out.value(search->node_count);
    out.value(search->isolated_count);
    out.array(search->core_of);
    out.array(search->chain_of);
    out.array(search->core_node);
    out.array(search->core_first_out);
    out.array(search->core_arc);
    out.array(search->weight);
    out.array(search->chain_first);
    out.array(search->chain_node);
    out.array(search->chain_from);
    out.array(search->chain_to);
    out.array(search->ahead_s);
    out.array(search->back_s);
    out.array(search->exit_ahead_s);
    out.array(search->exit_back_s);
}

// False on a flag other than 0 or 1 (the read errors themselves are the Reader's).
bool read_search(Reader& in, std::optional<SearchGraph>& search) {
    const auto present = in.value<std::uint8_t>();
    if (present > 1) {
        return false;
    }
    if (present == 0) {
        return true;
    }
    auto& g = search.emplace();
    g.node_count = in.value<std::uint32_t>();
    g.isolated_count = in.value<std::uint32_t>();
    in.array(g.core_of);
    in.array(g.chain_of);
    in.array(g.core_node);
    in.array(g.core_first_out);
    in.array(g.core_arc);
    in.array(g.weight);
    in.array(g.chain_first);
    in.array(g.chain_node);
    in.array(g.chain_from);
    in.array(g.chain_to);
    in.array(g.ahead_s);
    in.array(g.back_s);
    in.array(g.exit_ahead_s);
    in.array(g.exit_back_s);
    return true;
}

// first[0] == 0, first.back() == end, steps of at least `min_step`.
bool ranges_cover(const std::vector<std::uint32_t>& first, std::uint64_t end,
                  std::uint32_t min_step) {
    if (first.empty() || first.front() != 0 || first.back() != end) {
        return false;
    }
    for (std::size_t i = 0; i + 1 < first.size(); ++i) {
        if (first[i + 1] < first[i] || first[i + 1] - first[i] < min_step) {
            return false;
        }
    }
    return true;
}

// Every index nearest_centre() follows stays in range (search_graph.hpp describes the arrays).
bool consistent_search(const SearchGraph& g, std::size_t nodes) {
    const std::size_t cores = g.core_node.size();
    const std::size_t chains = g.chain_from.size();
    const std::size_t chain_nodes = g.chain_node.size();
    if (g.node_count != nodes || g.core_of.size() != nodes || g.chain_of.size() != nodes ||
        g.core_first_out.size() != cores + 1 || g.core_arc.empty() ||
        g.chain_first.size() != chains + 1 || g.chain_to.size() != chains ||
        g.exit_ahead_s.size() != chains || g.exit_back_s.size() != chains ||
        g.ahead_s.size() != chain_nodes || g.back_s.size() != chain_nodes ||
        static_cast<std::uint64_t>(cores) + chain_nodes + g.isolated_count != nodes) {
        return false;
    }
    if (!all_below_or_none(g.core_of, cores) || !all_below_or_none(g.chain_of, chains) ||
        !all_below(g.core_node, nodes) || !all_below(g.chain_node, nodes) ||
        !all_below(g.chain_from, cores) || !all_below_or_none(g.chain_to, cores)) {
        return false;
    }
    // Core arcs (before the sentinel) lead to core nodes and have at least one arc time; the
    // sentinel closes the last range; every chain holds at least one node.
    const auto arcs = g.core_arc.size() - 1;
    if (!ranges_cover(g.core_first_out, arcs, 0) || g.core_arc[0].first_weight != 0 ||
        g.core_arc[arcs].first_weight != g.weight.size() ||
        !ranges_cover(g.chain_first, chain_nodes, 1)) {
        return false;
    }
    for (std::size_t a = 0; a < arcs; ++a) {
        if (g.core_arc[a].head >= cores ||
            g.core_arc[a + 1].first_weight <= g.core_arc[a].first_weight) {
            return false;
        }
    }
    return true;
}

// Geometry without the end points of each segment: those are the from/to nodes' coordinates,
// so storing them again would cost two points per segment (a quarter of a grid-like file).
struct InnerPoints {
    std::vector<double> x, y;
};

InnerPoints inner_points(const RoadGraph& roads) {
    InnerPoints inner;
    const auto& first_point = roads.segment_first_point;
    inner.x.reserve(roads.point_x.size() - 2 * static_cast<std::size_t>(roads.segment_count()));
    inner.y.reserve(inner.x.capacity());
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        const auto first = first_point[s];
        const auto last = first_point[s + 1] - 1;
        REACH_ASSERT(last > first);
        REACH_ASSERT(roads.point_x[first] == roads.node_x[roads.segment_from[s]] &&
                     roads.point_y[first] == roads.node_y[roads.segment_from[s]] &&
                     roads.point_x[last] == roads.node_x[roads.segment_to[s]] &&
                     roads.point_y[last] == roads.node_y[roads.segment_to[s]]);
        inner.x.insert(inner.x.end(), roads.point_x.begin() + first + 1,
                       roads.point_x.begin() + last);
        inner.y.insert(inner.y.end(), roads.point_y.begin() + first + 1,
                       roads.point_y.begin() + last);
    }
    return inner;
}

// Inverse of inner_points(); `consistent` has checked every index it uses.
void restore_points(RoadGraph& roads, const InnerPoints& inner) {
    const auto& first_point = roads.segment_first_point;
    roads.point_x.resize(first_point.back());
    roads.point_y.resize(first_point.back());
    std::size_t next = 0;
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        const auto first = first_point[s];
        const auto last = first_point[s + 1] - 1;
        roads.point_x[first] = roads.node_x[roads.segment_from[s]];
        roads.point_y[first] = roads.node_y[roads.segment_from[s]];
        for (auto p = first + 1; p < last; ++p, ++next) {
            roads.point_x[p] = inner.x[next];
            roads.point_y[p] = inner.y[next];
        }
        roads.point_x[last] = roads.node_x[roads.segment_to[s]];
        roads.point_y[last] = roads.node_y[roads.segment_to[s]];
    }
}

// Everything the routing and export code indexes with must be in range: a file that passed
// the checksum but was written by a buggy build must still not make a reader crash.
bool consistent(const CachedGraph& cached, const InnerPoints& inner, std::uint32_t class_count,
                const std::vector<std::uint32_t>& segment_class) {
    const auto& roads = cached.roads;
    const auto& graph = cached.graph;
    const std::size_t nodes = roads.node_x.size();
    const std::size_t segments = roads.segment_from.size();
    const bool node_arrays = roads.node_y.size() == nodes && roads.node_lon.size() == nodes &&
                             roads.node_lat.size() == nodes && roads.node_osm_id.size() == nodes;
    const bool segment_arrays =
        roads.segment_to.size() == segments && roads.segment_way.size() == segments &&
        roads.segment_length_m.size() == segments &&
        roads.segment_first_point.size() == segments + 1 && segment_class.size() == segments;
    if (!node_arrays || !segment_arrays || nodes > std::numeric_limits<std::uint32_t>::max()) {
        return false;
    }
    // Every segment has its two end points plus its inner points.
    const auto& first_point = roads.segment_first_point;
    if (first_point.front() != 0 || inner.y.size() != inner.x.size() ||
        first_point.back() != inner.x.size() + 2 * segments) {
        return false;
    }
    for (std::size_t s = 0; s < segments; ++s) {
        if (first_point[s + 1] < first_point[s] || first_point[s + 1] - first_point[s] < 2) {
            return false;
        }
    }
    if (!all_below(roads.segment_from, nodes) || !all_below(roads.segment_to, nodes) ||
        !all_below(segment_class, class_count)) {
        return false;
    }
    if (!graph.forward.valid() || !graph.reverse.valid() || graph.forward.node_count() != nodes ||
        graph.reverse.node_count() != nodes ||
        graph.forward.arc_count() != graph.reverse.arc_count() ||
        graph.in_component.size() != nodes) {
        return false;
    }
    if (cached.search && !consistent_search(*cached.search, nodes)) {
        return false;
    }
    return all_below(graph.forward.segment, segments) &&
           all_below(graph.reverse.segment, segments) &&
           static_cast<std::uint64_t>(graph.component_nodes) + graph.dropped_nodes +
                   graph.unusable_nodes ==
               nodes;
}

}  // namespace

std::string graph_cache_key(const std::string& input_hash, const Profile& profile,
                            const std::string& working_crs) {
    std::string crs = working_crs;
    std::erase(crs, ':');
    return fmt::format("{}-{}-{}-{}-v{}", input_hash, profile.name,
                       to_hex(fnv1a(canonical_text(profile))), crs, graph_cache_format_version);
}

void save_graph_cache(const std::filesystem::path& file, const std::string& key,
                      const CachedGraph& cached) {
    const auto& roads = cached.roads;
    const auto& graph = cached.graph;
    // Highway classes are few: store a table and one index per segment.
    std::map<std::string, std::uint32_t, std::less<>> class_ids;
    for (const auto& name : cached.segment_highway) {
        class_ids.emplace(name, 0);
    }
    std::vector<std::string> classes;
    for (auto& [name, id] : class_ids) {
        id = static_cast<std::uint32_t>(classes.size());
        classes.push_back(name);
    }
    std::vector<std::uint32_t> segment_class;
    segment_class.reserve(cached.segment_highway.size());
    for (const auto& name : cached.segment_highway) {
        segment_class.push_back(class_ids.find(name)->second);
    }

    auto temp = file;
    temp += fmt::format(".tmp-{}", ::getpid());
    {
        std::ofstream stream(temp, std::ios::binary | std::ios::trunc);
        if (!stream) {
            throw OutputError(where_what(temp.string(), "cannot create the graph cache file"));
        }
        Writer out(stream);
        out.bytes(magic, sizeof magic);
        out.value(graph_cache_format_version);
        out.string(key);

        out.array(roads.node_x);
        out.array(roads.node_y);
        out.array(roads.node_lon);
        out.array(roads.node_lat);
        out.array(roads.node_osm_id);
        out.array(roads.segment_from);
        out.array(roads.segment_to);
        out.array(roads.segment_way);
        out.array(roads.segment_length_m);
        out.array(roads.segment_first_point);
        const auto inner = inner_points(roads);
        out.array(inner.x);
        out.array(inner.y);
        out.string(roads.working_crs);

        out.string(graph.profile);
        write_csr(out, graph.forward);
        write_csr(out, graph.reverse);
        out.array(graph.in_component);
        out.value(graph.component_nodes);
        out.value(graph.dropped_nodes);
        out.value(graph.unusable_nodes);
        write_search(out, cached.search);

        out.value(static_cast<std::uint64_t>(classes.size()));
        for (const auto& name : classes) {
            out.string(name);
        }
        out.array(segment_class);
        out.string(cached.stand_in_note);
        out.value(static_cast<std::uint64_t>(cached.warnings.size()));
        for (const auto& warning : cached.warnings) {
            out.string(warning);
        }
        out.checksum();
        stream.close();
        if (!stream) {
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            throw OutputError(where_what(temp.string(), "cannot write the graph cache file"));
        }
    }
    std::error_code error;
    std::filesystem::rename(temp, file, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw OutputError(
            where_what(file.string(),
                       fmt::format("cannot move the graph cache into place: {}", error.message())));
    }
}

std::optional<CachedGraph> load_graph_cache(const std::filesystem::path& file,
                                            const std::string& key, std::string* rejected) {
    if (rejected != nullptr) {
        rejected->clear();
    }
    const auto reject = [rejected](std::string reason) -> std::optional<CachedGraph> {
        if (rejected != nullptr) {
            *rejected = std::move(reason);
        }
        return std::nullopt;
    };
    std::error_code error;
    const auto file_size = std::filesystem::file_size(file, error);
    if (error) {
        return std::nullopt;
    }
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        return reject("cannot be opened");
    }
    Reader in(stream, file_size);
    char found_magic[sizeof magic] = {};
    in.bytes(found_magic, sizeof found_magic);
    if (!in.ok() || std::memcmp(found_magic, magic, sizeof magic) != 0) {
        return reject("not a graph cache file");
    }
    const auto version = in.value<std::uint32_t>();
    if (!in.ok() || version != graph_cache_format_version) {
        return reject(fmt::format("format version {}, this build reads version {}", version,
                                  graph_cache_format_version));
    }
    std::string found_key;
    in.string(found_key);
    if (!in.ok() || found_key != key) {
        return reject("made for another roads file, profile or CRS");
    }
    CachedGraph cached;
    auto& roads = cached.roads;
    auto& graph = cached.graph;
    in.array(roads.node_x);
    in.array(roads.node_y);
    in.array(roads.node_lon);
    in.array(roads.node_lat);
    in.array(roads.node_osm_id);
    in.array(roads.segment_from);
    in.array(roads.segment_to);
    in.array(roads.segment_way);
    in.array(roads.segment_length_m);
    in.array(roads.segment_first_point);
    InnerPoints inner;
    in.array(inner.x);
    in.array(inner.y);
    in.string(roads.working_crs);

    in.string(graph.profile);
    read_csr(in, graph.forward);
    read_csr(in, graph.reverse);
    in.array(graph.in_component);
    graph.component_nodes = in.value<std::uint32_t>();
    graph.dropped_nodes = in.value<std::uint32_t>();
    graph.unusable_nodes = in.value<std::uint32_t>();
    if (!read_search(in, cached.search)) {
        return reject("damaged (search graph flag)");
    }

    const auto class_count = in.value<std::uint64_t>();
    // Each class costs at least its 8-byte length: bounds the count before allocating.
    if (!in.ok() || class_count > in.left() / 8) {
        return reject("truncated or damaged");
    }
    std::vector<std::string> classes(class_count);
    for (auto& name : classes) {
        in.string(name);
    }
    std::vector<std::uint32_t> segment_class;
    in.array(segment_class);
    in.string(cached.stand_in_note);
    const auto warning_count = in.value<std::uint64_t>();
    if (!in.ok() || warning_count > 1000) {
        return reject("truncated or damaged");
    }
    cached.warnings.resize(warning_count);
    for (auto& warning : cached.warnings) {
        in.string(warning);
    }
    if (!in.ok()) {
        return reject("truncated or damaged");
    }
    if (!in.checksum_and_end()) {
        return reject("damaged (checksum mismatch or trailing bytes)");
    }
    if (!consistent(cached, inner, static_cast<std::uint32_t>(class_count), segment_class)) {
        return reject("inconsistent content (written by a faulty build?)");
    }
    restore_points(roads, inner);
    cached.segment_highway.reserve(segment_class.size());
    for (const auto c : segment_class) {
        cached.segment_highway.push_back(classes[c]);
    }
    return cached;
}

}  // namespace reach::network
