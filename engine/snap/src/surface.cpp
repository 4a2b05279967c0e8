#include "reach/snap/surface.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "reach/core/assert.hpp"
#include "reach/core/units.hpp"

namespace reach::snap {
namespace {

// On-network time from the point at fraction f of a segment (reached_network.hpp's terms).
struct SegmentClock {
    double forward_s, backward_s;  // whole-segment times, unreachable without the direction
    double t_from, t_to;           // node times
    const std::vector<std::pair<double, double>>* centres;  // (fraction, access) on it

    [[nodiscard]] double at(double f) const {
        double best = unreachable;
        if (forward_s != unreachable && t_to != unreachable) {
            best = std::min(best, (1.0 - f) * forward_s + t_to);
        }
        if (backward_s != unreachable && t_from != unreachable) {
            best = std::min(best, f * backward_s + t_from);
        }
        if (centres != nullptr) {
            for (const auto& [g, access_s] : *centres) {
                if (f <= g && forward_s != unreachable) {
                    best = std::min(best, (g - f) * forward_s + access_s);
                }
                if (f >= g && backward_s != unreachable) {
                    best = std::min(best, (f - g) * backward_s + access_s);
                }
            }
        }
        return best;
    }
};

// Lowers the pixels around (x, y) to time_s + distance / speed where that is within reach.
void splat(double x, double y, double time_s, const PixelGrid& grid,
           const SurfaceOptions& options, double speed_ms, std::vector<double>& out) {
    const double max_d = options.max_distance_m;
    const int c0 = std::max(0, static_cast<int>(std::floor((x - max_d - grid.min_x) / grid.pixel_m)));
    const int c1 = std::min(grid.width - 1,
                            static_cast<int>(std::floor((x + max_d - grid.min_x) / grid.pixel_m)));
    const int r0 = std::max(0, static_cast<int>(std::floor((grid.max_y - y - max_d) / grid.pixel_m)));
    const int r1 = std::min(grid.height - 1,
                            static_cast<int>(std::floor((grid.max_y - y + max_d) / grid.pixel_m)));
    for (int r = r0; r <= r1; ++r) {
        const double py = grid.max_y - (r + 0.5) * grid.pixel_m;
        for (int c = c0; c <= c1; ++c) {
            const double px = grid.min_x + (c + 0.5) * grid.pixel_m;
            const double d = std::hypot(px - x, py - y);
            if (d > max_d) {
                continue;
            }
            const double t = time_s + d / speed_ms;
            auto& cell = out[static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.width) +
                             static_cast<std::size_t>(c)];
            if (t <= options.max_time_s + 1e-6 && t < cell) {
                cell = t;
            }
        }
    }
}

}  // namespace

std::vector<double> surface_times(const SegmentIndex& index, std::span<const double> node_time_s,
                                  const SnappedCentres& centres, const PixelGrid& grid,
                                  const SurfaceOptions& options) {
    REACH_ASSERT(grid.width >= 0 && grid.height >= 0 && grid.pixel_m > 0.0);
    REACH_ASSERT(options.sample_m > 0.0 && options.off_network_kmh > 0.0);
    std::vector<double> out(static_cast<std::size_t>(grid.width) *
                                static_cast<std::size_t>(grid.height),
                            unreachable);
    const double speed_ms = options.off_network_kmh / 3.6;
    std::map<std::uint32_t, std::vector<std::pair<double, double>>> on_segment;
    for (const auto& snap : centres.snaps) {
        if (snap.snapped) {
            on_segment[snap.point->segment].emplace_back(snap.point->fraction,
                                                         snap.access_time_s);
        }
    }
    const auto& roads = index.roads();
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        if (!index.indexed(s)) {
            continue;
        }
        const auto times = index.times(s);
        const auto found = on_segment.find(s);
        const SegmentClock clock{times.forward_s, times.backward_s,
                                 node_time_s[roads.segment_from[s]],
                                 node_time_s[roads.segment_to[s]],
                                 found != on_segment.end() ? &found->second : nullptr};
        const double length = roads.segment_length_m[s];
        double along = 0.0;
        for (auto p = roads.segment_first_point[s]; p + 1 < roads.segment_first_point[s + 1];
             ++p) {
            const double dx = roads.point_x[p + 1] - roads.point_x[p];
            const double dy = roads.point_y[p + 1] - roads.point_y[p];
            const double piece = std::hypot(dx, dy);
            const int steps = std::max(1, static_cast<int>(std::ceil(piece / options.sample_m)));
            for (int k = 0; k <= steps; ++k) {
                const double u = static_cast<double>(k) / steps;
                const double f = length > 0.0 ? std::clamp((along + u * piece) / length, 0.0, 1.0)
                                              : 0.0;
                const double t = clock.at(f);
                if (t <= options.max_time_s) {
                    splat(roads.point_x[p] + u * dx, roads.point_y[p] + u * dy, t, grid, options,
                          speed_ms, out);
                }
            }
            along += piece;
        }
    }
    return out;
}

}  // namespace reach::snap
