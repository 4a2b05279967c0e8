#include "reach/routing/time_matrix.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
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

MatrixColumn compute_column(ColumnState& state, const network::CsrGraph& reverse,
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
    MatrixColumn column;
    column.row.reserve(state.touched.size());
    column.time_s.reserve(state.touched.size());
    for (const auto cell : state.touched) {
        column.row.push_back(static_cast<std::int32_t>(cell));
        column.time_s.push_back(state.best_s[cell]);
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

std::vector<MatrixColumn> time_matrix_columns(const network::CsrGraph& reverse,
                                              const std::vector<std::vector<Source>>& centre_seeds,
                                              const CellExits& cells, double bound_s, int threads,
                                              const std::vector<std::uint32_t>& ranks) {
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
    for (const auto r : ranks) {
        REACH_ASSERT(r < centre_count);
    }

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

    std::vector<MatrixColumn> columns(ranks.size());
    tbb::enumerable_thread_specific<ColumnState> states(node_count, cell_count);
    const auto work = [&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, ranks.size(), 1),
                          [&](const tbb::blocked_range<std::size_t>& range) {
                              auto& state = states.local();
                              for (auto k = range.begin(); k != range.end(); ++k) {
                                  const auto r = ranks[k];
                                  const std::span<const SameSegmentLeg> centre_legs(
                                      legs.data() + first_leg[r], first_leg[r + 1] - first_leg[r]);
                                  columns[k] = compute_column(state, reverse, centre_seeds[r],
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
    return columns;
}

TimeMatrix assemble_time_matrix(std::vector<MatrixColumn> columns, std::uint32_t cell_count,
                                double bound_s) {
    const auto centre_count = static_cast<std::uint32_t>(columns.size());
    REACH_ASSERT(cell_count <=
                 static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()));
    REACH_ASSERT(centre_count <=
                 static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()));
    // The compressed column-major arrays in column order, copied into Eigen.
    std::vector<std::int32_t> outer(std::size_t{centre_count} + 1, 0);
    std::vector<std::int32_t> inner;
    std::vector<double> values;
    for (std::uint32_t r = 0; r < centre_count; ++r) {
        auto& column = columns[r];
        REACH_ASSERT(column.row.size() == column.time_s.size());
        REACH_ASSERT(std::is_sorted(column.row.begin(), column.row.end()));
        REACH_ASSERT(column.row.empty() ||
                     (column.row.front() >= 0 &&
                      static_cast<std::uint32_t>(column.row.back()) < cell_count));
        inner.insert(inner.end(), column.row.begin(), column.row.end());
        values.insert(values.end(), column.time_s.begin(), column.time_s.end());
        REACH_ASSERT(inner.size() <=
                     static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()));
        outer[r + 1] = static_cast<std::int32_t>(inner.size());
        column = {};
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

TimeMatrix build_time_matrix(const network::CsrGraph& reverse,
                             const std::vector<std::vector<Source>>& centre_seeds,
                             const CellExits& cells, double bound_s, int threads) {
    std::vector<std::uint32_t> every(centre_seeds.size());
    std::iota(every.begin(), every.end(), 0U);
    return assemble_time_matrix(
        time_matrix_columns(reverse, centre_seeds, cells, bound_s, threads, every),
        cells.cell_count(), bound_s);
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
