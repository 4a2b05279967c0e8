#pragma once
// SegmentIndex: a spatial index over the usable road segments of one ProfileGraph, answering
// "which point of the network is nearest to (x, y)" in the working CRS. A segment is usable
// when at least one of its directions has an arc in the ProfileGraph; arcs exist only inside
// the kept component, so both its end nodes are kept. The distance is exact, to the segment's
// whole polyline (RoadGraph geometry), not to its end nodes.
//
// How: every straight piece of every usable polyline is cut into sub-pieces of at most
// max_piece_m; a nanoflann k-d tree holds their midpoints. A sub-piece whose midpoint is r
// from the query is at least r − h away (h = its half length ≤ max_piece_m / 2), so one
// branch-and-bound descent that computes exact point-to-piece distances and keeps the bound
// (best + h_max)² finds the true nearest piece. Ties (equal distance) go to the smaller
// segment id, then the earlier piece, then the point nearer the piece start, so the answer
// never depends on the visiting order. Build O(P log P) for P sub-pieces; a query visits
// O(log P) tree nodes plus the sub-pieces within best + h_max of the query.
//
// Closed loops (segment_from == segment_to) usable in one direction only are left out: both
// ways round such a loop are arcs u→u, so the ProfileGraph cannot say which way is usable.
//
// Few queries (e.g. 20 centres on a 1M-node network): building the tree costs far more than
// scanning the pieces a few times. With IndexOptions::tree = on_demand, a query is answered
// by a scan (the same exact distance and the same tie rule, so the same answer, bit for bit):
// the bounding boxes of blocks of 64 consecutive segments (computed by the first scan, O(points))
// are tested, and only the pieces of blocks within the best distance so far are compared.
// After `scan_queries` scans the tree is built once and answers the rest; snap_points builds it
// first for a larger batch.
//
// Read-only after construction (the on-demand tree is built under std::call_once): query
// from any number of threads. The index keeps a reference to the RoadGraph (its geometry),
// which must outlive it.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"

namespace reach::snap {

// The nearest point of the network to a query point.
struct SegmentPoint {
    std::uint32_t segment = 0;  // RoadGraph segment id
    double fraction = 0.0;      // along the segment by length: 0 at segment_from, 1 at segment_to
    double distance_m = 0.0;    // straight-line distance from the query (the off-network leg)
    double x = 0.0, y = 0.0;    // the point on the segment, working CRS
};

// Travel times of a segment's two directions (the arc times, float in the graph, as double);
// reach::unreachable for a direction without an arc.
struct SegmentTimes {
    double forward_s;   // segment_from → segment_to
    double backward_s;  // segment_to → segment_from
};

struct IndexOptions {
    // Longest sub-piece in the k-d tree (> 0). It bounds the slack of every query's search
    // whatever the input's longest straight piece; shorter means more tree points. 100 m:
    // 33 170 points onto 100 800 segments in ~60 ms on one core, index built in ~100 ms.
    double max_piece_m = 100.0;
    // now: the k-d tree is built with the index (many queries: every cell of a grid).
    // on_demand: the first `scan_queries` queries are scans (O(segments / 64) box tests
    // each, plus the pieces of the nearby blocks) and the tree is built when more come (or
    // build_tree() is called). 1M nodes: the tree takes ~0.3 s to build.
    enum class TreeBuild : std::uint8_t { now, on_demand };
    TreeBuild tree = TreeBuild::now;
    std::size_t scan_queries = 64;
};

class SegmentIndex {
public:
    SegmentIndex(const network::RoadGraph& roads, const network::ProfileGraph& graph,
                 IndexOptions options = {});
    // The index refers to the RoadGraph's geometry: a temporary would dangle.
    SegmentIndex(network::RoadGraph&& roads, const network::ProfileGraph& graph,
                 IndexOptions options = {}) = delete;
    ~SegmentIndex();
    SegmentIndex(const SegmentIndex&) = delete;
    SegmentIndex& operator=(const SegmentIndex&) = delete;

    // The nearest point on a usable segment; nullopt when no segment is usable or the query
    // is not finite.
    [[nodiscard]] std::optional<SegmentPoint> nearest(double x, double y) const;

    [[nodiscard]] SegmentTimes times(std::uint32_t segment) const;
    [[nodiscard]] bool indexed(std::uint32_t segment) const;
    [[nodiscard]] const network::RoadGraph& roads() const { return *m_roads; }
    [[nodiscard]] const std::string& profile() const { return m_profile; }
    [[nodiscard]] std::uint32_t segment_count() const { return m_segment_count; }  // indexed
    [[nodiscard]] std::size_t piece_count() const;  // sub-pieces in the k-d tree (builds it)

    // Builds the k-d tree now if it is not built yet (on_demand); thread-safe.
    void build_tree() const;
    [[nodiscard]] bool has_tree() const;
    // On demand: builds the tree first when `queries` more would exceed the scan budget.
    void prepare_for(std::size_t queries) const;
    // The nearest point by a scan of every usable piece, never the tree (tests compare both).
    [[nodiscard]] std::optional<SegmentPoint> nearest_by_scan(double x, double y) const;

private:
    struct Impl;
    struct Tree;
    const network::RoadGraph* m_roads;
    std::string m_profile;
    std::uint32_t m_segment_count = 0;
    std::size_t m_scan_queries = 0;
    std::unique_ptr<Impl> m_impl;
    mutable std::once_flag m_tree_once;
    mutable std::atomic<const Tree*> m_tree{nullptr};
    mutable std::atomic<std::size_t> m_scans{0};
};

}  // namespace reach::snap
