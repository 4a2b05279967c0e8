// read_population on GeoTIFF rasters of persons per pixel.
//
//   EPSG:3035, 1000 m pixels, top-left corner (5330000, 3742000); N = nodata (-9999)
//             col 0          col 1      col 2
//   row 0   total 10, 65+ 2   0, 0       N, 0       → r0c0 kept; c1 (nobody), c2 (nodata) not
//   row 1   total 5.5, 65+ 1  0, 0       3, 1       → r1c0, r1c2 kept
//   Pixel centres: r0c0 (5330500, 3741500), r1c0 (5330500, 3740500), r1c2 (5332500, 3740500).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixtures.hpp"
#include "reach/demand/population.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::test::demand::band_group;
using reach::test::demand::column_group;

using reach::demand::GroupSpec;
using reach::demand::PopulationSpec;
using reach::test::TempDir;
using reach::test::demand::input_error_message;
using reach::test::demand::write_geotiff;

constexpr double nodata = -9999.0;
const std::vector<double> geotransform = {5330000, 1000, 0, 3742000, 0, -1000};
const std::vector<double> total_band = {10, 0, nodata, 5.5, 0, 3};
const std::vector<double> age_band = {2, 0, 0, 1, 0, 1};

PopulationSpec raster_spec(const std::string& file) {
    PopulationSpec spec;
    spec.file = file;
    spec.groups = {band_group("total", 1), band_group("age65plus", 2)};
    return spec;
}

}  // namespace

TEST(RasterReader, PixelsWithPersonsBecomeCellsAtPixelCentres) {
    const TempDir dir;
    write_geotiff(dir / "pop.tif", 3, 2, geotransform, "EPSG:3035", {total_band, age_band},
                  &nodata);
    const auto grid =
        reach::demand::read_population(raster_spec((dir / "pop.tif").string()), "EPSG:3035");
    EXPECT_EQ(grid.cell_id, (std::vector<std::string>{"r0c0", "r1c0", "r1c2"}));
    EXPECT_EQ(grid.x, (std::vector<double>{5330500, 5330500, 5332500}));
    EXPECT_EQ(grid.y, (std::vector<double>{3741500, 3740500, 3740500}));
    EXPECT_EQ(grid.group("total"), (std::vector<double>{10, 5.5, 3}));
    EXPECT_EQ(grid.group("age65plus"), (std::vector<double>{2, 1, 1}));
    EXPECT_EQ(grid.cell_size_m, 1000.0);
    EXPECT_EQ(grid.country, (std::vector<std::string>{"", "", ""}));
}

TEST(RasterReader, OneFilePerGroupOnTheSameGrid) {
    const TempDir dir;
    write_geotiff(dir / "total.tif", 3, 2, geotransform, "EPSG:3035", {total_band}, &nodata);
    write_geotiff(dir / "age.tif", 3, 2, geotransform, "EPSG:3035", {age_band});
    PopulationSpec spec;
    spec.file = (dir / "total.tif").string();
    spec.groups = {band_group("total", 1), band_group("age65plus", 1, (dir / "age.tif").string())};
    const auto grid = reach::demand::read_population(spec, "EPSG:3035");
    EXPECT_EQ(grid.group("age65plus"), (std::vector<double>{2, 1, 1}));
    EXPECT_DOUBLE_EQ(grid.sum("total"), 18.5);
}

TEST(RasterReaderErrors, NegativePixelNamesFileBandPixelAndValue) {
    const TempDir dir;
    const auto path = (dir / "pop.tif").string();
    write_geotiff(path, 3, 2, geotransform, "EPSG:3035", {{10, -2, 0, 0, 0, 0}, age_band});
    const auto message = input_error_message(
        [&] { (void)reach::demand::read_population(raster_spec(path), "EPSG:3035"); });
    EXPECT_NE(message.find(path + ": band 1, pixel (col 1, row 0): -2 persons (group total; "
                                  "expected a number of persons >= 0 or nodata)"),
              std::string::npos)
        << message;
}

TEST(RasterReaderErrors, BandOutOfRange) {
    const TempDir dir;
    const auto path = (dir / "pop.tif").string();
    write_geotiff(path, 3, 2, geotransform, "EPSG:3035", {total_band});
    const auto message = input_error_message(
        [&] { (void)reach::demand::read_population(raster_spec(path), "EPSG:3035"); });
    EXPECT_EQ(message,
              "population.groups.age65plus: band 2 is not in " + path + " (expected 1..1)");
}

TEST(RasterReaderErrors, GroupFilesOnDifferentGrids) {
    const TempDir dir;
    write_geotiff(dir / "total.tif", 3, 2, geotransform, "EPSG:3035", {total_band});
    write_geotiff(dir / "age.tif", 3, 2, {5330000, 100, 0, 3742000, 0, -100}, "EPSG:3035",
                  {age_band});
    PopulationSpec spec;
    spec.file = (dir / "total.tif").string();
    spec.groups = {band_group("total", 1), band_group("age65plus", 1, (dir / "age.tif").string())};
    const auto message =
        input_error_message([&] { (void)reach::demand::read_population(spec, "EPSG:3035"); });
    EXPECT_NE(message.find("age.tif: its geotransform differs from"), std::string::npos) << message;
}

TEST(RasterReaderErrors, AllEmptyRasterHasNoCells) {
    const TempDir dir;
    const auto path = (dir / "pop.tif").string();
    write_geotiff(path, 3, 2, geotransform, "EPSG:3035",
                  {std::vector<double>(6, 0.0), std::vector<double>(6, nodata)}, &nodata);
    const auto message = input_error_message(
        [&] { (void)reach::demand::read_population(raster_spec(path), "EPSG:3035"); });
    EXPECT_NE(message.find(path + ": no pixel with persons"), std::string::npos) << message;
}

TEST(RasterReaderErrors, MixingBandsAndColumns) {
    PopulationSpec spec = raster_spec("unused.tif");
    spec.groups[1] = column_group("age65plus", "Y_GE65");
    const auto message =
        input_error_message([&] { (void)reach::demand::read_population(spec, "EPSG:3035"); });
    EXPECT_NE(message.find("some groups name a band, others a column"), std::string::npos)
        << message;
}
