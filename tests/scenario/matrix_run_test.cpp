// reach run on a travel-time matrix computed elsewhere (SCENARIO.md § matrix): the same
// measures as on a road graph, from origin_id,destination_id,time_min. Every expected value
// below is worked out by hand in the comments.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "reach/core/units.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::test::TempDir;
using reach::test::write_text;

// Five cells a..e, two centres X (capacity 10) and Y (capacity 20):
//   a→X 5, a→Y 20, b→X 12, c→Y 8, d→Y 40 (minutes); e has no pair (unreachable).
constexpr const char* od_csv =
    "origin_id,destination_id,time_min\n"
    "a,X,5\n"
    "a,Y,20\n"
    "b,X,12\n"
    "c,Y,8\n"
    "d,Y,40\n";

void write_inputs(const TempDir& dir, const std::string& od = od_csv,
                  const std::string& extra = "") {
    write_text(dir / "od.csv", od);
    write_text(dir / "demand.csv", "id,pop,country\na,100,LV\nb,200,LV\nc,300,LV\nd,50,LT\ne,10,LT\n");
    write_text(dir / "supply.csv", "id,capacity,country\nX,10,LV\nY,20,LT\n");
    write_text(dir / "s.yaml",
               "reach: 1\n"
               "name: toy-matrix\n"
               "matrix: {file: od.csv}\n"
               "population: {file: demand.csv, id_field: id, country_field: country,\n"
               "             groups: {total: {column: pop}}}\n"
               "centres: {file: supply.csv, id_field: id, capacity_field: capacity,\n"
               "          country_field: country}\n"
               "thresholds_min: [10, 30]\n"
               "target_min: 10\n"
               "measures: {e2sfca: {decay: step, breaks_min: [10, 30], weights: [1.0, 0.5],\n"
               "                    demand_group: total}}\n"
               "outputs: {dir: out}\n" +
                   extra);
}

reach::scenario::RunResult run(const TempDir& dir) {
    return reach::scenario::run_scenario(reach::scenario::load_scenario(dir / "s.yaml"), {});
}

std::size_t cell(const reach::scenario::RunResult& r, const std::string& id) {
    return static_cast<std::size_t>(
        std::find(r.cell_id.begin(), r.cell_id.end(), id) - r.cell_id.begin());
}

TEST(MatrixRun, NearestTimesCoverageAndE2sfcaByHand) {
    const TempDir dir;
    write_inputs(dir);
    const auto r = run(dir);
    ASSERT_EQ(r.profiles.size(), 1U);
    const auto& column = r.profiles[0];
    EXPECT_EQ(column.profile, "matrix");
    // Nearest: a 5 min (X), b 12 (X), c 8 (Y), d 40 (Y), e none.
    EXPECT_DOUBLE_EQ(column.time_s[cell(r, "a")], 300.0);
    EXPECT_EQ(column.centre_id[cell(r, "a")], "X");
    EXPECT_DOUBLE_EQ(column.time_s[cell(r, "b")], 720.0);
    EXPECT_DOUBLE_EQ(column.time_s[cell(r, "c")], 480.0);
    EXPECT_EQ(column.centre_id[cell(r, "c")], "Y");
    EXPECT_DOUBLE_EQ(column.time_s[cell(r, "d")], 2400.0);
    EXPECT_EQ(column.time_s[cell(r, "e")], reach::unreachable);
    EXPECT_EQ(column.centre_id[cell(r, "e")], "");

    // E2SFCA, zones [0,10] w 1 and (10,30] w 0.5:
    //   X: a 5 min (1 × 100) + b 12 min (0.5 × 200) = 200 weighted persons → 10/200 = 0.05
    //   Y: a 20 min (0.5 × 100) + c 8 min (1 × 300) = 350 (d at 40 min is out) → 20/350
    //   a = 1 × 0.05 + 0.5 × 20/350 = 0.0785714… → 78.571428… per 1 000
    //   b = 0.5 × 0.05 = 0.025 → 25;  c = 1 × 20/350 → 57.142857…;  d = e = 0.
    EXPECT_NEAR(column.e2sfca[cell(r, "a")], 1000.0 * (0.05 + 0.5 * 20.0 / 350.0), 1e-9);
    EXPECT_NEAR(column.e2sfca[cell(r, "b")], 25.0, 1e-9);
    EXPECT_NEAR(column.e2sfca[cell(r, "c")], 1000.0 * 20.0 / 350.0, 1e-9);
    EXPECT_DOUBLE_EQ(column.e2sfca[cell(r, "d")], 0.0);
    EXPECT_DOUBLE_EQ(column.e2sfca[cell(r, "e")], 0.0);

    // Coverage of the 660 persons: ≤ 10 min a + c = 400; ≤ 30 min + b = 600.
    ASSERT_EQ(r.pairs.size(), 1U);
    const auto& total = r.pairs[0].figures.total.coverage;
    EXPECT_DOUBLE_EQ(total.population, 660.0);
    ASSERT_EQ(total.covered.size(), 2U);
    EXPECT_DOUBLE_EQ(total.covered[0], 400.0);
    EXPECT_DOUBLE_EQ(total.covered[1], 600.0);
    // Cross-border: a, b (LV) go to X (LV), d (LT) to Y (LT), but c (LV) to Y (LT): 300
    // persons have their nearest centre abroad. Border closed: c loses its only centre;
    //   ≤ 10: a 100; ≤ 30: a + b = 300.
    EXPECT_DOUBLE_EQ(r.pairs[0].nearest_abroad, 300.0);
    ASSERT_EQ(r.pairs[0].covered_if_border_closed.size(), 2U);
    EXPECT_DOUBLE_EQ(r.pairs[0].covered_if_border_closed[0], 100.0);
    EXPECT_DOUBLE_EQ(r.pairs[0].covered_if_border_closed[1], 300.0);
}

TEST(MatrixRun, EqualTimesGoToTheSmallerId) {
    const TempDir dir;
    write_inputs(dir, "origin_id,destination_id,time_min\na,Y,7\na,X,7\n");
    const auto r = run(dir);
    EXPECT_EQ(r.profiles[0].centre_id[cell(r, "a")], "X");
    EXPECT_DOUBLE_EQ(r.profiles[0].time_s[cell(r, "a")], 420.0);
}

TEST(MatrixRun, BorderDenyUsesOwnCountryOnly) {
    const TempDir dir;
    write_inputs(dir, od_csv, "cross_border: deny\n");
    const auto r = run(dir);
    // a (LV) keeps X at 5 min; c (LV) may not use Y (LT): unreachable.
    EXPECT_DOUBLE_EQ(r.profiles[0].time_s[cell(r, "a")], 300.0);
    EXPECT_EQ(r.profiles[0].time_s[cell(r, "c")], reach::unreachable);
    // E2SFCA without the border pairs: X: a (1 × 100) + b (0.5 × 200) = 200 → 0.05;
    // Y: only LT cells: d at 40 min is out → no demand, ratio 0. a = 0.05 → 50 per 1 000.
    EXPECT_NEAR(r.profiles[0].e2sfca[cell(r, "a")], 50.0, 1e-9);
    EXPECT_DOUBLE_EQ(r.profiles[0].e2sfca[cell(r, "c")], 0.0);
}

TEST(MatrixRun, ClosedCentreIsSkipped) {
    const TempDir dir;
    write_inputs(dir);
    write_text(dir / "closed.yaml", "reach: 1\nname: closed\nbase: s.yaml\ncentres: {close: [Y]}\n");
    const auto r = reach::scenario::run_scenario(
        reach::scenario::load_scenario(dir / "closed.yaml"), {});
    EXPECT_EQ(r.profiles[0].time_s[cell(r, "c")], reach::unreachable);
    EXPECT_EQ(r.profiles[0].centre_id[cell(r, "a")], "X");
}

TEST(MatrixRun, BadMatrixRowsNameTheLine) {
    const auto message = [](const std::string& od) {
        const TempDir dir;
        write_inputs(dir, od);
        return reach::test::input_error_message([&] { (void)run(dir); });
    };
    const std::string header = "origin_id,destination_id,time_min\n";
    EXPECT_NE(message(header + "a,X,5\nzz,X,3\n").find("od.csv:3: origin_id \"zz\" is not a cell"),
              std::string::npos);
    EXPECT_NE(message(header + "a,Q,5\n").find("od.csv:2: destination_id \"Q\" is not a centre"),
              std::string::npos);
    EXPECT_NE(message(header + "a,X,-1\n").find("od.csv:2: time_min \"-1\""), std::string::npos);
    EXPECT_NE(message(header + "a,X,fast\n").find("od.csv:2: time_min \"fast\""),
              std::string::npos);
    EXPECT_NE(message(header + "a,X,5\na,X,6\n").find("od.csv:3: pair a → X given twice (first "
                                                      "at line 2"),
              std::string::npos);
    EXPECT_NE(message("origin,destination_id,time_min\na,X,5\n").find("no column \"origin_id\""),
              std::string::npos);
}

TEST(MatrixRun, ImputedPersonsPerPairAndCountry) {
    const TempDir dir;
    write_inputs(dir);
    // Y_GE65 of b and d is confidential (flag 1): imputed as T × the 65+ share among the
    // unflagged cells of the same country: LV 20/100 = 0.2 → b = 0.2 × 200 = 40;
    // LT (60 + 0)/(300 + 10) → d = 50 × 60/310 = 9.677… (e is unflagged: 0 of 10 persons).
    write_text(dir / "demand.csv",
               "id,pop,old,old_ci,country\n"
               "a,100,20,0,LV\nb,200,,1,LV\nc,300,60,0,LT\nd,50,-9999,1,LT\ne,10,0,0,LT\n");
    write_text(dir / "old.yaml",
               "reach: 1\nname: imputed\nbase: s.yaml\n"
               "population: {groups: {old: {column: old, flag_column: old_ci,\n"
               "                            impute: share_of_total_in_country}}}\n");
    const auto r = reach::scenario::run_scenario(
        reach::scenario::load_scenario(dir / "old.yaml"), {});
    ASSERT_EQ(r.pairs.size(), 2U);
    const auto& old = r.pairs[1];
    ASSERT_EQ(old.group, "old");
    EXPECT_NEAR(old.imputed_persons, 40.0 + 50.0 * 60.0 / 310.0, 1e-9);
    ASSERT_EQ(old.figures.country, (std::vector<std::string>{"LT", "LV"}));
    EXPECT_NEAR(old.imputed_by_country[0], 50.0 * 60.0 / 310.0, 1e-9);
    EXPECT_DOUBLE_EQ(old.imputed_by_country[1], 40.0);
    EXPECT_DOUBLE_EQ(r.pairs[0].imputed_persons, 0.0);  // total: nothing imputed
}

// Concentration index of E2SFCA ranked by income (e poorest … a richest; low = worst-off):
// persons ordered e (10, h 0), d (50, 0), c (300, 57.142857), b (200, 25), a (100, 78.571429);
// W = 660, fractional ranks R = (cum before + w/2)/W: c 210/660, b 460/660, a 610/660.
// Σ w·h = 30 000; Σ w·h·(R − ½) = −(120000/7)(120/660) + 5000·130/660 + (55000/7)(280/660)
// = 5 550 000/4 620; C = 2 · that / 30 000 = 0.0800866 (E2SFCA leans to the richer cells).
TEST(MatrixRun, ConcentrationIndexWithAnEquityRankColumn) {
    const TempDir dir;
    write_inputs(dir);
    write_text(dir / "demand.csv",
               "id,pop,income,country\na,100,5,LV\nb,200,4,LV\nc,300,3,LV\nd,50,2,LT\n"
               "e,10,1,LT\n");
    write_text(dir / "ranked.yaml", "reach: 1\nname: ranked\nbase: s.yaml\n"
                                    "measures: {equity_rank_column: income}\n");
    const auto r = reach::scenario::run_scenario(
        reach::scenario::load_scenario(dir / "ranked.yaml"), {});
    const auto& ci = r.pairs[0].figures.total.concentration_index;
    ASSERT_TRUE(ci.has_value());
    EXPECT_NEAR(*ci, 2.0 * 5550000.0 / 4620.0 / 30000.0, 1e-12);
    EXPECT_NE(reach::scenario::summary_json(r).find("\"concentration_index\": 0.080087"),
              std::string::npos);
    // Without the column the key is left out.
    EXPECT_EQ(reach::scenario::summary_json(run(dir)).find("concentration_index"),
              std::string::npos);
}

}  // namespace
