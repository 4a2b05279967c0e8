// Approximate service areas (tools/areas, reach-make-areas; data/boundaries/areas.gpkg).
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach_test/support.hpp"
#include "service_areas.hpp"

namespace {

using reach::areas::GridCell;
using reach::areas::no_seat;
using reach::areas::Seat;

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

DatasetPtr open(const std::filesystem::path& file) {
    reach::geo::gdal_init();
    return DatasetPtr(
        GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr));
}

// Sum of the lengths of all rings, km.
double perimeter_km(const OGRMultiPolygon& areas) {
    double m = 0.0;
    for (const auto* polygon : areas) {
        for (const auto* ring : *polygon) {
            m += ring->get_Length();
        }
    }
    return m / 1000.0;
}

struct AreaRow {
    std::string name, country;
    int partner = -1, approximate = -1;
    double area_km2 = 0.0, perimeter_km = 0.0;
    int parts = 0;
};
// id → row, and the ids in file order.
std::map<std::string, AreaRow> read_areas(const std::filesystem::path& file,
                                          std::vector<std::string>& order) {
    std::map<std::string, AreaRow> rows;
    const auto dataset = open(file);
    EXPECT_TRUE(dataset) << file;
    if (!dataset) {
        return rows;
    }
    OGRLayer* layer = dataset->GetLayerByName("areas");
    EXPECT_NE(layer, nullptr);
    if (layer == nullptr) {
        return rows;
    }
    for (const auto& feature : *layer) {
        const std::string id = feature->GetFieldAsString("id");
        order.push_back(id);
        AreaRow row;
        row.name = feature->GetFieldAsString("name");
        row.country = feature->GetFieldAsString("country");
        row.partner = feature->GetFieldAsInteger("partner");
        row.approximate = feature->GetFieldAsInteger("approximate");
        const auto* geometry = feature->GetGeometryRef();
        EXPECT_EQ(wkbFlatten(geometry->getGeometryType()), wkbMultiPolygon) << id;
        const auto* multi = geometry->toMultiPolygon();
        row.area_km2 = multi->get_Area() / 1e6;
        row.perimeter_km = perimeter_km(*multi);
        row.parts = multi->getNumGeometries();
        rows[id] = row;
    }
    return rows;
}

// Seats placed directly in EPSG:3035 metres (no projection), for assign_cells().
Seat seat(const std::string& id, const std::string& country, double x, double y) {
    Seat s;
    s.id = id;
    s.name = id;
    s.country = country;
    s.x = x;
    s.y = y;
    return s;
}
GridCell cell(double x_ll, double y_ll, const std::string& country) {
    GridCell c;
    c.x_ll = x_ll;
    c.y_ll = y_ll;
    c.country = country;
    c.population = 1.0;
    return c;
}

}  // namespace

TEST(MakeAreasSlug, DropsLatvianAndLithuanianDiacriticsAndLowercases) {
    EXPECT_EQ(reach::areas::slug("Plungė"), "plunge");
    EXPECT_EQ(reach::areas::slug("Rokiškis"), "rokiskis");
    EXPECT_EQ(reach::areas::slug("Biržai"), "birzai");
    EXPECT_EQ(reach::areas::slug("Jēkabpils"), "jekabpils");
    EXPECT_EQ(reach::areas::slug("Preiļi"), "preili");
    EXPECT_EQ(reach::areas::slug("Krāslava"), "kraslava");
    EXPECT_EQ(reach::areas::slug("Ilūkste"), "ilukste");
    EXPECT_EQ(reach::areas::slug("Ąžuolų Būda"), "azuolu-buda");
    EXPECT_EQ(reach::areas::slug("  Naujoji  Akmenė (LT) "), "naujoji-akmene-lt");
}

TEST(MakeAreasSlug, UnknownNonAsciiLetterIsAnInputErrorNamingIt) {
    try {
        (void)reach::areas::slug("Łódź", "places.csv:7");
        FAIL() << "expected InputError";
    } catch (const reach::InputError& e) {
        EXPECT_STREQ(e.what(),
                     "places.csv:7: name \"Łódź\": no ASCII letter for character U+0141 (give the "
                     "place an id column)");
    }
}

// Cells of 1 km, lower-left corners in km; seats a, b (LT) and l (LV) at the points marked.
//
//  y (km)
//  26   c6 (LT)                            centre (0.5, 26.5): 26 km from a → none
//  25   c5 (LT)                            centre (0.5, 25.5): exactly 25 km from a → a
//  21   l (LV seat at 0.5, 21.5)
//   1   c3 (LV)                            0.5 km from a, but a is LT → l, 20 km away
//   0   c0 a   c1   c2   .   b   ...  c4   c0 also holds an EE cell: no EE seat → none
//       0      1    2    3   4        10   x (km); a at (0.5, 0.5), b at (4.5, 0.5)
//
// c0, c1 → a (0 and 1 km). c2 (centre 2.5, 0.5) is 2 km from both a and b: the tie goes to
// the smaller id, a. c4 (centre 10.5, 0.5) has b 6 km away, a 10 km → b.
TEST(MakeAreasAssign, NearestSeatOfTheSameCountryWithinTheDistanceTiesToSmallerId) {
    const double k = 1000.0;
    // Sorted by id, as read_seats() returns them.
    const std::vector<Seat> seats{seat("a", "LT", 0.5 * k, 0.5 * k),
                                  seat("b", "LT", 4.5 * k, 0.5 * k),
                                  seat("l", "LV", 0.5 * k, 21.5 * k)};
    const std::vector<GridCell> cells{
        cell(0, 0, "LT"),      cell(1 * k, 0, "LT"),  cell(2 * k, 0, "LT"),  cell(0, 1 * k, "LV"),
        cell(10 * k, 0, "LT"), cell(0, 25 * k, "LT"), cell(0, 26 * k, "LT"), cell(0, 0, "EE")};
    const auto got = reach::areas::assign_cells(cells, seats, 1000.0, 25000.0);
    const std::vector<std::uint32_t> expected{0, 0, 0, 2, 1, 0, no_seat, no_seat};
    EXPECT_EQ(got, expected);
}

// A synthetic 1 km grid run through reach-make-areas (lower-left corners, EPSG:3035, origin
// X0 = 5 300 000, Y0 = 3 700 000; cell (i, j) has its corner at X0 + i km, Y0 + j km):
//
//   j                                      seats (centres of cells):
//   40   .  v                              Alpha (LT) at cell (0,0)
//   30   t  .                              Bėta  (LT) at cell (5,0)
//    3   .  .  V                           Gamma Ciems (LV) at cell (1,9), no cell there
//    2   .  V  .                           Delta (EE) at cell (2,1): no EE cell → no area
//    1   L  L  L  0  L  L
//    0   L  L  L  L  L  L
//        0  1  2  3  4  5   i
//
// L = LT cell, V = LV cell, 0 = LT cell with T = 0 (not populated), t/v = far LT/LV cells.
// Row 0: cells 0–2 are nearer Alpha (0, 1, 2 km vs 5, 4, 3), cells 3–5 nearer Bėta.
// Row 1: cells 0–2 → Alpha (√(i²+1) < √((5−i)²+1)), cells 4, 5 → Bėta. Delta is 0 km from
// cell (2,1) but of another country.
// Alpha: 3 × 2 block = 6 km², perimeter 10 km, 1 polygon, T = 10+20+30+1+2+3 = 66.
// Bėta: L of 5 cells = 5 km², perimeter of its 3 × 2 bounding box = 10 km, T = 40+50+60+4+5
// = 159. Gamma Ciems: V cells (1,2) 7 km and (2,3) √(1+36) = 6.08 km away, touching at one
// corner: 2 km², 2 polygons, perimeter 8 km, T = 100 + 200 = 300 (they are nearer Alpha, but
// Alpha is LT). Far cells: t is 30 km from Alpha (30.4 from Bėta), v 31 km from Gamma → no
// area: 2 of 15 populated cells, 7 000 + 8 000 persons.
TEST(MakeAreas, SyntheticGridIsAssignedAndDissolvedAsComputedByHand) {
    const reach::test::TempDir dir;
    const double x0 = 5300000.0, y0 = 3700000.0;
    const auto to_lonlat = [](double x, double y) {
        const reach::geo::Reprojector back(reach::geo::make_srs("EPSG:3035"),
                                           reach::geo::make_srs("EPSG:4326"));
        EXPECT_TRUE(back.transform(x, y));
        char text[64];
        std::snprintf(text, sizeof text, "%.10f,%.10f", y, x);  // lat,lon
        return std::string(text);
    };
    const auto centre = [&](int i, int j) {
        return to_lonlat(x0 + 1000.0 * i + 500.0, y0 + 1000.0 * j + 500.0);
    };
    reach::test::write_text(dir / "places.csv",
                            "name,country,lat,lon\n"
                            "Alpha,LT," +
                                centre(0, 0) + "\n" + "Bėta,LT," + centre(5, 0) + "\n" +
                                "Gamma Ciems,LV," + centre(1, 9) + "\n" + "Delta,EE," +
                                centre(2, 1) + "\n");
    std::string grid = "cell_id,x_ll,y_ll,cntr_derived,T\n";
    const auto add = [&](int i, int j, const char* country, int population) {
        grid += "c" + std::to_string(i) + "_" + std::to_string(j) + "," +
                std::to_string(static_cast<long>(x0) + 1000L * i) + "," +
                std::to_string(static_cast<long>(y0) + 1000L * j) + "," + country + "," +
                std::to_string(population) + "\n";
    };
    const int row0[] = {10, 20, 30, 40, 50, 60};
    for (int i = 0; i < 6; ++i) {
        add(i, 0, "LT", row0[i]);
    }
    add(0, 1, "LT", 1);
    add(1, 1, "LT", 2);
    add(2, 1, "LT", 3);
    add(3, 1, "LT", 0);
    add(4, 1, "LT", 4);
    add(5, 1, "LT", 5);
    add(1, 2, "LV", 100);
    add(2, 3, "LV", 200);
    add(0, 30, "LT", 7000);
    add(1, 40, "LV", 8000);
    reach::test::write_text(dir / "grid.csv", grid);

    const auto out = dir / "out" / "areas.gpkg";
    const auto result = reach::test::run_command(
        std::string(REACH_MAKE_AREAS) + " --grid " + (dir / "grid.csv").string() + " --places " +
        (dir / "places.csv").string() + " --out " + out.string() + " --partners alpha");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("3 areas written"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("2 of 15 populated cells (15000 of 15525 persons)"),
              std::string::npos)
        << result.out;
    EXPECT_NE(result.err.find("1 seat(s) have no populated cell"), std::string::npos);

    std::vector<std::string> order;
    auto rows = read_areas(out, order);
    EXPECT_EQ(order, (std::vector<std::string>{"alpha", "beta", "gamma-ciems"}));
    EXPECT_NEAR(rows["alpha"].area_km2, 6.0, 1e-9);
    EXPECT_NEAR(rows["alpha"].perimeter_km, 10.0, 1e-9);
    EXPECT_EQ(rows["alpha"].parts, 1);
    EXPECT_EQ(rows["alpha"].partner, 1);
    EXPECT_NEAR(rows["beta"].area_km2, 5.0, 1e-9);
    EXPECT_NEAR(rows["beta"].perimeter_km, 10.0, 1e-9);
    EXPECT_EQ(rows["beta"].parts, 1);
    EXPECT_EQ(rows["beta"].partner, 0);
    EXPECT_EQ(rows["beta"].name, "Bėta service area (approximate)");
    EXPECT_EQ(rows["beta"].country, "LT");
    EXPECT_NEAR(rows["gamma-ciems"].area_km2, 2.0, 1e-9);
    EXPECT_NEAR(rows["gamma-ciems"].perimeter_km, 8.0, 1e-9);
    EXPECT_EQ(rows["gamma-ciems"].parts, 2);
    EXPECT_EQ(rows["gamma-ciems"].country, "LV");
    for (const auto& [id, row] : rows) {
        EXPECT_EQ(row.approximate, 1) << id;
    }
    // Populations are printed, one line per area: id country partner cells km2 population.
    EXPECT_NE(result.out.find("alpha          LT      1             6       6.0         66"),
              std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("beta           LT      0             5       5.0        159"),
              std::string::npos);
    EXPECT_NE(result.out.find("gamma-ciems    LV      0             2       2.0        300"),
              std::string::npos);
}

TEST(MakeAreas, BadNumberInPlacesIsAnInputErrorWithFileAndLine) {
    const reach::test::TempDir dir;
    reach::test::write_text(dir / "places.csv",
                            "name,country,lat,lon\nAlpha,LT,55.7,26.2\nBeta,LT,north,26.3\n");
    reach::test::write_text(dir / "grid.csv", "x_ll,y_ll,cntr_derived,T\n5300000,3700000,LT,5\n");
    const auto out = dir / "areas.gpkg";
    const auto result = reach::test::run_command(
        std::string(REACH_MAKE_AREAS) + " --grid " + (dir / "grid.csv").string() + " --places " +
        (dir / "places.csv").string() + " --out " + out.string());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find((dir / "places.csv").string() + ":3: lat \"north\" is not a number"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(MakeAreas, UnknownPartnerIdIsAnInputErrorAndWritesNothing) {
    const reach::test::TempDir dir;
    reach::test::write_text(dir / "places.csv", "name,country,lat,lon\nAlpha,LT,55.7,26.2\n");
    reach::test::write_text(dir / "grid.csv", "x_ll,y_ll,cntr_derived,T\n5300000,3700000,LT,5\n");
    const auto out = dir / "areas.gpkg";
    const auto result = reach::test::run_command(
        std::string(REACH_MAKE_AREAS) + " --grid " + (dir / "grid.csv").string() + " --places " +
        (dir / "places.csv").string() + " --out " + out.string() + " --partners alpha,zarasai");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("--partners: unknown place id \"zarasai\""), std::string::npos)
        << result.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

// The shipped file: 22 areas, one per place of data/places/places_lv_lt.csv, ordered by id,
// all approximate, partner = 1 for exactly the 8 partner seats, EPSG:3035, and metadata
// saying they are not municipal boundaries. Areas are unions of whole 1 km cells, so each
// area in km² is a whole number.
TEST(MakeAreas, ShippedFileHasTheTwentyTwoApproximateAreasAndEightPartners) {
    const auto file = reach::test::source_path("data/boundaries/areas.gpkg");
    std::vector<std::string> order;
    auto rows = read_areas(file, order);
    const std::vector<std::string> ids{
        "akniste", "auce",       "bauska",    "birzai",  "daugavpils", "dobele",
        "dusetos", "ilukste",    "jekabpils", "jelgava", "kraslava",   "kupiskis",
        "obeliai", "pasvalys",   "plunge",    "preili",  "rokiskis",   "subate",
        "utena",   "vecumnieki", "visaginas", "zarasai"};
    EXPECT_EQ(order, ids);
    std::set<std::string> partners;
    for (const auto& [id, row] : rows) {
        EXPECT_EQ(row.approximate, 1) << id;
        EXPECT_GT(row.area_km2, 100.0) << id;
        EXPECT_NEAR(row.area_km2, std::round(row.area_km2), 1e-6) << id;
        EXPECT_NE(row.name.find(" service area (approximate)"), std::string::npos) << id;
        if (row.partner == 1) {
            partners.insert(id);
        }
    }
    EXPECT_EQ(partners, (std::set<std::string>{"auce", "birzai", "daugavpils", "jelgava", "plunge",
                                               "rokiskis", "vecumnieki", "zarasai"}));
    EXPECT_EQ(rows["plunge"].name, "Plungė service area (approximate)");
    EXPECT_EQ(rows["zarasai"].country, "LT");
    EXPECT_EQ(rows["daugavpils"].country, "LV");

    const auto dataset = open(file);
    ASSERT_TRUE(dataset);
    OGRLayer* layer = dataset->GetLayerByName("areas");
    ASSERT_NE(layer, nullptr);
    const auto* srs = layer->GetSpatialRef();
    ASSERT_NE(srs, nullptr);
    EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "3035");
    const char* warning = layer->GetMetadataItem("NOT_MUNICIPAL_BOUNDARIES");
    ASSERT_NE(warning, nullptr);
    EXPECT_NE(std::string(warning).find("NOT municipal boundaries"), std::string::npos);
    EXPECT_NE(std::string(warning).find("nearest seat of the same country within 25 km"),
              std::string::npos);
}

// data/boundaries/areas.gpkg is what tools/make-areas makes from data/population and
// data/places today: same ids and fields in the same order, geometries covering the same
// ground (empty GEOS symmetric difference; vertex order may differ between GEOS versions).
TEST(MakeAreas, ShippedFileIsReproducedFromTheShippedGridAndPlaces) {
    const reach::test::TempDir dir;
    const auto out = dir / "areas.gpkg";
    const auto result = reach::test::run_command(
        std::string(REACH_MAKE_AREAS) + " --grid " +
        reach::test::source_path("data/population/census2021_1km.csv.gz").string() + " --places " +
        reach::test::source_path("data/places/places_lv_lt.csv").string() + " --out " +
        out.string() +
        " --partners zarasai,daugavpils,jelgava,auce,vecumnieki,plunge,rokiskis,birzai");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto fresh = open(out);
    const auto shipped = open(reach::test::source_path("data/boundaries/areas.gpkg"));
    ASSERT_TRUE(fresh && shipped);
    OGRLayer* a = fresh->GetLayerByName("areas");
    OGRLayer* b = shipped->GetLayerByName("areas");
    ASSERT_TRUE(a != nullptr && b != nullptr);
    ASSERT_EQ(a->GetFeatureCount(), b->GetFeatureCount());
    for (GIntBig fid = 1; fid <= a->GetFeatureCount(); ++fid) {
        const std::unique_ptr<OGRFeature> fa(a->GetFeature(fid));
        const std::unique_ptr<OGRFeature> fb(b->GetFeature(fid));
        ASSERT_TRUE(fa && fb) << fid;
        const std::string id = fa->GetFieldAsString("id");
        for (const char* field : {"id", "name", "country", "method"}) {
            EXPECT_STREQ(fa->GetFieldAsString(field), fb->GetFieldAsString(field)) << id;
        }
        for (const char* field : {"partner", "approximate"}) {
            EXPECT_EQ(fa->GetFieldAsInteger(field), fb->GetFieldAsInteger(field)) << id;
        }
        EXPECT_DOUBLE_EQ(fa->GetFieldAsDouble("seat_lon"), fb->GetFieldAsDouble("seat_lon"));
        EXPECT_DOUBLE_EQ(fa->GetFieldAsDouble("seat_lat"), fb->GetFieldAsDouble("seat_lat"));
        // Same point set (vertex order and start points may differ): nothing in one is
        // outside the other.
        const std::unique_ptr<OGRGeometry> differ(
            fa->GetGeometryRef()->SymDifference(fb->GetGeometryRef()));
        ASSERT_TRUE(differ) << id;
        EXPECT_TRUE(differ->IsEmpty()) << id;
        EXPECT_DOUBLE_EQ(fa->GetGeometryRef()->toMultiPolygon()->get_Area(),
                         fb->GetGeometryRef()->toMultiPolygon()->get_Area())
            << id;
    }
}
