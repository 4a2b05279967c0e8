#include "reach/snap/surface.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "reach/core/units.hpp"
#include "reach/routing/search.hpp"
#include "snap_network.hpp"

namespace {

using reach_snap_test::build_network;
using reach_snap_test::two_way;

const auto options = reach::snap::snap_options(reach_snap_test::test_profile());

//   A (0,0) ──── 100 s ──── B (1000,0) ── 10 s ── C (1100,0)    centre at C, 1 m/s on foot
// Grid: 100 m pixels, x 0 … 1200, y −300 … 300 (12 × 6); pixel (c, r) has its centre at
// (50 + 100c, 250 − 100r).
struct Fixture {
    reach_snap_test::Network net = build_network({{0, 0}, {1000, 0}, {1100, 0}},
                                                 {{{1, 2}, two_way}, {{2, 3}, two_way}});
    reach::snap::SegmentIndex index{net.roads, net.graph};
    reach::snap::SnappedCentres centres;
    std::vector<double> node_time_s;
    reach::snap::PixelGrid grid{0.0, 300.0, 100.0, 12, 6};

    Fixture() {
        const reach::snap::CentreLocation centre{"c", 1100, 0};
        centres = reach::snap::snap_centres(index, {&centre, 1}, options,
                                            reach::snap::OnUnsnappedCentre::error, "centres");
        std::vector<reach::routing::Source> sources;
        for (const auto& seed : centres.seeds) {
            sources.push_back({seed.node, seed.time_s, seed.rank});
        }
        node_time_s = reach::routing::nearest_centre(net.graph.reverse, sources).time_s;
    }
    [[nodiscard]] double at(const std::vector<double>& surface, int c, int r) const {
        return surface[static_cast<std::size_t>(r * grid.width + c)];
    }
};

// Pixel (6, 2), centre (650, 50): the road point below it (650, 0) has (1 − 0.65)·100 + 10 =
// 45 s, plus 50 m at 1 m/s: 95 s (the continuous minimum, 5 m further along, is 94.75 s;
// samples every 25 m land on x = 650). Pixel (11, 2), centre (1150, 50): from C (0 s),
// √(50² + 50²) = 70.71 s — C is nearer in time than any point of B–C below the pixel's x.
TEST(Surface, PixelTimeIsTheBestNearbyRoadPointPlusTheWalk) {
    const Fixture f;
    reach::snap::SurfaceOptions o;
    o.off_network_kmh = 3.6;
    o.max_time_s = 1e9;
    const auto surface =
        reach::snap::surface_times(f.index, f.node_time_s, f.centres, f.grid, o);
    EXPECT_NEAR(f.at(surface, 6, 2), 95.0, 1e-9);
    EXPECT_NEAR(f.at(surface, 11, 2), std::sqrt(5000.0), 1e-9);
    // Pixel (0, 0), centre (50, 250), is seeded by propagation, not by a road sample: road
    // times fall 0.1 s per metre towards B, so the best point is ahead of (50, 0) (sample
    // x = 75: 102.5 + √(25² + 250²) = 353.747 s); the pixel below, (0, 1), passes on its own
    // best seed x = 50: 105 + 250 = 355 s. Propagation gives a real cone, within a few seconds.
    EXPECT_GE(f.at(surface, 0, 0), 102.5 + std::hypot(25.0, 250.0) - 1e-9);
    EXPECT_LE(f.at(surface, 0, 0), 355.0 + 1e-9);
}

// Seeding runs on bands of 128 pixel rows side by side: a 600 × 300 grid of 2 m pixels has
// three, and 1, 2 or 4 threads give the same field bit for bit. Pixel (325, 149), centre
// (651, 1), is seeded by the sample at x = 650: 45 s + √2 m at 1 m/s; pixel (325, 280), centre
// (651, −261), in the third band, is at least the best sample's cone (x = 675: 42.5 s +
// √(24² + 261²)).
TEST(Surface, SeedingBandsGiveTheSameFieldOnAnyThreadCount) {
    const Fixture f;
    const reach::snap::PixelGrid fine{0.0, 300.0, 2.0, 600, 300};
    reach::snap::SurfaceOptions o;
    o.off_network_kmh = 3.6;
    o.max_time_s = 1e9;
    const auto on = [&](int threads) {
        const tbb::global_control cap(tbb::global_control::max_allowed_parallelism, threads);
        return reach::snap::surface_times(f.index, f.node_time_s, f.centres, fine, o);
    };
    const auto one = on(1);
    ASSERT_EQ(one.size(), std::size_t{600 * 300});
    EXPECT_NEAR(one[149 * 600 + 325], 45.0 + std::sqrt(2.0), 1e-9);
    EXPECT_GE(one[280 * 600 + 325], 42.5 + std::hypot(24.0, 261.0) - 1e-9);
    EXPECT_LT(one[280 * 600 + 325], reach::unreachable);
    EXPECT_EQ(on(2), one);
    EXPECT_EQ(on(4), one);
}

// With a 100 m reach only the pixel rows next to the road (centres 50 m off) get a time; an
// 80 s cap keeps (11, 2) at 70.71 s and drops (6, 2) at 95 s.
TEST(Surface, MaxDistanceAndMaxTimeLeavePixelsUnreached) {
    const Fixture f;
    reach::snap::SurfaceOptions o;
    o.off_network_kmh = 3.6;
    o.max_distance_m = 100.0;
    o.max_time_s = 1e9;
    const auto near = reach::snap::surface_times(f.index, f.node_time_s, f.centres, f.grid, o);
    EXPECT_EQ(f.at(near, 6, 0), reach::unreachable);  // 250 m off the road
    EXPECT_NEAR(f.at(near, 6, 2), 95.0, 1e-9);
    o.max_time_s = 80.0;
    const auto capped = reach::snap::surface_times(f.index, f.node_time_s, f.centres, f.grid, o);
    EXPECT_EQ(f.at(capped, 6, 2), reach::unreachable);  // 95 s > 80 s
    EXPECT_NEAR(f.at(capped, 11, 2), std::sqrt(5000.0), 1e-9);
}

// Against brute force on a 6 × 6 street grid (200 m blocks, two centres): every pixel's
// value is a real cone (≥ the exact minimum over the same road samples) and within a
// quarter of a pixel's walk of it (25 m at 1 m/s); reached exactly where brute force reaches.
TEST(Surface, PropagationStaysCloseToBruteForceOverAllSamples) {
    std::vector<std::pair<double, double>> points;
    std::vector<reach_snap_test::Way> ways;
    for (int i = 0; i < 6; ++i) {
        for (int j = 0; j < 6; ++j) {
            points.emplace_back(200.0 * i, 200.0 * j);
        }
    }
    const auto id = [](int i, int j) { return static_cast<std::int64_t>(i * 6 + j + 1); };
    for (int i = 0; i < 6; ++i) {
        for (int j = 0; j < 6; ++j) {
            if (i + 1 < 6) ways.push_back({{id(i, j), id(i + 1, j)}, two_way});
            if (j + 1 < 6) ways.push_back({{id(i, j), id(i, j + 1)}, two_way});
        }
    }
    const auto net = build_network(points, ways);
    const reach::snap::SegmentIndex index(net.roads, net.graph);
    const std::vector<reach::snap::CentreLocation> where = {{"a", 130, 0}, {"b", 1000, 770}};
    const auto centres = reach::snap::snap_centres(index, where, options,
                                                   reach::snap::OnUnsnappedCentre::error, "c");
    std::vector<reach::routing::Source> sources;
    for (const auto& seed : centres.seeds) {
        sources.push_back({seed.node, seed.time_s, seed.rank});
    }
    const auto node_time_s = reach::routing::nearest_centre(net.graph.reverse, sources).time_s;
    const reach::snap::PixelGrid grid{-300.0, 1300.0, 50.0, 32, 32};
    reach::snap::SurfaceOptions o;
    o.off_network_kmh = 3.6;
    o.max_distance_m = 250.0;
    o.max_time_s = 1e9;
    o.sample_m = 12.5;
    const auto surface = reach::snap::surface_times(index, node_time_s, centres, grid, o);
    // Brute force: every sample of every segment (same 12.5 m steps: the streets are straight
    // 200 m pieces, so 16 steps each) against every pixel, times written out independently.
    struct Sample {
        double x, y, t;
    };
    std::vector<Sample> samples;
    for (std::uint32_t seg = 0; seg < net.roads.segment_count(); ++seg) {
        const auto times = index.times(seg);
        const auto from = net.roads.segment_from[seg];
        const auto to = net.roads.segment_to[seg];
        for (int k = 0; k <= 16; ++k) {
            const double f = k / 16.0;
            double t = std::min((1.0 - f) * times.forward_s + node_time_s[to],
                                f * times.backward_s + node_time_s[from]);
            for (const auto& snap : centres.snaps) {  // a centre on this segment, directly
                if (snap.point->segment == seg) {
                    t = std::min(t, std::abs(snap.point->fraction - f) * times.forward_s +
                                        snap.access_time_s);
                }
            }
            samples.push_back({net.roads.node_x[from] + f * (net.roads.node_x[to] -
                                                             net.roads.node_x[from]),
                               net.roads.node_y[from] + f * (net.roads.node_y[to] -
                                                             net.roads.node_y[from]),
                               t});
        }
    }
    int reached = 0;
    for (int r = 0; r < grid.height; ++r) {
        for (int c = 0; c < grid.width; ++c) {
            const double px = grid.min_x + (c + 0.5) * 50.0;
            const double py = grid.max_y - (r + 0.5) * 50.0;
            double exact = reach::unreachable;
            for (const auto& sample : samples) {
                const double d = std::hypot(px - sample.x, py - sample.y);
                if (d <= o.max_distance_m) {
                    exact = std::min(exact, sample.t + d);  // 1 m/s
                }
            }
            const double got = surface[static_cast<std::size_t>(r * grid.width + c)];
            if (exact == reach::unreachable) {
                EXPECT_EQ(got, reach::unreachable) << c << "," << r;
                continue;
            }
            ++reached;
            EXPECT_GE(got, exact - 1e-9) << c << "," << r;
            EXPECT_LE(got, exact + 25.0) << c << "," << r;
        }
    }
    EXPECT_GT(reached, 500);
}

}  // namespace
