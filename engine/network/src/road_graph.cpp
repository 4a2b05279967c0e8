#include "reach/network/road_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

#include "reach/core/assert.hpp"

namespace reach::network {
namespace {

constexpr std::uint32_t no_node = std::numeric_limits<std::uint32_t>::max();
constexpr unsigned hilbert_order = 16;  // bits per axis: cells of bbox / 65 536

// Position of cell (x, y) along the Hilbert curve filling a 2^order × 2^order grid.
std::uint64_t hilbert_index(std::uint32_t x, std::uint32_t y) {
    constexpr std::uint32_t side = 1U << hilbert_order;
    std::uint64_t d = 0;
    for (std::uint32_t s = side / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) != 0 ? 1U : 0U;
        const std::uint32_t ry = (y & s) != 0 ? 1U : 0U;
        d += static_cast<std::uint64_t>(s) * s * ((3U * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = side - 1 - x;
                y = side - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

// Maps a coordinate in [low, low + extent] to a grid cell in [0, 2^order).
std::uint32_t grid_cell(double value, double low, double extent) {
    constexpr double cells = static_cast<double>(1U << hilbert_order);
    if (!(extent > 0.0)) {
        return 0;
    }
    const double cell = std::floor((value - low) / extent * cells);
    return static_cast<std::uint32_t>(std::clamp(cell, 0.0, cells - 1.0));
}

// Vertices of `way` with consecutive repeats removed (a repeated vertex adds no length and
// must not create a zero-length segment).
template <typename Visit>
void for_each_distinct_vertex(const RoadTable& table, std::uint32_t way, Visit&& visit) {
    std::uint32_t previous = no_node;
    for (auto i = table.way_first_vertex[way]; i < table.way_first_vertex[way + 1]; ++i) {
        const std::uint32_t v = table.way_vertex[i];
        if (v != previous) {
            visit(v);
            previous = v;
        }
    }
}

// A way with fewer than two distinct vertices has no extent and makes no segment.
bool is_linear(const RoadTable& table, std::uint32_t way) {
    const auto first = table.way_first_vertex[way];
    const auto last = table.way_first_vertex[way + 1];
    for (auto i = first + 1; i < last; ++i) {
        if (table.way_vertex[i] != table.way_vertex[first]) {
            return true;
        }
    }
    return false;
}

}  // namespace

RoadGraph build_road_graph(const RoadTable& table) {
    const std::uint32_t vertex_count = table.vertex_count();
    const std::uint32_t way_count = table.way_count();
    REACH_ASSERT(table.way_first_vertex.size() == static_cast<std::size_t>(way_count) + 1);
    REACH_ASSERT(table.way_first_vertex.back() == table.way_vertex.size());

    std::vector<bool> linear(way_count);
    for (std::uint32_t w = 0; w < way_count; ++w) {
        linear[w] = is_linear(table, w);
    }

    // Uses per vertex (saturating at 2); way ends are nodes whatever their use count.
    std::vector<std::uint8_t> uses(vertex_count, 0);
    std::vector<std::uint8_t> is_end(vertex_count, 0);
    for (std::uint32_t w = 0; w < way_count; ++w) {
        if (!linear[w]) {
            continue;
        }
        for_each_distinct_vertex(table, w, [&](std::uint32_t v) {
            REACH_ASSERT(v < vertex_count);
            uses[v] = static_cast<std::uint8_t>(std::min(uses[v] + 1, 2));
        });
        // A closed way repeats its first vertex at the end: counted twice above, as it should.
        is_end[table.way_vertex[table.way_first_vertex[w]]] = 1;
        is_end[table.way_vertex[table.way_first_vertex[w + 1] - 1]] = 1;
    }

    // Node vertices in order of first appearance.
    std::vector<std::uint32_t> node_vertex;
    std::vector<std::uint32_t> vertex_node(vertex_count, no_node);
    for (std::uint32_t w = 0; w < way_count; ++w) {
        if (!linear[w]) {
            continue;
        }
        for_each_distinct_vertex(table, w, [&](std::uint32_t v) {
            if ((is_end[v] != 0 || uses[v] >= 2) && vertex_node[v] == no_node) {
                vertex_node[v] = static_cast<std::uint32_t>(node_vertex.size());
                node_vertex.push_back(v);
            }
        });
    }
    const auto node_count = static_cast<std::uint32_t>(node_vertex.size());

    // Hilbert order over the bbox of the nodes; equal cells by coordinates, then first
    // appearance, so the numbering depends on geometry and not on the input format.
    std::vector<std::uint64_t> key(node_count);
    if (node_count > 0) {
        double xmin = std::numeric_limits<double>::infinity();
        double ymin = xmin;
        double xmax = -xmin;
        double ymax = -xmin;
        for (const auto v : node_vertex) {
            xmin = std::min(xmin, table.x[v]);
            xmax = std::max(xmax, table.x[v]);
            ymin = std::min(ymin, table.y[v]);
            ymax = std::max(ymax, table.y[v]);
        }
        for (std::uint32_t n = 0; n < node_count; ++n) {
            const auto v = node_vertex[n];
            key[n] = hilbert_index(grid_cell(table.x[v], xmin, xmax - xmin),
                                   grid_cell(table.y[v], ymin, ymax - ymin));
        }
    }
    std::vector<std::uint32_t> order(node_count);  // new id → appearance index
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto va = node_vertex[a];
        const auto vb = node_vertex[b];
        return std::tie(key[a], table.x[va], table.y[va], a) <
               std::tie(key[b], table.x[vb], table.y[vb], b);
    });

    RoadGraph graph;
    graph.working_crs = table.working_crs;
    graph.node_x.resize(node_count);
    graph.node_y.resize(node_count);
    graph.node_lon.resize(node_count);
    graph.node_lat.resize(node_count);
    graph.node_osm_id.resize(node_count);
    for (std::uint32_t id = 0; id < node_count; ++id) {
        const auto v = node_vertex[order[id]];
        vertex_node[v] = id;
        graph.node_x[id] = table.x[v];
        graph.node_y[id] = table.y[v];
        graph.node_lon[id] = table.lon[v];
        graph.node_lat[id] = table.lat[v];
        graph.node_osm_id[id] = table.osm_node_id[v];
    }

    // Segments: cut every way at its topological nodes.
    graph.segment_first_point.assign(1, 0);
    graph.point_x.reserve(table.way_vertex.size());
    graph.point_y.reserve(table.way_vertex.size());
    for (std::uint32_t w = 0; w < way_count; ++w) {
        if (!linear[w]) {
            continue;
        }
        std::uint32_t from = no_node;
        double length_m = 0.0;
        for_each_distinct_vertex(table, w, [&](std::uint32_t v) {
            if (from != no_node) {
                length_m += std::hypot(table.x[v] - graph.point_x.back(),
                                       table.y[v] - graph.point_y.back());
            }
            graph.point_x.push_back(table.x[v]);
            graph.point_y.push_back(table.y[v]);
            const auto node = vertex_node[v];
            if (node == no_node) {
                return;
            }
            if (from != no_node) {
                graph.segment_from.push_back(from);
                graph.segment_to.push_back(node);
                graph.segment_way.push_back(w);
                graph.segment_length_m.push_back(length_m);
                graph.segment_first_point.push_back(
                    static_cast<std::uint32_t>(graph.point_x.size()));
                // The end node also starts the next segment.
                graph.point_x.push_back(table.x[v]);
                graph.point_y.push_back(table.y[v]);
            }
            from = node;
            length_m = 0.0;
        });
        // The last vertex of a way is a node, so the way ends with a dangling start point.
        graph.point_x.pop_back();
        graph.point_y.pop_back();
    }
    REACH_ASSERT(graph.segment_first_point.back() == graph.point_x.size());
    return graph;
}

std::vector<std::string> segment_classes(const RoadGraph& roads, const RoadTable& table) {
    std::vector<std::string> classes(roads.segment_count());
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        classes[s] = std::string(table.tag(roads.segment_way[s], "highway"));
    }
    return classes;
}

}  // namespace reach::network
