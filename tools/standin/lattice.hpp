#pragma once
// The road lattice of the stand-in network. One node sits at the centre of every 1 km census
// cell and one at every cell corner; the corner is where the two diagonals between four cell
// centres cross, so a diagonal road is two half-edges through it and crossing diagonals share
// a node. Every node is displaced by a seeded offset of at most ±150 m per axis (integer
// metres), so roads are not ruled lines, yet a displaced corner stays at least 200 m from the
// sides of its square and roads cross only at nodes.
// Edges: centre–centre to the 4 side neighbours (1 km) and centre–corner to the 4 corners
// (0.7 km). An edge is usable when both ends are on land (inside the LV/LT polygons, or a
// populated cell) and, unless it joins two populated cells, its midpoint is on land too.
// Land tests are memoised, so only the nodes a search reaches are tested.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <vector>

#include "inputs.hpp"

namespace reach::standin {

class Lattice {
public:
    Lattice(const CensusGrid& grid, const LandMask& land, std::uint64_t seed);

    [[nodiscard]] std::uint32_t node_count() const { return m_centre_count + m_corner_count; }
    [[nodiscard]] bool is_centre(std::uint32_t n) const { return n < m_centre_count; }
    [[nodiscard]] std::uint32_t centre(std::int32_t i, std::int32_t j) const {
        return static_cast<std::uint32_t>(j * m_grid.nx + i);
    }
    [[nodiscard]] std::uint32_t corner(std::int32_t i, std::int32_t j) const {
        return m_centre_count + static_cast<std::uint32_t>(j * (m_grid.nx + 1) + i);
    }
    // Column and row of a centre (cell indices) or corner (corner indices).
    [[nodiscard]] std::int32_t col(std::uint32_t n) const;
    [[nodiscard]] std::int32_t row(std::uint32_t n) const;
    [[nodiscard]] std::int32_t nx() const { return m_grid.nx; }
    [[nodiscard]] std::int32_t ny() const { return m_grid.ny; }

    [[nodiscard]] double x(std::uint32_t n) const { return m_x[n]; }
    [[nodiscard]] double y(std::uint32_t n) const { return m_y[n]; }
    [[nodiscard]] double distance_m(std::uint32_t a, std::uint32_t b) const;

    // Population of a centre's cell; for a corner, the mean of its four cells.
    [[nodiscard]] double population(std::uint32_t n) const;
    [[nodiscard]] bool populated(std::uint32_t n) const {
        return is_centre(n) && population(n) > 0;
    }
    [[nodiscard]] bool on_land(std::uint32_t n) const;

    // Usable neighbours of `n` (at most 8 for a centre, 4 for a corner).
    struct Neighbours {
        std::array<std::uint32_t, 8> node{};
        std::uint32_t count = 0;
    };
    [[nodiscard]] Neighbours neighbours(std::uint32_t n) const;
    [[nodiscard]] bool adjacent(std::uint32_t a, std::uint32_t b) const;

    // The nearest centre on land to (x, y), searching outwards ring by ring.
    [[nodiscard]] std::optional<std::uint32_t> nearest_land_centre(double x, double y) const;

private:
    // Edge memo slots of a centre: 0 east, 1 north, 2..5 corners SW, SE, NW, NE.
    [[nodiscard]] bool edge_usable(std::uint32_t centre, int slot, std::uint32_t other) const;

    const CensusGrid& m_grid;
    const LandMask& m_land;
    std::uint32_t m_centre_count;
    std::uint32_t m_corner_count;
    std::vector<double> m_x, m_y;
    mutable std::vector<std::uint8_t> m_land_memo;  // 0 unknown, 1 land, 2 not
    mutable std::vector<std::uint8_t> m_edge_memo;  // 6 per centre, same coding
};

// Cheapest paths on the lattice: A* towards one goal, or Dijkstra towards any node of a set.
// Ties in the queue are broken by node id, so paths are deterministic.
class PathFinder {
public:
    explicit PathFinder(const Lattice& lattice);

    // Edge cost in "metres"; +infinity forbids the edge.
    using CostFn = std::function<double(std::uint32_t, std::uint32_t, double length_m)>;

    // Path from `from` to `to` (both included), A* with heuristic distance × min_factor (the
    // smallest factor cost() applies to a length). Empty if none costs at most max_cost.
    [[nodiscard]] std::vector<std::uint32_t> path(std::uint32_t from, std::uint32_t to,
                                                  const CostFn& cost, double min_factor,
                                                  double max_cost);
    // Path from any of `sources` to the first node with is_target(node) (Dijkstra).
    [[nodiscard]] std::vector<std::uint32_t> path_to_any(
        const std::vector<std::uint32_t>& sources, const CostFn& cost,
        const std::function<bool(std::uint32_t)>& is_target, double max_cost);

private:
    std::vector<std::uint32_t> search(const std::vector<std::uint32_t>& sources, const CostFn& cost,
                                      const std::function<bool(std::uint32_t)>& is_target,
                                      std::uint32_t goal, double min_factor, double max_cost);

    const Lattice& m_lattice;
    std::vector<double> m_cost;
    std::vector<std::uint32_t> m_parent;
    std::vector<std::uint32_t> m_seen;    // stamp of the search that reached the node
    std::vector<std::uint32_t> m_closed;  // stamp of the search that settled the node
    std::uint32_t m_stamp = 0;
};

}  // namespace reach::standin
