// reach bench (issue 11): the smoke test CI runs (--quick: answers checked against Boost.Graph,
// never speed), the node times it exports, and its usage errors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <algorithm>
#include <set>
#include <sstream>
#include <vector>
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
    // DESIGN.md: at most 100 bytes per directed edge (forward + reverse CSR + search graph).
    EXPECT_LE(report["bytes_per_arc"].get<double>(), 100.0);
    std::set<std::string> stages;
    for (const auto& stage : report["stages"]) {
        stages.insert(stage["stage"].get<std::string>());
        EXPECT_GE(stage["time_s"].get<double>(), 0.0) << stage.dump();
        EXPECT_GT(stage["peak_rss_bytes"].get<double>(), 0.0) << stage.dump();
    }
    for (const char* name : {"generate", "read roads", "build graph", "ingest", "cache write", "cache reload", "ingest gpkg",
                             "search graph", "snap centres", "boost graph", "nearest centre", "per-centre",
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

// A profile from the user's YAML file (per-class speeds, no maxspeed): 20 km/h streets give
// longer times than the shipped car profile on the same synthetic network, and Boost agrees.
TEST(Bench, ProfileFromAUserFileIsUsed) {
    const TempDir dir;
    write_text(dir / "slow.yaml",
               "slow:\n  speeds_kmh: {trunk: 40, primary: 40, secondary: 40, residential: 20, "
               "unclassified: 20}\n  default_kmh: null\n  use_maxspeed: false\n");
    const auto median_time_s = [&](const std::string& args, const std::string& name) {
        const auto file = dir / (name + ".csv");
        const auto result = run_command(reach_cmd("bench --quick --snap node " + args +
                                                  " --export-node-times " + file.string()));
        EXPECT_EQ(result.exit_code, 0) << result.err;
        EXPECT_NE(result.out.find("identical to Boost.Graph"), std::string::npos) << result.out;
        std::vector<double> times;
        std::istringstream in(read_text(file));
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line)) {
            std::vector<std::string> fields;  // node_id,osm_node_id,x,y,lon,lat,time_s,centre_id
            std::istringstream cells(line);
            for (std::string field; std::getline(cells, field, ',');) fields.push_back(field);
            if (fields.size() > 6 && !fields[6].empty()) times.push_back(std::stod(fields[6]));
        }
        std::nth_element(times.begin(), times.begin() + static_cast<long>(times.size() / 2),
                         times.end());
        return times.empty() ? 0.0 : times[times.size() / 2];
    };
    const double car_s = median_time_s("", "car");
    const double slow_s =
        median_time_s("--profiles " + (dir / "slow.yaml").string() + " --profile slow", "slow");
    EXPECT_GT(car_s, 0.0);
    EXPECT_GT(slow_s, 1.3 * car_s);
}

TEST(Bench, UsageErrorsExitWithTwo) {
    EXPECT_EQ(run_command(reach_cmd("bench --roads " + hand_network())).exit_code, 2);
    EXPECT_EQ(run_command(reach_cmd("bench --quick --snap vertex")).exit_code, 2);
    const auto missing = run_command(reach_cmd("bench --roads nope.osm.pbf --centres nope.csv"));
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("nope.osm.pbf"), std::string::npos) << missing.err;
}
