// `mpirun -n 2 reach run` and `reach optimize` (REACH_WITH_MPI; tools/cli/mpi_run.hpp): the
// per-centre searches of one scenario (matrix columns, per-centre catchments) split over two
// ranks on this machine give the bytes of one process — every file of the run folder,
// report.html but for its run-time line, with GDAL's OGR_CURRENT_DATE fixed — and both ranks
// really compute their share (their --verbose lines); a rank with other inputs or a failure on
// one rank is one message, a non-zero exit and no output folder.
//
// The scenario: the real Monaco extract (tests/data/monaco.osm.pbf), a 24 × 14 grid of cells,
// six centres with capacities and a seventh in the sea (skipped with a warning), so the seven
// columns split 4 (ranks 0, 2, 4, 6) and 3 (1, 3, 5).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "hand_scenario.hpp"
#include "reach_test/support.hpp"

namespace fs = std::filesystem;

namespace {

using reach::test::run_command;
using reach::test::TempDir;
using reach::test::write_text;

const std::string fixed_date = "OGR_CURRENT_DATE=2000-01-01T00:00:00Z ";

// One process; --threads 1 (manifest.json records the thread count, and mpirun binds each
// rank to one core, which would change the default).
std::string reach_args(const std::string& args) {
    return fixed_date + reach::test::reach_binary().string() + " --quiet " + args +
           " --threads 1";
}

// `programs`: mpiexec's program part, e.g. "-n 2 <reach> run ..." or two of them joined by
// " : " (one command line per rank).
std::string mpiexec(const std::string& programs) {
    return fixed_date + std::string(REACH_MPIEXEC) +
           " --allow-run-as-root --oversubscribe -x OGR_CURRENT_DATE " + programs;
}

std::string reach_on_ranks(int ranks, const std::string& args) {
    return "-n " + std::to_string(ranks) + " " + reach::test::reach_binary().string() + " " +
           args + " --threads 1";
}

// Every file under `dir` by relative path; report.html without its run-time line,
// manifest.json without optimize's "seconds" (both measured per run).
std::map<std::string, std::string> tree(const fs::path& dir) {
    auto out = reach::test::folder_texts(dir);
    for (auto& [name, text] : out) {
        if (fs::path(name).filename() != "manifest.json") continue;
        if (const auto at = text.find("\"seconds\":"); at != std::string::npos) {
            text.erase(at, text.find('\n', at) - at);
        }
    }
    return out;
}

void expect_same_tree(const fs::path& one, const fs::path& two) {
    const auto a = tree(one);
    const auto b = tree(two);
    ASSERT_EQ(a.size(), b.size());
    for (const auto& [name, bytes] : a) {
        const auto other = b.find(name);
        ASSERT_NE(other, b.end()) << name << " missing from the 2-rank output";
        EXPECT_TRUE(other->second == bytes) << name << " differs between 1 process and 2 ranks";
    }
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

fs::path write_monaco(const TempDir& dir, bool per_centre, const std::string& centres_file) {
    std::string cells = "cell_id,lon,lat,T,A65\n";
    int k = 0;
    for (int i = 0; i < 24; ++i) {
        for (int j = 0; j < 14; ++j, ++k) {
            cells += fmt::format("m{},{:.4f},{:.4f},{},{}\n", 1000 + k, 7.405 + i * 0.0015,
                                 43.724 + j * 0.0018, k * 37 % 200, k * 11 % 40);
        }
    }
    write_text(dir / "population.csv", cells);
    write_text(dir / "centres.csv",
               "id,lon,lat,capacity\n"
               "M1,7.4206,43.7308,10\nM2,7.4150,43.7286,20\nM3,7.4270,43.7397,15\n"
               "M4,7.4340,43.7460,10\nM5,7.4122,43.7276,30\nM6,7.4180,43.7350,12\n"
               "X9,7.4400,43.7200,10\n");  // in the sea: skipped
    write_text(dir / "candidates.csv",
               "id,lon,lat,cost_eur,capacity\nS1,7.4100,43.7320,100,5\n"
               "S2,7.4300,43.7420,120,5\nS3,7.4220,43.7260,90,5\n");
    const auto file = dir / ("monaco_" + centres_file + (per_centre ? "_pc" : "") + ".yaml");
    write_text(file,
               fmt::format(
                   "reach: 1\nname: monaco\n"
                   "roads: {{file: {}}}\n"
                   "profiles: {{file: {}, use: [car, walk_elderly]}}\n"
                   "population: {{file: population.csv, id_field: cell_id, x_field: lon,\n"
                   "             y_field: lat, crs: EPSG:4326,\n"
                   "             groups: {{total: {{column: T}},\n"
                   "                      age65plus: {{column: A65, profiles: [walk_elderly]}}}}}}\n"
                   "centres: {{file: {}, capacity_field: capacity}}\n"
                   "thresholds_min: [2, 5, 10]\ntarget_min: 5\n"
                   "snap: {{max_distance_m: 300, on_unsnapped_centre: warn}}\n"
                   "measures: {{e2sfca: {{decay: step, breaks_min: [5, 10], weights: [1, 0.5],\n"
                   "                    demand_group: total}}}}\n"
                   "catchments: {{raster_resolution_m: 50, per_centre: {}}}\n"
                   "optimize: {{candidates: candidates.csv, objective: mclp, profile: car, k: 2,\n"
                   "           keep_existing: true}}\n"
                   "outputs: {{formats: [gpkg, geojson, geotiff, csv, html]}}\n",
                   reach::test::data_path("monaco.osm.pbf").string(),
                   reach::test::source_path("data/profiles.yaml").string(), centres_file,
                   per_centre));
    return file;
}

class MpiRun : public testing::TestWithParam<bool> {};

TEST_P(MpiRun, TwoRanksSplitTheCentresAndWriteTheBytesOfOneProcess) {
    const bool per_centre = GetParam();
    const TempDir dir;
    const auto scenario = write_monaco(dir, per_centre, "centres.csv").string();
    const auto cache = " --cache-dir " + (dir / "cache").string();
    const auto one =
        run_command(reach_args("run " + scenario + " --out " + (dir / "one").string() + cache));
    ASSERT_EQ(one.exit_code, 0) << one.err;
    // Both ranks load the graph that the first run cached; -v for the share lines.
    const auto two = run_command(mpiexec(reach_on_ranks(
        2, "-v run " + scenario + " --out " + (dir / "two").string() + cache)));
    ASSERT_EQ(two.exit_code, 0) << two.err;

    // Each rank searched its own centres: rank 0 the 4 of ranks 0, 2, 4, 6, rank 1 the 3 of
    // 1, 3, 5, for each profile's matrix and (per_centre) catchments.
    for (const char* profile : {"car", "walk_elderly"}) {
        const std::string matrix = std::string(profile) + ": travel-time matrix within 10 min: ";
        EXPECT_EQ(count(two.err, "rank 0 of 2: " + matrix + "4 of 7 centre searches"), 1U)
            << two.err;
        EXPECT_EQ(count(two.err, "rank 1 of 2: " + matrix + "3 of 7 centre searches"), 1U)
            << two.err;
        const std::string catchments = std::string(profile) + ": per-centre catchments: ";
        EXPECT_EQ(count(two.err, "rank 0 of 2: " + catchments + "4 of 7 centre searches"),
                  per_centre ? 1U : 0U)
            << two.err;
        EXPECT_EQ(count(two.err, "rank 1 of 2: " + catchments + "3 of 7 centre searches"),
                  per_centre ? 1U : 0U)
            << two.err;
    }
    // The centre in the sea is one warning (every rank snaps the centres; rank 0 speaks).
    EXPECT_EQ(count(one.err, "centre \"X9\""), 2U) << one.err;  // car and walk_elderly
    EXPECT_EQ(count(two.err, "centre \"X9\""), 2U) << two.err;

    // The printed tables are those of one process (up to the folder name and run time).
    EXPECT_EQ(two.out.substr(0, two.out.find("\nwrote ")), one.out.substr(0, one.out.find("\nwrote ")));
    const auto files = tree(dir / "one");
    for (const char* name : {"summary.json", "cells.csv", "reach.gpkg", "catchments.geojson",
                             "travel_time_car.tif", "report.html", "manifest.json"}) {
        EXPECT_EQ(files.count(name), 1U) << name;
    }
    EXPECT_EQ(files.count("travel_time_car_M5.tif"), per_centre ? 1U : 0U);
    EXPECT_EQ(files.count("travel_time_walk_elderly_M2.tif"), per_centre ? 1U : 0U);
    EXPECT_EQ(files.count("travel_time_car_X9.tif"), 0U);  // skipped: reaches nothing
    expect_same_tree(dir / "one", dir / "two");
}

INSTANTIATE_TEST_SUITE_P(PerCentre, MpiRun, testing::Bool());

TEST(MpiOptimize, TwoRanksSplitTheSitesAndWriteTheBytesOfOneProcess) {
    const TempDir dir;
    const auto scenario = write_monaco(dir, false, "centres.csv").string();
    const auto cache = " --cache-dir " + (dir / "cache").string();
    const auto one = run_command(
        reach_args("optimize " + scenario + " --out " + (dir / "one").string() + cache));
    ASSERT_EQ(one.exit_code, 0) << one.err;
    const auto two = run_command(mpiexec(reach_on_ranks(
        2, "-v optimize " + scenario + " --out " + (dir / "two").string() + cache)));
    ASSERT_EQ(two.exit_code, 0) << two.err;
    // 7 centres and 3 candidate sites: 10 columns, 5 on each rank.
    const std::string matrix = "car: travel-time matrix within 5 min: ";
    EXPECT_EQ(count(two.err, "rank 0 of 2: " + matrix + "5 of 10 centre searches"), 1U) << two.err;
    EXPECT_EQ(count(two.err, "rank 1 of 2: " + matrix + "5 of 10 centre searches"), 1U) << two.err;
    EXPECT_EQ(two.out.substr(0, two.out.find("\nwrote ")), one.out.substr(0, one.out.find("\nwrote ")));
    EXPECT_NE(one.out.find("\n1    S2 "), std::string::npos) << one.out;
    expect_same_tree(dir / "one", dir / "two");
}

// Rank 1 runs the scenario with one centre moved by ~40 m: its seeds differ, the ranks stop
// at the first matrix with one message and write nothing.
TEST(MpiRun, ARankWithOtherInputsIsOneMessageAndWritesNothing) {
    const TempDir dir;
    const auto scenario = write_monaco(dir, false, "centres.csv").string();
    auto moved = reach::test::read_text(dir / "centres.csv");
    moved.replace(moved.find("M1,7.4206"), 9, "M1,7.4211");
    write_text(dir / "moved.csv", moved);
    const auto other = write_monaco(dir, false, "moved.csv").string();
    const auto out = " --out " + (dir / "out").string();
    const auto r = run_command(mpiexec(reach_on_ranks(1, "--quiet run " + scenario + out) +
                                       " : " + reach_on_ranks(1, "--quiet run " + other + out)));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const std::string message =
        "reach: error: car: travel-time matrix within 10 min: rank 1 of 2 has other inputs "
        "than rank 0 (other centre seeds, cell exits or grid)";
    EXPECT_EQ(count(r.err, message), 1U) << r.err;
    EXPECT_EQ(count(r.err, "reach: error:"), 1U) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
}

// A failure on rank 1 alone (its scenario file is missing) while rank 0 runs: rank 0 stops at
// its next collective and prints rank 1's message once, as one process would; no folder.
TEST(MpiRun, AFailureOnRankOneIsOneMessageAndWritesNothing) {
    const TempDir dir;
    const auto scenario = write_monaco(dir, true, "centres.csv").string();
    const auto missing = (dir / "missing.yaml").string();
    const auto alone = run_command(reach_args("run " + missing + " --out " +
                                              (dir / "alone").string()));
    ASSERT_NE(alone.exit_code, 0);
    const auto message = alone.err.substr(0, alone.err.find('\n'));
    ASSERT_NE(message.find("missing.yaml"), std::string::npos) << alone.err;
    const auto out = " --out " + (dir / "out").string();
    const auto r = run_command(mpiexec(reach_on_ranks(1, "--quiet run " + scenario + out) +
                                       " : " + reach_on_ranks(1, "--quiet run " + missing + out)));
    EXPECT_EQ(r.exit_code, alone.exit_code) << r.err;
    EXPECT_EQ(count(r.err, message), 1U) << r.err;
    EXPECT_EQ(count(r.err, "reach: error:"), 1U) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
    EXPECT_FALSE(fs::exists(dir / "alone"));
}

}  // namespace
