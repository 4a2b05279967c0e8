#include "road_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "lattice.hpp"
#include "reach/core/assert.hpp"
#include "reach/core/progress.hpp"
#include "splitmix.hpp"

namespace reach::standin {

std::string_view highway_tag(RoadClass road_class) {
    switch (road_class) {
        case RoadClass::unclassified:
            return "unclassified";
        case RoadClass::residential:
            return "residential";
        case RoadClass::tertiary:
            return "tertiary";
        case RoadClass::secondary:
            return "secondary";
        case RoadClass::primary:
            return "primary";
        case RoadClass::trunk:
            return "trunk";
    }
    return "unclassified";
}

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// Real LV–LT border crossings and main roads between the places (their geometry here is
// invented): E262 Daugavpils–Zarasai–Utena, E67 Via Baltica Bauska–Pasvalys, A6
// Daugavpils–Jēkabpils and Daugavpils–Krāslava as trunk; Subate–Obeliai as primary.
struct RealLink {
    std::string_view a, b;
    RoadClass road_class;
};
constexpr std::array real_links{
    RealLink{"Daugavpils", "Zarasai", RoadClass::trunk},
    RealLink{"Zarasai", "Utena", RoadClass::trunk},
    RealLink{"Bauska", "Pasvalys", RoadClass::trunk},
    RealLink{"Daugavpils", "Jēkabpils", RoadClass::trunk},
    RealLink{"Daugavpils", "Krāslava", RoadClass::trunk},
    RealLink{"Subate", "Obeliai", RoadClass::primary},
};

constexpr double national_neighbour_km = 60.0;
constexpr double secondary_neighbour_km = 25.0;
constexpr double tertiary_neighbour_km = 12.0;
constexpr std::int64_t settlement_population = 5000;
constexpr double settlement_spacing_km = 15.0;
constexpr double village_population = 30.0;
constexpr double hub_population = 200.0;
constexpr int village_radius_cells = 3;
constexpr double keep_rural_link = 0.6;      // share of rural neighbour links kept
constexpr double keep_rural_diagonal = 0.7;  // diagonal links where no side link can exist
constexpr double oneway_ring_share = 0.25;
constexpr double connector_max_m = 25000.0;
constexpr std::size_t max_way_edges = 50;  // ~50 km: ways stay far below OSM's 2000 nodes

// Cost factors of one layer: existing roads of at least `major` class, other existing roads,
// new road between populated cells, new road through empty land (forest, fields).
struct LayerCost {
    RoadClass major;
    double reuse_major;
    double reuse_minor;
    double new_populated;
    double new_empty;
    [[nodiscard]] double min_factor() const {
        return std::min({reuse_major, reuse_minor, new_populated, new_empty});
    }
};
constexpr LayerCost national_cost{RoadClass::primary, 0.5, 0.85, 1.0, 1.25};
constexpr LayerCost regional_cost{RoadClass::tertiary, 0.6, 0.85, 1.0, 1.25};
constexpr LayerCost connector_cost{RoadClass::unclassified, 0.5, 0.5, 1.0, 1.1};

class UnionFind {
public:
    explicit UnionFind(std::uint32_t n) : m_parent(n) {
        std::iota(m_parent.begin(), m_parent.end(), 0U);
    }
    std::uint32_t find(std::uint32_t v) {
        while (m_parent[v] != v) {
            m_parent[v] = m_parent[m_parent[v]];
            v = m_parent[v];
        }
        return v;
    }
    void unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a != b) {
            m_parent[std::max(a, b)] = std::min(a, b);  // root = smallest node: deterministic
        }
    }

private:
    std::vector<std::uint32_t> m_parent;
};

struct Point {
    std::uint32_t node;
    double x, y;
    std::string name;  // places only
};

// Pairs (i, j), i < j, linking every point to its `k` nearest others within `max_m`.
std::vector<std::pair<std::size_t, std::size_t>> nearest_pairs(const std::vector<Point>& points,
                                                               std::size_t k, double max_m) {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    std::vector<std::pair<double, std::size_t>> by_distance;
    for (std::size_t i = 0; i < points.size(); ++i) {
        by_distance.clear();
        for (std::size_t j = 0; j < points.size(); ++j) {
            const double d = std::hypot(points[i].x - points[j].x, points[i].y - points[j].y);
            if (j != i && d <= max_m && points[j].node != points[i].node) {
                by_distance.emplace_back(d, j);
            }
        }
        const auto take = std::min(k, by_distance.size());
        std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<long>(take),
                          by_distance.end());
        for (std::size_t n = 0; n < take; ++n) {
            const auto j = by_distance[n].second;
            pairs.emplace_back(std::min(i, j), std::max(i, j));
        }
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    return pairs;
}

// Minimum spanning tree (Prim, Euclidean) as pairs (i, j), i < j.
std::vector<std::pair<std::size_t, std::size_t>> spanning_tree(const std::vector<Point>& points) {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    if (points.empty()) return pairs;
    std::vector<bool> in_tree(points.size(), false);
    std::vector<double> best(points.size(), infinity);
    std::vector<std::size_t> via(points.size(), 0);
    best[0] = 0.0;
    for (std::size_t round = 0; round < points.size(); ++round) {
        std::size_t next = points.size();
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (!in_tree[i] && (next == points.size() || best[i] < best[next])) next = i;
        }
        in_tree[next] = true;
        if (round > 0) pairs.emplace_back(std::min(next, via[next]), std::max(next, via[next]));
        for (std::size_t i = 0; i < points.size(); ++i) {
            const double d = std::hypot(points[i].x - points[next].x, points[i].y - points[next].y);
            if (!in_tree[i] && d < best[i]) {
                best[i] = d;
                via[i] = next;
            }
        }
    }
    return pairs;
}

class Builder {
public:
    Builder(const CensusGrid& grid, const LandMask& land, std::uint64_t seed)
        : m_grid(grid), m_lattice(grid, land, seed), m_finder(m_lattice), m_seed(seed) {}

    StandinNetwork build(const std::vector<Place>& places) {
        add_national_roads(places);
        // Through built-up cells a trunk road is an ordinary primary street (so walkers,
        // who may not use trunk roads, can use it).
        for (auto& [k, edge] : m_edges) {
            if (edge.road_class == RoadClass::trunk && town(static_cast<std::uint32_t>(k >> 32U)) &&
                town(static_cast<std::uint32_t>(k & 0xffffffffU))) {
                edge.road_class = RoadClass::primary;
            }
        }
        add_regional_roads();
        add_local_roads();
        connect_fragments();
        add_oneway_rings();
        return finish();
    }

private:
    struct Edge {
        RoadClass road_class = RoadClass::unclassified;
        std::uint16_t name = 0;  // index into m_names; 0 = none
        bool oneway = false;
        std::uint32_t from = 0;  // tail of a oneway edge
    };

    static std::uint64_t key(std::uint32_t a, std::uint32_t b) {
        return (static_cast<std::uint64_t>(std::min(a, b)) << 32U) | std::max(a, b);
    }
    Edge* find_edge(std::uint32_t a, std::uint32_t b) {
        const auto it = m_edges.find(key(a, b));
        return it == m_edges.end() ? nullptr : &it->second;
    }
    // Adds the edge or raises its class; a name sticks to the first road that names it.
    void add_edge(std::uint32_t a, std::uint32_t b, RoadClass road_class, std::uint16_t name) {
        REACH_ASSERT(a != b && m_lattice.adjacent(a, b));
        auto [it, inserted] = m_edges.try_emplace(key(a, b), Edge{road_class, name});
        if (!inserted) {
            auto& edge = it->second;
            edge.road_class = std::max(edge.road_class, road_class);
            if (edge.name == 0) edge.name = name;
        }
    }
    void add_path(const std::vector<std::uint32_t>& nodes, RoadClass road_class,
                  std::uint16_t name = 0) {
        for (std::size_t k = 1; k < nodes.size(); ++k) {
            add_edge(nodes[k - 1], nodes[k], road_class, name);
        }
    }
    std::uint64_t global_col(std::int32_t i) const {
        return static_cast<std::uint64_t>(m_grid.x0_m / 1000 + i);
    }
    std::uint64_t global_row(std::int32_t j) const {
        return static_cast<std::uint64_t>(m_grid.y0_m / 1000 + j);
    }

    PathFinder::CostFn cost_of(const LayerCost& layer) {
        return [this, layer](std::uint32_t a, std::uint32_t b, double length_m) {
            if (const auto* edge = find_edge(a, b)) {
                return length_m *
                       (edge->road_class >= layer.major ? layer.reuse_major : layer.reuse_minor);
            }
            // A half-diagonal has one centre: its cell decides.
            const bool populated = (!m_lattice.is_centre(a) || m_lattice.populated(a)) &&
                                   (!m_lattice.is_centre(b) || m_lattice.populated(b));
            return length_m * (populated ? layer.new_populated : layer.new_empty);
        };
    }

    std::uint16_t name_id(std::string name) {
        m_names.push_back(std::move(name));
        return static_cast<std::uint16_t>(m_names.size() - 1);
    }

    void route(const Point& a, const Point& b, RoadClass road_class, const LayerCost& layer,
               std::uint16_t name) {
        const double d = std::hypot(a.x - b.x, a.y - b.y);
        const auto nodes =
            m_finder.path(a.node, b.node, cost_of(layer), layer.min_factor(), 2.0 * d + 10000.0);
        if (nodes.empty()) {
            ++m_failed_links;
            return;
        }
        add_path(nodes, road_class, name);
    }

    void add_national_roads(const std::vector<Place>& places) {
        for (const auto& place : places) {
            const auto i = std::floor((place.x - static_cast<double>(m_grid.x0_m)) / cell_size_m);
            const auto j = std::floor((place.y - static_cast<double>(m_grid.y0_m)) / cell_size_m);
            if (i < 0 || j < 0 || i >= m_grid.nx || j >= m_grid.ny) continue;  // outside
            if (const auto node = m_lattice.nearest_land_centre(place.x, place.y)) {
                m_towns.push_back({*node, place.x, place.y, place.name});
            }
        }
        m_stats.places_used = m_towns.size();
        add_large_settlements();
        auto pairs = spanning_tree(m_towns);
        const auto near = nearest_pairs(m_towns, 2, national_neighbour_km * 1000.0);
        pairs.insert(pairs.end(), near.begin(), near.end());
        const auto index_of = [this](std::string_view name) {
            for (std::size_t t = 0; t < m_towns.size(); ++t) {
                if (m_towns[t].name == name) return t;
            }
            return m_towns.size();
        };
        // A pair listed twice keeps its highest class; shortest links are drawn first.
        std::map<std::pair<std::size_t, std::size_t>, RoadClass> classes;
        for (const auto& pair : pairs) {
            classes.try_emplace(pair, RoadClass::primary);
        }
        for (const auto& link : real_links) {
            const auto a = index_of(link.a);
            const auto b = index_of(link.b);
            if (a < m_towns.size() && b < m_towns.size()) {
                auto& road_class = classes[{std::min(a, b), std::max(a, b)}];
                road_class = std::max(road_class, link.road_class);
            }
        }
        std::vector<std::tuple<double, std::size_t, std::size_t, RoadClass>> links;
        for (const auto& [pair, road_class] : classes) {
            const auto [a, b] = pair;
            links.emplace_back(std::hypot(m_towns[a].x - m_towns[b].x, m_towns[a].y - m_towns[b].y),
                               a, b, road_class);
        }
        std::sort(links.begin(), links.end());
        for (const auto& [d, a, b, road_class] : links) {
            const bool named = !m_towns[a].name.empty() && !m_towns[b].name.empty();
            const auto name =
                named ? name_id(fmt::format("{} – {}", m_towns[a].name, m_towns[b].name)) : 0;
            route(m_towns[a], m_towns[b], road_class, national_cost, name);
        }
        m_stats.national_links = links.size();
    }

    // Large settlements that the places file lacks (it lists the study's seats, not Riga or
    // Šiauliai): the cell with the most people in a 5 x 5 km window of >= 5000 people, taken
    // greedily by population when at least 15 km from every place and settlement taken.
    void add_large_settlements() {
        std::vector<std::tuple<std::int64_t, std::uint32_t>> candidates;
        for (std::int32_t j = 0; j < m_grid.ny; ++j) {
            for (std::int32_t i = 0; i < m_grid.nx; ++i) {
                std::int64_t sum = 0;
                for (std::int32_t dj = -2; dj <= 2; ++dj) {
                    for (std::int32_t di = -2; di <= 2; ++di) {
                        sum += m_grid.at(i + di, j + dj);
                    }
                }
                const auto n = m_lattice.centre(i, j);
                if (sum >= settlement_population && m_lattice.populated(n)) {
                    candidates.emplace_back(-sum, n);
                }
            }
        }
        std::sort(candidates.begin(), candidates.end());
        for (const auto& [minus_sum, n] : candidates) {
            const double x = m_lattice.x(n);
            const double y = m_lattice.y(n);
            const bool far = std::all_of(m_towns.begin(), m_towns.end(), [&](const Point& t) {
                return std::hypot(t.x - x, t.y - y) >= settlement_spacing_km * 1000.0;
            });
            if (far) {
                m_towns.push_back({n, x, y, {}});
                ++m_stats.settlements_added;
            }
        }
    }

    void add_regional_roads() {
        std::vector<Point> villages;
        std::vector<Point> hubs = m_towns;
        for (std::int32_t j = 0; j < m_grid.ny; ++j) {
            for (std::int32_t i = 0; i < m_grid.nx; ++i) {
                const auto n = m_lattice.centre(i, j);
                const double pop = m_lattice.population(n);
                if (pop < village_population || !m_lattice.on_land(n) || !local_maximum(i, j)) {
                    continue;
                }
                const Point point{n, m_lattice.x(n), m_lattice.y(n), {}};
                villages.push_back(point);
                if (pop >= hub_population) hubs.push_back(point);
            }
        }
        m_stats.villages = villages.size();
        m_stats.hubs = hubs.size();
        const auto secondary = nearest_pairs(hubs, 2, secondary_neighbour_km * 1000.0);
        route_all(hubs, secondary, RoadClass::secondary);
        std::vector<Point> all = hubs;
        all.insert(all.end(), villages.begin(), villages.end());
        const auto tertiary = nearest_pairs(all, 3, tertiary_neighbour_km * 1000.0);
        route_all(all, tertiary, RoadClass::tertiary);
        m_stats.regional_links = secondary.size() + tertiary.size();
    }

    // True when cell (i, j) has the most people within the square of radius 3 cells (ties go
    // to the cell with the smaller index).
    bool local_maximum(std::int32_t i, std::int32_t j) const {
        const auto pop = m_grid.at(i, j);
        for (std::int32_t dj = -village_radius_cells; dj <= village_radius_cells; ++dj) {
            for (std::int32_t di = -village_radius_cells; di <= village_radius_cells; ++di) {
                const auto other = m_grid.at(i + di, j + dj);
                if (other > pop || (other == pop && (dj < 0 || (dj == 0 && di < 0)))) {
                    return false;
                }
            }
        }
        return true;
    }

    void route_all(const std::vector<Point>& points,
                   const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                   RoadClass road_class) {
        std::vector<std::tuple<double, std::size_t, std::size_t>> order;
        order.reserve(pairs.size());
        for (const auto& [a, b] : pairs) {
            order.emplace_back(std::hypot(points[a].x - points[b].x, points[a].y - points[b].y), a,
                               b);
        }
        std::sort(order.begin(), order.end());
        for (const auto& [d, a, b] : order) {
            route(points[a], points[b], road_class, regional_cost, 0);
        }
    }

    void add_local_roads() {
        for (std::int32_t j = 0; j < m_grid.ny; ++j) {
            for (std::int32_t i = 0; i < m_grid.nx; ++i) {
                const auto n = m_lattice.centre(i, j);
                if (!m_lattice.populated(n)) continue;
                if (i + 1 < m_grid.nx) add_local_side(n, m_lattice.centre(i + 1, j), 0);
                if (j + 1 < m_grid.ny) add_local_side(n, m_lattice.centre(i, j + 1), 1);
            }
        }
        for (std::int32_t cj = 1; cj < m_grid.ny; ++cj) {
            for (std::int32_t ci = 1; ci < m_grid.nx; ++ci) {
                add_local_diagonals(ci, cj);
            }
        }
    }

    void add_local_side(std::uint32_t a, std::uint32_t b, std::uint64_t direction) {
        if (!m_lattice.populated(b) || !m_lattice.adjacent(a, b)) return;
        const bool built_up = town(a) && town(b);
        const auto h =
            draw(m_seed, Purpose::keep_local,
                 {global_col(m_lattice.col(a)), global_row(m_lattice.row(a)), direction});
        if (!built_up && unit(h) >= keep_rural_link) return;
        add_edge(a, b, built_up ? RoadClass::residential : RoadClass::unclassified, 0);
    }

    // Corner (ci, cj) is the middle of the square of cells (ci-1..ci, cj-1..cj).
    void add_local_diagonals(std::int32_t ci, std::int32_t cj) {
        const auto corner = m_lattice.corner(ci, cj);
        const auto sw = m_lattice.centre(ci - 1, cj - 1);
        const auto se = m_lattice.centre(ci, cj - 1);
        const auto nw = m_lattice.centre(ci - 1, cj);
        const auto ne = m_lattice.centre(ci, cj);
        const auto usable = [&](std::uint32_t a, std::uint32_t b) {
            return m_lattice.adjacent(a, corner) && m_lattice.adjacent(corner, b);
        };
        const auto add = [&](std::uint32_t a, std::uint32_t b, RoadClass road_class) {
            add_edge(a, corner, road_class, 0);
            add_edge(corner, b, road_class, 0);
        };
        const auto pop = [&](std::uint32_t n) { return m_lattice.population(n); };
        if (std::min({pop(sw), pop(se), pop(nw), pop(ne)}) >= dense_population) {
            if (usable(sw, ne)) add(sw, ne, RoadClass::residential);
            if (usable(se, nw)) add(se, nw, RoadClass::residential);
            return;
        }
        // A diagonal between two populated cells whose common neighbours are both empty.
        const auto h = [&](std::uint64_t which) {
            return unit(
                draw(m_seed, Purpose::keep_diagonal, {global_col(ci), global_row(cj), which}));
        };
        if (pop(sw) > 0 && pop(ne) > 0 && pop(se) == 0 && pop(nw) == 0 &&
            h(0) < keep_rural_diagonal && usable(sw, ne)) {
            add(sw, ne, RoadClass::unclassified);
        }
        if (pop(se) > 0 && pop(nw) > 0 && pop(sw) == 0 && pop(ne) == 0 &&
            h(1) < keep_rural_diagonal && usable(se, nw)) {
            add(se, nw, RoadClass::unclassified);
        }
    }

    // Joins every fragment (and every populated cell without a road) to the largest fragment
    // along the cheapest lattice path, preferring existing roads. Trunk roads do not count
    // and are not used: walkers may not use them (profiles), so every place must be reachable
    // without them; nodes touched only by trunk roads are left to the cars.
    void connect_fragments() {
        const auto count = m_lattice.node_count();
        UnionFind sets(count);
        std::vector<std::uint8_t> in_network(count, 0);
        for (const auto& [k, edge] : sorted_edges()) {
            if (edge.road_class == RoadClass::trunk) continue;
            const auto a = static_cast<std::uint32_t>(k >> 32U);
            const auto b = static_cast<std::uint32_t>(k & 0xffffffffU);
            in_network[a] = in_network[b] = 1;
            sets.unite(a, b);
        }
        for (std::uint32_t n = 0; n < count; ++n) {
            if (m_lattice.populated(n)) in_network[n] = 1;
        }
        // Fragments as node lists, ordered by their smallest node.
        std::unordered_map<std::uint32_t, std::size_t> fragment_of_root;
        std::vector<std::vector<std::uint32_t>> fragments;
        for (std::uint32_t n = 0; n < count; ++n) {
            if (!in_network[n]) continue;
            const auto [it, inserted] =
                fragment_of_root.try_emplace(sets.find(n), fragments.size());
            if (inserted) fragments.emplace_back();
            fragments[it->second].push_back(n);
        }
        if (fragments.empty()) return;
        std::size_t main = 0;
        for (std::size_t f = 1; f < fragments.size(); ++f) {
            if (fragments[f].size() > fragments[main].size()) main = f;
        }
        const auto main_node = fragments[main].front();
        const auto connector = cost_of(connector_cost);
        const auto cost = [&](std::uint32_t a, std::uint32_t b, double length_m) {
            const auto* edge = find_edge(a, b);
            return edge != nullptr && edge->road_class == RoadClass::trunk
                       ? infinity
                       : connector(a, b, length_m);
        };
        for (std::size_t f = 0; f < fragments.size(); ++f) {
            if (sets.find(fragments[f].front()) == sets.find(main_node)) continue;
            const auto nodes = m_finder.path_to_any(
                fragments[f], cost,
                [&](std::uint32_t n) {
                    return in_network[n] != 0 && sets.find(n) == sets.find(main_node);
                },
                connector_max_m);
            if (nodes.empty()) {
                ++m_stats.dropped_fragments;
                continue;
            }
            ++m_stats.linked_fragments;
            add_path(nodes, RoadClass::unclassified);
            for (std::size_t k = 1; k < nodes.size(); ++k) {
                in_network[nodes[k]] = 1;
                sets.unite(nodes[k - 1], nodes[k]);
            }
        }
        // Drop what is still apart (islands, land enclosed by water or foreign land), now
        // counting trunk roads too.
        UnionFind all(count);
        for (const auto& [k, edge] : m_edges) {
            all.unite(static_cast<std::uint32_t>(k >> 32U),
                      static_cast<std::uint32_t>(k & 0xffffffffU));
        }
        const auto main_root = all.find(main_node);
        std::erase_if(m_edges, [&](const auto& entry) {
            return all.find(static_cast<std::uint32_t>(entry.first >> 32U)) != main_root;
        });
        for (std::uint32_t n = 0; n < count; ++n) {
            if (m_lattice.populated(n) && sets.find(n) != sets.find(main_node)) {
                ++m_stats.unreached_cells;
                m_stats.unreached_population += static_cast<std::int64_t>(m_lattice.population(n));
            }
        }
    }

    // Some squares of four two-way residential streets in towns become counter-clockwise
    // rings (squares taken in corner order, so one whose side is already in a ring is
    // skipped). Each oneway edge is in exactly one ring, which leads from its head back to
    // its tail, so strong connectivity is kept.
    void add_oneway_rings() {
        for (std::int32_t cj = 1; cj < m_grid.ny; ++cj) {
            for (std::int32_t ci = 1; ci < m_grid.nx; ++ci) {
                const std::array<std::uint32_t, 4> ring{
                    m_lattice.centre(ci - 1, cj - 1), m_lattice.centre(ci, cj - 1),
                    m_lattice.centre(ci, cj), m_lattice.centre(ci - 1, cj)};
                bool eligible = true;
                for (std::size_t k = 0; k < 4 && eligible; ++k) {
                    const auto* edge = find_edge(ring[k], ring[(k + 1) % 4]);
                    eligible = edge != nullptr && edge->road_class == RoadClass::residential &&
                               !edge->oneway;
                }
                if (!eligible ||
                    unit(draw(m_seed, Purpose::oneway_ring, {global_col(ci), global_row(cj)})) >=
                        oneway_ring_share) {
                    continue;
                }
                ++m_stats.oneway_rings;
                for (std::size_t k = 0; k < 4; ++k) {
                    auto* edge = find_edge(ring[k], ring[(k + 1) % 4]);
                    edge->oneway = true;
                    edge->from = ring[k];
                }
            }
        }
    }

    std::vector<std::pair<std::uint64_t, Edge>> sorted_edges() const {
        std::vector<std::pair<std::uint64_t, Edge>> edges(m_edges.begin(), m_edges.end());
        std::sort(edges.begin(), edges.end(),
                  [](const auto& l, const auto& r) { return l.first < r.first; });
        return edges;
    }

    bool town(std::uint32_t n) const { return m_lattice.population(n) >= town_population; }

    int maxspeed_kmh(RoadClass road_class, std::uint32_t a, std::uint32_t b) const {
        const bool built_up = town(a) && town(b);
        switch (road_class) {
            case RoadClass::trunk:
            case RoadClass::primary:
                return built_up ? 50 : 90;
            case RoadClass::secondary:
            case RoadClass::tertiary:
                return built_up ? 50 : 70;
            case RoadClass::residential:
                return 50;
            case RoadClass::unclassified:
                return 0;
        }
        return 0;
    }

    // Largest sideways bend of an edge by class, metres (with the jitter of a quarter of it,
    // below the 200 m that separate the sides of a lattice square from its corner node).
    static std::int64_t curve_m(RoadClass road_class) {
        switch (road_class) {
            case RoadClass::trunk:
            case RoadClass::primary:
                return 20;
            case RoadClass::secondary:
            case RoadClass::tertiary:
                return 40;
            case RoadClass::residential:
                return 15;
            case RoadClass::unclassified:
                return 60;
        }
        return 0;
    }

    StandinNetwork finish() {
        StandinNetwork net;
        const auto edges = sorted_edges();
        // Vertices: the lattice nodes in use (node-id order), then shape vertices per edge.
        std::vector<std::uint32_t> vertex_of(m_lattice.node_count(), 0xffffffffU);
        std::vector<std::uint32_t> lattice_of;
        for (const auto& [k, edge] : edges) {
            vertex_of[k >> 32U] = 0;
            vertex_of[k & 0xffffffffU] = 0;
        }
        for (std::uint32_t n = 0; n < m_lattice.node_count(); ++n) {
            if (vertex_of[n] == 0) {
                vertex_of[n] = static_cast<std::uint32_t>(lattice_of.size());
                lattice_of.push_back(n);
                net.x.push_back(m_lattice.x(n));
                net.y.push_back(m_lattice.y(n));
            }
        }
        struct EdgeInfo {
            std::uint32_t a, b;  // vertices, a < b
            Edge edge;
            int maxspeed;
            std::uint32_t first_shape, shape_count;  // shape vertices from a to b
        };
        std::vector<EdgeInfo> info;
        info.reserve(edges.size());
        for (const auto& [k, edge] : edges) {
            const auto la = static_cast<std::uint32_t>(k >> 32U);
            const auto lb = static_cast<std::uint32_t>(k & 0xffffffffU);
            EdgeInfo e{vertex_of[la],
                       vertex_of[lb],
                       edge,
                       maxspeed_kmh(edge.road_class, la, lb),
                       static_cast<std::uint32_t>(net.x.size()),
                       0};
            e.edge.from = edge.oneway ? vertex_of[edge.from] : 0;
            const bool side = m_lattice.is_centre(la) && m_lattice.is_centre(lb);
            e.shape_count = side ? 3 : 2;
            const double ax = m_lattice.x(la), ay = m_lattice.y(la);
            const double dx = m_lattice.x(lb) - ax, dy = m_lattice.y(lb) - ay;
            const double length = std::hypot(dx, dy);
            // A gentle bend (parabola through both ends with a seeded sideways amplitude)
            // plus a little seeded jitter per vertex.
            const auto limit = curve_m(edge.road_class);
            const auto bend =
                static_cast<double>(symmetric(draw(m_seed, Purpose::curve, {k, 0}), limit));
            for (std::uint32_t s = 1; s <= e.shape_count; ++s) {
                const double t = static_cast<double>(s) / static_cast<double>(e.shape_count + 1);
                const auto jitter =
                    static_cast<double>(symmetric(draw(m_seed, Purpose::curve, {k, s}), limit / 4));
                const double offset = bend * 4.0 * t * (1.0 - t) + jitter;
                net.x.push_back(ax + t * dx - offset * dy / length);
                net.y.push_back(ay + t * dy + offset * dx / length);
            }
            info.push_back(e);
        }
        m_stats.lattice_nodes = lattice_of.size();
        m_stats.shape_nodes = net.x.size() - lattice_of.size();

        // Incidence lists (CSR) over lattice vertices.
        const auto vertex_count = lattice_of.size();
        std::vector<std::uint32_t> first(vertex_count + 1, 0);
        for (const auto& e : info) {
            ++first[e.a + 1];
            ++first[e.b + 1];
        }
        std::partial_sum(first.begin(), first.end(), first.begin());
        std::vector<std::uint32_t> incident(first.back());
        auto fill = first;
        for (std::uint32_t id = 0; id < info.size(); ++id) {
            incident[fill[info[id].a]++] = id;
            incident[fill[info[id].b]++] = id;
        }
        const auto same_tags = [&](std::uint32_t l, std::uint32_t r) {
            const auto& x = info[l];
            const auto& y = info[r];
            return !x.edge.oneway && !y.edge.oneway && x.edge.road_class == y.edge.road_class &&
                   x.edge.name == y.edge.name && x.maxspeed == y.maxspeed;
        };
        // A way continues through a vertex only where exactly two edges with equal tags meet.
        const auto through = [&](std::uint32_t v) {
            return first[v + 1] - first[v] == 2 &&
                   same_tags(incident[first[v]], incident[first[v] + 1]);
        };
        const auto other_edge = [&](std::uint32_t v, std::uint32_t id) {
            return incident[first[v]] == id ? incident[first[v] + 1] : incident[first[v]];
        };
        const auto other_end = [&](std::uint32_t id, std::uint32_t v) {
            return info[id].a == v ? info[id].b : info[id].a;
        };
        for (std::uint32_t v = 0; v < vertex_count; ++v) {
            if (first[v + 1] - first[v] == 1) ++m_stats.dead_ends;
        }

        std::vector<bool> used(info.size(), false);
        for (std::uint32_t id = 0; id < info.size(); ++id) {
            if (used[id]) continue;
            used[id] = true;
            const auto& e = info[id];
            std::vector<std::uint32_t> chain{id};  // edges in order
            std::uint32_t start = e.a;
            std::uint32_t end = e.b;
            if (e.edge.oneway) {
                start = e.edge.from;
                end = other_end(id, start);
            } else {
                while (chain.size() < max_way_edges && through(end)) {
                    const auto next = other_edge(end, chain.back());
                    if (used[next]) break;
                    used[next] = true;
                    chain.push_back(next);
                    end = other_end(next, end);
                }
                while (chain.size() < max_way_edges && through(start)) {
                    const auto next = other_edge(start, chain.front());
                    if (used[next]) break;
                    used[next] = true;
                    chain.insert(chain.begin(), next);
                    start = other_end(next, start);
                }
            }
            StandinWay way;
            way.road_class = e.edge.road_class;
            way.maxspeed_kmh = e.maxspeed;
            way.oneway = e.edge.oneway;
            way.name = m_names[e.edge.name];
            way.vertices.push_back(start);
            auto at = start;
            for (const auto c : chain) {
                const auto& edge = info[c];
                if (edge.a == at) {
                    for (std::uint32_t s = 0; s < edge.shape_count; ++s) {
                        way.vertices.push_back(edge.first_shape + s);
                    }
                } else {
                    for (std::uint32_t s = edge.shape_count; s-- > 0;) {
                        way.vertices.push_back(edge.first_shape + s);
                    }
                }
                at = other_end(c, at);
                way.vertices.push_back(at);
            }
            REACH_ASSERT(at == end);
            double length_m = 0.0;
            for (std::size_t k = 1; k < way.vertices.size(); ++k) {
                length_m += std::hypot(net.x[way.vertices[k]] - net.x[way.vertices[k - 1]],
                                       net.y[way.vertices[k]] - net.y[way.vertices[k - 1]]);
            }
            m_stats.km_by_class[static_cast<std::size_t>(way.road_class)] += length_m / 1000.0;
            if (way.oneway) ++m_stats.oneway_ways;
            net.ways.push_back(std::move(way));
        }
        if (m_failed_links > 0) {
            warn(fmt::format("{} road link(s) found no path over land and were left out",
                             m_failed_links));
        }
        net.stats = m_stats;
        return net;
    }

    const CensusGrid& m_grid;
    Lattice m_lattice;
    PathFinder m_finder;
    std::uint64_t m_seed;
    std::unordered_map<std::uint64_t, Edge> m_edges;
    std::vector<std::string> m_names{""};
    std::vector<Point> m_towns;
    std::size_t m_failed_links = 0;
    StandinStats m_stats;
};

}  // namespace

StandinNetwork build_standin_network(const CensusGrid& grid, const LandMask& land,
                                     const std::vector<Place>& places, std::uint64_t seed) {
    Builder builder(grid, land, seed);
    return builder.build(places);
}

}  // namespace reach::standin
