// reach run → travel_time_<profile>.tif, checked pixel by pixel against hand arithmetic on the
// hand network of tests/data/hand_network.osm (drawn and timed in
// tests/e2e/hand_network_test.cpp and tests/cli/run_test.cpp; the scenario below is
// run_test.cpp's, with 10 m pixels and only the GeoTIFFs written). Local coordinates:
// x − 5 330 000, y − 3 745 000 in EPSG:3035.
//
//                 Y (50,150)    ▪ (55,155)
//                 :
//   D (0,100) ===>:=== E (100,100) ===> F (200,100)  ▪ (205,105)
//   |steps        :    |                P (200,90)   centre P on C–F, 10 m below F
//   A (0,0) ------:--- B (100,0) ------ C (200,0)    (centre Q at A is closed)
//                 :                 ▪ (155,−5)
//                 X (50,-100)                        ▪ (505,405)   ▪ (995,995)
//
// Node times to P (run_test.cpp): car C 6.48, F 0.72, E 12.72, B 18.48, A 30.48, X 43.896,
// Y 56.753 s (streets 0.12 s/m, C–F 0.072 s/m, bridge X–Y 0.051 s/m); walk_elderly (1 s/m on
// every way) C 90, F 10, Y 651.803 s. Off the network: car 4 km/h = 0.9 s/m, walk_elderly
// 2.5 km/h = 1.44 s/m. A pixel's time is the best over street points p of (time of p + walk
// from the pixel centre to p).
//
// Raster grid (run.cpp surface_grid): the cells span x 20 … 1 000, y −20 … 1 000; margin
// max(cell size 0, pixel 10) = 10 m, snapped outwards to multiples of 10: top-left
// (10, 1 010) = (5 330 010, 3 746 010), 100 × 104 pixels. Pixel (col, row) has its centre at
// (15 + 10·col, 1 005 − 10·row).
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>

#include "reach/geo/gdal_init.hpp"
#include "hand_scenario.hpp"
#include "reach_test/support.hpp"

namespace fs = std::filesystem;
using reach::test::TempDir;
using reach::test::write_text;

namespace {

// run_test.cpp's hand scenario with a 10 m raster, GeoTIFFs only.
fs::path write_scenario(const TempDir& dir) {
    return reach::test::write_hand_scenario(
        dir, "catchments: {raster_resolution_m: 10}\noutputs: {formats: [geotiff]}\n");
}

struct Raster {
    std::unique_ptr<GDALDataset> dataset;
    std::vector<float> values;
    int width = 0, height = 0;

    [[nodiscard]] float at(int col, int row) const {
        EXPECT_TRUE(col >= 0 && row >= 0 && col < width && row < height) << col << "," << row;
        return values[static_cast<std::size_t>(row) * static_cast<std::size_t>(width) +
                      static_cast<std::size_t>(col)];
    }
};

Raster open_raster(const fs::path& path) {
    reach::geo::gdal_init();
    Raster r;
    r.dataset.reset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (r.dataset == nullptr) {
        ADD_FAILURE() << "cannot open " << path;
        return r;
    }
    r.width = r.dataset->GetRasterXSize();
    r.height = r.dataset->GetRasterYSize();
    r.values.resize(static_cast<std::size_t>(r.width) * static_cast<std::size_t>(r.height));
    EXPECT_EQ(
        r.dataset->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, r.width, r.height, r.values.data(),
                                              r.width, r.height, GDT_Float32, 0, 0),
        CE_None);
    return r;
}

struct HandRun {
    TempDir dir;
    fs::path out;
    reach::test::CommandResult command;
    HandRun() : out(dir / "out") {
        command = reach::test::run_command(reach::test::reach_binary().string() + " --quiet run " +
                                           write_scenario(dir).string() + " --out " + out.string() +
                                           " --no-cache");
    }
};

// One run serves every test (the outputs are only read).
const HandRun& hand_run() {
    static const HandRun run;
    return run;
}

// Pixel centres (local x, y) → (col, row), from the grid in the comment at the top.
constexpr int col_of(int x) { return (x - 15) / 10; }
constexpr int row_of(int y) { return (1005 - y) / 10; }

constexpr double tolerance_min = 0.01;

}  // namespace

// The file format of SCENARIO.md: Float32 minutes, nodata −9999, DEFLATE, 256 × 256 tiles,
// the scenario's CRS (default EPSG:3035) and the grid worked out at the top.
TEST(SurfaceRun, GeoTiffHasTheContractedFormatAndGrid) {
    const auto& run = hand_run();
    ASSERT_EQ(run.command.exit_code, 0) << run.command.err;
    for (const char* profile : {"car", "walk_elderly"}) {
        SCOPED_TRACE(profile);
        const auto tif = open_raster(run.out / (std::string("travel_time_") + profile + ".tif"));
        ASSERT_NE(tif.dataset, nullptr);
        auto* band = tif.dataset->GetRasterBand(1);
        EXPECT_EQ(band->GetRasterDataType(), GDT_Float32);
        int has_nodata = 0;
        EXPECT_DOUBLE_EQ(band->GetNoDataValue(&has_nodata), -9999.0);
        EXPECT_EQ(has_nodata, 1);
        EXPECT_STREQ(tif.dataset->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
        int block_x = 0, block_y = 0;
        band->GetBlockSize(&block_x, &block_y);
        EXPECT_EQ(block_x, 256);
        EXPECT_EQ(block_y, 256);
        const auto* srs = tif.dataset->GetSpatialRef();
        ASSERT_NE(srs, nullptr);
        EXPECT_STREQ(srs->GetAuthorityName(nullptr), "EPSG");
        EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "3035");
        double transform[6];
        ASSERT_EQ(tif.dataset->GetGeoTransform(transform), CE_None);
        EXPECT_DOUBLE_EQ(transform[0], 5330010.0);
        EXPECT_DOUBLE_EQ(transform[1], 10.0);
        EXPECT_DOUBLE_EQ(transform[2], 0.0);
        EXPECT_DOUBLE_EQ(transform[3], 3746010.0);
        EXPECT_DOUBLE_EQ(transform[4], 0.0);
        EXPECT_DOUBLE_EQ(transform[5], -10.0);
        EXPECT_EQ(tif.width, 100);
        EXPECT_EQ(tif.height, 104);
    }
}

// Car, 4 km/h = 0.9 s/m off the network:
//  (155, −5), 5 m below B–C: the street point below is 45 m from C, 45·0.12 + 6.48 = 11.88 s
//    (via B: 55·0.12 + 18.48 = 25.08); + 5 m·0.9 = 4.5 s → 16.38 s = 0.2730 min. (Walking
//    obliquely towards C gains at most 5·(0.9 − √(0.9² − 0.12²)) = 0.04 s.)
//  (205, 105), beyond F: every street point is farther in time than F itself (along C–F the
//    walk grows 0.9·5/√50 = 0.64 s/m, the street saves 0.072 s/m; E–F is oneway into F):
//    0.72 + √50·0.9 = 0.72 + 6.364 = 7.084 s = 0.1181 min.
//  (55, 155), beyond Y at the bridge's end: Y 56.753 + 6.364 = 63.117 s = 1.0520 min (D–E,
//    55 m below: ≥ 55·0.892 + 18.12 = 67.2 s).
//  (505, 405), 431 m north-east of F (within snap.max_distance_m = 500), again F is the best
//    point: 0.72 + √(305² + 305²)·0.9 = 0.72 + 431.335·0.9 = 388.92 s = 6.4820 min.
TEST(SurfaceRun, CarPixelsAreNetworkTimePlusTheWalk) {
    const auto& run = hand_run();
    ASSERT_EQ(run.command.exit_code, 0) << run.command.err;
    const auto car = open_raster(run.out / "travel_time_car.tif");
    ASSERT_FALSE(car.values.empty());
    EXPECT_NEAR(car.at(col_of(155), row_of(-5)), 16.38 / 60.0, tolerance_min);
    EXPECT_NEAR(car.at(col_of(205), row_of(105)), 7.084 / 60.0, tolerance_min);
    EXPECT_NEAR(car.at(col_of(55), row_of(155)), 63.117 / 60.0, tolerance_min);
    EXPECT_NEAR(car.at(col_of(505), row_of(405)), 388.92 / 60.0, tolerance_min);
    // (995, 995): the nearest usable road point, F, is √(795² + 895²) = 1 197 m away, beyond
    // snap.max_distance_m = 500 (C–G is access=no): nodata.
    EXPECT_FLOAT_EQ(car.at(col_of(995), row_of(995)), -9999.0F);
}

// walk_elderly, 2.5 km/h = 1.44 s/m off the network, 1 s/m on it:
//  (205, 105): F 10 s + √50·1.44 = 10 + 10.182 = 20.182 s = 0.3364 min (along C–F the walk
//    grows 1.44·5/√50 = 1.018 s/m, the street saves only 1 s/m: F is the best point).
//  (155, −5): the street point below has 45 + 90 = 135 s. Here walking along the street is
//    fast enough to pay for a detour: the best point is where the walk meets B–C at
//    sin θ = 1/1.44, 5·tan θ = 4.83 m towards C, and the time is 135 + 5·√(1.44² − 1²) =
//    135 + 5.180 = 140.18 s = 2.3363 min (straight down would be 135 + 7.2 = 142.2 s).
//  (55, 155): on foot the bridge is no help (Y 651.803 s); D–E–F, 55 m below, is walked both
//    ways, 210 − x s at (x, 100) (E 110, F 10). As at (155, −5) the best point is 55·tan θ =
//    53.08 m along, at x = 108.08: 155 + 55·√(1.44² − 1²) = 155 + 56.988 = 211.99 s = 3.5331 min.
//  (505, 405): F is the nearest point, 431.335 m away: 10 + 621.1 = 631.1 s, beyond the
//    largest threshold 10 min = 600 s: nodata (by car the same pixel is 6.48 min).
TEST(SurfaceRun, WalkPixelsTakeTheBestStreetPointAndStopAtTheLargestThreshold) {
    const auto& run = hand_run();
    ASSERT_EQ(run.command.exit_code, 0) << run.command.err;
    const auto walk = open_raster(run.out / "travel_time_walk_elderly.tif");
    ASSERT_FALSE(walk.values.empty());
    EXPECT_NEAR(walk.at(col_of(205), row_of(105)), 20.182 / 60.0, tolerance_min);
    EXPECT_NEAR(walk.at(col_of(155), row_of(-5)), 140.18 / 60.0, tolerance_min);
    EXPECT_NEAR(walk.at(col_of(55), row_of(155)), 211.99 / 60.0, tolerance_min);
    EXPECT_FLOAT_EQ(walk.at(col_of(505), row_of(405)), -9999.0F);
    EXPECT_FLOAT_EQ(walk.at(col_of(995), row_of(995)), -9999.0F);
}
