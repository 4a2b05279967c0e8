// Areal rates: the rates table reader, cells to areas (by field and by polygon) and the
// spreading that keeps every area's sum exactly.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "reach/demand/rates.hpp"
#include "reach/geo/crs.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::demand::AreaAssignment;
using reach::demand::RatesTable;
using reach::demand::read_rates;
using reach::demand::spread_rates;
using reach::test::TempDir;
using reach::test::write_text;
using reach::test::demand::input_error_message;
using reach::test::demand::square_wkt;
using reach::test::demand::write_layer;

constexpr std::int32_t none = AreaAssignment::no_area;

RatesTable table(std::vector<std::string> ids, std::vector<std::optional<double>> rate,
                 std::vector<std::optional<double>> count) {
    RatesTable t;
    const auto n = ids.size();
    t.area_id = std::move(ids);
    t.rate_per_1000 = std::move(rate);
    t.count = std::move(count);
    t.base.assign(n, "");
    t.source.assign(n, "");
    t.assumption.assign(n, "");
    return t;
}

std::string rates_error(const std::filesystem::path& path, const std::string& text) {
    write_text(path, text);
    return input_error_message([&] { (void)read_rates(path.string()); });
}

// Σ in cell order over the cells of `area`.
double area_sum(const std::vector<double>& persons, const std::vector<std::int32_t>& area_of_cell,
                std::int32_t area) {
    double sum = 0.0;
    for (std::size_t i = 0; i < persons.size(); ++i) {
        if (area_of_cell[i] == area) {
            sum += persons[i];
        }
    }
    return sum;
}

}  // namespace

// ---- reading ----------------------------------------------------------------------------

TEST(RatesReader, KeepsFiguresSourcesAndAssumptions) {
    const TempDir dir;
    write_text(dir / "rates.csv",
               "area_id,rate_per_1000,count,base,year,source,assumption\n"
               "LV,113.0,,total,2023,\"Ministry of Welfare, 11.3 %\",\"same rate everywhere\"\n"
               "zarasai,,1234,total,2022,municipal register,\n");
    const auto rates = read_rates((dir / "rates.csv").string());
    ASSERT_EQ(rates.rows(), 2U);
    EXPECT_EQ(rates.area_id, (std::vector<std::string>{"LV", "zarasai"}));
    EXPECT_EQ(rates.rate_per_1000[0], 113.0);
    EXPECT_FALSE(rates.count[0].has_value());
    EXPECT_EQ(rates.count[1], 1234.0);
    EXPECT_FALSE(rates.rate_per_1000[1].has_value());
    EXPECT_EQ(rates.base[0], "total");
    EXPECT_EQ(rates.source[0], "Ministry of Welfare, 11.3 %");
    EXPECT_EQ(reach::demand::assumptions(rates),
              (std::vector<std::string>{"LV: same rate everywhere"}));
}

TEST(RatesReaderErrors, MissingAreaIdListsTheColumns) {
    const TempDir dir;
    const auto message = rates_error(dir / "r.csv", "id,rate_per_1000\nLV,1\n");
    EXPECT_NE(message.find("r.csv: no column \"area_id\" (expected the area id of each row; "
                           "columns: id, rate_per_1000)"),
              std::string::npos)
        << message;
}

TEST(RatesReaderErrors, NeitherRateNorCountColumn) {
    const TempDir dir;
    const auto message = rates_error(dir / "r.csv", "area_id,share\nLV,1\n");
    EXPECT_NE(message.find("no column rate_per_1000 or count (expected one of them; columns: "
                           "area_id, share)"),
              std::string::npos)
        << message;
}

TEST(RatesReaderErrors, BothFiguresInARow) {
    const TempDir dir;
    const auto message = rates_error(dir / "r.csv", "area_id,rate_per_1000,count\nLV,1,\nLT,2,5\n");
    EXPECT_NE(message.find("r.csv:3 (area LT): both rate_per_1000 and count given (expected "
                           "exactly one of rate_per_1000 and count)"),
              std::string::npos)
        << message;
}

TEST(RatesReaderErrors, NeitherFigureInARow) {
    const TempDir dir;
    const auto message = rates_error(dir / "r.csv", "area_id,rate_per_1000,count\nLV,,\n");
    EXPECT_NE(message.find("r.csv:2 (area LV): neither rate_per_1000 nor count given"),
              std::string::npos)
        << message;
}

TEST(RatesReaderErrors, NegativeRateNamesLineColumnAndValue) {
    const TempDir dir;
    const auto message = rates_error(dir / "r.csv", "area_id,rate_per_1000\nLV,5\nLT,-81.8\n");
    EXPECT_NE(message.find("r.csv:3 (area LT): column rate_per_1000: \"-81.8\" is negative "
                           "(expected a number >= 0)"),
              std::string::npos)
        << message;
}

TEST(RatesReaderErrors, NonNumericCount) {
    const TempDir dir;
    const auto message = rates_error(dir / "r.csv", "area_id,count\nLV,about 200\n");
    EXPECT_NE(message.find("r.csv:2 (area LV): column count: \"about 200\" is not a number"),
              std::string::npos)
        << message;
}

TEST(RatesReaderErrors, DuplicateAreaId) {
    const TempDir dir;
    const auto path = dir / "r.csv";
    const auto message = rates_error(path, "area_id,count\nLV,1\nLV,2\n");
    EXPECT_NE(message.find("r.csv:3: duplicate area_id \"LV\" (first at " + path.string() + ":2"),
              std::string::npos)
        << message;
}

TEST(RatesReaderErrors, HeaderOnlyAndMissingFile) {
    const TempDir dir;
    EXPECT_NE(rates_error(dir / "r.csv", "area_id,count\n").find("r.csv: no rows"),
              std::string::npos);
    const auto missing = (dir / "none.csv").string();
    const auto message = input_error_message([&] { (void)read_rates(missing); });
    EXPECT_NE(message.find(missing + ": no such file"), std::string::npos) << message;
}

// ---- spreading --------------------------------------------------------------------------

//   cell    0   1   2   3   4   5
//   area    0   0   0   1   1   -
//   base    1   2   3  40  60   7
// area 0: count 10, Σbase 6  → 10/6, 20/6, 30/6 = 1.667, 3.333, 5
// area 1: rate 100 ‰, Σbase 100 → target 10 → 40 × 0.1 = 4, 60 × 0.1 = 6
// area 2: count 5 but no cells → unplaced; cell 5 is in no area → 0.
TEST(SpreadRates, HandExampleCountsAndRates) {
    const auto rates =
        table({"a", "b", "c"}, {std::nullopt, 100.0, std::nullopt}, {10.0, std::nullopt, 5.0});
    const std::vector<std::int32_t> area = {0, 0, 0, 1, 1, none};
    const std::vector<double> base = {1, 2, 3, 40, 60, 7};
    const auto result = spread_rates(rates, area, base);
    EXPECT_NEAR(result.persons[0], 10.0 / 6.0, 1e-12);
    EXPECT_NEAR(result.persons[1], 20.0 / 6.0, 1e-12);
    EXPECT_NEAR(result.persons[2], 5.0, 1e-12);
    EXPECT_NEAR(result.persons[3], 4.0, 1e-12);
    EXPECT_NEAR(result.persons[4], 6.0, 1e-12);
    EXPECT_EQ(result.persons[5], 0.0);
    EXPECT_EQ(area_sum(result.persons, area, 0), 10.0);  // exactly
    EXPECT_EQ(area_sum(result.persons, area, 1), 10.0);
    EXPECT_EQ(result.area_persons, (std::vector<double>{10.0, 10.0, 0.0}));
    EXPECT_EQ(result.unplaced_rows, (std::vector<std::size_t>{2}));
    EXPECT_EQ(result.unplaced_persons, 5.0);
}

// 200 random instances (fixed seed): every area's sum, taken in cell order, equals its count
// or rate/1000 × Σbase to the last bit; every cell stays within 1e-9 of its proportional
// share and ≥ 0.
TEST(SpreadRates, PerAreaSumsArePreservedExactly) {
    std::mt19937_64 random(20241124);
    for (int instance = 0; instance < 200; ++instance) {
        const std::size_t cells = 500 + random() % 1500;
        const std::size_t areas = 1 + random() % 40;
        std::uniform_real_distribution<double> persons(0.0, 900.0);
        std::vector<double> base(cells);
        std::vector<std::int32_t> area(cells);
        for (std::size_t i = 0; i < cells; ++i) {
            // Census-like counts to 0.01 in even instances, arbitrary doubles in odd ones.
            const double raw = persons(random);
            base[i] = random() % 5 == 0   ? 0.0
                      : instance % 2 == 0 ? std::round(raw * 100.0) / 100.0
                                          : raw;
            area[i] = static_cast<std::int32_t>(random() % (areas + 1)) - 1;  // some in none
        }
        std::vector<std::optional<double>> rate(areas);
        std::vector<std::optional<double>> count(areas);
        std::vector<std::string> ids(areas);
        for (std::size_t a = 0; a < areas; ++a) {
            ids[a] = fmt::format("m{}", a);
            if (a % 2 == 0) {
                count[a] = static_cast<double>(random() % 100000) / 7.0;
            } else {
                rate[a] = static_cast<double>(random() % 2000) / 10.0 + 1.0 / 3.0;
            }
        }
        const auto rates = table(ids, rate, count);
        const auto result = spread_rates(rates, area, base);
        std::vector<double> base_sum(areas, 0.0);
        for (std::size_t i = 0; i < cells; ++i) {
            if (area[i] >= 0) {
                base_sum[static_cast<std::size_t>(area[i])] += base[i];
            }
        }
        for (std::size_t a = 0; a < areas; ++a) {
            if (base_sum[a] == 0.0) {
                continue;
            }
            const double target = count[a] ? *count[a] : *rate[a] / 1000.0 * base_sum[a];
            ASSERT_EQ(area_sum(result.persons, area, static_cast<std::int32_t>(a)), target)
                << "instance " << instance << ", area " << a;
        }
        for (std::size_t i = 0; i < cells; ++i) {
            ASSERT_GE(result.persons[i], 0.0);
            if (area[i] < 0) {
                ASSERT_EQ(result.persons[i], 0.0);
                continue;
            }
            const auto a = static_cast<std::size_t>(area[i]);
            const double target = count[a] ? *count[a] : *rate[a] / 1000.0 * base_sum[a];
            ASSERT_NEAR(result.persons[i], target * base[i] / base_sum[a], 1e-9 * (1.0 + target));
        }
    }
}

TEST(AssignAreas, ByFieldMatchesIdsAndLeavesTheRestOut) {
    const auto assignment =
        reach::demand::assign_areas_by_field({"LV", "LT", "", "EE", "LT"}, {"LT", "LV"});
    EXPECT_EQ(assignment.area_of_cell, (std::vector<std::int32_t>{1, 0, none, none, 0}));
    EXPECT_EQ(assignment.unassigned_cells(), 2U);
}

// Two 2 km squares side by side, EPSG:3035, lower-left corners x0 = 5330000, y0 = 3740000:
//
//   +------A------+------B------+
//   |  c0         c2       c1   |          c3 (outside)
//   +-------------+-------------+
// c0 (x0+500, y0+500) in A; c1 (x0+3500, y0+1500) in B; c2 (x0+2000, y0+1000) on the shared
// edge → A, the first polygon in layer order; c3 (x0+5000, y0+500) outside → none.
TEST(AssignAreas, ByPolygonContainsTheCentreAndBreaksBoundaryTiesByLayerOrder) {
    const TempDir dir;
    const double x0 = 5330000;
    const double y0 = 3740000;
    write_layer(dir / "areas.gpkg", "GPKG", "areas", "EPSG:3035", wkbPolygon, {{"code", OFTString}},
                {{square_wkt(x0, y0, 2000), {"A"}}, {square_wkt(x0 + 2000, y0, 2000), {"B"}}});
    const std::vector<double> x = {x0 + 500, x0 + 3500, x0 + 2000, x0 + 5000};
    const std::vector<double> y = {y0 + 500, y0 + 1500, y0 + 1000, y0 + 500};
    const auto all = reach::demand::assign_areas_by_polygon(x, y, (dir / "areas.gpkg").string(),
                                                            "code", "EPSG:3035");
    EXPECT_EQ(all.area_id, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(all.area_of_cell, (std::vector<std::int32_t>{0, 1, 0, none}));
    // Indexed into a rates table that lists B only: A's cells belong to no listed area.
    const auto listed = reach::demand::assign_areas_by_polygon(
        x, y, (dir / "areas.gpkg").string() + "#areas", "code", "EPSG:3035", {"X", "B"});
    EXPECT_EQ(listed.area_of_cell, (std::vector<std::int32_t>{none, 1, none, none}));
}

// The same squares drawn in lon/lat (corners sent to EPSG:4326) and split over three
// features, two of them sharing the id A: cells well inside land where they did in EPSG:3035.
TEST(AssignAreas, ByPolygonInAnotherCrsWithMultiFeatureAreas) {
    const TempDir dir;
    const double x0 = 5330000;
    const double y0 = 3740000;
    const reach::geo::Reprojector to_lonlat(reach::geo::make_srs("EPSG:3035"),
                                            reach::geo::make_srs("EPSG:4326"));
    const auto lonlat_square = [&](double x, double y, double w, double h) {
        std::string wkt = "POLYGON ((";
        const double xs[] = {x, x + w, x + w, x, x};
        const double ys[] = {y, y, y + h, y + h, y};
        for (int k = 0; k < 5; ++k) {
            double a = xs[k];
            double b = ys[k];
            EXPECT_TRUE(to_lonlat.transform(a, b));
            wkt += fmt::format("{}{:.12f} {:.12f}", k == 0 ? "" : ", ", a, b);
        }
        return wkt + "))";
    };
    write_layer(dir / "areas.gpkg", "GPKG", "areas", "EPSG:4326", wkbPolygon, {{"code", OFTString}},
                {{lonlat_square(x0, y0, 2000, 1000), {"A"}},
                 {lonlat_square(x0, y0 + 1000, 2000, 1000), {"A"}},
                 {lonlat_square(x0 + 2000, y0, 2000, 2000), {"B"}}});
    const std::vector<double> x = {x0 + 500, x0 + 500, x0 + 3500, x0 + 5000};
    const std::vector<double> y = {y0 + 500, y0 + 1500, y0 + 1500, y0 + 500};
    const auto assignment = reach::demand::assign_areas_by_polygon(
        x, y, (dir / "areas.gpkg").string(), "code", "EPSG:3035");
    EXPECT_EQ(assignment.area_id, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(assignment.area_of_cell, (std::vector<std::int32_t>{0, 0, 1, none}));
}

TEST(AssignAreasErrors, MissingIdFieldAndPointLayer) {
    const TempDir dir;
    write_layer(dir / "areas.gpkg", "GPKG", "areas", "EPSG:3035", wkbPolygon,
                {{"code", OFTString}, {"name", OFTString}}, {{square_wkt(0, 0, 10), {"A", "Aa"}}});
    const auto path = (dir / "areas.gpkg").string();
    const auto message = input_error_message(
        [&] { (void)reach::demand::assign_areas_by_polygon({}, {}, path, "id", "EPSG:3035"); });
    EXPECT_NE(message.find(path + "#areas: no column \"id\" (expected the area id; columns: "
                                  "code, name)"),
              std::string::npos)
        << message;

    write_layer(dir / "points.gpkg", "GPKG", "p", "EPSG:3035", wkbPoint, {{"code", OFTString}},
                {{"POINT (1 2)", {"A"}}});
    const auto points = (dir / "points.gpkg").string();
    const auto point_message = input_error_message(
        [&] { (void)reach::demand::assign_areas_by_polygon({}, {}, points, "code", "EPSG:3035"); });
    EXPECT_NE(point_message.find(points + "#p, feature 1: area A: geometry POINT is not a polygon"),
              std::string::npos)
        << point_message;
}

// Degenerate but valid rings (issue 10, robust geometry): a 2 km square drawn with every
// corner repeated and a collinear vertex in the middle of each edge assigns cells exactly
// as the clean square does: c0 inside, c1 on the collinear vertex of the east edge (inside:
// boundary counts, SCENARIO.md), c2 outside.
TEST(AssignAreas, RepeatedCornersAndCollinearVerticesChangeNothing) {
    const TempDir dir;
    const double x0 = 5330000;
    const double y0 = 3740000;
    const auto wkt = fmt::format(
        "POLYGON (({0} {1}, {0} {1}, {2} {1}, {3} {1}, {3} {1}, {3} {4}, {3} {5}, {2} {5}, "
        "{0} {5}, {0} {5}, {0} {4}, {0} {1}))",
        x0, y0, x0 + 1000, x0 + 2000, y0 + 1000, y0 + 2000);
    write_layer(dir / "areas.gpkg", "GPKG", "areas", "EPSG:3035", wkbPolygon,
                {{"code", OFTString}}, {{wkt, {"A"}}});
    const std::vector<double> x = {x0 + 500, x0 + 2000, x0 + 2500};
    const std::vector<double> y = {y0 + 500, y0 + 1000, y0 + 500};
    const auto assignment = reach::demand::assign_areas_by_polygon(
        x, y, (dir / "areas.gpkg").string(), "code", "EPSG:3035");
    EXPECT_EQ(assignment.area_of_cell, (std::vector<std::int32_t>{0, 0, none}));
}

// A ring whose vertices all lie on one line has no inside: an error naming the area and
// GEOS's reason, never a crash or a silently empty area.
TEST(AssignAreasErrors, CollinearRingIsAnErrorNamingTheArea) {
    const TempDir dir;
    write_layer(dir / "areas.gpkg", "GPKG", "areas", "EPSG:3035", wkbPolygon,
                {{"code", OFTString}},
                {{square_wkt(0, 0, 10), {"A"}},
                 {"POLYGON ((0 20, 10 20, 20 20, 0 20))", {"flat"}}});
    const auto path = (dir / "areas.gpkg").string();
    const auto message = input_error_message(
        [&] { (void)reach::demand::assign_areas_by_polygon({5}, {5}, path, "code", "EPSG:3035"); });
    EXPECT_NE(message.find(path + "#areas, feature 2: area flat:"), std::string::npos) << message;
    EXPECT_NE(message.find("not a valid polygon"), std::string::npos) << message;
}
