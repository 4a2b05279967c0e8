#include "reach/routing/time_matrix.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "reach/core/assert.hpp"
#include "reach/core/units.hpp"

namespace reach::routing {

namespace {

// The exits of all cells grouped by node (CSR over nodes), so that a settled node finds the
// cells leaving by it without a search. Within a node, entries are in cell order.
struct ExitsByNode {
    std::vector<std::uint32_t> first;  // node_count + 1
    std::vector<std::uint32_t> cell;
    std::vector<double> time_s;
};

ExitsByNode index_exits_by_node(const CellExits& cells, std::uint32_t node_count) {
    ExitsByNode index;
    index.first.assign(std::size_t{node_count} + 1, 0);
    for (const auto node : cells.node) {
        ++index.first[node + 1];
    }
    for (std::uint32_t v = 0; v < node_count; ++v) {
        index.first[v + 1] += index.first[v];
    }
    index.cell.resize(cells.node.size());
    index.time_s.resize(cells.node.size());
    std::vector<std::uint32_t> next(index.first.begin(), index.first.end() - 1);
    for (std::uint32_t c = 0; c < cells.cell_count(); ++c) {
        for (auto e = cells.first_exit[c]; e < cells.first_exit[c + 1]; ++e) {
            const auto slot = next[cells.node[e]]++;
            index.cell[slot] = c;
            index.time_s[slot] = cells.time_s[e];
        }
    }
    return index;
}

struct Entry {
    std::int32_t row;
    double time_s;
};

// Per-thread scratch: the search state and a dense per-cell best time, reset through the list
// of touched cells so a column costs what it reaches, not the cell count.
struct ColumnState {
    explicit ColumnState(std::uint32_t node_count, std::uint32_t cell_count)
        : search(node_count), best_s(cell_count, unreachable) {
        touched.reserve(cell_count);
    }
    BoundedSearch search;
    std::vector<double> best_s;
    std::vector<std::uint32_t> touched;

    void offer(std::uint32_t cell, double time_s, double limit_s) {
        if (time_s <= limit_s && time_s < best_s[cell]) {
            if (best_s[cell] == unreachable) {
                touched.push_back(cell);
            }
            best_s[cell] = time_s;
        }
    }
};

std::vector<Entry> compute_column(ColumnState& state, const network::CsrGraph& reverse,
                                  std::span<const Source> seeds, const ExitsByNode& by_node,
                                  std::span<const SameSegmentLeg> legs, double bound_s) {
    const double limit_s = bound_s + threshold_tolerance_s;
    for (const auto& reached : state.search.run(reverse, seeds, bound_s)) {
        for (auto i = by_node.first[reached.node]; i < by_node.first[reached.node + 1]; ++i) {
            state.offer(by_node.cell[i], by_node.time_s[i] + reached.time_s, limit_s);
        }
    }
    for (const auto& leg : legs) {
        state.offer(leg.cell, leg.time_s, limit_s);
    }
    std::sort(state.touched.begin(), state.touched.end());
    std::vector<Entry> column;
    column.reserve(state.touched.size());
    for (const auto cell : state.touched) {
        column.push_back({static_cast<std::int32_t>(cell), state.best_s[cell]});
        state.best_s[cell] = unreachable;
    }
    state.touched.clear();
    return column;
}

}  // namespace

bool CellExits::valid(std::uint32_t node_count) const {
    if (first_exit.empty() || first_exit.front() != 0 || first_exit.back() != node.size() ||
        node.size() != time_s.size()) {
        return false;
    }
    if (!std::is_sorted(first_exit.begin(), first_exit.end())) {
        return false;
    }
    const auto finite_non_negative = [](double t) { return std::isfinite(t) && t >= 0.0; };
    return std::all_of(node.begin(), node.end(), [&](auto v) { return v < node_count; }) &&
           std::all_of(time_s.begin(), time_s.end(), finite_non_negative) &&
           std::all_of(same_segment.begin(), same_segment.end(), [&](const auto& leg) {
               return leg.cell < cell_count() && finite_non_negative(leg.time_s);
           });
}

TimeMatrix build_time_matrix(const network::CsrGraph& reverse,
                             const std::vector<std::vector<Source>>& centre_seeds,
                             const CellExits& cells, double bound_s, int threads) {
    const auto node_count = reverse.node_count();
    const auto cell_count = cells.cell_count();
    const auto centre_count = static_cast<std::uint32_t>(centre_seeds.size());
    REACH_ASSERT(cells.valid(node_count));
    REACH_ASSERT(bound_s >= 0.0);  // also rejects NaN
    REACH_ASSERT(threads >= 0);
    REACH_ASSERT(cell_count <=
                 static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()));
    REACH_ASSERT(centre_count <=
                 static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()));

    const auto by_node = index_exits_by_node(cells, node_count);
    // Same-segment legs grouped by centre rank (stable, so the input order is kept within one).
    std::vector<SameSegmentLeg> legs = cells.same_segment;
    for (const auto& leg : legs) {
        REACH_ASSERT(leg.rank < centre_count);
    }
    std::stable_sort(legs.begin(), legs.end(),
                     [](const auto& a, const auto& b) { return a.rank < b.rank; });
    std::vector<std::uint32_t> first_leg(std::size_t{centre_count} + 1, 0);
    for (const auto& leg : legs) {
        ++first_leg[leg.rank + 1];
    }
    for (std::uint32_t r = 0; r < centre_count; ++r) {
        first_leg[r + 1] += first_leg[r];
    }

    std::vector<std::vector<Entry>> columns(centre_count);
    tbb::enumerable_thread_specific<ColumnState> states(node_count, cell_count);
    const auto work = [&] {
        tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, centre_count, 1),
                          [&](const tbb::blocked_range<std::uint32_t>& range) {
                              auto& state = states.local();
                              for (auto r = range.begin(); r != range.end(); ++r) {
                                  const std::span<const SameSegmentLeg> centre_legs(
                                      legs.data() + first_leg[r], first_leg[r + 1] - first_leg[r]);
                                  columns[r] = compute_column(state, reverse, centre_seeds[r],
                                                              by_node, centre_legs, bound_s);
                              }
                          });
    };
    if (threads > 0) {
        tbb::task_arena arena(threads);
        arena.execute(work);
    } else {
        work();
    }

    // Assemble the compressed column-major arrays in column order and copy them into Eigen.
    std::vector<std::int32_t> outer(std::size_t{centre_count} + 1, 0);
    std::vector<std::int32_t> inner;
    std::vector<double> values;
    for (std::uint32_t r = 0; r < centre_count; ++r) {
        for (const auto& entry : columns[r]) {
            inner.push_back(entry.row);
            values.push_back(entry.time_s);
        }
        REACH_ASSERT(inner.size() <=
                     static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()));
        outer[r + 1] = static_cast<std::int32_t>(inner.size());
        columns[r] = {};
    }
    using Matrix = Eigen::SparseMatrix<double, Eigen::ColMajor, std::int32_t>;
    const Eigen::Map<const Matrix> map(
        static_cast<std::int32_t>(cell_count), static_cast<std::int32_t>(centre_count),
        static_cast<std::int32_t>(values.size()), outer.data(), inner.data(), values.data());
    TimeMatrix result;
    result.time_s = map;
    result.bound_s = bound_s;
    return result;
}

CellNearest nearest_for_cells(const NearestCentre& node_result, const CellExits& cells,
                              double cutoff_s) {
    const auto node_count = static_cast<std::uint32_t>(node_result.time_s.size());
    REACH_ASSERT(node_result.rank.size() == node_count);
    REACH_ASSERT(cells.valid(node_count));
    REACH_ASSERT(cutoff_s >= 0.0);
    const double limit_s = cutoff_s + threshold_tolerance_s;
    const auto cell_count = cells.cell_count();

    CellNearest result;
    result.time_s.assign(cell_count, unreachable);
    result.rank.assign(cell_count, no_centre);
    // (time, rank) order, as the searches' labels (DESIGN.md, Rules: Ties).
    const auto offer = [&](std::uint32_t cell, double time_s, std::uint32_t rank) {
        if (time_s <= limit_s && (time_s < result.time_s[cell] ||
                                  (time_s == result.time_s[cell] && rank < result.rank[cell]))) {
            result.time_s[cell] = time_s;
            result.rank[cell] = rank;
        }
    };
    for (std::uint32_t c = 0; c < cell_count; ++c) {
        for (auto e = cells.first_exit[c]; e < cells.first_exit[c + 1]; ++e) {
            const auto node = cells.node[e];
            if (node_result.rank[node] != no_centre) {
                offer(c, cells.time_s[e] + node_result.time_s[node], node_result.rank[node]);
            }
        }
    }
    for (const auto& leg : cells.same_segment) {
        offer(leg.cell, leg.time_s, leg.rank);
    }
    return result;
}

}  // namespace reach::routing
