#include "lattice.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "reach/core/assert.hpp"
#include "splitmix.hpp"

namespace reach::standin {
namespace {

// ±150 m keeps a displaced corner node at least 500 - 150 - 150 = 200 m from the sides of its
// square (see the header), while the lattice no longer looks ruled.
constexpr std::int64_t max_perturbation_m = 150;

}  // namespace

Lattice::Lattice(const CensusGrid& grid, const LandMask& land, std::uint64_t seed)
    : m_grid(grid),
      m_land(land),
      m_centre_count(static_cast<std::uint32_t>(grid.nx * grid.ny)),
      m_corner_count(static_cast<std::uint32_t>((grid.nx + 1) * (grid.ny + 1))) {
    m_x.resize(node_count());
    m_y.resize(node_count());
    for (std::uint32_t n = 0; n < node_count(); ++n) {
        const auto i = static_cast<std::uint64_t>(col(n));
        const auto j = static_cast<std::uint64_t>(row(n));
        const double half = is_centre(n) ? cell_size_m / 2 : 0.0;
        // Keyed by the absolute EPSG:3035 cell index, so a sub-area gets the same offsets.
        const auto gi = static_cast<std::uint64_t>(grid.x0_m / 1000) + i;
        const auto gj = static_cast<std::uint64_t>(grid.y0_m / 1000) + j;
        const std::uint64_t kind = is_centre(n) ? 0 : 1;
        const auto dx =
            symmetric(draw(seed, Purpose::perturb_x, {kind, gi, gj}), max_perturbation_m);
        const auto dy =
            symmetric(draw(seed, Purpose::perturb_y, {kind, gi, gj}), max_perturbation_m);
        m_x[n] = static_cast<double>(grid.x0_m + static_cast<std::int64_t>(i) * 1000 + dx) + half;
        m_y[n] = static_cast<double>(grid.y0_m + static_cast<std::int64_t>(j) * 1000 + dy) + half;
    }
    m_land_memo.assign(node_count(), 0);
    m_edge_memo.assign(static_cast<std::size_t>(m_centre_count) * 6, 0);
}

std::int32_t Lattice::col(std::uint32_t n) const {
    if (is_centre(n)) {
        return static_cast<std::int32_t>(n % static_cast<std::uint32_t>(m_grid.nx));
    }
    return static_cast<std::int32_t>((n - m_centre_count) %
                                     static_cast<std::uint32_t>(m_grid.nx + 1));
}

std::int32_t Lattice::row(std::uint32_t n) const {
    if (is_centre(n)) {
        return static_cast<std::int32_t>(n / static_cast<std::uint32_t>(m_grid.nx));
    }
    return static_cast<std::int32_t>((n - m_centre_count) /
                                     static_cast<std::uint32_t>(m_grid.nx + 1));
}

double Lattice::distance_m(std::uint32_t a, std::uint32_t b) const {
    return std::hypot(m_x[a] - m_x[b], m_y[a] - m_y[b]);
}

double Lattice::population(std::uint32_t n) const {
    const auto i = col(n);
    const auto j = row(n);
    if (is_centre(n)) {
        return m_grid.at(i, j);
    }
    return (m_grid.at(i - 1, j - 1) + m_grid.at(i, j - 1) + m_grid.at(i - 1, j) + m_grid.at(i, j)) /
           4.0;
}

bool Lattice::on_land(std::uint32_t n) const {
    auto& memo = m_land_memo[n];
    if (memo == 0) {
        const bool land = populated(n) || m_land.contains(m_x[n], m_y[n]);
        memo = land ? 1 : 2;
    }
    return memo == 1;
}

bool Lattice::edge_usable(std::uint32_t centre_node, int slot, std::uint32_t other) const {
    auto& memo =
        m_edge_memo[static_cast<std::size_t>(centre_node) * 6 + static_cast<std::size_t>(slot)];
    if (memo == 0) {
        bool usable = on_land(centre_node) && on_land(other);
        if (usable && !(populated(centre_node) && populated(other))) {
            usable = m_land.contains((m_x[centre_node] + m_x[other]) / 2,
                                     (m_y[centre_node] + m_y[other]) / 2);
        }
        memo = usable ? 1 : 2;
    }
    return memo == 1;
}

Lattice::Neighbours Lattice::neighbours(std::uint32_t n) const {
    Neighbours out;
    const auto i = col(n);
    const auto j = row(n);
    const auto add = [&out](std::uint32_t node) { out.node[out.count++] = node; };
    if (is_centre(n)) {
        if (i + 1 < m_grid.nx && edge_usable(n, 0, centre(i + 1, j))) add(centre(i + 1, j));
        if (j + 1 < m_grid.ny && edge_usable(n, 1, centre(i, j + 1))) add(centre(i, j + 1));
        if (i > 0 && edge_usable(centre(i - 1, j), 0, n)) add(centre(i - 1, j));
        if (j > 0 && edge_usable(centre(i, j - 1), 1, n)) add(centre(i, j - 1));
        if (edge_usable(n, 2, corner(i, j))) add(corner(i, j));
        if (edge_usable(n, 3, corner(i + 1, j))) add(corner(i + 1, j));
        if (edge_usable(n, 4, corner(i, j + 1))) add(corner(i, j + 1));
        if (edge_usable(n, 5, corner(i + 1, j + 1))) add(corner(i + 1, j + 1));
        return out;
    }
    const bool east = i < m_grid.nx;
    const bool west = i > 0;
    const bool north = j < m_grid.ny;
    const bool south = j > 0;
    if (east && north && edge_usable(centre(i, j), 2, n)) add(centre(i, j));
    if (west && north && edge_usable(centre(i - 1, j), 3, n)) add(centre(i - 1, j));
    if (east && south && edge_usable(centre(i, j - 1), 4, n)) add(centre(i, j - 1));
    if (west && south && edge_usable(centre(i - 1, j - 1), 5, n)) add(centre(i - 1, j - 1));
    return out;
}

bool Lattice::adjacent(std::uint32_t a, std::uint32_t b) const {
    const auto list = neighbours(a);
    return std::find(list.node.begin(), list.node.begin() + list.count, b) !=
           list.node.begin() + list.count;
}

std::optional<std::uint32_t> Lattice::nearest_land_centre(double x, double y) const {
    const auto ci =
        static_cast<std::int32_t>(std::floor((x - static_cast<double>(m_grid.x0_m)) / cell_size_m));
    const auto cj =
        static_cast<std::int32_t>(std::floor((y - static_cast<double>(m_grid.y0_m)) / cell_size_m));
    std::optional<std::uint32_t> best;
    double best_d = std::numeric_limits<double>::infinity();
    int found_ring = -1;
    for (int r = 0; r <= 10 && (found_ring < 0 || r <= found_ring + 1); ++r) {
        for (int dj = -r; dj <= r; ++dj) {
            for (int di = -r; di <= r; ++di) {
                if (std::max(std::abs(di), std::abs(dj)) != r) continue;
                const auto i = ci + di;
                const auto j = cj + dj;
                if (i < 0 || j < 0 || i >= m_grid.nx || j >= m_grid.ny) continue;
                const auto n = centre(i, j);
                if (!on_land(n)) continue;
                const double d = std::hypot(m_x[n] - x, m_y[n] - y);
                if (d < best_d || (d == best_d && n < *best)) {
                    best_d = d;
                    best = n;
                    if (found_ring < 0) found_ring = r;
                }
            }
        }
    }
    return best;
}

PathFinder::PathFinder(const Lattice& lattice)
    : m_lattice(lattice),
      m_cost(lattice.node_count(), 0.0),
      m_parent(lattice.node_count(), 0),
      m_seen(lattice.node_count(), 0),
      m_closed(lattice.node_count(), 0) {}

std::vector<std::uint32_t> PathFinder::path(std::uint32_t from, std::uint32_t to,
                                            const CostFn& cost, double min_factor,
                                            double max_cost) {
    return search(
        {from}, cost, [to](std::uint32_t n) { return n == to; }, to, min_factor, max_cost);
}

std::vector<std::uint32_t> PathFinder::path_to_any(
    const std::vector<std::uint32_t>& sources, const CostFn& cost,
    const std::function<bool(std::uint32_t)>& is_target, double max_cost) {
    return search(sources, cost, is_target, 0, 0.0, max_cost);
}

std::vector<std::uint32_t> PathFinder::search(const std::vector<std::uint32_t>& sources,
                                              const CostFn& cost,
                                              const std::function<bool(std::uint32_t)>& is_target,
                                              std::uint32_t goal, double min_factor,
                                              double max_cost) {
    ++m_stamp;
    REACH_ASSERT(m_stamp != 0);
    const auto heuristic = [&](std::uint32_t n) {
        return min_factor > 0.0 ? m_lattice.distance_m(n, goal) * min_factor : 0.0;
    };
    using Entry = std::pair<double, std::uint32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    for (const auto s : sources) {
        if (m_seen[s] == m_stamp) continue;
        m_seen[s] = m_stamp;
        m_cost[s] = 0.0;
        m_parent[s] = s;
        queue.emplace(heuristic(s), s);
    }
    while (!queue.empty()) {
        const auto [f, n] = queue.top();
        queue.pop();
        if (m_closed[n] == m_stamp) continue;
        m_closed[n] = m_stamp;
        if (is_target(n)) {
            std::vector<std::uint32_t> nodes{n};
            for (auto v = n; m_parent[v] != v; v = m_parent[v]) {
                nodes.push_back(m_parent[v]);
            }
            std::reverse(nodes.begin(), nodes.end());
            return nodes;
        }
        const auto list = m_lattice.neighbours(n);
        for (std::uint32_t k = 0; k < list.count; ++k) {
            const auto m = list.node[k];
            if (m_closed[m] == m_stamp) continue;
            const double c = cost(n, m, m_lattice.distance_m(n, m));
            const double g = m_cost[n] + c;
            if (!(g <= max_cost)) continue;  // also rejects +inf
            if (m_seen[m] != m_stamp || g < m_cost[m]) {
                m_seen[m] = m_stamp;
                m_cost[m] = g;
                m_parent[m] = n;
                queue.emplace(g + heuristic(m), m);
            }
        }
    }
    return {};
}

}  // namespace reach::standin
