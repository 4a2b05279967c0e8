#include "reach/network/graph_cache.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
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
//   stand-in note, u64 count + strings of the read warnings, u64 checksum.
// An array is a u64 element count, zero bytes up to the next multiple of 8 in the file, then
// the raw elements (so a mapped file holds them aligned); a string is a u64 length and its
// chars. The checksum (format 5) hashes every array's elements on their own, in blocks of
// 64 KiB, and everything else (header, counts, padding, strings, values) as one stream; the
// stream's hash is then folded with the array hashes in file order. So the arrays can be
// copied and hashed in parallel while the result depends on the bytes only.
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

// The block size of an array's hash: a multiple of every element size stored.
constexpr std::size_t hash_block_bytes = std::size_t{1} << 16;

// The hash of one array's elements (format 5), block by block.
std::uint64_t array_hash(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    Checksum sum;
    for (std::size_t at = 0; at < size; at += hash_block_bytes) {
        sum.add(bytes + at, std::min(hash_block_bytes, size - at));
    }
    return sum.value();
}

// Copies `count` elements from the mapped file into `values` (no zero-filling first) and
// returns their array_hash(), each block hashed while it is still in cache.
template <typename T>
std::uint64_t copy_and_hash(std::vector<T>& values, const T* source, std::size_t count) {
    static_assert(hash_block_bytes % sizeof(T) == 0);
    constexpr std::size_t per_block = hash_block_bytes / sizeof(T);
    values.clear();
    values.reserve(count);
    Checksum sum;
    for (std::size_t at = 0; at < count; at += per_block) {
        const auto n = std::min(per_block, count - at);
        values.insert(values.end(), source + at, source + at + n);
        sum.add(values.data() + at, n * sizeof(T));
    }
    return sum.value();
}

class Writer {
public:
    explicit Writer(std::ofstream& out) : m_out(out) {}

    void bytes(const void* data, std::size_t size) {
        m_checksum.add(data, size);
        raw(data, size);
    }
    template <typename T>
    void value(T v) {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes(&v, sizeof v);
    }
    template <typename T>
    void array(const std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= 8);
        value(static_cast<std::uint64_t>(values.size()));
        const char zeros[8] = {};
        bytes(zeros, (8 - m_offset % 8) % 8);
        const auto size = values.size() * sizeof(T);
        m_array_hashes.push_back(array_hash(values.data(), size));
        raw(values.data(), size);
    }
    void string(const std::string& text) {
        value(static_cast<std::uint64_t>(text.size()));
        bytes(text.data(), text.size());
    }
    void checksum() {
        auto total = m_checksum;
        for (const auto hash : m_array_hashes) {
            total.add(&hash, sizeof hash);
        }
        const auto sum = total.value();
        raw(&sum, sizeof sum);
    }

private:
    void raw(const void* data, std::size_t size) {
        m_out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
        m_offset += size;
    }
    std::ofstream& m_out;
    std::uint64_t m_offset = 0;
    Checksum m_checksum;
    std::vector<std::uint64_t> m_array_hashes;
};

// The cache file mapped read-only. Cache files are only ever replaced by renaming a new file
// over them, never changed in place, so the mapped bytes stay as they are while read.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& file) {
        m_fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            return;
        }
        struct stat status {};
        if (::fstat(m_fd, &status) != 0 || status.st_size < 0) {
            return;
        }
        m_size = static_cast<std::size_t>(status.st_size);
        if (m_size == 0) {
            m_ok = true;
            return;
        }
        // MAP_POPULATE: the page tables are filled in one go instead of page by page.
        void* data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, m_fd, 0);
        if (data == MAP_FAILED) {
            return;
        }
        m_data = static_cast<const unsigned char*>(data);
        m_ok = true;
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile() {
        if (m_data != nullptr) {
            ::munmap(const_cast<unsigned char*>(m_data), m_size);
        }
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] const unsigned char* data() const { return m_data; }
    [[nodiscard]] std::size_t size() const { return m_size; }

private:
    int m_fd = -1;
    const unsigned char* m_data = nullptr;
    std::size_t m_size = 0;
    bool m_ok = false;
};

// Reads the mapped file with every length checked against the bytes left; any failure sets
// `ok` to false and all later reads become no-ops. Arrays are only located while reading:
// copy_arrays() then copies and hashes them all in parallel.
class Reader {
public:
    Reader(const unsigned char* data, std::uint64_t file_size)
        : m_at(data), m_left(file_size), m_offset(0) {}

    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] std::uint64_t left() const { return m_left; }

    bool bytes(void* data, std::uint64_t size, bool hash = true) {
        if (!m_ok || size > m_left) {
            m_ok = false;
            return false;
        }
        if (size > 0) {
            std::memcpy(data, m_at, size);
            if (hash) {
                m_checksum.add(data, size);
            }
        } else if (hash) {
            m_checksum.add(data, 0);
        }
        skip(size);
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
        const auto padding = (8 - m_offset % 8) % 8;
        char pad[8] = {};
        bytes(pad, padding);
        if (!m_ok || count > m_left / sizeof(T)) {
            m_ok = false;
            return;
        }
        const auto* source = reinterpret_cast<const T*>(m_at);
        m_copies.emplace_back(
            [&values, source, count] { return copy_and_hash(values, source, count); });
        skip(count * sizeof(T));
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
    // Copies every located array into its vector, hashing it on the way (in parallel, one
    // task per array; the hashes are kept in file order).
    void copy_arrays() {
        m_array_hashes.assign(m_copies.size(), 0);
        tbb::parallel_for(std::size_t{0}, m_copies.size(),
                          [this](std::size_t i) { m_array_hashes[i] = m_copies[i](); });
    }
    // The stored checksum must match and be the last bytes of the file.
    bool checksum_and_end() {
        auto total = m_checksum;
        for (const auto hash : m_array_hashes) {
            total.add(&hash, sizeof hash);
        }
        const auto expected = total.value();
        std::uint64_t stored = 0;
        return bytes(&stored, sizeof stored, /*hash=*/false) && stored == expected && m_left == 0;
    }

private:
    void skip(std::uint64_t size) {
        m_at += size;
        m_left -= size;
        m_offset += size;
    }
    const unsigned char* m_at;
    std::uint64_t m_left;
    std::uint64_t m_offset;
    bool m_ok = true;
    Checksum m_checksum;
    std::vector<std::function<std::uint64_t()>> m_copies;
    std::vector<std::uint64_t> m_array_hashes;
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

// True if `holds(i)` for every i in [0, count), checked in parallel blocks (the answer does not
// depend on the blocks or the thread count).
template <typename Holds>
bool all_indices(std::size_t count, Holds holds) {
    std::atomic<bool> all{true};
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, std::size_t{1} << 16),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                          if (!all.load(std::memory_order_relaxed)) {
                              return;
                          }
                          for (auto i = range.begin(); i != range.end(); ++i) {
                              if (!holds(i)) {
                                  all.store(false, std::memory_order_relaxed);
                                  return;
                              }
                          }
                      });
    return all.load();
}

bool all_below(const std::vector<std::uint32_t>& values, std::uint64_t limit) {
    return all_indices(values.size(), [&](std::size_t i) { return values[i] < limit; });
}

// Every value below `limit` or no_slot.
bool all_below_or_none(const std::vector<std::uint32_t>& values, std::uint64_t limit) {
    return all_indices(values.size(),
                       [&](std::size_t i) { return values[i] < limit || values[i] == no_slot; });
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
    return all_indices(first.size() - 1, [&](std::size_t i) {
        return first[i + 1] >= first[i] && first[i + 1] - first[i] >= min_step;
    });
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
    return all_indices(arcs, [&](std::size_t a) {
        return g.core_arc[a].head < cores &&
               g.core_arc[a + 1].first_weight > g.core_arc[a].first_weight;
    });
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
// Segments in parallel: segment s's inner points start at first_point[s] - 2 s in `inner`.
void restore_points(RoadGraph& roads, const InnerPoints& inner) {
    const auto& first_point = roads.segment_first_point;
    tbb::parallel_invoke([&] { roads.point_x.resize(first_point.back()); },
                         [&] { roads.point_y.resize(first_point.back()); });
    tbb::parallel_for(
        tbb::blocked_range<std::uint32_t>(0, roads.segment_count(), 1U << 14),
        [&](const tbb::blocked_range<std::uint32_t>& range) {
            for (auto s = range.begin(); s != range.end(); ++s) {
                const auto first = first_point[s];
                const auto last = first_point[s + 1] - 1;
                std::size_t next = first - 2 * static_cast<std::size_t>(s);
                roads.point_x[first] = roads.node_x[roads.segment_from[s]];
                roads.point_y[first] = roads.node_y[roads.segment_from[s]];
                for (auto p = first + 1; p < last; ++p, ++next) {
                    roads.point_x[p] = inner.x[next];
                    roads.point_y[p] = inner.y[next];
                }
                roads.point_x[last] = roads.node_x[roads.segment_to[s]];
                roads.point_y[last] = roads.node_y[roads.segment_to[s]];
            }
        });
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
    if (!all_indices(segments, [&](std::size_t s) {
            return first_point[s + 1] >= first_point[s] && first_point[s + 1] - first_point[s] >= 2;
        })) {
        return false;
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
    const MappedFile mapped(file);
    if (!mapped.ok() || mapped.size() != file_size) {
        return reject("cannot be opened");
    }
    Reader in(mapped.data(), mapped.size());
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
    in.copy_arrays();
    if (!in.checksum_and_end()) {
        return reject("damaged (checksum mismatch or trailing bytes)");
    }
    if (!consistent(cached, inner, static_cast<std::uint32_t>(class_count), segment_class)) {
        return reject("inconsistent content (written by a faulty build?)");
    }
    tbb::parallel_invoke([&] { restore_points(roads, inner); },
                         [&] {
                             auto& highway = cached.segment_highway;
                             highway.resize(segment_class.size());
                             tbb::parallel_for(std::size_t{0}, highway.size(),
                                               [&](std::size_t s) {
                                                   highway[s] = classes[segment_class[s]];
                                               });
                         });
    return cached;
}

}  // namespace reach::network
