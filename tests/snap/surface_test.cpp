#include "reach/snap/surface.hpp"

#include <gtest/gtest.h>

#include <cmath>
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
    // Pixel (0, 0), centre (50, 250): road times fall 0.1 s per metre towards B, so the best
    // point is ahead of (50, 0): continuously δ = 25.13 m (353.75 s); the sample at x = 75 gives
    // (1 − 0.075)·100 + 10 + √(25² + 250²) = 102.5 + 251.247 = 353.747 s.
    EXPECT_NEAR(f.at(surface, 0, 0), 102.5 + std::hypot(25.0, 250.0), 1e-9);
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

}  // namespace
