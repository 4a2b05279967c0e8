// read_centres: CSV with lon/lat or x/y, and a GDAL point layer. The reference point is
// Zarasai, 26.25 E 55.73 N:
//   echo "26.25 55.73" | gdaltransform -s_srs "+proj=longlat +ellps=GRS80" -t_srs
//     "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m"
//   → 5332445.22484006 3740023.38447442            (EPSG:3035)
//   same with -t_srs "+proj=tmerc +lat_0=0 +lon_0=24 +k=0.9996 +x_0=500000 +y_0=-6000000
//     +ellps=GRS80 +units=m" → 641291.055104356 178323.080373437   (EPSG:3059, LKS-92)
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <string>

#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/io/centres_reader.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::test::TempDir;
using reach::test::write_text;

constexpr double zarasai_x = 5332445.22484006;
constexpr double zarasai_y = 3740023.38447442;

using reach::test::input_error_message;

std::string centres_error(const std::filesystem::path& path, const std::string& text,
                          const reach::io::CentreReadOptions& options = {}) {
    write_text(path, text);
    return input_error_message([&] { (void)reach::io::read_centres(path.string(), options); });
}

}  // namespace

TEST(CentresReader, LonLatCsvLandsOnTheEpsg3035Point) {
    const TempDir dir;
    write_text(dir / "c.csv", "id,lon,lat,name\nZ1,26.25,55.73,Zarasai\nZ2, 26.26 ,55.73,\n");
    const auto centres = reach::io::read_centres((dir / "c.csv").string(), {});
    ASSERT_EQ(centres.size(), 2U);
    EXPECT_EQ(centres[0].id, "Z1");
    EXPECT_EQ(centres[0].name, "Zarasai");
    EXPECT_NEAR(centres[0].x, zarasai_x, 1e-3);
    EXPECT_NEAR(centres[0].y, zarasai_y, 1e-3);
    EXPECT_DOUBLE_EQ(centres[0].lon, 26.25);
    EXPECT_DOUBLE_EQ(centres[0].lat, 55.73);
    // 0.01° further east ≈ 627 m (111 320 m × cos 55.73° × 0.01).
    EXPECT_NEAR(std::hypot(centres[1].x - centres[0].x, centres[1].y - centres[0].y), 627.0, 3.0);
    EXPECT_EQ(centres[1].name, "");
}

TEST(CentresReader, XyCsvUsesTheGivenCrs) {
    const TempDir dir;
    write_text(dir / "c.csv", "id,x,y\nZ,641291.055104356,178323.080373437\n");
    reach::io::CentreReadOptions options;
    options.xy_crs = "EPSG:3059";
    const auto centres = reach::io::read_centres((dir / "c.csv").string(), options);
    ASSERT_EQ(centres.size(), 1U);
    EXPECT_NEAR(centres[0].x, zarasai_x, 1e-3);
    EXPECT_NEAR(centres[0].y, zarasai_y, 1e-3);
    EXPECT_NEAR(centres[0].lon, 26.25, 1e-8);
    EXPECT_NEAR(centres[0].lat, 55.73, 1e-8);
}

TEST(CentresReader, XyCsvDefaultsToTheWorkingCrs) {
    const TempDir dir;
    write_text(dir / "c.csv", "id,x,y\nZ,5332445.22484006,3740023.38447442\n");
    const auto centres = reach::io::read_centres((dir / "c.csv").string(), {});
    ASSERT_EQ(centres.size(), 1U);
    EXPECT_DOUBLE_EQ(centres[0].x, zarasai_x);
    EXPECT_NEAR(centres[0].lon, 26.25, 1e-8);
    EXPECT_NEAR(centres[0].lat, 55.73, 1e-8);
}

TEST(CentresReader, OtherIdFieldAndNumericIdsAreText) {
    const TempDir dir;
    write_text(dir / "c.csv", "code,lat,lon\n007,55.73,26.25\n");
    reach::io::CentreReadOptions options;
    options.id_field = "code";
    const auto centres = reach::io::read_centres((dir / "c.csv").string(), options);
    ASSERT_EQ(centres.size(), 1U);
    EXPECT_EQ(centres[0].id, "007");
    EXPECT_NEAR(centres[0].x, zarasai_x, 1e-3);  // column order does not matter
}

TEST(CentresReader, GeoPackagePointLayerUsesItsOwnCrs) {
    const TempDir dir;
    const auto path = dir / "c.gpkg";
    {
        reach::geo::gdal_init();
        auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        GDALDataset* ds = driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
        auto srs = reach::geo::make_srs("EPSG:3059");
        auto* layer = ds->CreateLayer("centres", &srs, wkbPoint, nullptr);
        OGRFieldDefn id("id", OFTString);
        ASSERT_EQ(layer->CreateField(&id), OGRERR_NONE);
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField("id", "Z");
        OGRPoint point(641291.055104356, 178323.080373437);
        feature.SetGeometry(&point);
        ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
        GDALClose(ds);
    }
    const auto centres = reach::io::read_centres(path.string(), {});
    ASSERT_EQ(centres.size(), 1U);
    EXPECT_EQ(centres[0].id, "Z");
    EXPECT_NEAR(centres[0].x, zarasai_x, 1e-3);
    EXPECT_NEAR(centres[0].lat, 55.73, 1e-8);
}

TEST(CentresReader, DuplicateIdNamesBothLines) {
    const TempDir dir;
    const auto path = dir / "c.csv";
    const auto message =
        centres_error(path, "id,lon,lat\nA,26.25,55.73\nB,26.26,55.73\nA,26.27,55.73\n");
    EXPECT_EQ(message, path.string() + ":4: duplicate id \"A\" (first at " + path.string() +
                           ":2; expected unique ids)");
}

TEST(CentresReader, NonNumericLatitudeIsAnErrorNamingTheLine) {
    const TempDir dir;
    const auto path = dir / "c.csv";
    const auto message = centres_error(path, "id,lon,lat\nA,26.25,55.73\nB,26.26,north\n");
    EXPECT_EQ(message,
              path.string() + ":3: lat \"north\" is not a number (expected decimal degrees)");
}

TEST(CentresReader, DecimalCommaAndNanAreNotNumbers) {
    const TempDir dir;
    EXPECT_NE(centres_error(dir / "a.csv", "id,lon,lat\nA,\"26,25\",55.73\n")
                  .find(":2: lon \"26,25\" is not a number"),
              std::string::npos);
    EXPECT_NE(centres_error(dir / "b.csv", "id,lon,lat\nA,26.25,nan\n")
                  .find(":2: lat \"nan\" is not a number"),
              std::string::npos);
    EXPECT_NE(
        centres_error(dir / "c.csv", "id,lon,lat\nA,,55.73\n").find(":2: lon \"\" is not a number"),
        std::string::npos);
}

TEST(CentresReader, LatitudeOutOfRangeIsAnError) {
    const TempDir dir;
    const auto path = dir / "c.csv";
    EXPECT_EQ(centres_error(path, "id,lon,lat\nA,55.73,91\n"),
              path.string() + ":2: lat 91 is out of range (expected -90..90)");
}

TEST(CentresReader, MissingIdColumnIsAnError) {
    const TempDir dir;
    const auto path = dir / "c.csv";
    EXPECT_EQ(centres_error(path, "name,lon,lat\nA,26.25,55.73\n"),
              path.string() +
                  ": no column \"id\" (expected the centre id column; columns: name, "
                  "lon, lat)");
}

TEST(CentresReader, EmptyIdIsAnError) {
    const TempDir dir;
    const auto path = dir / "c.csv";
    EXPECT_EQ(centres_error(path, "id,lon,lat\nA,26.25,55.73\n ,26.26,55.73\n"),
              path.string() + ":3: empty id (expected a unique centre id)");
}

TEST(CentresReader, NoCoordinateColumnsIsAnError) {
    const TempDir dir;
    const auto path = dir / "c.csv";
    EXPECT_EQ(centres_error(path, "id,lon,northing\nA,26.25,55.73\n"),
              path.string() +
                  ": no coordinate columns (expected lon,lat in EPSG:4326 or x,y; "
                  "columns: id, lon, northing)");
}

TEST(CentresReader, EmptyFileAndHeaderOnlyAreErrors) {
    const TempDir dir;
    EXPECT_NE(centres_error(dir / "a.csv", "").find("a.csv: empty file"), std::string::npos);
    EXPECT_EQ(centres_error(dir / "b.csv", "id,lon,lat\n"),
              (dir / "b.csv").string() + ": no centres (expected one record per centre)");
}

TEST(CentresReader, MissingFileIsAnError) {
    const TempDir dir;
    const auto path = (dir / "none.csv").string();
    EXPECT_EQ(input_error_message([&] { (void)reach::io::read_centres(path, {}); }),
              path + ": no such file");
}
