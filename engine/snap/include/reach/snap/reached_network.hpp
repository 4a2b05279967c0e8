#pragma once
// The reached network (issue 6, `reached_network` layer, what users of service-area tools ask
// for besides polygons): for each usable segment, the parts from which a centre is reached
// within a threshold, cut along the segment where the time crosses it.
//
// Along a segment u → v (length-fraction f, whole-direction times t_fwd and t_bwd), the
// on-network time from the point at f to the nearest centre is the smallest of
//   (1 − f)·t_fwd + T(v)   (leaving towards v, when that direction is usable),
//   f·t_bwd + T(u)         (leaving towards u, when usable),
//   |g − f|·t + a_c        (a centre c snapped on this segment at g, reached along a usable
//                           direction without a node; a_c its access leg),
// with T the node times of the multi-source search towards the centres (reverse graph). Each
// term is linear in f, so {f : time ≤ threshold} is a union of at most 2 + 2·(centres on the
// segment) intervals, cut exactly at the threshold; touching or overlapping intervals are
// merged and zero-length ones dropped. No off-network leg is
// added: these are times of points on the road. Cost: O(segments + centres) per threshold,
// plus the geometry of the reached parts.
#include <cstdint>
#include <span>
#include <vector>

#include "reach/snap/centres.hpp"
#include "reach/snap/segment_index.hpp"

namespace reach::snap {

struct ReachedPart {
    std::uint32_t segment = 0;
    double from_fraction = 0.0, to_fraction = 1.0;  // 0 ≤ from < to ≤ 1
    double time_from_s = 0.0;  // time at segment_from (unreachable when none)
    double time_to_s = 0.0;    // time at segment_to
    std::vector<double> x, y;  // the cut polyline, working CRS (≥ 2 points)
};

// Parts reached within threshold_s, ordered by (segment, from_fraction). node_time_s: per node
// of the graph, reach::unreachable when not reached.
[[nodiscard]] std::vector<ReachedPart> reached_parts(const SegmentIndex& index,
                                                     std::span<const double> node_time_s,
                                                     const SnappedCentres& centres,
                                                     double threshold_s);

// The reached network as nested bands, for a layer without overlaps: for increasing
// thresholds T1 < T2 < …, the parts reached within T_k but not within T_{k−1} (band k, the
// time in (T_{k−1}, T_k]; band 0 from 0). Filtering band ≤ k gives reached_parts(T_k).
struct ReachedBand {
    std::size_t band = 0;  // index into thresholds_s
    ReachedPart part;
};
[[nodiscard]] std::vector<ReachedBand> reached_bands(const SegmentIndex& index,
                                                     std::span<const double> node_time_s,
                                                     const SnappedCentres& centres,
                                                     std::span<const double> thresholds_s);

// Every usable segment whole, with the times of its two directions and of its end nodes (the
// optional `network` layer: edges with times). Ordered by segment id.
struct NetworkEdge {
    std::uint32_t segment = 0;
    double length_m = 0.0;
    double forward_s = 0.0, backward_s = 0.0;  // traversal; reach::unreachable = not usable
    double time_from_s = 0.0, time_to_s = 0.0; // end nodes → nearest centre; or unreachable
    std::vector<double> x, y;                  // the polyline, working CRS
};
[[nodiscard]] std::vector<NetworkEdge> network_edges(const SegmentIndex& index,
                                                     std::span<const double> node_time_s);

}  // namespace reach::snap
