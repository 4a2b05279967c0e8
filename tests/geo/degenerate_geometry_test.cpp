// Degenerate geometry (issue 10, robust geometry): collinear rings, spikes, bow-ties, rounding
// that makes rings touch, cells in a row or a checkerboard, one-pixel and one-row rasters
// simplified beyond their width. Nothing throws, and every polygon that comes out is valid.
#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "reach/geo/cell_polygons.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/geo/polygon_rings.hpp"
#include "reach/geo/raster_zones.hpp"
#include "reach/geo/validity.hpp"

namespace {

using reach::geo::RasterGrid;

std::unique_ptr<OGRGeometry> from_wkt(const char* wkt) {
    reach::geo::gdal_init();
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE) << wkt;
    return std::unique_ptr<OGRGeometry>(g);
}

std::vector<unsigned char> wkb_of(const OGRGeometry& g) {
    std::vector<unsigned char> bytes(static_cast<std::size_t>(g.WkbSize()));
    g.exportToWkb(wkbNDR, bytes.data(), wkbVariantIso);
    return bytes;
}

double area_of(const OGRGeometry& g) {
    const auto type = wkbFlatten(g.getGeometryType());
    if (type == wkbPolygon) return g.toPolygon()->get_Area();
    if (type == wkbMultiPolygon) return g.toMultiPolygon()->get_Area();
    return 0.0;
}

double area_of(const std::vector<unsigned char>& wkb) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()), OGRERR_NONE);
    const std::unique_ptr<OGRGeometry> owned(g);
    return owned ? area_of(*owned) : -1.0;
}

// A bow-tie crossing itself at (1, 1): two triangles of area 1 each.
TEST(ValidAreal, BowTieBecomesItsTwoTriangles) {
    auto bow_tie = from_wkt("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))");
    ASSERT_TRUE(reach::geo::invalid_reason(wkb_of(*bow_tie)).has_value());
    const auto valid = reach::geo::valid_areal(std::move(bow_tie));
    ASSERT_NE(valid, nullptr);
    EXPECT_TRUE(valid->IsValid());
    ASSERT_EQ(wkbFlatten(valid->getGeometryType()), wkbMultiPolygon);
    EXPECT_EQ(valid->toMultiPolygon()->getNumGeometries(), 2);
    EXPECT_DOUBLE_EQ(area_of(*valid), 2.0);
}

TEST(ValidAreal, ValidPolygonIsReturnedAsItIs) {
    auto square = from_wkt("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))");
    const auto* before = square.get();
    const auto valid = reach::geo::valid_areal(std::move(square));
    EXPECT_EQ(valid.get(), before);
}

// All vertices on one line: no area. MakeValid gives a line; no polygon is left.
TEST(ValidAreal, CollinearRingCollapsesToAnEmptyMultiPolygon) {
    auto flat = from_wkt("POLYGON ((0 0, 1 0, 2 0, 0 0))");
    ASSERT_TRUE(reach::geo::invalid_reason(wkb_of(*flat)).has_value());
    const auto valid = reach::geo::valid_areal(std::move(flat));
    ASSERT_NE(valid, nullptr);
    EXPECT_TRUE(valid->IsEmpty());
    EXPECT_EQ(wkbFlatten(valid->getGeometryType()), wkbMultiPolygon);
}

// A unit square with a spike up to (0.5, 2) and back: the spike has no area.
TEST(ValidAreal, SpikeIsCutOffAndTheAreaKept) {
    auto spiky = from_wkt("POLYGON ((0 0, 1 0, 1 1, 0.5 1, 0.5 2, 0.5 1, 0 1, 0 0))");
    ASSERT_TRUE(reach::geo::invalid_reason(wkb_of(*spiky)).has_value());
    const auto valid = reach::geo::valid_areal(std::move(spiky));
    ASSERT_NE(valid, nullptr);
    EXPECT_TRUE(valid->IsValid());
    EXPECT_DOUBLE_EQ(area_of(*valid), 1.0);
}

// Repeated vertices are valid (OGC): kept as they are, area unchanged.
TEST(ValidAreal, RepeatedVerticesAreValid) {
    auto repeated = from_wkt("POLYGON ((0 0, 1 0, 1 0, 1 1, 1 1, 0 1, 0 0))");
    EXPECT_FALSE(reach::geo::invalid_reason(wkb_of(*repeated)).has_value());
    EXPECT_DOUBLE_EQ(area_of(*reach::geo::valid_areal(std::move(repeated))), 1.0);
}

// A hole 4e-8° from the shell's east edge: valid as computed, but GeoJSON's 7 decimals put
// the hole's east edge on the shell's (x = 1 from y = 0.4 to 0.6), which is not valid. The
// repair opens the hole into a notch: area 1 − 0.5 × 0.2 = 0.9.
TEST(RoundCoordinates, SevenDecimalsCanMakeARingTouchAndTheRepairFixesIt) {
    auto polygon = from_wkt(
        "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0), "
        "(0.5 0.4, 0.5 0.6, 0.99999996 0.6, 0.99999996 0.4, 0.5 0.4))");
    ASSERT_FALSE(reach::geo::invalid_reason(wkb_of(*polygon)).has_value());
    reach::geo::round_coordinates(*polygon, 7);
    EXPECT_DOUBLE_EQ(polygon->toPolygon()->getInteriorRing(0)->getX(2), 1.0);
    ASSERT_TRUE(reach::geo::invalid_reason(wkb_of(*polygon)).has_value());
    const auto valid = reach::geo::valid_areal(std::move(polygon));
    ASSERT_NE(valid, nullptr);
    EXPECT_TRUE(valid->IsValid());
    EXPECT_NEAR(area_of(*valid), 0.9, 1e-12);
}

TEST(RoundCoordinates, RoundsEveryRingOfAMultiPolygonAndLeavesPointsAlone) {
    auto multi = from_wkt(
        "MULTIPOLYGON (((0.123456789 0, 1 0, 1 1, 0 1, 0.123456789 0)), "
        "((5 5, 6 5, 6 6.987654321, 5 5)))");
    reach::geo::round_coordinates(*multi, 3);
    const auto* parts = multi->toMultiPolygon();
    EXPECT_DOUBLE_EQ(parts->getGeometryRef(0)->getExteriorRing()->getX(0), 0.123);
    EXPECT_DOUBLE_EQ(parts->getGeometryRef(1)->getExteriorRing()->getY(2), 6.988);
    auto point = from_wkt("POINT (0.123456789 1)");
    reach::geo::round_coordinates(*point, 3);
    EXPECT_DOUBLE_EQ(point->toPoint()->getX(), 0.123456789);
}

// 50 cells in a row at EPSG:3035 magnitudes: one rectangle, no vertex left in the middle of
// its long straight edges (5 ring points), area 50 × 100².
TEST(DegenerateCells, RowOfCellsIsOneRectangleWithFourCorners) {
    std::vector<double> x, y;
    std::vector<std::uint32_t> all;
    for (std::uint32_t i = 0; i < 50; ++i) {
        x.push_back(5330050.0 + 100.0 * i);
        y.push_back(3740050.0);
        all.push_back(i);
    }
    const auto dissolved = reach::geo::dissolve_cells(x, y, 100.0, {all});
    ASSERT_EQ(dissolved.size(), 1U);
    EXPECT_DOUBLE_EQ(dissolved[0].area_m2, 500000.0);
    EXPECT_FALSE(reach::geo::invalid_reason(dissolved[0].wkb).has_value());
    const auto rings = reach::geo::polygon_rings(dissolved[0].wkb);
    ASSERT_EQ(rings.size(), 1U);
    ASSERT_EQ(rings[0].size(), 1U);
    EXPECT_EQ(rings[0][0].x.size(), 5U);
}

// An 8 × 8 checkerboard: 32 squares meeting only at corners stay 32 valid parts.
TEST(DegenerateCells, CheckerboardIsThirtyTwoValidSquares) {
    std::vector<double> x, y;
    std::vector<std::uint32_t> black;
    for (int r = 0; r < 8; ++r) {
        for (int c = 0; c < 8; ++c) {
            x.push_back(50.0 + 100.0 * c);
            y.push_back(50.0 + 100.0 * r);
            if ((r + c) % 2 == 0) black.push_back(static_cast<std::uint32_t>(x.size() - 1));
        }
    }
    const auto dissolved = reach::geo::dissolve_cells(x, y, 100.0, {black, black});
    for (const auto& d : dissolved) {
        EXPECT_DOUBLE_EQ(d.area_m2, 320000.0);
        EXPECT_FALSE(reach::geo::invalid_reason(d.wkb).has_value());
        EXPECT_EQ(reach::geo::polygon_rings(d.wkb).size(), 32U);
    }
}

struct Raster {
    const char* name;
    int width, height;
    std::vector<float> minutes;
};

constexpr float nan = std::numeric_limits<float>::quiet_NaN();

std::vector<Raster> degenerate_rasters() {
    std::vector<Raster> rasters;
    rasters.push_back({"one pixel", 1, 1, {3.0F}});
    rasters.push_back({"one row", 30, 1, {}});
    rasters.push_back({"one column", 1, 30, {}});
    rasters.push_back({"checkerboard", 8, 8, {}});
    rasters.push_back({"all equal", 10, 10, std::vector<float>(100, 10.0F)});
    rasters.push_back({"on the thresholds", 10, 10, {}});
    rasters.push_back({"nothing reached", 5, 5, std::vector<float>(25, nan)});
    for (int i = 0; i < 30; ++i) {
        rasters[1].minutes.push_back(static_cast<float>(i));
        rasters[2].minutes.push_back(static_cast<float>(29 - i) * 0.5F);
    }
    for (int i = 0; i < 64; ++i) {
        rasters[3].minutes.push_back((i / 8 + i % 8) % 2 == 0 ? 1.0F : nan);
    }
    for (int i = 0; i < 100; ++i) {
        rasters[5].minutes.push_back(static_cast<float>(5 * ((i / 10 + i % 10) % 4)));
    }
    return rasters;
}

// Every zone of every degenerate raster, plain and simplified (by less than, about and far
// more than a pixel): valid, nested, and the bands tile the cumulative zones.
TEST(DegenerateRasters, ZonesAreValidNestedAndTiledWhateverTheSimplification) {
    const std::vector<double> thresholds = {5.0, 10.0, 15.0};
    for (const auto& raster : degenerate_rasters()) {
        const RasterGrid grid{5330000.0, 3740000.0, 100.0, raster.width, raster.height,
                              "EPSG:3035"};
        for (const double simplify_m : {0.0, 50.0, 100.0, 5000.0}) {
            SCOPED_TRACE(std::string(raster.name) + ", simplify " + std::to_string(simplify_m));
            std::vector<reach::geo::Zone> zones;
            ASSERT_NO_THROW(zones = reach::geo::zones_from_raster(grid, raster.minutes, thresholds,
                                                                  simplify_m));
            ASSERT_EQ(zones.size(), thresholds.size());
            double previous_km2 = 0.0;
            double bands_km2 = 0.0;
            for (const auto& zone : zones) {
                EXPECT_FALSE(reach::geo::invalid_reason(zone.cumulative_wkb).has_value());
                EXPECT_FALSE(reach::geo::invalid_reason(zone.band_wkb).has_value());
                EXPECT_GE(zone.band_area_km2, 0.0);
                EXPECT_GE(zone.cumulative_area_km2, previous_km2 - 1e-9);
                bands_km2 += zone.band_area_km2;
                EXPECT_NEAR(bands_km2, zone.cumulative_area_km2, 1e-9);
                EXPECT_NEAR(area_of(zone.cumulative_wkb) / 1e6, zone.cumulative_area_km2, 1e-9);
                previous_km2 = zone.cumulative_area_km2;
            }
            if (simplify_m == 0.0) {  // pixel edges: the areas are pixel counts
                std::size_t within = 0;
                for (const float t : raster.minutes) within += !std::isnan(t) && t <= 15.0F;
                EXPECT_NEAR(zones.back().cumulative_area_km2, 0.01 * static_cast<double>(within),
                            1e-9);
            }
        }
    }
}

// A 1 m square drawn with 1 km tolerance: nothing finer than the tolerance survives, and
// nothing throws; whatever rings come back are closed.
TEST(DegeneratePolygonRings, PolygonSmallerThanTheToleranceDoesNotThrow) {
    const auto square = from_wkt("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))");
    std::vector<reach::geo::PolygonRings> polygons;
    ASSERT_NO_THROW(polygons = reach::geo::polygon_rings(wkb_of(*square), 1000.0));
    for (const auto& polygon : polygons) {
        for (const auto& ring : polygon) {
            ASSERT_GE(ring.x.size(), 4U);
            EXPECT_EQ(ring.x.front(), ring.x.back());
            EXPECT_EQ(ring.y.front(), ring.y.back());
        }
    }
}

}  // namespace
