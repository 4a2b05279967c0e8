#include "reach/geo/raster_zones.hpp"

#include <gtest/gtest.h>

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>

#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <string_view>
#include <vector>

#include "reach/geo/gdal_init.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::geo::RasterGrid;

std::unique_ptr<OGRGeometry> from_wkb(const std::vector<unsigned char>& bytes) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkb(bytes.data(), nullptr, &g, bytes.size()),
              OGRERR_NONE);
    return std::unique_ptr<OGRGeometry>(g);
}

// A cone: 100 × 100 pixels of 100 m, the time is the distance to the centre (5 000, 5 000)
// at 100 m per minute. Zones within 10, 20, 30 min are discs of 1, 2, 3 km radius:
// π, 4π, 9π km² (pixel staircase: a few per cent).
struct Cone {
    RasterGrid grid{0.0, 10000.0, 100.0, 100, 100, "EPSG:3035"};
    std::vector<float> minutes;
    explicit Cone(double lake_m = 0.0, double pixel_m = 100.0) {
        grid.pixel_m = pixel_m;
        grid.width = grid.height = static_cast<int>(10000.0 / pixel_m);
        for (int r = 0; r < grid.height; ++r) {
            for (int c = 0; c < grid.width; ++c) {
                const double d = std::hypot(pixel_m * (c + 0.5) - 5000.0,
                                            10000.0 - pixel_m * (r + 0.5) - 5000.0);
                minutes.push_back(d < lake_m ? std::numeric_limits<float>::quiet_NaN()
                                             : static_cast<float>(d / 100.0));
            }
        }
    }
};

TEST(RasterZones, ConeGivesNestedDiscsAndBandsThatTile) {
    const Cone cone;
    const std::vector<double> thresholds = {10, 20, 30};
    const auto zones = reach::geo::zones_from_raster(cone.grid, cone.minutes, thresholds);
    ASSERT_EQ(zones.size(), 3U);
    double bands = 0.0;
    for (std::size_t k = 0; k < 3; ++k) {
        const double disc = std::numbers::pi * std::pow(k + 1.0, 2);
        EXPECT_NEAR(zones[k].cumulative_area_km2, disc, 0.04 * disc) << k;
        const auto cumulative = from_wkb(zones[k].cumulative_wkb);
        EXPECT_TRUE(cumulative->IsValid());
        bands += zones[k].band_area_km2;
        EXPECT_NEAR(bands, zones[k].cumulative_area_km2, 1e-9) << k;
        if (k > 0) {
            const auto inner = from_wkb(zones[k - 1].cumulative_wkb);
            EXPECT_TRUE(cumulative->Contains(inner.get())) << k;
            const auto band = from_wkb(zones[k].band_wkb);
            const std::unique_ptr<OGRGeometry> overlap(band->Intersection(inner.get()));
            const double overlap_m2 =
                overlap && !overlap->IsEmpty() && overlap->getDimension() == 2
                    ? dynamic_cast<OGRSurface*>(overlap.get()) != nullptr
                          ? overlap->toSurface()->get_Area()
                          : overlap->toMultiSurface()->get_Area()
                    : 0.0;
            EXPECT_NEAR(overlap_m2, 0.0, 1e-6) << k;
        }
    }
}

std::size_t vertex_count(const OGRGeometry& g) {
    std::size_t n = 0;
    for (const auto* polygon : *g.toMultiPolygon()) {
        for (const auto* ring : *polygon) {
            n += static_cast<std::size_t>(ring->getNumPoints());
        }
    }
    return n;
}

// Simplified at one pixel (25 m pixels): the staircase becomes near-straight edges (a third of
// the vertices or fewer, the area of the ring between the lake and the disc kept within 2 %),
// every zone still contains the one below, the bands are the differences (they tile the zone:
// areas add up, pairwise overlap < 0.1 m²), every polygon is valid, the lake stays a hole.
TEST(RasterZones, SimplifiedZonesStayNestedValidAndTiled) {
    const Cone cone(500.0, 25.0);
    const std::vector<double> thresholds = {10, 20, 30};
    const auto staircase = reach::geo::zones_from_raster(cone.grid, cone.minutes, thresholds);
    const auto zones = reach::geo::zones_from_raster(cone.grid, cone.minutes, thresholds, 25.0);
    ASSERT_EQ(zones.size(), 3U);
    double bands = 0.0;
    for (std::size_t k = 0; k < 3; ++k) {
        const double ring = std::numbers::pi * (std::pow(k + 1.0, 2) - 0.25);
        EXPECT_NEAR(zones[k].cumulative_area_km2, ring, 0.02 * ring) << k;
        const auto cumulative = from_wkb(zones[k].cumulative_wkb);
        const auto band = from_wkb(zones[k].band_wkb);
        EXPECT_TRUE(cumulative->IsValid()) << k;
        EXPECT_TRUE(band->IsValid()) << k;
        EXPECT_EQ(cumulative->toMultiPolygon()->getGeometryRef(0)->getNumInteriorRings(), 1)
            << k;
        EXPECT_LT(vertex_count(*cumulative),
                  vertex_count(*from_wkb(staircase[k].cumulative_wkb)) / 3)
            << k;
        bands += zones[k].band_area_km2;
        EXPECT_NEAR(bands, zones[k].cumulative_area_km2, 1e-6) << k;
        for (std::size_t j = 0; j < k; ++j) {
            const auto lower_band = from_wkb(zones[j].band_wkb);
            const std::unique_ptr<OGRGeometry> overlap(band->Intersection(lower_band.get()));
            const double overlap_m2 =
                overlap && overlap->getDimension() == 2 ? OGR_G_Area(OGRGeometry::ToHandle(overlap.get())) : 0.0;
            EXPECT_LT(overlap_m2, 0.1) << j << " " << k;
        }
        if (k > 0) {
            const auto inner = from_wkb(zones[k - 1].cumulative_wkb);
            const std::unique_ptr<OGRGeometry> outside(inner->Difference(cumulative.get()));
            EXPECT_LT(OGR_G_Area(OGRGeometry::ToHandle(outside.get())), 0.1) << k;
        }
    }
}

// A lake of 500 m radius in the middle (no time) is a hole in every zone; the band of the
// first zone is a ring.
TEST(RasterZones, LakeStaysAHole) {
    const Cone cone(500.0);
    const std::vector<double> thresholds = {10};
    const auto zones = reach::geo::zones_from_raster(cone.grid, cone.minutes, thresholds);
    const auto zone = from_wkb(zones[0].cumulative_wkb);
    ASSERT_EQ(wkbFlatten(zone->getGeometryType()), wkbMultiPolygon);
    const auto* multi = zone->toMultiPolygon();
    ASSERT_EQ(multi->getNumGeometries(), 1);
    EXPECT_EQ(multi->getGeometryRef(0)->getNumInteriorRings(), 1);
    const double expected = std::numbers::pi * (1.0 - 0.25);
    EXPECT_NEAR(zones[0].cumulative_area_km2, expected, 0.05 * expected);
}

TEST(RasterZones, NothingReachedGivesEmptyZones) {
    Cone cone;
    std::fill(cone.minutes.begin(), cone.minutes.end(), std::numeric_limits<float>::quiet_NaN());
    const std::vector<double> thresholds = {10, 20};
    const auto zones = reach::geo::zones_from_raster(cone.grid, cone.minutes, thresholds);
    for (const auto& z : zones) {
        EXPECT_DOUBLE_EQ(z.cumulative_area_km2, 0.0);
        EXPECT_TRUE(from_wkb(z.cumulative_wkb)->IsEmpty());
    }
}

// The GeoTIFF as SCENARIO.md says: Float32 minutes, nodata −9999, DEFLATE, 256 tiles,
// overviews, EPSG:3035; values read back equal (NaN → −9999); encoded in memory, the same bytes.
TEST(RasterZones, GeoTiffRoundTrip) {
    const reach::test::TempDir dir;
    RasterGrid grid{5300000.0, 3760000.0, 100.0, 600, 600, "EPSG:3035"};
    std::vector<float> minutes(600 * 600);
    for (std::size_t i = 0; i < minutes.size(); ++i) {
        minutes[i] = i % 7 == 0 ? std::numeric_limits<float>::quiet_NaN()
                                : static_cast<float>(i % 61);
    }
    const auto path = dir / "t.tif";
    reach::geo::write_time_geotiff(path, grid, minutes);
    reach::geo::gdal_init();
    const std::unique_ptr<GDALDataset> tif(
        GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_NE(tif, nullptr);
    auto* band = tif->GetRasterBand(1);
    EXPECT_EQ(band->GetRasterDataType(), GDT_Float32);
    int has = 0;
    EXPECT_DOUBLE_EQ(band->GetNoDataValue(&has), -9999.0);
    EXPECT_EQ(has, 1);
    EXPECT_STREQ(tif->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
    int bx = 0, by = 0;
    band->GetBlockSize(&bx, &by);
    EXPECT_EQ(bx, 256);
    EXPECT_EQ(by, 256);
    EXPECT_GE(band->GetOverviewCount(), 1);
    EXPECT_STREQ(tif->GetSpatialRef()->GetAuthorityCode(nullptr), "3035");
    double transform[6];
    tif->GetGeoTransform(transform);
    EXPECT_DOUBLE_EQ(transform[0], 5300000.0);
    EXPECT_DOUBLE_EQ(transform[3], 3760000.0);
    EXPECT_DOUBLE_EQ(transform[5], -100.0);
    std::vector<float> back(minutes.size());
    ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, 600, 600, back.data(), 600, 600, GDT_Float32, 0, 0),
              CE_None);
    EXPECT_FLOAT_EQ(back[0], -9999.0f);
    EXPECT_FLOAT_EQ(back[1], 1.0f);
    EXPECT_FLOAT_EQ(back[600 * 600 - 1], static_cast<float>((600 * 600 - 1) % 61));

    // A run encodes its rasters in memory beside the zones and writes the bytes later: they
    // must be the file's bytes, and no memory file may stay behind.
    const auto encoded = reach::geo::encode_time_geotiff(grid, minutes);
    EXPECT_EQ(encoded, reach::test::read_text(path));
    EXPECT_GT(encoded.size(), 1000U);
    char** names = VSIReadDir("/vsimem/");
    int left = 0;
    for (int i = 0; i < CSLCount(names); ++i) {
        left += std::string_view(names[i]).starts_with("reach_travel_time") ? 1 : 0;
    }
    CSLDestroy(names);
    EXPECT_EQ(left, 0);
}

}  // namespace
