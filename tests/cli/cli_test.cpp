// The reach command line as a user runs it: exit codes, one-line errors naming the file, and
// no output folder left behind on error (SCENARIO.md, Command line).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "reach_test/support.hpp"

namespace fs = std::filesystem;
using reach::test::run_command;
using reach::test::TempDir;
using reach::test::write_text;

namespace {

std::string reach_cmd(const std::string& args) {
    return reach::test::reach_binary().string() + " --quiet " + args;
}

std::string hand_network() { return reach::test::data_path("hand_network.osm").string(); }

// Node F of the hand network (tests/e2e/hand_network_test.cpp) in lon/lat, 7 decimals.
std::string centre_at_f(const TempDir& dir) {
    const auto file = dir / "centres.csv";
    write_text(file, "id,lon,lat\nF,26.2336836,55.7787962\n");
    return file.string();
}

std::map<std::string, std::string> time_by_osm_id(const fs::path& nodes_csv) {
    std::istringstream in(reach::test::read_text(nodes_csv));
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "node_id,osm_node_id,x,y,lon,lat,time_s,centre_id");
    std::map<std::string, std::string> times;
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::stringstream fields(line);
        std::string col;
        while (std::getline(fields, col, ',')) {
            cols.push_back(col);
        }
        if (line.back() == ',') {
            cols.emplace_back();
        }
        EXPECT_EQ(cols.size(), 8U) << line;
        times[cols[1]] = cols[6];
    }
    return times;
}

}  // namespace

// Car times to F as computed by hand in tests/e2e/hand_network_test.cpp; D is dropped from
// the strongly connected component and G has no car road, so both have empty times.
TEST(Cli, RouteWritesNodesCsvWithHandComputedTimes) {
    const TempDir dir;
    const auto result = run_command(reach_cmd("route --roads " + hand_network() + " --centres " +
                                              centre_at_f(dir) + " --profile car --out " +
                                              (dir / "out").string() + " --cache-dir " +
                                              (dir / "cache").string()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto times = time_by_osm_id(dir / "out" / "nodes.csv");
    ASSERT_EQ(times.size(), 9U);
    EXPECT_NEAR(std::stod(times.at("6")), 0.0, 1e-9);    // F
    EXPECT_NEAR(std::stod(times.at("3")), 7.2, 0.01);    // C
    EXPECT_NEAR(std::stod(times.at("1")), 31.2, 0.01);   // A
    EXPECT_NEAR(std::stod(times.at("8")), 57.473, 0.01); // Y
    EXPECT_EQ(times.at("4"), "");                        // D
    EXPECT_EQ(times.at("9"), "");                        // G
}

TEST(Cli, SecondRunLoadsTheGraphFromTheCacheWithIdenticalOutput) {
    const TempDir dir;
    const auto base = "route --roads " + hand_network() + " --centres " + centre_at_f(dir) +
                      " --profile walk --cache-dir " + (dir / "cache").string();
    const auto first = run_command(reach_cmd(base + " --out " + (dir / "a").string()));
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const auto second = run_command(reach_cmd(base + " --out " + (dir / "b").string()));
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("from cache"), std::string::npos) << second.out;
    EXPECT_EQ(reach::test::read_text(dir / "a" / "nodes.csv"),
              reach::test::read_text(dir / "b" / "nodes.csv"));
}

TEST(Cli, MissingRoadsFileFailsWithExitOneAndNoOutput) {
    const TempDir dir;
    const auto result = run_command(reach_cmd("route --roads " + (dir / "nope.osm.pbf").string() +
                                              " --centres " + centre_at_f(dir) +
                                              " --profile car --out " + (dir / "out").string()));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("nope.osm.pbf"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Cli, UnsupportedFormatFailsNamingTheFile) {
    const TempDir dir;
    write_text(dir / "roads.txt", "just some text\n");
    const auto result = run_command(reach_cmd("inspect " + (dir / "roads.txt").string()));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("roads.txt"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("unsupported"), std::string::npos) << result.err;
}

TEST(Cli, EmptyLayerFailsNamingTheFile) {
    const TempDir dir;
    write_text(dir / "empty.geojson", R"({"type":"FeatureCollection","features":[]})");
    const auto result = run_command(reach_cmd("route --roads " +
                                              (dir / "empty.geojson").string() + " --centres " +
                                              centre_at_f(dir) + " --profile car --out " +
                                              (dir / "out").string() + " --no-cache"));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("empty.geojson"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Cli, LayerWithoutHighwayColumnFailsNamingTheColumn) {
    const TempDir dir;
    write_text(dir / "roads.geojson",
               R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
               R"("properties":{"kind":"road"},"geometry":{"type":"LineString",)"
               R"("coordinates":[[26.23,55.77],[26.24,55.77]]}}]})");
    const auto result = run_command(reach_cmd("inspect " + (dir / "roads.geojson").string()));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("roads.geojson"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("highway"), std::string::npos) << result.err;
}

TEST(Cli, UnknownProfileFailsListingTheKnownOnes) {
    const TempDir dir;
    const auto result = run_command(reach_cmd("route --roads " + hand_network() + " --centres " +
                                              centre_at_f(dir) + " --profile horse --out " +
                                              (dir / "out").string()));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("horse"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("walk_elderly"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Cli, ExistingOutputIsKeptWithoutOverwrite) {
    const TempDir dir;
    write_text(dir / "out" / "keep.txt", "mine");
    const auto result = run_command(reach_cmd("route --roads " + hand_network() + " --centres " +
                                              centre_at_f(dir) + " --profile car --out " +
                                              (dir / "out").string() + " --no-cache"));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("--overwrite"), std::string::npos) << result.err;
    EXPECT_EQ(reach::test::read_text(dir / "out" / "keep.txt"), "mine");
    EXPECT_FALSE(fs::exists(dir / "out" / "nodes.csv"));
}

TEST(Cli, CentreFarFromTheNetworkIsAnInputError) {
    const TempDir dir;
    write_text(dir / "far.csv", "id,lon,lat\nfar,26.30,55.80\n");  // ≈ 5 km away
    const auto result = run_command(reach_cmd("route --roads " + hand_network() +
                                              " --centres " + (dir / "far.csv").string() +
                                              " --profile car --no-cache --out " +
                                              (dir / "out").string()));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("\"far\""), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Cli, UnknownOptionIsAUsageErrorWithExitTwo) {
    const auto result = run_command(reach_cmd("route --frobnicate"));
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("frobnicate"), std::string::npos) << result.err;
}

TEST(Cli, HelpExitsZeroAndNamesTheSubcommands) {
    const auto result = run_command(reach_cmd("--help"));
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.out.find("inspect"), std::string::npos);
    EXPECT_NE(result.out.find("route"), std::string::npos);
}

TEST(Cli, InspectPrintsGraphSizeAndComponents) {
    const auto result = run_command(reach_cmd("inspect " + hand_network()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("graph: 9 nodes, 10 segments"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("wheelchair"), std::string::npos) << result.out;
}

TEST(Cli, ValidateAcceptsTheBaselineAndPrintsWhatARunWouldUse) {
    const auto r = run_command(reach::test::reach_binary().string() + " validate " +
                               reach::test::source_path("scenarios/baseline.yaml").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("valid scenario \"lv-lt-border-baseline\""), std::string::npos);
    EXPECT_NE(r.out.find("profiles    car, walk_elderly, wheelchair"), std::string::npos);
    EXPECT_NE(r.out.find("thresholds  15, 30, 45, 60 min, target 30 min"), std::string::npos);
}

TEST(Cli, ValidateReportsEveryProblemAtOnceWithExitOne) {
    const TempDir dir;
    write_text(dir / "bad.yaml", "reach: 1\nname: x\nthresholds_min: [30, 15]\nbogus: 1\n");
    const auto r = run_command(reach_cmd("validate " + (dir / "bad.yaml").string()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("bad.yaml:3:22: thresholds_min[1]: 15 is not greater than 30"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("bad.yaml:4:1: bogus: unknown key"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("missing key \"roads\""), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}

// A matrix scenario runs in milliseconds and says on stderr which matrix it reads.
TEST(Cli, GlobalQuietFlagMayFollowTheSubcommand) {
    const TempDir dir;
    write_text(dir / "od.csv", "origin_id,destination_id,time_min\na,X,5\n");
    write_text(dir / "demand.csv", "id,pop\na,10\n");
    // GDAL's CSV driver cannot open a file with one column: the error says so.
    write_text(dir / "supply.csv", "id\nX\n");
    write_text(dir / "s.yaml",
               "reach: 1\nname: m\nmatrix: {file: od.csv}\n"
               "population: {file: demand.csv, id_field: id, groups: {total: {column: pop}}}\n"
               "centres: {file: supply.csv, id_field: id}\n");
    const std::string run = reach::test::reach_binary().string() + " run " +
                            (dir / "s.yaml").string() + " --out ";
    const auto one_column = run_command(run + (dir / "a").string());
    EXPECT_EQ(one_column.exit_code, 1);
    EXPECT_NE(one_column.err.find("supply.csv: cannot read as CSV (the header \"id\" has one "
                                  "column"),
              std::string::npos)
        << one_column.err;
    write_text(dir / "supply.csv", "id,name\nX,Centre X\n");
    const auto loud = run_command(run + (dir / "a").string());
    ASSERT_EQ(loud.exit_code, 0) << loud.err;
    EXPECT_NE(loud.err.find("matrix: reading"), std::string::npos) << loud.err;
    const auto quiet = run_command(run + (dir / "b").string() + " -q");
    ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
    EXPECT_EQ(quiet.err, "");
    EXPECT_NE(quiet.out.find("matrix"), std::string::npos);
}

TEST(Cli, EveryCommandHasHelpAndRejectsBadFlagsWithExitTwo) {
    for (const char* command : {"inspect", "route", "run", "validate", "compare", "batch"}) {
        const auto help = run_command(reach_cmd(std::string(command) + " --help"));
        EXPECT_EQ(help.exit_code, 0) << command;
        EXPECT_NE(help.out.find("Usage:"), std::string::npos) << command << help.out;
        const auto bad = run_command(reach_cmd(std::string(command) + " --no-such-flag"));
        EXPECT_EQ(bad.exit_code, 2) << command;
        EXPECT_NE(bad.err.find("--no-such-flag"), std::string::npos) << command << bad.err;
        EXPECT_NE(bad.err.find("Run with --help"), std::string::npos) << command << bad.err;
    }
    // A missing positional argument is a usage error too.
    const auto missing = run_command(reach_cmd("compare only-one.yaml"));
    EXPECT_EQ(missing.exit_code, 2) << missing.err;
}
