#include "reach/snap/surface.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <utility>

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

// Per pixel the best seed found so far: its time at the road and where it is. A pixel's
// value is seed time + distance to the seed / speed (an additively weighted distance).
struct Seeds {
    std::vector<double> time_s;  // at the seed (road) point; unreachable = none
    std::vector<double> x, y;    // seed position
    std::vector<double> value_s;  // time at the pixel centre
};

class Field {
public:
    Field(const PixelGrid& grid, const SurfaceOptions& options)
        : m_grid(grid), m_speed_ms(options.off_network_kmh / 3.6),
          m_max_d(options.max_distance_m) {
        const auto n = static_cast<std::size_t>(grid.width) * static_cast<std::size_t>(grid.height);
        m_seeds.time_s.assign(n, unreachable);
        m_seeds.x.assign(n, 0.0);
        m_seeds.y.assign(n, 0.0);
        m_seeds.value_s.assign(n, unreachable);
    }

    // Offers seed (x, y, t) to pixel (c, r): kept when within reach and better.
    void offer(int c, int r, double x, double y, double t) {
        const double px = m_grid.min_x + (c + 0.5) * m_grid.pixel_m;
        const double py = m_grid.max_y - (r + 0.5) * m_grid.pixel_m;
        const double d = std::hypot(px - x, py - y);
        if (d > m_max_d) {
            return;
        }
        const double value = t + d / m_speed_ms;
        const auto k = index(c, r);
        if (value < m_seeds.value_s[k]) {
            m_seeds.value_s[k] = value;
            m_seeds.time_s[k] = t;
            m_seeds.x[k] = x;
            m_seeds.y[k] = y;
        }
    }

    // A road sample seeds the 3 × 3 pixels around its own (exact there).
    void seed(double x, double y, double t) {
        const int c = static_cast<int>(std::floor((x - m_grid.min_x) / m_grid.pixel_m));
        const int r = static_cast<int>(std::floor((m_grid.max_y - y) / m_grid.pixel_m));
        for (int dr = -1; dr <= 1; ++dr) {
            for (int dc = -1; dc <= 1; ++dc) {
                if (inside(c + dc, r + dr)) {
                    offer(c + dc, r + dr, x, y, t);
                }
            }
        }
    }

    // Dead-reckoning propagation: each pixel tries the seeds of its already-visited
    // neighbours, forward (top-left → bottom-right) then backward, twice.
    void propagate() {
        for (int round = 0; round < 2; ++round) {
            for (int r = 0; r < m_grid.height; ++r) {
                for (int c = 0; c < m_grid.width; ++c) {
                    pull(c, r, {{-1, 0}, {-1, -1}, {0, -1}, {1, -1}});
                }
                for (int c = m_grid.width - 1; c >= 0; --c) {
                    pull(c, r, {{1, 0}});
                }
            }
            for (int r = m_grid.height - 1; r >= 0; --r) {
                for (int c = m_grid.width - 1; c >= 0; --c) {
                    pull(c, r, {{1, 0}, {1, 1}, {0, 1}, {-1, 1}});
                }
                for (int c = 0; c < m_grid.width; ++c) {
                    pull(c, r, {{-1, 0}});
                }
            }
        }
    }

    std::vector<double> values(double max_time_s) {
        for (auto& v : m_seeds.value_s) {
            if (v > max_time_s + 1e-6) {
                v = unreachable;
            }
        }
        return std::move(m_seeds.value_s);
    }

private:
    [[nodiscard]] bool inside(int c, int r) const {
        return c >= 0 && r >= 0 && c < m_grid.width && r < m_grid.height;
    }
    [[nodiscard]] std::size_t index(int c, int r) const {
        return static_cast<std::size_t>(r) * static_cast<std::size_t>(m_grid.width) +
               static_cast<std::size_t>(c);
    }
    void pull(int c, int r, std::initializer_list<std::pair<int, int>> neighbours) {
        const auto own = index(c, r);
        for (const auto& [dc, dr] : neighbours) {
            if (!inside(c + dc, r + dr)) {
                continue;
            }
            const auto k = index(c + dc, r + dr);
            // Most neighbours share the pixel's own seed: nothing to try then.
            if (m_seeds.time_s[k] != unreachable &&
                (m_seeds.x[k] != m_seeds.x[own] || m_seeds.y[k] != m_seeds.y[own] ||
                 m_seeds.time_s[k] != m_seeds.time_s[own])) {
                offer(c, r, m_seeds.x[k], m_seeds.y[k], m_seeds.time_s[k]);
            }
        }
    }

    const PixelGrid& m_grid;
    double m_speed_ms;
    double m_max_d;
    Seeds m_seeds;
};

}  // namespace

std::vector<double> surface_times(const SegmentIndex& index, std::span<const double> node_time_s,
                                  const SnappedCentres& centres, const PixelGrid& grid,
                                  const SurfaceOptions& options) {
    REACH_ASSERT(grid.width >= 0 && grid.height >= 0 && grid.pixel_m > 0.0);
    REACH_ASSERT(options.sample_m > 0.0 && options.off_network_kmh > 0.0);
    Field field(grid, options);
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
                    field.seed(roads.point_x[p] + u * dx, roads.point_y[p] + u * dy, t);
                }
            }
            along += piece;
        }
    }
    field.propagate();
    return field.values(options.max_time_s);
}

}  // namespace reach::snap
