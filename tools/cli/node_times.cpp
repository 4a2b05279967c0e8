#include "node_times.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <charconv>
#include <string_view>
#include <fstream>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/network/nearest_node.hpp"

namespace reach::cli {

std::vector<NodeCentre> snap_centres_to_nodes(const std::vector<io::Centre>& centres,
                                              const network::CachedGraph& cached,
                                              const NodeSnapOptions& options) {
    const network::NearestNodeIndex index(cached.roads, cached.graph);
    std::vector<NodeCentre> snapped;
    for (const auto& centre : centres) {
        const auto nearest = index.nearest(centre.x, centre.y);
        if (!nearest || nearest->distance_m > options.max_snap_m) {
            const std::string what = fmt::format(
                "{}: centre \"{}\" is {} from the {} network (expected within {} m; "
                "--max-snap-m raises the limit)",
                options.centres_file, centre.id,
                nearest ? fmt::format("{:.0f} m", nearest->distance_m) : "unreachable",
                options.profile, options.max_snap_m);
            if (!options.warn_unsnapped) {
                throw InputError(what);
            }
            warn(what + "; ignored");
            continue;
        }
        snapped.push_back({centre.id, nearest->node, nearest->distance_m});
    }
    std::sort(snapped.begin(), snapped.end(), [](const auto& a, const auto& b) {
        return a.id < b.id;  // std::string compares bytewise
    });
    if (snapped.empty()) {
        throw InputError(fmt::format("{}: no centre could be placed on the {} network",
                                     options.centres_file, options.profile));
    }
    return snapped;
}

namespace {

// Appends with std::to_chars (correctly rounded, as fmt's {:.Nf}, and several times faster
// for a million rows); the buffer is written in large blocks.
class CsvBuffer {
public:
    void number(double value, int decimals) {
        reserve(32);
        if (fixed_fast(value, decimals)) {
            return;
        }
        const auto [end, error] = std::to_chars(m_text.data() + m_size, m_text.data() + m_text.size(),
                                                value, std::chars_format::fixed, decimals);
        (void)error;  // 32 characters hold every value written here (coordinates, seconds)
        m_size = static_cast<std::size_t>(end - m_text.data());
    }
    template <typename Integer>
    void integer(Integer value) {
        reserve(24);
        const auto [end, error] = std::to_chars(m_text.data() + m_size, m_text.data() + m_text.size(), value);
        (void)error;
        m_size = static_cast<std::size_t>(end - m_text.data());
    }
    void text(std::string_view value) {
        reserve(value.size());
        std::copy(value.begin(), value.end(), m_text.data() + m_size);
        m_size += value.size();
    }
    void flush_to(std::ofstream& out, bool always) {
        if (always || m_size > block_size) {
            out.write(m_text.data(), static_cast<std::streamsize>(m_size));
            m_size = 0;
        }
    }

private:
    // value · 10^decimals rounded to an integer and printed with the point put back: the same
    // characters as to_chars (the correctly rounded decimal of the exact binary value) whenever
    // the product's error (at most 2^-53 relative, 10^d being exact) cannot cross a rounding
    // boundary, i.e. its fraction is not within scaled · 1e-15 of one half. Negative values,
    // -0.0, NaN, huge values and near-halves go to to_chars. About 3× faster for the columns.
    bool fixed_fast(double value, int decimals) {
        static constexpr std::array<double, 8> scale{1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};
        static constexpr std::array<std::uint64_t, 8> power{1, 10, 100, 1000, 10000,
                                                           100000, 1000000, 10000000};
        if (std::signbit(value) || decimals < 1 || decimals > 7 || !(value < 1e8)) {
            return false;
        }
        const auto d = static_cast<std::size_t>(decimals);
        const double scaled = value * scale[d];
        const double whole = std::floor(scaled);
        const double fraction = scaled - whole;  // exact: scaled < 2^52
        if (std::abs(fraction - 0.5) <= scaled * 1e-15 + 1e-300) {
            return false;
        }
        const auto n = static_cast<std::uint64_t>(whole) + (fraction > 0.5 ? 1U : 0U);
        auto* out = m_text.data() + m_size;
        out = std::to_chars(out, out + 24, n / power[d]).ptr;
        *out++ = '.';
        std::uint64_t rest = n % power[d];
        for (std::size_t k = d; k > 0; --k) {
            out[k - 1] = static_cast<char>('0' + rest % 10);
            rest /= 10;
        }
        m_size = static_cast<std::size_t>(out + d - m_text.data());
        return true;
    }

    static constexpr std::size_t block_size = 1U << 20U;
    void reserve(std::size_t more) {
        if (m_size + more > m_text.size()) m_text.resize(std::max(2 * m_text.size(), m_size + more));
    }
    std::vector<char> m_text = std::vector<char>(block_size + 4096);
    std::size_t m_size = 0;
};

}  // namespace

namespace {

// Rows [first, last) of nodes.csv.
void node_rows(CsvBuffer& csv, std::uint32_t first, std::uint32_t last,
               const network::RoadGraph& roads, const routing::NearestCentre& result,
               const std::vector<std::string>& ids_by_rank) {
    for (std::uint32_t v = first; v < last; ++v) {
        csv.integer(v);
        csv.text(",");
        if (roads.node_osm_id[v] != network::no_osm_id) {
            csv.integer(roads.node_osm_id[v]);
        }
        csv.text(",");
        csv.number(roads.node_x[v], 3);
        csv.text(",");
        csv.number(roads.node_y[v], 3);
        csv.text(",");
        csv.number(roads.node_lon[v], 7);
        csv.text(",");
        csv.number(roads.node_lat[v], 7);
        csv.text(",");
        if (result.rank[v] != routing::no_centre) {
            csv.number(result.time_s[v], 6);
            csv.text(",");
            csv.text(ids_by_rank[result.rank[v]]);
        } else {
            csv.text(",");
        }
        csv.text("\n");
    }
}

}  // namespace

void write_node_times_csv(const std::filesystem::path& file, const network::RoadGraph& roads,
                          const routing::NearestCentre& result,
                          const std::vector<std::string>& ids_by_rank) {
    std::ofstream out(file, std::ios::binary);
    out << "node_id,osm_node_id,x,y,lon,lat,time_s,centre_id\n";
    // Rounds of blocks of rows: formatted side by side, then written in order (the same bytes
    // as one thread; formatting a million rows is most of the export). Each round's buffers
    // are used again by the next: a fresh one per block costs page faults and zeroing.
    constexpr std::uint32_t rows_per_block = 8192;  // about 0.6 MB: one CsvBuffer block
    const std::uint32_t count = roads.node_count();
    std::vector<CsvBuffer> blocks(2 *
                                  static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()));
    const auto round_rows = static_cast<std::uint32_t>(blocks.size()) * rows_per_block;
    for (std::uint32_t round = 0, round_end = 0; round < count; round = round_end) {
        round_end = round + std::min(round_rows, count - round);
        const std::size_t used = (round_end - round + rows_per_block - 1) / rows_per_block;
        tbb::parallel_for(std::size_t{0}, used, [&](std::size_t b) {
            const auto first = round + static_cast<std::uint32_t>(b) * rows_per_block;
            node_rows(blocks[b], first, std::min(first + rows_per_block, round_end), roads,
                      result, ids_by_rank);
        });
        for (std::size_t b = 0; b < used; ++b) {
            blocks[b].flush_to(out, true);
        }
    }
    out.close();
    if (!out) {
        throw OutputError(fmt::format("{}: cannot write file", file.string()));
    }
}

}  // namespace reach::cli
