#pragma once
// Cells as the exits of the travel-time matrix (routing/time_matrix.hpp), in plain arrays so
// that snap does not link routing: the caller moves them into routing::CellExits.
//
// cell_exit_lists(): CSR over cells; each snapped cell's links (Role::origin) with time =
// off-network leg + partial edge; an unsnapped cell has no exit. The sum is formed once here,
// so a cell's time is (access + link) + node time.
// same_segment_legs(): for each cell and each snapped centre on the same segment, the
// direct_time_s() between them when finite (the way home → centre without a node), ordered by
// (cell, rank). Cost O(C log C + N log C) for N cells and C centres.
#include <cstdint>
#include <span>
#include <vector>

#include "reach/snap/centres.hpp"
#include "reach/snap/segment_index.hpp"
#include "reach/snap/snap.hpp"

namespace reach::snap {

struct CellExitLists {
    std::vector<std::uint32_t> first_exit{0};  // cell_count + 1
    std::vector<std::uint32_t> node;           // per exit
    std::vector<double> time_s;                // per exit: access leg + partial edge
};

// `cells` snapped as origins.
[[nodiscard]] CellExitLists cell_exit_lists(std::span<const Snap> cells);

// The fields of routing::SameSegmentLeg, in the same order.
struct DirectLeg {
    std::uint32_t cell = 0;
    std::uint32_t rank = 0;  // the centre's rank
    double time_s = 0.0;
};

[[nodiscard]] std::vector<DirectLeg> same_segment_legs(const SegmentIndex& index,
                                                       std::span<const Snap> cells,
                                                       const SnappedCentres& centres);

}  // namespace reach::snap
