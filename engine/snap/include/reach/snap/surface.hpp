#pragma once
// A travel-time surface on a raster (issue 6, item 1): each pixel's time is the minimum over
// nearby network points of (on-network time to the nearest centre + the off-network leg from
// the pixel centre to that point at the profile's off-network speed), so times are computed
// along edges, not only at nodes, and a pixel near a fast road that is not its nearest road
// still gets that road's time.
//
// How: every usable segment is sampled along its polyline every `sample_m` metres (ends
// included); a sample at length-fraction f has the on-network time of snap::reached_parts
// (leave towards either end node where the direction is usable, or drive along the segment
// to a centre on it). Each sample with a time ≤ max_time_s updates the pixels whose centres
// lie within max_distance_m (exact Euclidean distance). The error against the continuous
// minimum is at most sample_m / 2 of extra off-network distance. Pixels with no sample
// within max_distance_m, or whose best time exceeds max_time_s, stay reach::unreachable.
// Deterministic (one pass in segment order, min is order-independent).
// Cost: O(samples × (max_distance_m / pixel_m)²), e.g. 400 000 samples × 314 pixels ≈ 0.3 s.
#include <cstdint>
#include <span>
#include <vector>

#include "reach/snap/centres.hpp"
#include "reach/snap/segment_index.hpp"

namespace reach::snap {

struct PixelGrid {
    double min_x = 0.0, max_y = 0.0;  // top-left corner, working CRS
    double pixel_m = 100.0;
    int width = 0, height = 0;
};

struct SurfaceOptions {
    double off_network_kmh = 4.0;
    double max_distance_m = 1000.0;
    double max_time_s = 3600.0;
    double sample_m = 25.0;  // along-road sampling step (> 0)
};

// Per pixel, row-major from the top-left: home → centre seconds, reach::unreachable = none.
[[nodiscard]] std::vector<double> surface_times(const SegmentIndex& index,
                                                std::span<const double> node_time_s,
                                                const SnappedCentres& centres,
                                                const PixelGrid& grid,
                                                const SurfaceOptions& options);

}  // namespace reach::snap
