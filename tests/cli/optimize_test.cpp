// reach optimize end to end on the hand network (tests/cli/hand_scenario.hpp; drawing and
// times in run_test.cpp). Walking (elderly) with target 5 min from P: c1 168.8 s and c2
// 284.4 s are within, c4 666.203 s is not, c3 is unsnapped. Weights total 1, age65plus 2:
// c1 100 + 2·10 = 120, c2 200 + 2·40 = 280, c4 30 + 2·15 = 60.
// Candidates: Y at the bridge end (50, 150), cost 100: c4 reaches it in 14.4 s (10 m at
// 2.5 km/h); A2 at node A (0, 0), cost 40: c2 in 14.4 + 20 = 34.4 s, c4 via Y, X in
// 14.4 + 250 + 111.803 = 376.203 s (> 5 min), c1 in 178.8 s (P stays nearer).
//   mclp, k = 1: Y gains 60 (c4), A2 nothing: choose Y; objective 400 → 460.
//   pmedian, k = 1 (weighted seconds): P alone 120·168.8 + 280·284.4 + 60·666.203 =
//   139 860.18; with Y 100 752; with A2 120·168.8 + 280·34.4 + 60·376.203 = 52 460.18:
//   choose A2 (weighted mean 52 460.18 / 460 / 60 = 1.90 min).
//   lscp: c4 needs Y: one site.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "hand_scenario.hpp"
#include "reach_test/support.hpp"

namespace fs = std::filesystem;
using reach::test::reach_cmd;
using reach::test::run_command;
using reach::test::TempDir;

namespace {

fs::path write_optimize_scenario(const TempDir& dir, const std::string& optimize) {
    reach::test::write_text(dir / "candidates.csv",
                            "id,x,y,cost_eur,capacity,operator\n"
                            "Y,5330050,3745150,100,5,ngo\n"
                            "A2,5330000,3745000,40,5,municipal\n");
    std::string extra =
        "optimize:\n  candidates: candidates.csv\n  group_weights: {total: 1, age65plus: 2}\n"
        "  profile: walk_elderly\n";
    extra += optimize;  // (not "…" + optimize: g++ 12 warns falsely, -Wrestrict)
    return reach::test::write_hand_scenario(dir, extra);
}

nlohmann::json optimize(const TempDir& dir, const std::string& settings, const fs::path& out,
                        const std::string& flags = "") {
    const auto scenario = write_optimize_scenario(dir, settings);
    const auto r = run_command(reach_cmd("optimize " + scenario.string() + " --out " +
                                         out.string() + " --no-cache " + flags));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(reach::test::read_text(out / "optimize.json"));
}

// `reach run out/optimized.yaml` (the choice as a what-if) → its summary.json.
nlohmann::json run_what_if(const TempDir& dir) {
    const auto run = run_command(reach_cmd("run " + (dir / "out" / "optimized.yaml").string() +
                                           " --out " + (dir / "what-if").string() +
                                           " --no-cache"));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(reach::test::read_text(dir / "what-if" / "summary.json"));
}

std::vector<std::string> chosen_ids(const nlohmann::json& j) {
    std::vector<std::string> ids;
    for (const auto& c : j["chosen"]) ids.push_back(c["id"]);
    return ids;
}

}  // namespace

TEST(ReachOptimize, MclpChoosesTheSiteThatCoversTheUncoveredCell) {
    const TempDir dir;
    const auto j = optimize(dir, "  objective: mclp\n  k: 1\n", dir / "out");
    EXPECT_EQ(chosen_ids(j), std::vector<std::string>{"Y"});
    EXPECT_DOUBLE_EQ(j["objective_value"], 460.0);
    EXPECT_DOUBLE_EQ(j["chosen"][0]["marginal_gain"], 60.0);
    EXPECT_DOUBLE_EQ(j["covered"]["total"]["existing"], 300.0);
    EXPECT_DOUBLE_EQ(j["covered"]["total"]["chosen"], 330.0);
    EXPECT_DOUBLE_EQ(j["covered"]["age65plus"]["chosen"], 65.0);
    EXPECT_EQ(j["solver"], "exact");
    EXPECT_DOUBLE_EQ(j["gap_to_exact"], 0.0);
    // The curve: k = 0 (P only) then Y.
    EXPECT_EQ(reach::test::read_text(dir / "out" / "optimize_curve.csv"),
              "k,site_id,cost_eur,cumulative_cost_eur,objective_value,covered_total,"
              "covered_age65plus\n"
              "0,,0.00,0.00,400.00,300.00,50.00\n"
              "1,Y,100.00,100.00,460.00,330.00,65.00\n");
    // optimized.yaml is a what-if reach run accepts, and its coverage is the optimiser's.
    const auto summary = run_what_if(dir);
    EXPECT_DOUBLE_EQ(summary["totals"]["walk_elderly"]["total"]["covered"]["5"], 330.0);
    EXPECT_DOUBLE_EQ(summary["totals"]["walk_elderly"]["age65plus"]["covered"]["5"], 65.0);
}

TEST(ReachOptimize, PmedianChoosesTheSiteThatShortensTheMostWeightedTime) {
    const TempDir dir;
    const auto j = optimize(dir, "  objective: pmedian\n  k: 1\n  max_time_min: 90\n", dir / "out");
    EXPECT_EQ(chosen_ids(j), std::vector<std::string>{"A2"});
    // (The OSM file keeps 7 decimals of a degree: node A and the bridge are a few mm off the
    // drawing, ~0.01 s per walk, ~3 weighted seconds in all.)
    EXPECT_NEAR(j["objective_value"].get<double>(), 52460.18, 5.0);
    EXPECT_NEAR(j["chosen"][0]["marginal_gain"].get<double>(), 139860.18 - 52460.18, 5.0);
    EXPECT_NEAR(j["weighted_mean_time_min"].get<double>(), 1.90, 1e-9);
    // c3 (unsnapped, 50 + 2·5 = 60) reaches no site: excluded and counted; the three other
    // cells reach all three sites within 90 min, so no pair is capped.
    EXPECT_DOUBLE_EQ(j["excluded_demand"], 60.0);
    EXPECT_EQ(j["capped_pairs"], 0);
}

TEST(ReachOptimize, LscpNeedsOneSiteForTheLastCell) {
    const TempDir dir;
    const auto j = optimize(dir, "  objective: lscp\n", dir / "out");
    EXPECT_EQ(chosen_ids(j), std::vector<std::string>{"Y"});
    EXPECT_DOUBLE_EQ(j["objective_value"], 1.0);
}

// A budget that fits only A2, which gains nothing: nothing is bought. A budget below every
// candidate's cost is an input error before any routing; so are limits missing.
TEST(ReachOptimize, BudgetIsNeverExceededAndAnImpossibleOneIsAnError) {
    const TempDir dir;
    const auto j = optimize(dir, "  objective: mclp\n  budget_eur: 50\n", dir / "out");
    EXPECT_TRUE(chosen_ids(j).empty());
    EXPECT_DOUBLE_EQ(j["spent_eur"], 0.0);
    const auto scenario = write_optimize_scenario(dir, "  objective: mclp\n  budget_eur: 30\n");
    const auto r = run_command(reach_cmd("optimize " + scenario.string() + " --out " +
                                         (dir / "poor").string() + " --no-cache"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "reach: error: " + scenario.string() +
                         ": optimize.budget_eur 30 is below the cheapest candidate's cost (40 "
                         "EUR, \"A2\"): no site can be opened (expected a budget of at least "
                         "40)\n");
    EXPECT_FALSE(fs::exists(dir / "poor"));
    const auto none = write_optimize_scenario(dir, "  objective: pmedian\n");
    const auto r2 = run_command(reach_cmd("optimize " + none.string() + " --out " +
                                          (dir / "none").string() + " --no-cache"));
    EXPECT_EQ(r2.exit_code, 1);
    EXPECT_NE(r2.err.find("optimize: objective pmedian without k or budget_eur"),
              std::string::npos)
        << r2.err;
}

TEST(ReachOptimize, OutputIsIdenticalForOneTwoAndEightThreads) {
    const TempDir dir;
    std::string first;
    for (const int threads : {1, 2, 8}) {
        const auto count = std::to_string(threads);
        const auto out = dir / fmt::format("t{}", count);
        (void)optimize(dir, "  objective: pmedian\n  k: 2\n", out, fmt::format("--threads {}", count));
        const auto text = reach::test::read_text(out / "optimize.json") +
                          reach::test::read_text(out / "optimize_curve.csv");
        if (first.empty()) {
            first = text;
        }
        EXPECT_EQ(text, first) << threads;
    }
}

// A matrix computed elsewhere (SCENARIO.md § matrix): OR-Library pmed1
// (tests/data/orlib/README.md, published optimum 5819 for p = 5) as od.csv with the path
// lengths as minutes, every vertex a resident and a candidate, no existing centre.
// reach optimize reaches the optimum: 5819 person-minutes = 349 140 person-seconds.
TEST(ReachOptimize, MatrixScenarioReachesTheOrLibraryPmed1Optimum) {
    const TempDir dir;
    std::ifstream in(reach::test::data_path("orlib/pmed1.txt"));
    int n = 0, edges = 0, p = 0;
    in >> n >> edges >> p;
    const double none = 1e18;
    std::vector<std::vector<double>> d(static_cast<std::size_t>(n),
                                       std::vector<double>(static_cast<std::size_t>(n), none));
    for (int i = 0; i < n; ++i) d[i][i] = 0.0;
    for (int e = 0; e < edges; ++e) {
        int a = 0, b = 0;
        double c = 0.0;
        in >> a >> b >> c;
        d[a - 1][b - 1] = d[b - 1][a - 1] = c;  // a repeated edge keeps its last cost
    }
    for (int k = 0; k < n; ++k) {  // Floyd–Warshall
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
        }
    }
    std::string od = "origin_id,destination_id,time_min\n";
    std::string demand = "id,pop\n";
    std::string candidates = "id,cost_eur\n";
    for (int i = 0; i < n; ++i) {
        demand += fmt::format("v{},1\n", i + 1);
        candidates += fmt::format("s{},1\n", i + 1);
        for (int j = 0; j < n; ++j) od += fmt::format("v{},s{},{}\n", i + 1, j + 1, d[i][j]);
    }
    reach::test::write_text(dir / "od.csv", od);
    reach::test::write_text(dir / "demand.csv", demand);
    reach::test::write_text(dir / "candidates.csv", candidates);
    reach::test::write_text(dir / "centres.csv", "id,name\n");  // none (two columns: GDAL CSV)
    reach::test::write_text(dir / "pmed1.yaml",
                            "reach: 1\nname: pmed1\nmatrix: {file: od.csv}\n"
                            "population: {file: demand.csv, id_field: id, groups: {total: "
                            "{column: pop}}}\n"
                            "centres: {file: centres.csv, id_field: id}\n"
                            "thresholds_min: [30]\ntarget_min: 30\n"
                            "optimize: {candidates: candidates.csv, objective: pmedian, k: 5, "
                            "max_time_min: 100000}\n");
    const auto r = run_command(reach_cmd("optimize " + (dir / "pmed1.yaml").string() +
                                         " --out " + (dir / "out").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(reach::test::read_text(dir / "out" / "optimize.json"));
    EXPECT_EQ(j["profile"], "matrix");
    EXPECT_EQ(j["solver"], "exact");
    EXPECT_DOUBLE_EQ(j["objective_value"], 5819.0 * 60.0);
    EXPECT_DOUBLE_EQ(j["weighted_mean_time_min"], 58.19);
    EXPECT_EQ(j["chosen"].size(), 5U);
}

// Candidates listed in the scenario instead of a file (like centres.add): the same choice.
TEST(ReachOptimize, InlineCandidatesGiveTheSameChoice) {
    const TempDir dir;
    const auto scenario = reach::test::write_hand_scenario(
        dir,
        "optimize:\n"
        "  candidates:\n"
        "    - {id: Y, x: 5330050, y: 3745150, cost_eur: 100, capacity: 5}\n"
        "    - {id: A2, x: 5330000, y: 3745000, cost_eur: 40, capacity: 5}\n"
        "  group_weights: {total: 1, age65plus: 2}\n"
        "  profile: walk_elderly\n"
        "  k: 1\n");
    const auto r = run_command(reach_cmd("optimize " + scenario.string() + " --out " +
                                         (dir / "out").string() + " --no-cache"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(reach::test::read_text(dir / "out" / "optimize.json"));
    EXPECT_EQ(chosen_ids(j), std::vector<std::string>{"Y"});
    EXPECT_DOUBLE_EQ(j["objective_value"], 460.0);
    const auto summary = run_what_if(dir);
    EXPECT_DOUBLE_EQ(summary["totals"]["walk_elderly"]["total"]["covered"]["5"], 330.0);
}

// keep_existing: false — P becomes a site of cost 0 that k counts. p-median with k = 1:
// A2 alone gives 120·178.8 + 280·34.4 + 60·376.203 = 53 660.18 weighted seconds, P alone
// 139 860.18, Y alone 120·(c1 to Y) + … more: A2 is opened, P is closed in optimized.yaml.
TEST(ReachOptimize, ExistingCentresMayCloseWhenNotKept) {
    const TempDir dir;
    const auto j = optimize(dir, "  objective: pmedian\n  k: 1\n  keep_existing: false\n",
                            dir / "out");
    EXPECT_EQ(chosen_ids(j), std::vector<std::string>{"A2"});
    EXPECT_NEAR(j["objective_value"].get<double>(), 53660.18, 5.0);
    EXPECT_EQ(j["closed"], nlohmann::json::array({"P"}));
    const auto yaml = reach::test::read_text(dir / "out" / "optimized.yaml");
    EXPECT_NE(yaml.find("close: [P]"), std::string::npos) << yaml;
    EXPECT_DOUBLE_EQ(run_what_if(dir)["totals"]["walk_elderly"]["total"]["covered"]["5"], 300.0);
}
