// The isochrones of a dense street grid against their closed form (issue 6, "Tests that must
// exist"): routing → snap::surface_times → geo::zones_from_raster, end to end.
//
//   101 × 101 nodes, 50 m apart (x, y = 0 … 5 000 m), every street two-way residential,
//   walked at v = 4 km/h on the streets and off them; one centre at the middle node
//   (2 500, 2 500). Pixels of 25 m from (0, 5 000): their centres sit 12.5 m off the streets.
//
//   ┼───┼───┼───┼    On the grid the network time to a street point p is its Manhattan
//   │ · │ · │ · │    distance |p − o|₁ / v, so the zone within t minutes is the diamond of
//   ┼───┼───o───┼    Manhattan radius r = v·t, area 2r². v = 4 000 m / 60 min = 66.667 m/min:
//   │ · │ · │ · │      t = 10 min: r =   666.67 m, 2r² = 0.888889 km²
//   ┼───┼───┼───┼      t = 20 min: r = 1 333.33 m, 2r² = 3.555556 km²
//                      t = 30 min: r = 2 000.00 m, 2r² = 8.000000 km²
//
// The off-network leg is Euclidean at the same speed, so a long one would cut across blocks
// and beat the grid (in the limit every pixel's time is |q − o|₂ / v: the disc πr², 57 % more
// than the diamond). With max_distance_m = 25 only the near sides of the pixel's own block are
// in reach and the diamond holds up to the 25 m pixel staircase and the ≤ 7.3 m a pixel gains
// by walking to its block's corner diagonally (an independent brute force over the same 6.25 m
// street samples gives 0.9125, 3.5125 and 8.1 km²: +2.7 %, −1.2 %, +1.3 %).
#include "reach/snap/surface.hpp"

#include <gtest/gtest.h>

#include <ogr_geometry.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <numbers>
#include <string_view>
#include <utility>
#include <vector>

#include "reach/core/units.hpp"
#include "reach/geo/raster_zones.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/network/road_table.hpp"
#include "reach/routing/search.hpp"
#include "reach/snap/centres.hpp"
#include "reach/snap/segment_index.hpp"
#include "reach/snap/snap.hpp"

namespace {

constexpr int nodes_per_side = 101;
constexpr double spacing_m = 50.0;
constexpr double centre_m = 2500.0;
constexpr double walk_kmh = 4.0;
constexpr double pixel_m = 25.0;
constexpr int pixels_per_side = 200;  // 5 000 m / 25 m

reach::network::Profile walk_profile() {
    reach::network::Profile profile;
    profile.name = "walk";
    profile.speeds_kmh = {{"residential", walk_kmh}};
    profile.off_network_kmh = walk_kmh;
    return profile;
}

// The grid, its routing to the centre and the surface; the zones of 10, 20, 30 min.
struct Isochrones {
    reach::network::RoadTable table;
    reach::network::RoadGraph roads;
    reach::network::ProfileGraph graph;
    std::vector<reach::geo::Zone> zones;

    explicit Isochrones(double max_distance_m) {
        table.working_crs = "EPSG:3035";
        table.from_osm = true;
        const auto id = [](int i, int j) {
            return static_cast<std::uint32_t>(i * nodes_per_side + j);  // x index i, y index j
        };
        for (int i = 0; i < nodes_per_side; ++i) {
            for (int j = 0; j < nodes_per_side; ++j) {
                table.add_vertex(spacing_m * i, spacing_m * j, 0.0, 0.0, id(i, j) + 1);
            }
        }
        const std::vector<std::pair<std::string_view, std::string_view>> tags = {
            {"highway", "residential"}};
        std::int64_t way = 0;
        for (int k = 0; k < nodes_per_side; ++k) {  // one way per row and per column
            std::vector<std::uint32_t> row, column;
            for (int m = 0; m < nodes_per_side; ++m) {
                row.push_back(id(m, k));
                column.push_back(id(k, m));
            }
            table.add_way(++way, row, tags);
            table.add_way(++way, column, tags);
        }
        roads = reach::network::build_road_graph(table);
        const auto profile = walk_profile();
        graph = reach::network::build_profile_graph(roads, table, profile);

        const reach::snap::SegmentIndex index(roads, graph);
        const reach::snap::CentreLocation centre{"o", centre_m, centre_m};
        const auto centres =
            reach::snap::snap_centres(index, {&centre, 1}, reach::snap::snap_options(profile),
                                      reach::snap::OnUnsnappedCentre::error, "centres");
        std::vector<reach::routing::Source> sources;
        for (const auto& seed : centres.seeds) {
            sources.push_back({seed.node, seed.time_s, seed.rank});
        }
        const auto node_time_s = reach::routing::nearest_centre(graph.reverse, sources).time_s;

        const reach::snap::PixelGrid grid{0.0, 5000.0, pixel_m, pixels_per_side, pixels_per_side};
        reach::snap::SurfaceOptions options;
        options.off_network_kmh = walk_kmh;
        options.max_distance_m = max_distance_m;
        options.max_time_s = 30.0 * 60.0;
        options.sample_m = pixel_m / 4.0;  // as the run does
        const auto time_s = reach::snap::surface_times(index, node_time_s, centres, grid, options);
        std::vector<float> minutes;
        minutes.reserve(time_s.size());
        for (const double t : time_s) {
            minutes.push_back(t == reach::unreachable ? std::numeric_limits<float>::quiet_NaN()
                                                      : static_cast<float>(t / 60.0));
        }
        const reach::geo::RasterGrid raster{
            0.0, 5000.0, pixel_m, pixels_per_side, pixels_per_side, "EPSG:3035"};
        const std::vector<double> thresholds = {10.0, 20.0, 30.0};
        zones = reach::geo::zones_from_raster(raster, minutes, thresholds);
    }
};

std::unique_ptr<OGRGeometry> from_wkb(const std::vector<unsigned char>& bytes) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkb(bytes.data(), nullptr, &g, bytes.size()),
              OGRERR_NONE);
    return std::unique_ptr<OGRGeometry>(g);
}

// Area in m² of a (possibly empty, possibly lower-dimensional) overlay result.
double area_m2(const OGRGeometry* g) {
    if (g == nullptr || g->IsEmpty() || g->getDimension() < 2) {
        return 0.0;
    }
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) {
        return g->toPolygon()->get_Area();
    }
    if (type == wkbMultiPolygon) {
        return g->toMultiPolygon()->get_Area();
    }
    double total = 0.0;  // a collection of polygons and lines
    for (const auto* part : *g->toGeometryCollection()) {
        total += area_m2(part);
    }
    return total;
}

double manhattan_radius_m(double minutes) { return walk_kmh * 1000.0 / 60.0 * minutes; }

TEST(IsochroneAnalytic, GridZonesAreManhattanDiamonds) {
    const Isochrones iso(/*max_distance_m=*/25.0);
    ASSERT_EQ(iso.zones.size(), 3U);
    const double expected_km2[] = {0.888889, 3.555556, 8.0};  // 2r², see the top
    for (std::size_t k = 0; k < 3; ++k) {
        const double r = manhattan_radius_m(iso.zones[k].threshold_min);
        EXPECT_NEAR(2.0 * r * r / 1e6, expected_km2[k], 1e-6) << k;
        EXPECT_NEAR(iso.zones[k].cumulative_area_km2, expected_km2[k], 0.05 * expected_km2[k])
            << iso.zones[k].threshold_min << " min";
    }
}

TEST(IsochroneAnalytic, ZonesNestAndBandsDoNotOverlap) {
    const Isochrones iso(/*max_distance_m=*/25.0);
    ASSERT_EQ(iso.zones.size(), 3U);
    std::vector<std::unique_ptr<OGRGeometry>> cumulative, bands;
    for (const auto& zone : iso.zones) {
        cumulative.push_back(from_wkb(zone.cumulative_wkb));
        bands.push_back(from_wkb(zone.band_wkb));
        ASSERT_NE(cumulative.back(), nullptr);
        ASSERT_NE(bands.back(), nullptr);
        EXPECT_FALSE(cumulative.back()->IsEmpty());
        EXPECT_TRUE(cumulative.back()->IsValid()) << zone.threshold_min;
        EXPECT_TRUE(bands.back()->IsValid()) << zone.threshold_min;
        // The area the zone reports is its geometry's.
        EXPECT_NEAR(area_m2(cumulative.back().get()) / 1e6, zone.cumulative_area_km2, 1e-6);
        EXPECT_NEAR(area_m2(bands.back().get()) / 1e6, zone.band_area_km2, 1e-6);
    }
    for (std::size_t k = 1; k < 3; ++k) {
        EXPECT_TRUE(cumulative[k]->Contains(cumulative[k - 1].get())) << k;
        const std::unique_ptr<OGRGeometry> outside(
            cumulative[k - 1]->Difference(cumulative[k].get()));
        EXPECT_LT(area_m2(outside.get()), 0.1) << k;
        // Band k is zone k minus zone k − 1: same area, and it tiles with the inner zone.
        EXPECT_NEAR(iso.zones[k].band_area_km2,
                    iso.zones[k].cumulative_area_km2 - iso.zones[k - 1].cumulative_area_km2, 1e-9)
            << k;
    }
    for (std::size_t a = 0; a < 3; ++a) {
        for (std::size_t b = a + 1; b < 3; ++b) {
            const std::unique_ptr<OGRGeometry> overlap(bands[a]->Intersection(bands[b].get()));
            EXPECT_LT(area_m2(overlap.get()), 0.1) << a << "," << b;
        }
    }
}

// The counter-check of the comment at the top: with a walk that may cross many blocks (2.5 km
// reach) every pixel's time is its straight-line distance to the centre (the centre node is a
// street point at 0 s), so the zones are discs πr² — 1.396, 5.585, 12.566 km² — not diamonds.
TEST(IsochroneAnalytic, UnboundedWalkTurnsDiamondsIntoDiscs) {
    const Isochrones iso(/*max_distance_m=*/2500.0);
    ASSERT_EQ(iso.zones.size(), 3U);
    for (std::size_t k = 0; k < 3; ++k) {
        const double r = manhattan_radius_m(iso.zones[k].threshold_min);
        const double disc_km2 = std::numbers::pi * r * r / 1e6;
        EXPECT_NEAR(iso.zones[k].cumulative_area_km2, disc_km2, 0.05 * disc_km2) << k;
    }
}

}  // namespace
