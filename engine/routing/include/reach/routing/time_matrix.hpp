#pragma once
// The cell × centre travel-time matrix and the nearest centre per cell (DESIGN.md, Rules:
// every time is home → centre; thresholds inclusive with 1e-6 s; ties to the smaller rank).
//
// CellExits: how each cell leaves onto the network, in CSR form over cells. An exit is a node
// and the time from home to it (off-network leg + partial edge, as snap computes it); a cell
// with no exit is unsnapped. Same-segment legs (a cell and a centre on one segment, meeting
// without passing a node) are listed separately with the centre's rank. routing does not link
// snap: snap builds the plain arrays (reach/snap/cell_exits.hpp) and the caller moves them in.
//
// build_time_matrix(): one BoundedSearch per centre on the REVERSE graph from that centre's
// seeds up to bound_s; a cell's time to the centre is the minimum over its exits of
// exit time + node time (and its same-segment legs). Entries with time <= bound_s + 1e-6 are
// stored, exact zeros included. Columns are independent and assembled in column order, so the
// result is identical for any thread count. Cost: per centre O((n + m) log n) within the
// bound plus the exits of the reached nodes (a node → exits index built once, O(exits)).
//
// nearest_for_cells(): the nearest centre per cell from one multi-source nearest_centre() run
// (node labels (time, rank)); the cell takes the smallest (time, rank) over its exits and
// same-segment legs, so on exactly equal time the smaller rank wins.
#include <Eigen/SparseCore>

#include <cstdint>
#include <vector>

#include "reach/network/csr_graph.hpp"
#include "reach/routing/search.hpp"

namespace reach::routing {

// A cell and a centre on the same segment: home → centre along it, without a node.
struct SameSegmentLeg {
    std::uint32_t cell = 0;
    std::uint32_t rank = 0;  // centre rank = column of the matrix
    double time_s = 0.0;     // both off-network legs + the partial edge between the points
};

struct CellExits {
    std::vector<std::uint32_t> first_exit{0};  // cell_count + 1 entries, first 0, last = exits
    std::vector<std::uint32_t> node;           // per exit: the node it leaves by
    std::vector<double> time_s;                // per exit: home → node (finite, >= 0)
    std::vector<SameSegmentLeg> same_segment;  // any order; cell < cell_count

    [[nodiscard]] std::uint32_t cell_count() const {
        return static_cast<std::uint32_t>(first_exit.size() - 1);
    }
    // True when the CSR invariants above hold and every node is < node_count.
    [[nodiscard]] bool valid(std::uint32_t node_count) const;
};

struct TimeMatrix {
    // rows = cells, columns = centres (rank order); seconds, explicit entries only for times
    // within the bound (an exact 0 is stored too; a missing entry means beyond the bound).
    Eigen::SparseMatrix<double, Eigen::ColMajor, std::int32_t> time_s;
    double bound_s = 0.0;  // the bound it was built with
};

// centre_seeds[r]: the seeds of the centre of rank r (their rank fields are ignored); an
// empty list (a skipped centre) gives an empty column. threads >= 1 (0: TBB's default).
[[nodiscard]] TimeMatrix build_time_matrix(const network::CsrGraph& reverse,
                                           const std::vector<std::vector<Source>>& centre_seeds,
                                           const CellExits& cells, double bound_s, int threads);

// The matrix by columns, for splitting the searches across processes (reach run under mpirun):
// time_matrix_columns() computes the columns of the given ranks only (each < centre_seeds
// size, in the order given), each exactly as build_time_matrix() computes it;
// assemble_time_matrix() builds the matrix from every column in rank order.
// build_time_matrix() is assemble_time_matrix(time_matrix_columns(every rank)).
struct MatrixColumn {
    std::vector<std::int32_t> row;  // ascending
    std::vector<double> time_s;     // per row
};
[[nodiscard]] std::vector<MatrixColumn> time_matrix_columns(
    const network::CsrGraph& reverse, const std::vector<std::vector<Source>>& centre_seeds,
    const CellExits& cells, double bound_s, int threads, const std::vector<std::uint32_t>& ranks);
[[nodiscard]] TimeMatrix assemble_time_matrix(std::vector<MatrixColumn> columns,
                                              std::uint32_t cell_count, double bound_s);

struct CellNearest {
    std::vector<double> time_s;       // per cell; reach::unreachable if no centre within cutoff
    std::vector<std::uint32_t> rank;  // per cell; no_centre if unreachable
};

// node_result: nearest_centre() on the reverse graph from all centres' seeds. Cells whose best
// time exceeds cutoff_s + 1e-6 are unreachable (default: no bound).
[[nodiscard]] CellNearest nearest_for_cells(const NearestCentre& node_result,
                                            const CellExits& cells, double cutoff_s = 1e300);

}  // namespace reach::routing
