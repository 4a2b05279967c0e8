// reach compare and reach batch on a travel-time matrix (milliseconds per run). The toy:
// cells a..e (100, 200, 300, 50, 10 persons), centres X and Y; a→X 5, a→Y 20, b→X 12,
// c→Y 8, d→Y 40 min; e has no pair. Thresholds 10 and 30, target 10.
//   open:     a 5 (X), b 12 (X), c 8 (Y), d 40 (Y), e none → ≤10: a + c = 400; ≤30: 600;
//             mean over reachable (100·5 + 200·12 + 300·8 + 50·40)/650 = 11.23 min
//   Y closed: a 5, b 12, c none, d none, e none → ≤10: 100; ≤30: 300;
//             mean (100·5 + 200·12)/300 = 9.67 min
// c (300 persons) loses coverage within the target; cells changing class: c (10 → none) and
// d (beyond → none) worse, a, b, e unchanged.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <vector>
#include <nlohmann/json.hpp>

#include "hand_scenario.hpp"
#include "reach_test/support.hpp"

namespace fs = std::filesystem;
using reach::test::reach_cmd;
using reach::test::run_command;
using reach::test::TempDir;
using reach::test::write_text;

namespace {

TEST(ReachCompare, ReportsCoverageGainedAndLostPerGroupAndCellClasses) {
    const TempDir dir;
    reach::test::write_toy_matrix(dir);
    const auto r = run_command(reach_cmd("compare " + (dir / "open.yaml").string() + " " +
                                         (dir / "closed.yaml").string() + " --out " +
                                         (dir / "cmp").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("matrix: 0 cells better, 2 worse, 3 unchanged"), std::string::npos)
        << r.out;
    const auto j = nlohmann::json::parse(reach::test::read_text(dir / "cmp" / "compare.json"));
    const auto& total = j["totals"]["matrix"]["total"];
    EXPECT_DOUBLE_EQ(total["covered"]["10"]["a"], 400.0);
    EXPECT_DOUBLE_EQ(total["covered"]["10"]["b"], 100.0);
    EXPECT_DOUBLE_EQ(total["covered"]["10"]["delta"], -300.0);
    EXPECT_DOUBLE_EQ(total["covered"]["30"]["share_delta"], -0.454545);  // 300/660
    EXPECT_DOUBLE_EQ(total["mean_time_min_a"], 11.23);
    EXPECT_DOUBLE_EQ(total["mean_time_min_b"], 9.67);
    EXPECT_DOUBLE_EQ(total["gained_target"], 0.0);
    EXPECT_DOUBLE_EQ(total["lost_target"], 300.0);
    EXPECT_EQ(j["cell_classes"]["matrix"]["cells_worse"], 2);
    EXPECT_EQ(reach::test::read_text(dir / "cmp" / "change.csv"),
              "cell_id,x,y,area_id,time_min_matrix_a,time_min_matrix_b,delta_min_matrix,"
              "class_matrix_a,class_matrix_b\n"
              "a,,,,5.00,5.00,0.00,10,10\n"
              "b,,,,12.00,12.00,0.00,30,30\n"
              "c,,,,8.00,,,10,none\n"
              "d,,,,40.00,,,beyond,none\n"
              "e,,,,,,,none,none\n");
    EXPECT_TRUE(fs::exists(dir / "cmp" / "a" / "summary.json"));
    EXPECT_TRUE(fs::exists(dir / "cmp" / "b" / "manifest.json"));
}

TEST(ReachCompare, DifferentThresholdsAreAnInputErrorAndWriteNothing) {
    const TempDir dir;
    reach::test::write_toy_matrix(dir);
    write_text(dir / "other.yaml", "reach: 1\nname: other\nbase: open.yaml\n"
                                   "thresholds_min: [10, 20]\n");
    const auto r = run_command(reach_cmd("compare " + (dir / "open.yaml").string() + " " +
                                         (dir / "other.yaml").string() + " --out " +
                                         (dir / "cmp").string()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("different thresholds_min"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "cmp"));
}

TEST(ReachBatch, WritesBatchCsvWithDeltasAgainstTheFirstScenarioNamed) {
    const TempDir dir;
    reach::test::write_toy_matrix(dir);
    const auto r = run_command(reach_cmd("batch " + (dir / "open.yaml").string() + " " +
                                         (dir / "closed.yaml").string() + " --out " +
                                         (dir / "batch").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(reach::test::read_text(dir / "batch" / "batch.csv"),
              "scenario,profile,group,threshold_min,population,covered,share_covered,"
              "mean_time_min,delta_covered_vs_first\n"
              "open,matrix,total,10,660.00,400.00,0.606061,11.23,0.00\n"
              "open,matrix,total,30,660.00,600.00,0.909091,11.23,0.00\n"
              "closed,matrix,total,10,660.00,100.00,0.151515,9.67,-300.00\n"
              "closed,matrix,total,30,660.00,300.00,0.454545,9.67,-300.00\n");
    EXPECT_TRUE(fs::exists(dir / "batch" / "open" / "summary.json"));
    EXPECT_TRUE(fs::exists(dir / "batch" / "closed" / "cells.csv"));
}

TEST(ReachBatch, AFolderRunsItsScenariosSortedByName) {
    const TempDir dir;
    reach::test::write_toy_matrix(dir);
    const auto r = run_command(reach_cmd("batch " + dir.path().string() + " --out " +
                                         (dir / "batch").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto table = reach::test::read_text(dir / "batch" / "batch.csv");
    EXPECT_LT(table.find("\nclosed,"), table.find("\nopen,"));  // closed.yaml < open.yaml
}

TEST(ReachBatch, ABadScenarioStopsTheBatchBeforeAnyRunAndNamesTheFile) {
    const TempDir dir;
    reach::test::write_toy_matrix(dir);
    write_text(dir / "typo.yaml", "reach: 1\nname: typo\nbase: open.yaml\ntarget_mni: 30\n");
    const auto r = run_command(reach_cmd("batch " + dir.path().string() + " --out " +
                                         (dir / "batch").string()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("typo.yaml:4:1: target_mni: unknown key"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "batch"));
}

}  // namespace

namespace {

// Doubling X's capacity changes no time: the second run reuses the first run's times and
// matrix, and only E2SFCA changes. E2SFCA (one zone of weight 1 up to 30 min: the scenario's
// default breaks [10, 20, 30] with weights 1, 0.68, 0.22): X reaches a (5 min, w 1) and
// b (12 min, w 0.68): D = 100 + 136 = 236; Y reaches a (20, w 0.68) and c (8, w 1):
// D = 68 + 300 = 368. Open: a = 10/236 + 0.68·20/368. With X at 20 places the X term doubles.
TEST(ReachBatch, ACapacityChangeReusesTheRoutingOfTheFirstRun) {
    const TempDir dir;
    reach::test::write_toy_matrix(dir);
    write_text(dir / "bigger.yaml", "reach: 1\nname: bigger\nbase: open.yaml\n"
                                    "centres: {modify: [{id: X, capacity: 20}]}\n");
    const auto r = run_command(reach::test::reach_binary().string() + " --verbose batch " +
                               (dir / "open.yaml").string() + " " +
                               (dir / "bigger.yaml").string() + " --out " +
                               (dir / "batch").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("matrix: times reused from an earlier run"), std::string::npos) << r.err;
    const auto open = nlohmann::json::parse(
        reach::test::read_text(dir / "batch" / "open" / "summary.json"));
    const auto bigger = nlohmann::json::parse(
        reach::test::read_text(dir / "batch" / "bigger" / "summary.json"));
    EXPECT_EQ(open["totals"]["matrix"]["total"]["covered"],
              bigger["totals"]["matrix"]["total"]["covered"]);
    // Mean over 660 persons of 1000·A_i: open Σ = 1000·(10 + 20) = 30 000 (all weighted demand
    // is counted); bigger 1000·(20 + 20) = 40 000 → 45.454545 and 60.606061.
    EXPECT_DOUBLE_EQ(open["totals"]["matrix"]["total"]["e2sfca_mean"], 45.454545);
    EXPECT_DOUBLE_EQ(bigger["totals"]["matrix"]["total"]["e2sfca_mean"], 60.606061);
}

}  // namespace

namespace {

// reach run on the published FCA examples of tests/data/matrix (PySAL access; sources and
// worked values in its README): every populated origin's e2sfca in cells.csv equals
// expected.csv to the 6 decimals cells.csv prints (cells.csv lists populated cells only; the
// grid example has empty origins with a value too).
TEST(ReachRunMatrix, PublishedFcaExamplesGiveThePublishedValues) {
    for (const char* example :
         {"pysal_grid_e2sfca", "pysal_hospital_2sfca", "pysal_hospital_e2sfca"}) {
        const TempDir dir;
        const auto folder = reach::test::data_path(std::string("matrix/") + example);
        const auto r = run_command(reach_cmd("run " + (folder / "scenario.yaml").string() +
                                             " --out " + (dir / "out").string()));
        ASSERT_EQ(r.exit_code, 0) << example << ": " << r.err;
        // cells.csv: cell_id,x,y,area_id,country,total,time_min_matrix,centre_id_matrix,
        // e2sfca_matrix_total,gap_matrix_total
        std::map<std::string, double> got;
        std::istringstream cells(reach::test::read_text(dir / "out" / "cells.csv"));
        std::string line;
        std::getline(cells, line);
        while (std::getline(cells, line)) {
            std::vector<std::string> cols;
            std::stringstream fields(line);
            for (std::string col; std::getline(fields, col, ',');) cols.push_back(col);
            ASSERT_EQ(cols.size(), 10U) << line;
            got[cols[0]] = std::stod(cols[8]);
        }
        std::map<std::string, double> pop;
        std::istringstream demand(reach::test::read_text(folder / "demand.csv"));
        std::getline(demand, line);
        while (std::getline(demand, line)) {
            const auto comma = line.find(',');
            pop[line.substr(0, comma)] = std::stod(line.substr(comma + 1));
        }
        std::istringstream expected(reach::test::read_text(folder / "expected.csv"));
        std::getline(expected, line);
        int rows = 0;
        while (std::getline(expected, line)) {
            const auto comma = line.find(',');
            const auto id = line.substr(0, comma);
            if (pop[id] == 0.0) {
                EXPECT_FALSE(got.count(id)) << example << ": empty origin " << id;
                continue;
            }
            ASSERT_TRUE(got.count(id)) << example << ": origin " << id;
            EXPECT_NEAR(got[id], std::stod(line.substr(comma + 1)), 5e-7)
                << example << ": origin " << id;
            ++rows;
        }
        EXPECT_GT(rows, 0) << example;
    }
}

}  // namespace

namespace {

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> cols;
        std::stringstream fields(line);
        for (std::string col; std::getline(fields, col, ',');) cols.push_back(col);
        rows.push_back(std::move(cols));
    }
    return rows;
}

// Every shipped scenario runs (one batch over scenarios/) and its headline figures equal the
// stored ones in tests/data/shipped_scenarios_expected.csv (columns 1–8 of batch.csv). When
// the engine or the data change them on purpose, regenerate the file with
//   reach batch scenarios --out /tmp/s && cut -d, -f1-8 /tmp/s/batch.csv
// and say why in the commit.
TEST(ShippedScenarios, RunAndGiveTheStoredHeadlineFigures) {
    const TempDir dir;
    const auto r = run_command(reach_cmd("batch " + reach::test::source_path("scenarios").string() +
                                         " --out " + (dir / "all").string() + " --cache-dir " +
                                         (dir / "cache").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto got = csv_rows(reach::test::read_text(dir / "all" / "batch.csv"));
    const auto expected =
        csv_rows(reach::test::read_text(reach::test::data_path("shipped_scenarios_expected.csv")));
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
        ASSERT_GE(got[k].size(), 8U);
        EXPECT_EQ(std::vector<std::string>(got[k].begin(), got[k].begin() + 8), expected[k])
            << "row " << k;
    }
}

// Adding a centre never lowers anyone's coverage; closing Auce's only centre shows the loss
// in the Auce area; the time classes move only one way in each comparison.
TEST(ShippedScenarios, CompareAddedAndClosedCentresAgainstTheBaseline) {
    const TempDir dir;
    const auto baseline = reach::test::source_path("scenarios/baseline.yaml").string();
    const auto compare = [&](const std::string& other, const std::string& out) {
        const auto r = run_command(reach_cmd(
            "compare " + baseline + " " + reach::test::source_path("scenarios/" + other).string() +
            " --out " + (dir / out).string() + " --cache-dir " + (dir / "cache").string()));
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return nlohmann::json::parse(reach::test::read_text(dir / out / "compare.json"));
    };
    const auto added = compare("antazave.yaml", "added");
    int checked = 0;
    const auto never_lower = [&](const nlohmann::json& profiles) {
        for (const auto& [profile, groups] : profiles.items()) {
            for (const auto& [group, f] : groups.items()) {
                EXPECT_DOUBLE_EQ(f["lost_target"], 0.0) << profile << "/" << group;
                for (const auto& [t, c] : f["covered"].items()) {
                    EXPECT_GE(c["delta"].get<double>(), 0.0) << profile << "/" << group << t;
                    ++checked;
                }
            }
        }
    };
    never_lower(added["totals"]);
    for (const auto& area : added["areas"]) {
        never_lower(area["profiles"]);
    }
    EXPECT_GT(checked, 100);
    EXPECT_GT(added["totals"]["car"]["total"]["gained_target"].get<double>(), 0.0);
    // Persons who moved across the target line add up to the change of covered ≤ 30 min.
    for (const auto& [group, f] : added["totals"]["car"].items()) {
        EXPECT_NEAR(f["gained_target"].get<double>() - f["lost_target"].get<double>(),
                    f["covered"]["30"]["delta"].get<double>(), 0.02)
            << group;
    }
    EXPECT_EQ(added["cell_classes"]["car"]["cells_worse"], 0);

    const auto closed = compare("auce_closed.yaml", "closed");
    for (const auto& area : closed["areas"]) {
        const auto& car = area["profiles"]["car"]["total"];
        if (area["id"] == "auce") {
            EXPECT_LT(car["covered"]["30"]["delta"].get<double>(), 0.0);
            EXPECT_GT(car["lost_target"].get<double>(), 0.0);
        }
        EXPECT_DOUBLE_EQ(car["gained_target"], 0.0) << area["id"];
    }
    EXPECT_EQ(closed["cell_classes"]["car"]["cells_better"], 0);
}

// compare(a, a) is all zeros.
TEST(ReachCompare, AScenarioAgainstItselfChangesNothing) {
    const TempDir dir;
    reach::test::write_toy_matrix(dir);
    const auto r = run_command(reach_cmd("compare " + (dir / "open.yaml").string() + " " +
                                         (dir / "open.yaml").string() + " --out " +
                                         (dir / "same").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(reach::test::read_text(dir / "same" / "compare.json"));
    const auto& total = j["totals"]["matrix"]["total"];
    for (const auto& [t, c] : total["covered"].items()) {
        EXPECT_DOUBLE_EQ(c["delta"], 0.0) << t;
        EXPECT_DOUBLE_EQ(c["share_delta"], 0.0) << t;
    }
    EXPECT_DOUBLE_EQ(total["mean_time_min_delta"], 0.0);
    EXPECT_DOUBLE_EQ(total["gained_target"], 0.0);
    EXPECT_DOUBLE_EQ(total["lost_target"], 0.0);
    EXPECT_EQ(j["cell_classes"]["matrix"]["cells_better"], 0);
    EXPECT_EQ(j["cell_classes"]["matrix"]["cells_worse"], 0);
}

}  // namespace
