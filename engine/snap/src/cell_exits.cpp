#include "reach/snap/cell_exits.hpp"

#include <algorithm>
#include <utility>

#include "reach/core/assert.hpp"
#include "reach/core/units.hpp"

namespace reach::snap {

CellExitLists cell_exit_lists(std::span<const Snap> cells) {
    CellExitLists lists;
    lists.first_exit.reserve(cells.size() + 1);
    for (const auto& cell : cells) {
        if (cell.snapped) {
            for (const auto& link : cell.links) {
                lists.node.push_back(link.node);
                lists.time_s.push_back(cell.access_time_s + link.time_s);
            }
        }
        lists.first_exit.push_back(static_cast<std::uint32_t>(lists.node.size()));
    }
    return lists;
}

std::vector<DirectLeg> same_segment_legs(const SegmentIndex& index, std::span<const Snap> cells,
                                         const SnappedCentres& centres) {
    // (segment, centre index) of every snapped centre, sorted for lookup by segment.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> by_segment;
    for (std::uint32_t c = 0; c < centres.snaps.size(); ++c) {
        const auto& snap = centres.snaps[c];
        if (snap.snapped) {
            by_segment.emplace_back(snap.point->segment, c);
        }
    }
    std::sort(by_segment.begin(), by_segment.end());
    std::vector<DirectLeg> legs;
    for (std::uint32_t cell = 0; cell < cells.size(); ++cell) {
        if (!cells[cell].snapped) {
            continue;
        }
        const auto segment = cells[cell].point->segment;
        const auto first = std::lower_bound(by_segment.begin(), by_segment.end(),
                                            std::pair<std::uint32_t, std::uint32_t>{segment, 0});
        const auto begin_leg = legs.size();
        for (auto it = first; it != by_segment.end() && it->first == segment; ++it) {
            const double t = direct_time_s(index, cells[cell], centres.snaps[it->second]);
            if (t != unreachable) {
                REACH_ASSERT(it->second < centres.rank.size());
                legs.push_back({cell, centres.rank[it->second], t});
            }
        }
        std::sort(legs.begin() + static_cast<std::ptrdiff_t>(begin_leg), legs.end(),
                  [](const auto& a, const auto& b) { return a.rank < b.rank; });
    }
    return legs;
}

}  // namespace reach::snap
