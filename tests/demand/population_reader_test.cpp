// read_population on vector grids: CSV, CSV.gz, GeoPackage / Shapefile / GeoJSON polygons and
// points, with the GEOSTAT lower-left corner rule, reprojection, and every bad-input message.
//
// The reference cell is the GEOSTAT cell at Zarasai, lower-left corner (5332000, 3740000) in
// EPSG:3035, so its centre is (5332500, 3740500). Independent figures (GDAL's own CLI, PROJ
// strings instead of EPSG codes):
//   echo "5332500 3740500" | gdaltransform -s_srs "+proj=laea +lat_0=52 +lon_0=10
//     +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m" -t_srs "+proj=tmerc +lat_0=0 +lon_0=24
//     +k=0.9996 +x_0=500000 +y_0=-6000000 +ellps=GRS80 +units=m" -output_xy
//   → 641439.566972071 178778.521809102                                   (EPSG:3059, LKS-92)
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "fixtures.hpp"
#include "reach/demand/population.hpp"
#include "reach/geo/crs.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::test::demand::band_group;
using reach::test::demand::column_group;

using reach::demand::GroupSpec;
using reach::demand::Impute;
using reach::demand::PointAnchor;
using reach::demand::PopulationSpec;
using reach::demand::read_population;
using reach::test::TempDir;
using reach::test::write_text;
using reach::test::demand::input_error_message;

constexpr double centre_x = 5332500.0;
constexpr double centre_y = 3740500.0;
constexpr double lks92_x = 641439.566972071;
constexpr double lks92_y = 178778.521809102;

// Three GEOSTAT-style cells: Zarasai, its eastern neighbour, and one 2 km north with nobody.
const std::string geostat_csv =
    "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\n"
    "N3740E5332,5332000,3740000,LT,120,30,0\n"
    "N3740E5333,5333000,3740000,LT,80,0,1\n"
    "N3742E5332,5332000,3742000,LV,0,0,0\n";

PopulationSpec geostat_spec(const std::string& file) {
    PopulationSpec spec;
    spec.file = file;
    spec.id_field = "cell_id";
    spec.x_field = "x_ll";
    spec.y_field = "y_ll";
    spec.crs = "EPSG:3035";
    spec.point = PointAnchor::lower_left;
    spec.cell_size_m = 1000.0;
    spec.country_field = "cntr";
    spec.groups = {column_group("total", "T"), column_group("age65plus", "Y_GE65", "Y_GE65_CI")};
    return spec;
}

std::string population_error(const std::filesystem::path& path, const std::string& text,
                             const PopulationSpec& spec) {
    write_text(path, text);
    return input_error_message([&] { (void)read_population(spec, "EPSG:3035"); });
}

}  // namespace

TEST(PopulationReader, LowerLeftCornerPlusHalfACellIsTheCentre) {
    const TempDir dir;
    write_text(dir / "grid.csv", geostat_csv);
    const auto grid = read_population(geostat_spec((dir / "grid.csv").string()), "EPSG:3035");
    ASSERT_EQ(grid.cell_count(), 3U);
    EXPECT_EQ(grid.cell_id[0], "N3740E5332");
    // 5332000 + 1000/2, 3740000 + 1000/2.
    EXPECT_DOUBLE_EQ(grid.x[0], centre_x);
    EXPECT_DOUBLE_EQ(grid.y[0], centre_y);
    EXPECT_DOUBLE_EQ(grid.x[1], centre_x + 1000.0);
    EXPECT_DOUBLE_EQ(grid.y[2], centre_y + 2000.0);
    EXPECT_EQ(grid.country[2], "LV");
    EXPECT_EQ(grid.cell_size_m, 1000.0);
    EXPECT_EQ(grid.crs, "EPSG:3035");
}

TEST(PopulationReader, CentreAnchorTakesTheCoordinatesAsTheyAre) {
    const TempDir dir;
    write_text(dir / "grid.csv", geostat_csv);
    auto spec = geostat_spec((dir / "grid.csv").string());
    spec.point = PointAnchor::centre;
    const auto grid = read_population(spec, "EPSG:3035");
    EXPECT_DOUBLE_EQ(grid.x[0], 5332000.0);
    EXPECT_DOUBLE_EQ(grid.y[0], 3740000.0);
}

TEST(PopulationReader, ZeroPopulationCellsAreKeptAndFlaggedCountsMarkALowerBound) {
    const TempDir dir;
    write_text(dir / "grid.csv", geostat_csv);
    const auto grid = read_population(geostat_spec((dir / "grid.csv").string()), "EPSG:3035");
    ASSERT_EQ(grid.group_count(), 2U);
    EXPECT_EQ(grid.group_name[0], "total");
    EXPECT_EQ(grid.group("total"), (std::vector<double>{120, 80, 0}));
    // impute: none keeps the flagged count at 0: 30 + 0 + 0, a lower bound.
    EXPECT_EQ(grid.group("age65plus"), (std::vector<double>{30, 0, 0}));
    EXPECT_DOUBLE_EQ(grid.sum("total"), 200.0);
    EXPECT_EQ(grid.flagged_cells[1], 1U);
    EXPECT_EQ(grid.lower_bound[1], 1);
    EXPECT_EQ(grid.lower_bound[0], 0);
    EXPECT_DOUBLE_EQ(grid.imputed_persons[1], 0.0);
}

TEST(PopulationReader, CsvGzReadsTheSameAsCsv) {
    const TempDir dir;
    reach::test::demand::write_gzip(dir / "grid.csv.gz", geostat_csv);
    const auto grid = read_population(geostat_spec((dir / "grid.csv.gz").string()), "EPSG:3035");
    ASSERT_EQ(grid.cell_count(), 3U);
    EXPECT_DOUBLE_EQ(grid.x[0], centre_x);
    EXPECT_EQ(grid.group("total"), (std::vector<double>{120, 80, 0}));
}

TEST(PopulationReader, CellsMoveIntoTheWorkingCrs) {
    const TempDir dir;
    write_text(dir / "grid.csv", geostat_csv);
    const auto grid = read_population(geostat_spec((dir / "grid.csv").string()), "EPSG:3059");
    EXPECT_NEAR(grid.x[0], lks92_x, 1e-3);
    EXPECT_NEAR(grid.y[0], lks92_y, 1e-3);
    EXPECT_EQ(grid.crs, "EPSG:3059");
}

TEST(PopulationReader, CsvInAnotherCrsLandsOnTheEpsg3035Centre) {
    const TempDir dir;
    write_text(dir / "grid.csv",
               "id,x,y,pop\nZ," + fmt::format("{:.9f},{:.9f}", lks92_x, lks92_y) + ",7.5\n");
    PopulationSpec spec;
    spec.file = (dir / "grid.csv").string();
    spec.id_field = "id";
    spec.x_field = "x";
    spec.y_field = "y";
    spec.crs = "EPSG:3059";
    spec.groups = {column_group("total", "pop")};
    const auto grid = read_population(spec, "EPSG:3035");
    EXPECT_NEAR(grid.x[0], centre_x, 1e-3);
    EXPECT_NEAR(grid.y[0], centre_y, 1e-3);
    EXPECT_DOUBLE_EQ(grid.group("total")[0], 7.5);
    EXPECT_EQ(grid.country[0], "");
}

// Round trip: the three cell centres are sent to EPSG:4326 by a Reprojector, written as a
// GeoPackage point layer (doubles, no rounding), read back into EPSG:3035. They come back
// within 0.3 mm, not bit for bit: PROJ's inverse LAEA uses a series for the authalic latitude.
// GDAL's CLI shows the same residue without reach:
//   echo "5332500 3740500" | gdaltransform -s_srs EPSG:3035 -t_srs EPSG:4258 -output_xy |
//     gdaltransform -s_srs EPSG:4258 -t_srs EPSG:3035 -output_xy
//   → 5332500.00005081 3740499.99978447
TEST(PopulationReader, PointLayerInLonLatRoundTripsToTheSameCentres) {
    const TempDir dir;
    const std::vector<std::pair<double, double>> centres = {
        {centre_x, centre_y}, {centre_x + 1000.0, centre_y}, {centre_x, centre_y + 2000.0}};
    const reach::geo::Reprojector to_lonlat(reach::geo::make_srs("EPSG:3035"),
                                            reach::geo::make_srs("EPSG:4326"));
    std::vector<reach::test::demand::Feature> features;
    for (std::size_t i = 0; i < centres.size(); ++i) {
        auto [lon, lat] = centres[i];
        ASSERT_TRUE(to_lonlat.transform(lon, lat));
        features.push_back({fmt::format("POINT ({:.17g} {:.17g})", lon, lat),
                            {fmt::format("c{}", i), fmt::format("{}", 10 * (i + 1))}});
    }
    // The Zarasai centre is at 26.2526 E 55.7340 N (gdaltransform above, EPSG:4326).
    EXPECT_TRUE(features[0].wkt.starts_with("POINT (26.2525985009"));
    reach::test::demand::write_layer(dir / "points.gpkg", "GPKG", "cells", "EPSG:4326", wkbPoint,
                                     {{"id", OFTString}, {"pop", OFTInteger}}, features);
    PopulationSpec spec;
    spec.file = (dir / "points.gpkg").string();
    spec.id_field = "id";
    spec.groups = {column_group("total", "pop")};
    const auto grid = read_population(spec, "EPSG:3035");
    ASSERT_EQ(grid.cell_count(), 3U);
    for (std::size_t i = 0; i < centres.size(); ++i) {
        EXPECT_NEAR(grid.x[i], centres[i].first, 1e-3);
        EXPECT_NEAR(grid.y[i], centres[i].second, 1e-3);
    }
    EXPECT_EQ(grid.group("total"), (std::vector<double>{10, 20, 30}));
}

// The same 2 × 1 polygon grid through three drivers: centroids are the cell centres.
class PolygonGrid : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(PolygonGrid, CentroidsAreTheCellCentres) {
    const auto [driver, name] = GetParam();
    const TempDir dir;
    const auto path = dir / name;
    reach::test::demand::write_layer(
        path, driver, "census", "EPSG:3035", wkbPolygon,
        {{"cell_id", OFTString}, {"T", OFTInteger}, {"Y65", OFTReal}},
        {{reach::test::demand::square_wkt(5332000, 3740000, 1000), {"a", "120", "30.5"}},
         {reach::test::demand::square_wkt(5333000, 3740000, 1000), {"b", "0", "0"}}});
    PopulationSpec spec;
    spec.file = path.string();
    spec.id_field = "cell_id";
    spec.point = PointAnchor::lower_left;  // ignored for polygons: their centroid is the centre
    spec.cell_size_m = 1000.0;
    spec.groups = {column_group("total", "T"), column_group("age65plus", "Y65")};
    const auto grid = read_population(spec, "EPSG:3035");
    ASSERT_EQ(grid.cell_count(), 2U);
    EXPECT_NEAR(grid.x[0], centre_x, 1e-6);
    EXPECT_NEAR(grid.y[0], centre_y, 1e-6);
    EXPECT_NEAR(grid.x[1], centre_x + 1000.0, 1e-6);
    EXPECT_EQ(grid.group("total"), (std::vector<double>{120, 0}));
    EXPECT_EQ(grid.group("age65plus"), (std::vector<double>{30.5, 0}));
}

INSTANTIATE_TEST_SUITE_P(Drivers, PolygonGrid,
                         ::testing::Values(std::pair{"GPKG", "grid.gpkg"},
                                           std::pair{"ESRI Shapefile", "grid.shp"},
                                           std::pair{"GeoJSON", "grid.geojson"}));

// ---- bad input -------------------------------------------------------------------------

TEST(PopulationReaderErrors, MissingFileIsNamed) {
    const TempDir dir;
    const auto path = (dir / "nowhere.csv").string();
    const auto message =
        input_error_message([&] { (void)read_population(geostat_spec(path), "EPSG:3035"); });
    EXPECT_NE(message.find(path + ": no such file"), std::string::npos) << message;
}

TEST(PopulationReaderErrors, UnknownColumnListsTheColumns) {
    const TempDir dir;
    auto spec = geostat_spec((dir / "grid.csv").string());
    spec.groups[1].column = "Y65";
    const auto message = population_error(dir / "grid.csv", geostat_csv, spec);
    EXPECT_NE(message.find("grid.csv: no column \"Y65\" (expected the count of group age65plus; "
                           "columns: cell_id, x_ll, y_ll, cntr, T, Y_GE65, Y_GE65_CI)"),
              std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, NegativeCountNamesFileLineCellColumnAndValue) {
    const TempDir dir;
    const auto path = dir / "grid.csv";
    const auto message = population_error(
        path, "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\nA,0,0,LT,5,1,0\nB,1000,0,LT,-3,0,0\n",
        geostat_spec(path.string()));
    // Line 3: the header is line 1, cell A line 2.
    EXPECT_NE(message.find(path.string() +
                           ":3 (cell B): column T: \"-3\" is negative (expected a number of "
                           "persons >= 0)"),
              std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, NonNumericCountNamesTheValue) {
    const TempDir dir;
    const auto path = dir / "grid.csv";
    const auto message =
        population_error(path, "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\nA,0,0,LT,5,\"1,5\",0\n",
                         geostat_spec(path.string()));
    EXPECT_NE(message.find(":2 (cell A): column Y_GE65: \"1,5\" is not a number"),
              std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, EmptyUnflaggedCountIsAnError) {
    const TempDir dir;
    const auto path = dir / "grid.csv";
    const auto message =
        population_error(path, "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\nA,0,0,LT,,1,0\n",
                         geostat_spec(path.string()));
    EXPECT_NE(message.find(":2 (cell A): column T: empty value"), std::string::npos) << message;
}

// Eurostat's own files mark confidential values as -9999 (or empty): with the flag set they
// are unknown, not negative, so they are accepted and not kept.
TEST(PopulationReader, AFlaggedValueIsNotCheckedOrKept) {
    const TempDir dir;
    const auto path = dir / "grid.csv";
    write_text(path,
               "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\nA,0,0,LT,5,-9999,1\n"
               "B,1000,0,LT,5,,1\n");
    const auto grid = read_population(geostat_spec(path.string()), "EPSG:3035");
    EXPECT_EQ(grid.group("age65plus"), (std::vector<double>{0, 0}));
    EXPECT_EQ(grid.flagged_cells[1], 2U);
}

TEST(PopulationReaderErrors, FlagOtherThanZeroOrOne) {
    const TempDir dir;
    const auto path = dir / "grid.csv";
    const auto message =
        population_error(path, "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\nA,0,0,LT,5,1,yes\n",
                         geostat_spec(path.string()));
    EXPECT_NE(message.find(":2 (cell A): column Y_GE65_CI: \"yes\" is not a confidentiality flag "
                           "(expected 0 or 1)"),
              std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, DuplicateCellIdNamesBothLines) {
    const TempDir dir;
    const auto path = dir / "grid.csv";
    const auto message = population_error(
        path,
        "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\nA,0,0,LT,5,1,0\nB,1000,0,LT,5,1,0\n"
        "A,2000,0,LT,5,1,0\n",
        geostat_spec(path.string()));
    EXPECT_NE(message.find(path.string() + ":4: duplicate cell id \"A\" (first at " +
                           path.string() + ":2"),
              std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, EmptyCellId) {
    const TempDir dir;
    const auto path = dir / "grid.csv";
    const auto message =
        population_error(path, "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\n ,0,0,LT,5,1,0\n",
                         geostat_spec(path.string()));
    EXPECT_NE(message.find(":2: column cell_id: empty cell id"), std::string::npos) << message;
}

TEST(PopulationReaderErrors, HeaderOnlyHasNoCells) {
    const TempDir dir;
    const auto path = dir / "grid.csv";
    const auto message = population_error(path, "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\n",
                                          geostat_spec(path.string()));
    EXPECT_NE(message.find(path.string() + ": no cells"), std::string::npos) << message;
}

TEST(PopulationReaderErrors, NonNumericCoordinate) {
    const TempDir dir;
    const auto path = dir / "grid.csv";
    const auto message = population_error(
        path, "cell_id,x_ll,y_ll,cntr,T,Y_GE65,Y_GE65_CI\nA,5332000,N/A,LT,5,1,0\n",
        geostat_spec(path.string()));
    EXPECT_NE(message.find(":2 (cell A): column y_ll: \"N/A\" is not a coordinate"),
              std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, NegativeCountInAGeoPackageNamesTheFeature) {
    const TempDir dir;
    const auto path = dir / "grid.gpkg";
    reach::test::demand::write_layer(
        path, "GPKG", "census", "EPSG:3035", wkbPolygon, {{"cell_id", OFTString}, {"T", OFTReal}},
        {{reach::test::demand::square_wkt(0, 0, 1000), {"a", "1"}},
         {reach::test::demand::square_wkt(1000, 0, 1000), {"b", "-0.5"}}});
    PopulationSpec spec;
    spec.file = path.string();
    spec.id_field = "cell_id";
    spec.groups = {column_group("total", "T")};
    const auto message = input_error_message([&] { (void)read_population(spec, "EPSG:3035"); });
    EXPECT_NE(
        message.find(path.string() + "#census, feature 2 (cell b): column T: \"-0.5\" is negative"),
        std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, LineLayerIsNotAGrid) {
    const TempDir dir;
    const auto path = dir / "lines.gpkg";
    reach::test::demand::write_layer(path, "GPKG", "l", "EPSG:3035", wkbLineString,
                                     {{"cell_id", OFTString}, {"T", OFTReal}},
                                     {{"LINESTRING (0 0, 1 1)", {"a", "1"}}});
    PopulationSpec spec;
    spec.file = path.string();
    spec.id_field = "cell_id";
    spec.groups = {column_group("total", "T")};
    const auto message = input_error_message([&] { (void)read_population(spec, "EPSG:3035"); });
    EXPECT_NE(message.find("#l, feature 1 (cell a): geometry LINESTRING is not a polygon or point"),
              std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, ImputeNeedsATotalGroup) {
    PopulationSpec spec = geostat_spec("unused.csv");
    spec.groups = {column_group("all", "T"), column_group("age65plus", "Y_GE65", "Y_GE65_CI",
                                                          Impute::share_of_total_in_country)};
    const auto message = input_error_message([&] { (void)read_population(spec, "EPSG:3035"); });
    EXPECT_EQ(message,
              "population.groups.age65plus: impute: share_of_total_in_country needs a group "
              "named total (read from the file) to take T from");
}

TEST(PopulationReaderErrors, LowerLeftNeedsACellSize) {
    PopulationSpec spec = geostat_spec("unused.csv");
    spec.cell_size_m = 0.0;
    const auto message = input_error_message([&] { (void)read_population(spec, "EPSG:3035"); });
    EXPECT_NE(message.find("population.cell_size_m: 0 (expected the cell edge in metres > 0 with "
                           "point: lower_left)"),
              std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, LowerLeftNeedsAMetricCrs) {
    const TempDir dir;
    write_text(dir / "grid.csv", geostat_csv);
    auto spec = geostat_spec((dir / "grid.csv").string());
    spec.crs = "EPSG:4326";
    const auto message = input_error_message([&] { (void)read_population(spec, "EPSG:3035"); });
    EXPECT_NE(message.find("lower_left needs a metric CRS to add half of cell_size_m (got "
                           "EPSG:4326)"),
              std::string::npos)
        << message;
}

TEST(PopulationReaderErrors, CsvWithoutCoordinateFields) {
    const TempDir dir;
    auto spec = geostat_spec((dir / "grid.csv").string());
    spec.x_field.clear();
    const auto message = population_error(dir / "grid.csv", geostat_csv, spec);
    EXPECT_NE(message.find("no geometry and no population.x_field/y_field"), std::string::npos)
        << message;
}
