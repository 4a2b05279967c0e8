// reach bench (issue 11): the smoke test CI runs (--quick: answers checked against Boost.Graph,
// never speed), the node times it exports, and its usage errors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <string>

#include "reach_test/support.hpp"

namespace fs = std::filesystem;
using reach::test::read_text;
using reach::test::run_command;
using reach::test::TempDir;
using reach::test::write_text;

namespace {

std::string reach_cmd(const std::string& args) {
    return reach::test::reach_binary().string() + " --quiet " + args;
}

std::string hand_network() { return reach::test::data_path("hand_network.osm").string(); }

}  // namespace

TEST(Bench, QuickRunAgreesWithBoostAndReportsEveryStage) {
    const TempDir dir;
    const auto json_file = dir / "bench.json";
    const auto result = run_command(reach_cmd("bench --quick --json " + json_file.string()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("synthetic road-like network"), std::string::npos) << result.out;
    const auto report = nlohmann::json::parse(read_text(json_file));
    EXPECT_NE(report["check"].get<std::string>().find("identical to Boost.Graph"),
              std::string::npos);
    // --quick is 10,000 nodes, ±3 %; about 1.9 car arcs per node.
    EXPECT_NEAR(report["nodes"].get<double>(), 10'000.0, 300.0);
    const double arcs_per_node = report["arcs"].get<double>() / report["nodes"].get<double>();
    EXPECT_GT(arcs_per_node, 1.7);
    EXPECT_LT(arcs_per_node, 2.1);
    EXPECT_EQ(report["centres"], 20);
    // DESIGN.md: at most 100 bytes per directed edge (forward + reverse CSR).
    EXPECT_LE(report["bytes_per_arc"].get<double>(), 100.0);
    std::set<std::string> stages;
    for (const auto& stage : report["stages"]) {
        stages.insert(stage["stage"].get<std::string>());
        EXPECT_GE(stage["time_s"].get<double>(), 0.0) << stage.dump();
        EXPECT_GT(stage["peak_rss_bytes"].get<double>(), 0.0) << stage.dump();
    }
    for (const char* name : {"generate", "read roads", "build graph", "ingest", "cache write", "cache reload", "ingest gpkg",
                             "snap centres", "boost graph", "nearest centre", "per-centre",
                             "export nodes", "job from cache", "job from gpkg"}) {
        EXPECT_TRUE(stages.count(name) == 1) << name;
    }
}

// With --snap node the exported node times are reach route's nodes.csv, byte for byte.
TEST(Bench, NodeSnapExportEqualsReachRoute) {
    const TempDir dir;
    write_text(dir / "centres.csv", "id,lon,lat\nF,26.2336836,55.7787962\nA,26.2302037,55.7783629\n");
    const auto centres = (dir / "centres.csv").string();
    const auto route = run_command(reach_cmd("route --no-cache --roads " + hand_network() +
                                             " --centres " + centres + " --out " +
                                             (dir / "route").string()));
    ASSERT_EQ(route.exit_code, 0) << route.err;
    const auto bench = run_command(
        reach_cmd("bench --repeat 1 --snap node --roads " + hand_network() + " --centres " +
                  centres + " --export-node-times " + (dir / "nodes.csv").string()));
    ASSERT_EQ(bench.exit_code, 0) << bench.err;
    EXPECT_NE(bench.out.find("identical to Boost.Graph"), std::string::npos) << bench.out;
    EXPECT_EQ(read_text(dir / "nodes.csv"), read_text(dir / "route" / "nodes.csv"));
}

// Edge snapping (as reach run): seeds with initial times (access leg, partial edge) enter
// Boost.Graph through the super-source's arcs; the answers still agree. The centre is 30 m
// off node F, so its seeds start above 0 s.
TEST(Bench, EdgeSnapAgreesWithBoost) {
    const TempDir dir;
    write_text(dir / "centres.csv", "id,lon,lat\nF,26.2336836,55.7790662\n");
    const auto bench = run_command(reach_cmd("bench --repeat 1 --roads " + hand_network() +
                                             " --centres " + (dir / "centres.csv").string() +
                                             " --export-node-times " +
                                             (dir / "nodes.csv").string()));
    ASSERT_EQ(bench.exit_code, 0) << bench.err;
    EXPECT_NE(bench.out.find("identical to Boost.Graph"), std::string::npos) << bench.out;
    EXPECT_NE(read_text(dir / "nodes.csv").find(",F\n"), std::string::npos);
}

TEST(Bench, UsageErrorsExitWithTwo) {
    EXPECT_EQ(run_command(reach_cmd("bench --roads " + hand_network())).exit_code, 2);
    EXPECT_EQ(run_command(reach_cmd("bench --quick --snap vertex")).exit_code, 2);
    const auto missing = run_command(reach_cmd("bench --roads nope.osm.pbf --centres nope.csv"));
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("nope.osm.pbf"), std::string::npos) << missing.err;
}
