#include "synth_roads.hpp"

#include <fmt/format.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <osmium/builder/attr.hpp>
#include <osmium/io/pbf_output.hpp>
#include <osmium/io/writer.hpp>
#include <osmium/memory/buffer.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <numbers>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/core/splitmix.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::bench {
namespace {

// --- deterministic draws: reach/core/splitmix.hpp, keyed by purpose ------------------------

enum class Purpose : std::uint64_t {
    jitter_x = 1,
    jitter_y,
    edge_state,
    splits,
    split_position,
    curve,
    oneway,
    local_class,
    maxspeed,
    name,
    spur,
    footway,
    stub,
};

constexpr std::uint64_t draw(std::uint64_t seed, Purpose purpose,
                             std::initializer_list<std::uint64_t> keys) {
    return splitmix_draw(seed, static_cast<std::uint64_t>(purpose), keys);
}

constexpr double unit(std::uint64_t h) { return unit_interval(h); }

// --- the shape of the network ------------------------------------------------------------

constexpr double spacing_m = 300.0;   // grid spacing
constexpr double jitter_m = 60.0;     // intersections move up to this far on each axis
constexpr double centre_x = 5'250'000.0;  // EPSG:3035, eastern Latvia / Lithuania
constexpr double centre_y = 3'700'000.0;

// Local grid edges: removed entirely, or cut into two dead-end stubs.
constexpr double p_removed = 0.12;
constexpr double p_stubs = 0.12;
constexpr double p_oneway = 0.05;       // local full edges that are oneway
constexpr double p_curved_local = 0.35;
constexpr double p_curved_corridor = 0.5;
constexpr double p_spur = 0.35;         // cul-de-sac from a split node of a horizontal edge
constexpr double p_footway = 0.5;       // footway/path from a split node of a vertical edge

enum class Level : std::uint8_t { local, secondary, primary, trunk };

// Every 8th line is secondary, every 32nd primary or (every 64th) trunk.
Level line_level(std::uint32_t index) {
    const std::uint32_t k = index + 16;
    if (k % 64 == 0) {
        return Level::trunk;
    }
    if (k % 32 == 0) {
        return Level::primary;
    }
    if (k % 8 == 0) {
        return Level::secondary;
    }
    return Level::local;
}

constexpr std::array<const char*, 16> street_names = {
    "Liepu iela",   "Ozolu iela",     "Bērzu iela",   "Skolas iela",   "Dārza iela",
    "Meža iela",    "Pļavu iela",     "Ezera iela",   "Upės gatvė",    "Sodų gatvė",
    "Mokyklos gatvė", "Beržų gatvė",  "Liepų gatvė",  "Stacijas iela", "Dzirnavu iela",
    "Kalno gatvė"};
constexpr std::array<const char*, 8> corridor_names = {
    "Rīgas šoseja",      "Daugavpils šoseja", "Jelgavas šoseja", "Kauno plentas",
    "Panevėžio plentas", "Bauskas šoseja",    "Šiaulių plentas", "Valmieras šoseja"};
constexpr std::array<const char*, 7> speeds = {"30", "40", "50", "70", "80", "90", "100"};
constexpr const char* speed_110 = "110";

struct Point {
    double x = 0.0;
    double y = 0.0;
};

// Tag value ids of one way (StringPool ids; `none` = tag absent).
struct WayTags {
    static constexpr std::uint32_t none = 0xffffffffU;
    std::uint32_t highway = none;
    std::uint32_t maxspeed = none;
    std::uint32_t oneway = none;
    std::uint32_t name = none;
};

// Receives the network. With `emit` false it only counts (to size the grid and reserve).
class Builder {
public:
    explicit Builder(network::RoadTable* table) : m_table(table) {}

    std::uint32_t node(Point p) {
        ++nodes;
        return vertex(p);
    }
    std::uint32_t vertex(Point p) {
        if (m_table != nullptr) {
            m_table->x.push_back(p.x);
            m_table->y.push_back(p.y);
        }
        return vertices++;
    }
    void way(const std::vector<std::uint32_t>& list, const WayTags& tags) {
        ++ways;
        way_vertices += list.size();
        if (m_table == nullptr) {
            tag_count += 4;
            return;
        }
        auto& t = *m_table;
        t.way_vertex.insert(t.way_vertex.end(), list.begin(), list.end());
        t.way_first_vertex.push_back(static_cast<std::uint32_t>(t.way_vertex.size()));
        t.way_source_id.push_back(static_cast<std::int64_t>(t.way_source_id.size()) + 1);
        const auto tag = [&](std::uint32_t key, std::uint32_t value) {
            if (value != WayTags::none) {
                t.tag_key.push_back(key);
                t.tag_value.push_back(value);
            }
        };
        tag(key_highway, tags.highway);
        tag(key_maxspeed, tags.maxspeed);
        tag(key_oneway, tags.oneway);
        tag(key_name, tags.name);
        t.way_first_tag.push_back(static_cast<std::uint32_t>(t.tag_key.size()));
    }

    std::uint32_t key_highway = 0, key_maxspeed = 0, key_oneway = 0, key_name = 0;
    std::uint32_t nodes = 0;
    std::uint32_t vertices = 0;
    std::uint64_t ways = 0;
    std::uint64_t way_vertices = 0;
    std::uint64_t tag_count = 0;

private:
    network::RoadTable* m_table;
};

// String ids of every tag value the generator writes.
struct Values {
    std::uint32_t trunk = 0, primary = 0, secondary = 0, residential = 0, unclassified = 0,
                  service = 0, footway = 0, path = 0, cycleway = 0, yes = 0;
    std::array<std::uint32_t, speeds.size()> speed{};
    std::uint32_t speed_110 = 0;
    std::array<std::uint32_t, street_names.size()> street{};
    std::array<std::uint32_t, corridor_names.size()> corridor{};
};

Values intern_values(network::StringPool& pool) {
    Values v;
    v.trunk = pool.intern("trunk");
    v.primary = pool.intern("primary");
    v.secondary = pool.intern("secondary");
    v.residential = pool.intern("residential");
    v.unclassified = pool.intern("unclassified");
    v.service = pool.intern("service");
    v.footway = pool.intern("footway");
    v.path = pool.intern("path");
    v.cycleway = pool.intern("cycleway");
    v.yes = pool.intern("yes");
    for (std::size_t i = 0; i < speeds.size(); ++i) {
        v.speed[i] = pool.intern(speeds[i]);
    }
    v.speed_110 = pool.intern(speed_110);
    for (std::size_t i = 0; i < street_names.size(); ++i) {
        v.street[i] = pool.intern(street_names[i]);
    }
    for (std::size_t i = 0; i < corridor_names.size(); ++i) {
        v.corridor[i] = pool.intern(corridor_names[i]);
    }
    return v;
}

class Generator {
public:
    Generator(std::uint64_t seed, std::uint32_t rows, std::uint32_t cols, Builder& out,
              const Values& values)
        : m_seed(seed),
          m_rows(rows),
          m_cols(cols),
          m_out(out),
          m_values(values),
          m_node(static_cast<std::size_t>(rows) * cols, unset) {}

    void run() {
        for (std::uint32_t i = 0; i < m_rows; ++i) {
            for (std::uint32_t j = 0; j < m_cols; ++j) {
                if (j + 1 < m_cols) {
                    edge(0, i, j);
                }
                if (i + 1 < m_rows) {
                    edge(1, i, j);
                }
            }
        }
    }

private:
    static constexpr std::uint32_t unset = 0xffffffffU;

    std::uint64_t h(Purpose purpose, std::initializer_list<std::uint64_t> keys) const {
        return draw(m_seed, purpose, keys);
    }

    Point position(std::uint32_t i, std::uint32_t j) const {
        const double dx = (unit(h(Purpose::jitter_x, {i, j})) * 2.0 - 1.0) * jitter_m;
        const double dy = (unit(h(Purpose::jitter_y, {i, j})) * 2.0 - 1.0) * jitter_m;
        return {centre_x + (static_cast<double>(j) - 0.5 * (m_cols - 1)) * spacing_m + dx,
                centre_y + (static_cast<double>(i) - 0.5 * (m_rows - 1)) * spacing_m + dy};
    }

    std::uint32_t intersection(std::uint32_t i, std::uint32_t j) {
        auto& id = m_node[static_cast<std::size_t>(i) * m_cols + j];
        if (id == unset) {
            id = m_out.node(position(i, j));
        }
        return id;
    }

    // The line of an edge: from a to b with a sideways bulge (and S-bend) of the given sizes.
    struct Line {
        Point a, b;
        double bulge_m = 0.0, wiggle_m = 0.0;
        [[nodiscard]] Point at(double t) const {
            const double dx = b.x - a.x;
            const double dy = b.y - a.y;
            const double length = std::hypot(dx, dy);
            const double side = bulge_m * std::sin(std::numbers::pi * t) +
                                wiggle_m * std::sin(2.0 * std::numbers::pi * t);
            return {a.x + t * dx - side * dy / length, a.y + t * dy + side * dx / length};
        }
    };

    // Appends the shape vertices strictly between t0 and t1 (curved lines only).
    void shape(const Line& line, bool curved, double t0, double t1, std::uint64_t draw_bits,
               std::vector<std::uint32_t>& list) {
        if (!curved) {
            return;
        }
        const auto count = 1 + static_cast<int>(draw_bits % 3U);
        for (int k = 1; k <= count; ++k) {
            list.push_back(m_out.vertex(line.at(t0 + (t1 - t0) * k / (count + 1))));
        }
    }

    std::uint32_t speed_value(std::size_t index) const { return m_values.speed[index]; }

    // maxspeed of one piece: corridors always tagged, local streets often not.
    std::uint32_t maxspeed(Level level, bool residential, std::uint64_t bits) const {
        const auto u = unit(bits);
        switch (level) {
            case Level::trunk:
                return u < 0.5 ? speed_value(6) : m_values.speed_110;
            case Level::primary:
                return u < 0.6 ? speed_value(5) : speed_value(6);
            case Level::secondary:
                return speed_value(3 + static_cast<std::size_t>(bits % 3U));
            case Level::local:
                if (u < 0.45) {
                    return WayTags::none;
                }
                if (residential) {
                    return u < 0.7 ? speed_value(0) : speed_value(2);
                }
                return u < 0.7 ? speed_value(2) : speed_value(1);
        }
        return WayTags::none;
    }

    // One grid edge: dir 0 = (i,j)→(i,j+1), dir 1 = (i,j)→(i+1,j).
    void edge(std::uint64_t dir, std::uint32_t i, std::uint32_t j) {
        const std::uint32_t line_index = dir == 0 ? i : j;
        const Level level = line_level(line_index);
        const bool local = level == Level::local;
        const double state = unit(h(Purpose::edge_state, {dir, i, j}));
        if (local && state < p_removed) {
            return;
        }
        const bool stubs = local && state < p_removed + p_stubs;

        WayTags tags;
        bool residential = true;
        switch (level) {
            case Level::trunk: tags.highway = m_values.trunk; break;
            case Level::primary: tags.highway = m_values.primary; break;
            case Level::secondary: tags.highway = m_values.secondary; break;
            case Level::local:
                residential = unit(h(Purpose::local_class, {dir, i, j})) < 0.7;
                tags.highway = residential ? m_values.residential : m_values.unclassified;
                break;
        }
        // A street keeps its name along a line (locals: per stretch of 8 blocks).
        const std::uint64_t stretch = (dir == 0 ? j : i) / 8;
        const auto name_bits = h(Purpose::name, {dir, line_index, local ? stretch : 0});
        if (local) {
            if (unit(name_bits) < 0.75) {
                tags.name = m_values.street[(name_bits >> 8U) % street_names.size()];
            }
        } else {
            tags.name = m_values.corridor[(name_bits >> 8U) % corridor_names.size()];
        }

        const auto curve_bits = h(Purpose::curve, {dir, i, j});
        const bool curved =
            unit(curve_bits) < (local ? p_curved_local : p_curved_corridor);
        Line line{position(i, j), dir == 0 ? position(i, j + 1) : position(i + 1, j)};
        if (curved) {
            const double size = local ? 45.0 : 20.0;
            line.bulge_m = (unit(splitmix64(curve_bits)) * 2.0 - 1.0) * size;
            line.wiggle_m = (unit(splitmix64(curve_bits ^ 1U)) * 2.0 - 1.0) * size * 0.4;
        }
        const std::uint32_t a = intersection(i, j);
        const std::uint32_t b = dir == 0 ? intersection(i, j + 1) : intersection(i + 1, j);
        std::vector<std::uint32_t> list;

        if (stubs) {
            // Two cul-de-sacs, one from each end.
            const auto stub_bits = h(Purpose::stub, {dir, i, j});
            const double reach_a = 0.25 + 0.15 * unit(stub_bits);
            const double reach_b = 0.25 + 0.15 * unit(splitmix64(stub_bits));
            WayTags stub_tags = tags;
            stub_tags.maxspeed = WayTags::none;
            list = {a};
            shape(line, curved, 0.0, reach_a, stub_bits, list);
            list.push_back(m_out.node(line.at(reach_a)));
            m_out.way(list, stub_tags);
            list = {b};
            shape(line, curved, 1.0, 1.0 - reach_b, stub_bits >> 3U, list);
            list.push_back(m_out.node(line.at(1.0 - reach_b)));
            m_out.way(list, stub_tags);
            return;
        }

        // Split into pieces (one way each) at degree-2 nodes, where maxspeed may change.
        const auto split_bits = h(Purpose::splits, {dir, i, j});
        const double su = unit(split_bits);
        const int splits = local ? (su < 0.25 ? 0 : su < 0.65 ? 1 : su < 0.9 ? 2 : 3)
                                 : (su < 0.2 ? 1 : su < 0.6 ? 2 : 3);
        std::array<double, 5> t{};
        t[0] = 0.0;
        for (int k = 1; k <= splits; ++k) {
            const double jitter =
                unit(h(Purpose::split_position, {dir, i, j, static_cast<std::uint64_t>(k)})) -
                0.5;
            t[static_cast<std::size_t>(k)] = (k + 0.5 * jitter) / (splits + 1);
        }
        t[static_cast<std::size_t>(splits) + 1] = 1.0;

        const auto oneway_bits = h(Purpose::oneway, {dir, i, j});
        const bool oneway = local && unit(oneway_bits) < p_oneway;
        const bool reversed = oneway && (oneway_bits & 1U) != 0;
        if (oneway) {
            tags.oneway = m_values.yes;
        }

        std::array<std::uint32_t, 5> node{};
        node[0] = a;
        for (int k = 1; k <= splits; ++k) {
            node[static_cast<std::size_t>(k)] = m_out.node(line.at(t[static_cast<std::size_t>(k)]));
        }
        node[static_cast<std::size_t>(splits) + 1] = b;
        for (int k = 0; k <= splits; ++k) {
            const auto ku = static_cast<std::size_t>(k);
            const auto piece_bits =
                h(Purpose::maxspeed, {dir, i, j, static_cast<std::uint64_t>(k)});
            list = {node[ku]};
            shape(line, curved, t[ku], t[ku + 1], piece_bits >> 7U, list);
            list.push_back(node[ku + 1]);
            if (reversed) {
                std::reverse(list.begin(), list.end());
            }
            WayTags piece = tags;
            piece.maxspeed = maxspeed(level, residential, piece_bits);
            m_out.way(list, piece);
        }
        if (splits == 0 || !local) {
            return;
        }

        // Dead ends hanging off the first split node, into the block on the left of the edge
        // (above a horizontal edge, right of a vertical one): a car cul-de-sac from horizontal
        // edges, a chain of footway / path / cycleway pieces from vertical ones.
        const Point from = line.at(t[1]);
        if (dir == 0) {
            const auto spur_bits = h(Purpose::spur, {i, j});
            if (unit(spur_bits) >= p_spur) {
                return;
            }
            const double length = 70.0 + 70.0 * unit(splitmix64(spur_bits));
            const double lean = (unit(splitmix64(spur_bits ^ 2U)) - 0.5) * 0.6;
            const bool service = (spur_bits & 1U) != 0;
            WayTags spur;
            spur.highway = service ? m_values.service : m_values.residential;
            spur.name = service ? WayTags::none : tags.name;
            list = {node[1]};
            if ((spur_bits & 2U) != 0) {
                list.push_back(
                    m_out.vertex({from.x + 0.5 * length * lean + 8.0, from.y + 0.5 * length}));
            }
            list.push_back(m_out.node({from.x + length * lean, from.y + length}));
            m_out.way(list, spur);
            return;
        }
        const auto foot_bits = h(Purpose::footway, {i, j});
        if (unit(foot_bits) >= p_footway) {
            return;
        }
        const int pieces = 1 + static_cast<int>((foot_bits >> 4U) % 4U);
        const std::array<std::uint32_t, 3> kinds = {m_values.footway, m_values.path,
                                                    m_values.cycleway};
        std::uint32_t previous = node[1];
        Point at = from;
        for (int k = 0; k < pieces; ++k) {
            const auto piece_bits = splitmix64(foot_bits + static_cast<std::uint64_t>(k));
            const double length = 35.0 + 35.0 * unit(piece_bits);
            const double lean = (unit(splitmix64(piece_bits)) - 0.5) * 0.8;
            const Point next{at.x + length, at.y + length * lean};
            WayTags foot;
            foot.highway = kinds[(static_cast<std::size_t>(k) + (foot_bits & 1U)) % kinds.size()];
            list = {previous};
            if ((piece_bits & 1U) != 0) {
                list.push_back(m_out.vertex({0.5 * (at.x + next.x), 0.5 * (at.y + next.y) + 5.0}));
            }
            previous = m_out.node(next);
            list.push_back(previous);
            m_out.way(list, foot);
            at = next;
        }
    }

    std::uint64_t m_seed;
    std::uint32_t m_rows, m_cols;
    Builder& m_out;
    const Values& m_values;
    std::vector<std::uint32_t> m_node;
};

struct Counts {
    std::uint32_t nodes = 0;
    std::uint32_t vertices = 0;
    std::uint64_t ways = 0;
    std::uint64_t way_vertices = 0;
    std::uint64_t tags = 0;
};

Counts count(std::uint64_t seed, std::uint32_t rows, std::uint32_t cols) {
    Builder counter(nullptr);
    const Values values{};
    Generator(seed, rows, cols, counter, values).run();
    return {counter.nodes, counter.vertices, counter.ways, counter.way_vertices,
            counter.tag_count};
}

struct GridPlan {
    std::uint32_t rows = 2, cols = 2;
    double vertices_per_node = 2.0, ways_per_node = 1.3, way_vertices_per_node = 3.2;
};

// Rows and columns whose network has closest to `target` topological nodes (square-ish).
// Node counts follow N(R, C) ≈ k·R·C − b·(R + C) (fewer edges on the border); k and b come
// from two small sample grids, so large networks cost two cheap counting passes. Small
// targets are then refined by counting the few candidate grids exactly.
GridPlan grid_plan(std::uint64_t seed, std::uint32_t target) {
    constexpr std::uint32_t s1 = 64;
    constexpr std::uint32_t s2 = 192;
    const Counts c1 = count(seed, s1, s1);
    const Counts c2 = count(seed, s2, s2);
    // N(s) = k s² − 2 b s for s = s1, s2.
    const double n1 = c1.nodes;
    const double n2 = c2.nodes;
    const double k = (n2 / s2 - n1 / s1) / (s2 - s1);
    const double b = std::max(0.0, (k * s1 * s1 - n1) / (2.0 * s1));
    GridPlan plan;
    plan.vertices_per_node = static_cast<double>(c2.vertices) / n2;
    plan.ways_per_node = static_cast<double>(c2.ways) / n2;
    plan.way_vertices_per_node = static_cast<double>(c2.way_vertices) / n2;
    // Square side s with k s² − 2 b s = target.
    const double side = (b + std::sqrt(b * b + k * target)) / k;
    const auto rows0 = std::max<std::uint32_t>(2, static_cast<std::uint32_t>(std::lround(side)));
    const auto cols_for = [&](std::uint32_t rows) {
        // k R C − b (R + C) = target → C = (target + b R) / (k R − b).
        const double c = (target + b * rows) / std::max(1.0, k * rows - b);
        return std::max<std::uint32_t>(2, static_cast<std::uint32_t>(std::lround(c)));
    };
    plan.rows = rows0;
    plan.cols = cols_for(rows0);
    if (target > 50'000) {
        return plan;
    }
    double best_error = -1.0;
    for (std::uint32_t rows = rows0 > 3 ? rows0 - 1 : 2; rows <= rows0 + 1; ++rows) {
        const auto cols0 = cols_for(rows);
        for (std::uint32_t cols = cols0 > 2 ? cols0 - 1 : 2; cols <= cols0 + 1; ++cols) {
            const double error = std::abs(static_cast<double>(count(seed, rows, cols).nodes) -
                                          static_cast<double>(target));
            if (best_error < 0.0 || error < best_error) {
                plan.rows = rows;
                plan.cols = cols;
                best_error = error;
            }
        }
    }
    return plan;
}

}  // namespace

network::RoadTable make_synthetic_roads(const SynthOptions& options) {
    const GridPlan plan = grid_plan(options.seed, options.nodes);

    network::RoadTable table;
    table.working_crs = std::string(geo::default_working_crs);
    table.source = fmt::format("synthetic roads (seed {}, {} nodes)", options.seed, options.nodes);
    table.from_osm = false;
    table.stand_in_note = std::string(synthetic_generator);
    const auto reserve = [&](auto& vector, double per_node) {
        vector.reserve(static_cast<std::size_t>(1.03 * per_node * options.nodes) + 16);
    };
    reserve(table.x, plan.vertices_per_node);
    reserve(table.y, plan.vertices_per_node);
    reserve(table.way_first_vertex, plan.ways_per_node);
    reserve(table.way_source_id, plan.ways_per_node);
    reserve(table.way_vertex, plan.way_vertices_per_node);
    reserve(table.way_first_tag, plan.ways_per_node);
    reserve(table.tag_key, 3.0 * plan.ways_per_node);
    reserve(table.tag_value, 3.0 * plan.ways_per_node);

    Builder builder(&table);
    builder.key_highway = table.strings.intern("highway");
    builder.key_maxspeed = table.strings.intern("maxspeed");
    builder.key_oneway = table.strings.intern("oneway");
    builder.key_name = table.strings.intern("name");
    const Values values = intern_values(table.strings);
    Generator(options.seed, plan.rows, plan.cols, builder, values).run();

    const auto n = table.x.size();
    table.lon = table.x;
    table.lat = table.y;
    const geo::Reprojector to_wgs84(geo::make_srs(table.working_crs), geo::make_srs(geo::wgs84));
    if (to_wgs84.transform(n, table.lon.data(), table.lat.data()) != 0) {
        throw Error("synthetic roads: a vertex could not be transformed to EPSG:4326");
    }
    table.osm_node_id.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        table.osm_node_id[v] = static_cast<std::int64_t>(v) + 1;
    }
    return table;
}

// --- writers ---------------------------------------------------------------------------

namespace {

// Ids in the file: the table's OSM ids, or index + 1 where it has none.
std::int64_t node_id(const network::RoadTable& table, std::uint32_t v) {
    return table.osm_node_id[v] != network::no_osm_id ? table.osm_node_id[v]
                                                      : static_cast<std::int64_t>(v) + 1;
}

std::vector<std::uint32_t> order_by(std::size_t n, const auto& id_of) {
    std::vector<std::uint32_t> order(n);
    for (std::size_t k = 0; k < n; ++k) {
        order[k] = static_cast<std::uint32_t>(k);
    }
    if (!std::is_sorted(order.begin(), order.end(),
                        [&](auto l, auto r) { return id_of(l) < id_of(r); })) {
        std::stable_sort(order.begin(), order.end(),
                         [&](auto l, auto r) { return id_of(l) < id_of(r); });
    }
    return order;
}

}  // namespace

void write_roads_pbf(const network::RoadTable& table, const std::string& path) {
    try {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        osmium::io::Header header;
        header.set("generator", std::string(synthetic_generator));
        header.set("sorting", "Type_then_ID");
        if (!table.lon.empty()) {
            const auto [lon_min, lon_max] = std::minmax_element(table.lon.begin(), table.lon.end());
            const auto [lat_min, lat_max] = std::minmax_element(table.lat.begin(), table.lat.end());
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
        const auto vertices = order_by(table.vertex_count(), [&](std::uint32_t v) {
            return node_id(table, v);
        });
        for (const auto v : vertices) {
            osmium::builder::add_node(buffer, _id(node_id(table, v)),
                                      _location(osmium::Location{table.lon[v], table.lat[v]}));
            flush(false);
        }
        const auto ways = order_by(table.way_count(),
                                   [&](std::uint32_t w) { return table.way_source_id[w]; });
        std::vector<osmium::object_id_type> refs;
        std::vector<std::pair<std::string, std::string>> tags;
        for (const auto w : ways) {
            refs.clear();
            for (auto k = table.way_first_vertex[w]; k < table.way_first_vertex[w + 1]; ++k) {
                refs.push_back(node_id(table, table.way_vertex[k]));
            }
            tags.clear();
            for (auto k = table.way_first_tag[w]; k < table.way_first_tag[w + 1]; ++k) {
                tags.emplace_back(table.strings.get(table.tag_key[k]),
                                  table.strings.get(table.tag_value[k]));
            }
            osmium::builder::add_way(buffer, _id(table.way_source_id[w]), _nodes(refs),
                                     _tags(tags));
            flush(false);
        }
        flush(true);
        writer.close();
    } catch (const std::exception& e) {
        throw OutputError(where_what(path, fmt::format("cannot write OSM PBF: {}", e.what())));
    }
}

void write_roads_gpkg(const network::RoadTable& table, const std::string& path) {
    geo::gdal_init();
    (void)geo::take_gdal_error();
    const auto fail = [&](const std::string& what) {
        const auto gdal = geo::take_gdal_error();
        throw OutputError(
            where_what(path, gdal.empty() ? what : fmt::format("{} ({})", what, gdal)));
    };
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr) {
        fail("GDAL has no GPKG driver in this build");
    }
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    struct Closer {
        void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
    };
    const std::unique_ptr<GDALDataset, Closer> dataset(
        driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) {
        fail("cannot create GeoPackage");
    }
    auto srs = geo::make_srs(table.working_crs.empty() ? std::string(geo::default_working_crs)
                                                      : table.working_crs);
    CPLStringList layer_options;
    layer_options.SetNameValue("DESCRIPTION", std::string(synthetic_generator).c_str());
    // No R-tree: GDAL 3.6 fills it row by row (5× the time of the whole write at 1M ways) and
    // the road readers do not use it; a GIS can add one (ogrinfo -sql "SELECT
    // CreateSpatialIndex('roads', 'geom')").
    layer_options.SetNameValue("SPATIAL_INDEX", "NO");
    OGRLayer* layer = dataset->CreateLayer("roads", &srs, wkbLineString, layer_options.List());
    if (layer == nullptr) {
        fail("cannot create layer \"roads\"");
    }
    constexpr std::array<const char*, 4> fields = {"highway", "maxspeed", "oneway", "name"};
    std::array<std::uint32_t, fields.size()> key_ids{};
    for (std::size_t f = 0; f < fields.size(); ++f) {
        OGRFieldDefn definition(fields[f], OFTString);
        if (layer->CreateField(&definition) != OGRERR_NONE) {
            fail(fmt::format("cannot create field \"{}\"", fields[f]));
        }
        key_ids[f] = table.strings.find(fields[f]);
    }
    if (dataset->StartTransaction(FALSE) != OGRERR_NONE) {
        fail("cannot start a transaction");
    }
    OGRFeature feature(layer->GetLayerDefn());
    std::array<int, fields.size()> field_index{};
    for (std::size_t f = 0; f < fields.size(); ++f) {
        field_index[f] = feature.GetFieldIndex(fields[f]);
    }
    std::string value;
    for (std::uint32_t w = 0; w < table.way_count(); ++w) {
        auto line = std::make_unique<OGRLineString>();
        const auto first = table.way_first_vertex[w];
        const auto last = table.way_first_vertex[w + 1];
        line->setNumPoints(static_cast<int>(last - first), FALSE);
        for (auto k = first; k < last; ++k) {
            const auto v = table.way_vertex[k];
            line->setPoint(static_cast<int>(k - first), table.x[v], table.y[v]);
        }
        feature.SetGeometryDirectly(line.release());
        feature.SetFID(table.way_source_id[w]);
        for (std::size_t f = 0; f < fields.size(); ++f) {
            feature.SetFieldNull(field_index[f]);
            for (auto k = table.way_first_tag[w]; k < table.way_first_tag[w + 1]; ++k) {
                if (table.tag_key[k] == key_ids[f]) {
                    value = table.strings.get(table.tag_value[k]);
                    feature.SetField(field_index[f], value.c_str());
                    break;
                }
            }
        }
        if (layer->CreateFeature(&feature) != OGRERR_NONE) {
            fail(fmt::format("cannot write feature {}", table.way_source_id[w]));
        }
    }
    if (dataset->CommitTransaction() != OGRERR_NONE) {
        fail("cannot commit");
    }
}

}  // namespace reach::bench
