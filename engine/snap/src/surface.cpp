#include "reach/snap/surface.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include <tbb/parallel_for.h>

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

// The road samples that seed the raster: position and time at the road.
struct SeedTable {
    std::vector<double> x, y, time_s;
};

constexpr std::uint32_t no_seed = 0xFFFFFFFFU;

// Per pixel the best seed found so far (an index into the seed table) and its value: seed
// time + distance to the seed / speed (an additively weighted distance). 12 bytes a pixel:
// the car surface of the region has 5 million pixels, swept 20 times.
class Field {
public:
    Field(const PixelGrid& grid, const SurfaceOptions& options)
        : m_grid(grid), m_speed_ms(options.off_network_kmh / 3.6),
          m_max_d(options.max_distance_m) {
        const auto n = static_cast<std::size_t>(grid.width) * static_cast<std::size_t>(grid.height);
        m_seed.assign(n, no_seed);
        m_value_s.assign(n, unreachable);
    }

    // Offers seed s to pixel (c, r): kept when within reach and better. Most offers lose (four
    // in five on the regional car surface): they are turned away before std::hypot, by tests
    // that can only reject what the exact test rejects (the larger leg beyond max_distance_m,
    // could_win), so the decisions are those of the exact test alone.
    void offer(int c, int r, std::uint32_t s) {
        const double px = m_grid.min_x + (c + 0.5) * m_grid.pixel_m;
        const double py = m_grid.max_y - (r + 0.5) * m_grid.pixel_m;
        const double dx = px - m_seeds.x[s];
        const double dy = py - m_seeds.y[s];
        const double t = m_seeds.time_s[s];
        const auto k = index(c, r);
        if (std::max(std::abs(dx), std::abs(dy)) > m_max_d || !could_win(dx, dy, t, m_value_s[k])) {
            return;
        }
        const double d = std::hypot(dx, dy);
        if (d > m_max_d) {
            return;
        }
        const double value = t + d / m_speed_ms;
        if (value < m_value_s[k]) {
            m_value_s[k] = value;
            m_seed[k] = s;
        }
    }

    // False when seed time t at offset (dx, dy) cannot beat `current`, tested without a square
    // root: the squared distance against the squared reach (current − t) × speed, with a
    // margin of 1e-12 (thousands of times the rounding of either side), so every seed it turns
    // away the exact test would turn away too.
    [[nodiscard]] bool could_win(double dx, double dy, double t, double current) const {
        const double spare_s = current - t;
        if (!(spare_s > 0.0)) {
            return false;  // t + any non-negative leg ≥ current
        }
        const double reach_m = spare_s * m_speed_ms;
        return dx * dx + dy * dy <= reach_m * reach_m * (1.0 + 1e-12);
    }

    // Records a road sample; seed_pixels() offers it to the 3 × 3 pixels around its own
    // (exact there).
    void add_seed(double x, double y, double t) {
        REACH_ASSERT(m_seeds.x.size() != no_seed);
        m_seeds.x.push_back(x);
        m_seeds.y.push_back(y);
        m_seeds.time_s.push_back(t);
        m_seed_col.push_back(static_cast<int>(std::floor((x - m_grid.min_x) / m_grid.pixel_m)));
        m_seed_row.push_back(static_cast<int>(std::floor((m_grid.max_y - y) / m_grid.pixel_m)));
    }

    // Offers every recorded sample to its 3 × 3 pixels, on bands of rows side by side. Each band
    // takes the samples in table order, so every pixel sees its offers in the order one thread
    // would make them (ties go to the first): the field does not depend on the thread count.
    void seed_pixels() {
        constexpr int band_rows = 128;
        const int h = m_grid.height;
        const int bands = (h + band_rows - 1) / band_rows;
        // The samples of each band (rows r − 1 … r + 1 of a sample's row r reach at most two
        // bands), in table order: one pass over the table instead of one per band.
        std::vector<std::vector<std::uint32_t>> by_band(static_cast<std::size_t>(bands));
        const auto count = static_cast<std::uint32_t>(m_seeds.x.size());
        for (std::uint32_t s = 0; s < count; ++s) {
            const int first = std::max(m_seed_row[s] - 1, 0);
            const int last = std::min(m_seed_row[s] + 1, h - 1);
            for (int band = first / band_rows; first <= last && band <= last / band_rows; ++band) {
                by_band[static_cast<std::size_t>(band)].push_back(s);
            }
        }
        tbb::parallel_for(0, bands, [&](int band) {
            const int r0 = band * band_rows;
            const int r1 = std::min(h, r0 + band_rows);
            for (const auto s : by_band[static_cast<std::size_t>(band)]) {
                const int r = m_seed_row[s];
                const int c = m_seed_col[s];
                for (int pr = std::max(r - 1, r0); pr <= std::min(r + 1, r1 - 1); ++pr) {
                    for (int dc = -1; dc <= 1; ++dc) {
                        if (inside(c + dc, pr)) {
                            offer(c + dc, pr, s);
                        }
                    }
                }
            }
        });
    }

    // Dead-reckoning propagation: each pixel tries the seeds of its already-visited
    // neighbours, forward (top-left → bottom-right) then backward, twice. The neighbours of
    // each pass in a fixed order (left, upper-left, up, upper-right forward), so the result
    // does not depend on anything but the seeds.
    void propagate() {
        const int w = m_grid.width;
        const int h = m_grid.height;
        for (int round = 0; round < 2; ++round) {
            for (int r = 0; r < h; ++r) {
                for (int c = 0; c < w; ++c) {
                    pull(c, r, c > 0, {-1, 0});
                    pull(c, r, c > 0 && r > 0, {-1, -1});
                    pull(c, r, r > 0, {0, -1});
                    pull(c, r, c + 1 < w && r > 0, {1, -1});
                }
                for (int c = w - 2; c >= 0; --c) {
                    pull(c, r, true, {1, 0});
                }
            }
            for (int r = h - 1; r >= 0; --r) {
                for (int c = w - 1; c >= 0; --c) {
                    pull(c, r, c + 1 < w, {1, 0});
                    pull(c, r, c + 1 < w && r + 1 < h, {1, 1});
                    pull(c, r, r + 1 < h, {0, 1});
                    pull(c, r, c > 0 && r + 1 < h, {-1, 1});
                }
                for (int c = 1; c < w; ++c) {
                    pull(c, r, true, {-1, 0});
                }
            }
        }
    }

    std::vector<double> values(double max_time_s) {
        for (auto& v : m_value_s) {
            if (v > max_time_s + 1e-6) {
                v = unreachable;
            }
        }
        return std::move(m_value_s);
    }

private:
    [[nodiscard]] bool inside(int c, int r) const {
        return c >= 0 && r >= 0 && c < m_grid.width && r < m_grid.height;
    }
    [[nodiscard]] std::size_t index(int c, int r) const {
        return static_cast<std::size_t>(r) * static_cast<std::size_t>(m_grid.width) +
               static_cast<std::size_t>(c);
    }
    // Pixel (c, r) tries the seed of its neighbour (c + dc, r + dr) when that one is inside.
    void pull(int c, int r, bool inside, std::pair<int, int> step) {
        if (!inside) {
            return;
        }
        const auto s = m_seed[index(c + step.first, r + step.second)];
        // Most neighbours share the pixel's own seed: nothing to try then.
        if (s != no_seed && s != m_seed[index(c, r)]) {
            offer(c, r, s);
        }
    }

    const PixelGrid& m_grid;
    double m_speed_ms;
    double m_max_d;
    SeedTable m_seeds;
    std::vector<int> m_seed_col, m_seed_row;  // per seed, its pixel (maybe outside the grid)
    std::vector<std::uint32_t> m_seed;  // per pixel
    std::vector<double> m_value_s;      // per pixel
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
                    field.add_seed(roads.point_x[p] + u * dx, roads.point_y[p] + u * dy, t);
                }
            }
            along += piece;
        }
    }
    field.seed_pixels();
    field.propagate();
    return field.values(options.max_time_s);
}

}  // namespace reach::snap
