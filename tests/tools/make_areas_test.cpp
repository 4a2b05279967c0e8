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
#include <sstream>
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
Seat seat(const std::string& id, const std::string& country, double x, double y,
          const std::string& kind = "") {
    Seat s;
    s.id = id;
    s.name = id;
    s.country = country;
    s.kind = kind;
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

// Radius by kind: c is a city (25 km), v a village given 5 km here. Cell centres (km), row y:
//
//   y 6.5                       x6 (10.5, 6.5): v 6 km > 5 → not v; c √(10²+6²) = 11.66 → c
//   y 0.5  c . . . . x1 . x2 . . v . . . . x3 x4 ......... x5
//          0.5      5.5  7.5    10.5     15.5 16.5       30.5
//
// x1: c 5, v 5 → tie → c (smaller id). x2: c 7, v 3 → v. x3: v exactly 5 → v (boundary).
// x4: v 6 > 5 → c (16 ≤ 25), though v is nearer. x5: c 30 > 25, v 20 > 5 → none.
// With one radius of 25 km for both, x4, x5 and x6 would go to v (6 < 16, 20 < 30, 6 < 11.66).
TEST(MakeAreasAssign, AFarCellGoesToTheNearestPlaceWhoseOwnRadiusCoversIt) {
    const double k = 1000.0;
    const std::vector<Seat> seats{seat("c", "LT", 0.5 * k, 0.5 * k, "city"),
                                  seat("v", "LT", 10.5 * k, 0.5 * k, "village")};
    const auto radii = reach::areas::seat_radii_m(
        seats, reach::areas::parse_max_distance("city=25,town=20,village=5"));
    EXPECT_EQ(radii, (std::vector<double>{25000.0, 5000.0}));
    const std::vector<GridCell> cells{cell(5 * k, 0, "LT"),  cell(7 * k, 0, "LT"),
                                      cell(15 * k, 0, "LT"), cell(16 * k, 0, "LT"),
                                      cell(30 * k, 0, "LT"), cell(10 * k, 6 * k, "LT")};
    EXPECT_EQ(reach::areas::assign_cells(cells, seats, 1000.0, radii),
              (std::vector<std::uint32_t>{0, 1, 1, 0, no_seat, 0}));
    EXPECT_EQ(reach::areas::assign_cells(cells, seats, 1000.0, 25000.0),
              (std::vector<std::uint32_t>{0, 1, 1, 1, 1, 1}));
}

TEST(MakeAreasOptions, MaxDistanceIsOneNumberOrKindPairsInKilometres) {
    const auto one = reach::areas::parse_max_distance("25");
    ASSERT_TRUE(one.all_m.has_value());
    EXPECT_DOUBLE_EQ(*one.all_m, 25000.0);
    EXPECT_EQ(reach::areas::describe(one), "25 km");
    const auto by_kind = reach::areas::parse_max_distance("village=15,city=25,town=20.5");
    EXPECT_FALSE(by_kind.all_m.has_value());
    EXPECT_EQ(by_kind.by_kind_m, (std::map<std::string, double>{
                                     {"city", 25000.0}, {"town", 20500.0}, {"village", 15000.0}}));
    EXPECT_EQ(reach::areas::describe(by_kind), "city 25 km, town 20.5 km, village 15 km");
    // The program's default rule.
    const reach::areas::AreaOptions defaults;
    EXPECT_EQ(reach::areas::describe(defaults.max_distance),
              "city 25 km, town 20 km, village 15 km");
    EXPECT_EQ(reach::test::input_error_message(
                  [] { (void)reach::areas::parse_max_distance("city=25,town=far"); }),
              "--max-distance-km: \"far\" is not a positive distance in km");
    EXPECT_EQ(reach::test::input_error_message(
                  [] { (void)reach::areas::parse_max_distance("city=25,city=20"); }),
              "--max-distance-km: kind \"city\" given twice");
    EXPECT_EQ(
        reach::test::input_error_message([] { (void)reach::areas::parse_max_distance("-3"); }),
        "--max-distance-km: \"-3\" is not a positive distance in km");
}

TEST(MakeAreasOptions, PlaceOfAKindWithoutRadiusIsAnInputErrorNamingFileAndLine) {
    auto hamlet = seat("kaimas", "LT", 0, 0, "hamlet");
    hamlet.where = "places.csv:4";
    const auto message = reach::test::input_error_message([&] {
        (void)reach::areas::seat_radii_m({hamlet},
                                         reach::areas::parse_max_distance("city=25,town=20"));
    });
    EXPECT_EQ(message,
              "places.csv:4: place \"kaimas\" has kind \"hamlet\", which has no radius in "
              "--max-distance-km (kinds: city, town; or give one distance for all places)");
    // One distance for all places ignores the kind.
    EXPECT_EQ(reach::areas::seat_radii_m({hamlet}, reach::areas::parse_max_distance("7")),
              (std::vector<double>{7000.0}));
}

// Places a, b, m (LT) and l (LV), sorted by id: member m joins b; the others stay themselves.
TEST(MakeAreasOptions, MemberPlacesPointToTheSeatTheyJoin) {
    const std::vector<Seat> seats{seat("a", "LT", 0, 0), seat("b", "LT", 0, 0),
                                  seat("l", "LV", 0, 0), seat("m", "LT", 0, 0)};
    EXPECT_EQ(reach::areas::area_of_seats(seats, reach::areas::parse_members("m=b")),
              (std::vector<std::uint32_t>{0, 1, 2, 1}));
    EXPECT_EQ(reach::areas::area_of_seats(seats, reach::areas::parse_members("")),
              (std::vector<std::uint32_t>{0, 1, 2, 3}));
    const auto error = [&](const char* text) {
        return reach::test::input_error_message(
            [&] { (void)reach::areas::area_of_seats(seats, reach::areas::parse_members(text)); });
    };
    EXPECT_EQ(error("m"), "--member: \"m\" is not place=area (e.g. dusetos=zarasai)");
    EXPECT_EQ(error("m=zarasai"), "--member: unknown place id \"zarasai\"");
    EXPECT_EQ(error("m=m"), "--member: place \"m\" cannot join itself");
    EXPECT_EQ(error("m=a,m=b"), "--member: place \"m\" is given twice (joins \"a\" and \"b\")");
    EXPECT_EQ(error("l=a"), "--member: place \"l\" (LV) cannot join \"a\" (LT): another country");
    EXPECT_EQ(error("m=b,b=a"),
              "--member: place \"m\" joins \"b\", which is itself a member of \"a\" (name the "
              "area's seat)");
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
        (dir / "places.csv").string() + " --out " + out.string() +
        " --partners alpha --max-distance-km 25");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("3 areas written"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("2 of 15 populated cells (15000 of 15525 persons)"),
              std::string::npos)
        << result.out;
    EXPECT_NE(result.err.find("1 place(s) have no populated cell"), std::string::npos);

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

// A member town's cells join its seat's area, but cells still go to the nearest place. One
// row of LT cells (i = 0..9, T = i + 1) and three far cells, origin as above; places at the
// centres of cells: Alpha (town, 20 km) at (0,0), Mazas (village, 15 km) at (4,0), a member of
// Alpha, Beta (city, 25 km) at (9,0); default radii.
//
//   j 24   n                 n: (0,24) T=400: Alpha 24 > 20, Mazas 24.3 > 15, Beta 25.6 > 25
//   j 21   b                 b: (0,21) T=200: Alpha 21 > 20, Mazas 21.4 > 15, Beta √(81+441)
//                               = 22.85 ≤ 25 → Beta (with one radius of 25 km: Alpha)
//   j  0   A A A M M M M B B B
//          0 1 2 3 4 5 6 7 8 9   i
//
// Row 0: i = 0, 1 nearest Alpha; 2 is 2 km from Alpha and Mazas (either way it joins Alpha);
// 3–6 nearest Mazas (6: Mazas 2, Beta 3); 7–9 nearest Beta (7: Beta 2, Mazas 3). Without the
// membership 5 and 6 would be Beta's (Beta 4 and 3 km, Alpha 5 and 6 km); with it, Alpha's
// area is the 7 × 1 block i = 0..6: 7 km², perimeter 16 km, 1 polygon, T = 1+…+7 = 28, at
// Alpha's coordinates. Beta: i = 7..9 and b: 4 km², 2 polygons, perimeter 8 + 4 = 12 km,
// T = 8+9+10+200 = 227. No Mazas area; n has none: 1 of 12 cells, 400 of 655 persons.
TEST(MakeAreas, MemberTownCellsAreDissolvedIntoItsSeatsArea) {
    const reach::test::TempDir dir;
    const double x0 = 5300000.0, y0 = 3700000.0;
    const reach::geo::Reprojector back(reach::geo::make_srs("EPSG:3035"),
                                       reach::geo::make_srs("EPSG:4326"));
    const auto lonlat = [&](int i, int j) {
        double x = x0 + 1000.0 * i + 500.0, y = y0 + 1000.0 * j + 500.0;
        EXPECT_TRUE(back.transform(x, y));
        return std::pair<double, double>{x, y};
    };
    const auto alpha = lonlat(0, 0);
    const auto row = [](const char* name, const char* kind, std::pair<double, double> p) {
        char text[128];
        std::snprintf(text, sizeof text, "%s,LT,%s,%.10f,%.10f\n", name, kind, p.second, p.first);
        return std::string(text);
    };
    reach::test::write_text(dir / "places.csv", "name,country,kind,lat,lon\n" +
                                                    row("Alpha", "town", alpha) +
                                                    row("Mazas", "village", lonlat(4, 0)) +
                                                    row("Beta", "city", lonlat(9, 0)));
    std::string grid = "x_ll,y_ll,cntr_derived,T\n";
    const auto add = [&](int i, int j, int population) {
        grid += std::to_string(static_cast<long>(x0) + 1000L * i) + "," +
                std::to_string(static_cast<long>(y0) + 1000L * j) + ",LT," +
                std::to_string(population) + "\n";
    };
    for (int i = 0; i < 10; ++i) {
        add(i, 0, i + 1);
    }
    add(0, 21, 200);
    add(0, 24, 400);
    reach::test::write_text(dir / "grid.csv", grid);

    const auto out = dir / "areas.gpkg";
    const auto result = reach::test::run_command(
        std::string(REACH_MAKE_AREAS) + " --grid " + (dir / "grid.csv").string() + " --places " +
        (dir / "places.csv").string() + " --out " + out.string() + " --member mazas=alpha");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err, "");  // Mazas has no area of its own, and that is no warning
    EXPECT_NE(result.out.find("2 areas written"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("1 of 12 populated cells (400 of 655 persons) are outside the "
                              "radius of every place of their country (city 25 km, town 20 km, "
                              "village 15 km)"),
              std::string::npos)
        << result.out;
    EXPECT_NE(
        result.out.find("alpha          LT      0             7       7.0         28     1  mazas"),
        std::string::npos)
        << result.out;
    EXPECT_NE(
        result.out.find("beta           LT      0             4       4.0        227     2  \n"),
        std::string::npos)
        << result.out;

    std::vector<std::string> order;
    auto rows = read_areas(out, order);
    EXPECT_EQ(order, (std::vector<std::string>{"alpha", "beta"}));
    EXPECT_NEAR(rows["alpha"].area_km2, 7.0, 1e-9);
    EXPECT_NEAR(rows["alpha"].perimeter_km, 16.0, 1e-9);
    EXPECT_EQ(rows["alpha"].parts, 1);
    EXPECT_EQ(rows["alpha"].name, "Alpha service area (approximate)");
    EXPECT_NEAR(rows["beta"].area_km2, 4.0, 1e-9);
    EXPECT_NEAR(rows["beta"].perimeter_km, 12.0, 1e-9);
    EXPECT_EQ(rows["beta"].parts, 2);

    const auto dataset = open(out);
    ASSERT_TRUE(dataset);
    OGRLayer* layer = dataset->GetLayerByName("areas");
    ASSERT_NE(layer, nullptr);
    EXPECT_STREQ(layer->GetMetadataItem("MEMBERS"), "mazas=alpha");
    EXPECT_STREQ(layer->GetMetadataItem("MAX_DISTANCE_KM"),
                 "city 25 km, town 20 km, village 15 km");
    const std::unique_ptr<OGRFeature> first(layer->GetFeature(1));
    ASSERT_TRUE(first);
    EXPECT_STREQ(first->GetFieldAsString("id"), "alpha");
    EXPECT_NEAR(first->GetFieldAsDouble("seat_lon"), alpha.first, 1e-9);
    EXPECT_NEAR(first->GetFieldAsDouble("seat_lat"), alpha.second, 1e-9);
    EXPECT_NE(std::string(first->GetFieldAsString("method")).find("nearest to Mazas"),
              std::string::npos)
        << first->GetFieldAsString("method");
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
    reach::test::write_text(dir / "places.csv",
                            "name,country,lat,lon,kind\nAlpha,LT,55.7,26.2,town\n");
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

// The shipped file: 18 areas, one per place of data/places/places_lv_lt.csv except the four
// member towns (Aknīste, Dusetos, Obeliai, Subate: their cells are in the areas of Jēkabpils,
// Zarasai, Rokiškis, Ilūkste), ordered by id, all approximate, partner = 1 for exactly the 8
// partner seats, EPSG:3035, and metadata saying they are not municipal boundaries and giving
// the radius rule and the members. Areas are unions of whole 1 km cells, so each area in km²
// is a whole number.
TEST(MakeAreas, ShippedFileHasTheEighteenApproximateAreasAndEightPartners) {
    const auto file = reach::test::source_path("data/boundaries/areas.gpkg");
    std::vector<std::string> order;
    auto rows = read_areas(file, order);
    const std::vector<std::string> ids{
        "auce",      "bauska",   "birzai",   "daugavpils", "dobele",    "ilukste",
        "jekabpils", "jelgava",  "kraslava", "kupiskis",   "pasvalys",  "plunge",
        "preili",    "rokiskis", "utena",    "vecumnieki", "visaginas", "zarasai"};
    EXPECT_EQ(order.size(), 18U);
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
    EXPECT_NE(std::string(warning).find("nearest place of the same country among those whose "
                                        "radius covers it; the radius depends on the kind of "
                                        "place (city 25 km, town 20 km, village 15 km)"),
              std::string::npos)
        << warning;
    EXPECT_STREQ(layer->GetMetadataItem("MEMBERS"),
                 "dusetos=zarasai,obeliai=rokiskis,subate=ilukste,akniste=jekabpils");
    EXPECT_STREQ(layer->GetMetadataItem("MAX_DISTANCE_KM"),
                 "city 25 km, town 20 km, village 15 km");
}

// data/boundaries/areas.gpkg is what tools/make-areas (with its partners, members and radii)
// makes from data/population and data/places today: same ids and fields in the same order,
// geometries covering the same ground (empty GEOS symmetric difference; vertex order may
// differ between GEOS versions). The cells and population ΣT it prints per area, and the
// population left without an area, are those of an independent Python computation (place
// coordinates by gdaltransform, not PROJ through reach; members and radii as in
// tools/make-areas), run from the source root:
//
//   python3 - <<'PY'
//   import csv, gzip, math, subprocess, unicodedata
//   places = list(csv.DictReader(open("data/places/places_lv_lt.csv", encoding="utf-8")))
//   xy = subprocess.run(["gdaltransform", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:3035",
//                        "-output_xy"], input="".join(f"{p['lon']} {p['lat']}\n" for p in places),
//                       capture_output=True, text=True, check=True).stdout.split("\n")
//   slug = lambda n: unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode().lower()
//   radius = {"city": 25000, "town": 20000, "village": 15000}
//   member = {"dusetos": "zarasai", "obeliai": "rokiskis", "subate": "ilukste",
//             "akniste": "jekabpils"}
//   seats = [(slug(p["name"]), p["country"], *map(float, xy[i].split()), radius[p["kind"]])
//            for i, p in enumerate(places)]
//   pop, cells, none = {}, {}, 0
//   for r in csv.DictReader(gzip.open("data/population/census2021_1km.csv.gz", "rt")):
//       cx, cy, t = float(r["x_ll"]) + 500, float(r["y_ll"]) + 500, float(r["T"])
//       if t <= 0: continue
//       d = [(math.hypot(cx - x, cy - y), sid) for sid, c, x, y, rad in seats
//            if c == r["cntr_derived"] and math.hypot(cx - x, cy - y) <= rad]
//       if not d: none += t; continue
//       a = member.get(min(d)[1], min(d)[1])
//       pop[a] = pop.get(a, 0) + t; cells[a] = cells.get(a, 0) + 1
//   for a in sorted(pop): print(a, cells[a], round(pop[a]))
//   print("none", round(none))
//   PY
TEST(MakeAreas, ShippedFileIsReproducedByToolsMakeAreas) {
    const reach::test::TempDir dir;
    const auto out = dir / "areas.gpkg";
    // REACH_MAKE_AREAS is <build>/tools/areas/reach-make-areas.
    const auto build =
        std::filesystem::path(REACH_MAKE_AREAS).parent_path().parent_path().parent_path();
    const auto result =
        reach::test::run_command(reach::test::source_path("tools/make-areas").string() +
                                 " --build " + build.string() + " --out " + out.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // id → (cells = km², ΣT), from the Python above.
    const std::map<std::string, std::pair<int, int>> expected{
        {"auce", {312, 7718}},        {"bauska", {883, 33834}},    {"birzai", {547, 21574}},
        {"daugavpils", {791, 94798}}, {"dobele", {759, 28116}},    {"ilukste", {585, 10050}},
        {"jekabpils", {1177, 45614}}, {"jelgava", {813, 95633}},   {"kraslava", {518, 12385}},
        {"kupiskis", {499, 16187}},   {"pasvalys", {579, 21672}},  {"plunge", {1123, 54416}},
        {"preili", {762, 14812}},     {"rokiskis", {934, 29379}},  {"utena", {1132, 42063}},
        {"vecumnieki", {281, 6389}},  {"visaginas", {381, 23446}}, {"zarasai", {787, 16064}}};
    std::map<std::string, std::pair<int, int>> printed;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        std::string id, country;
        int partner = 0, cells = 0;
        double km2 = 0.0, population = 0.0;
        if (fields >> id >> country >> partner >> cells >> km2 >> population) {
            printed[id] = {cells, static_cast<int>(std::lround(population))};
        }
    }
    EXPECT_EQ(printed, expected) << result.out;
    EXPECT_NE(result.out.find("(1825486 of 2399636 persons) are outside the radius"),
              std::string::npos)
        << result.out;
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
