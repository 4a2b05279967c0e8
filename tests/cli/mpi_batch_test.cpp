// `mpirun -n 2 reach batch` (REACH_WITH_MPI; tools/cli/mpi_batch.hpp): the scenarios spread over
// two ranks on this machine give the bytes of a one-process `reach batch` — every file of every
// run folder and batch.csv, report.html but for its run-time line (the one line DESIGN.md lets
// differ), with GDAL's OGR_CURRENT_DATE fixed for the GeoPackage dates; and a failure on either
// rank is one message, the exit code of one process and no output folder.
#include <gtest/gtest.h>

#include <algorithm>
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

// Fixed GeoPackage dates; --threads 1 (manifest.json records the thread count, and mpirun
// binds each rank to one core, which would change the default).
std::string reach_args(const std::string& args) {
    return "OGR_CURRENT_DATE=2000-01-01T00:00:00Z " + reach::test::reach_binary().string() +
           " --quiet " + args + " --threads 1";
}

std::string mpirun_args(int ranks, const std::string& args) {
    return "OGR_CURRENT_DATE=2000-01-01T00:00:00Z " + std::string(REACH_MPIEXEC) +
           " --allow-run-as-root --oversubscribe -x OGR_CURRENT_DATE -n " +
           std::to_string(ranks) + " " + reach::test::reach_binary().string() + " --quiet " +
           args + " --threads 1";
}

// The hand network (road graph: GeoPackage, GeoTIFF, report) and two what-ifs of it, and the
// toy matrix of compare_batch_test with one centre closed: five scenarios, so rank 0 runs
// three and rank 1 two.
std::string write_scenarios(const TempDir& dir) {
    const auto hand = reach::test::write_hand_scenario(dir);
    write_text(dir / "hand_target10.yaml", "reach: 1\nname: hand-target10\nbase: hand.yaml\n"
                                           "target_min: 10\n");
    write_text(dir / "hand_both.yaml", "reach: 1\nname: hand-both\nbase: hand.yaml\n"
                                       "centres: {close: []}\n");
    reach::test::write_toy_matrix(dir);
    std::string files = hand.string();
    for (const char* name : {"hand_target10.yaml", "hand_both.yaml", "open.yaml", "closed.yaml"}) {
        files += ' ';
        files += (dir / name).string();
    }
    return files;
}

TEST(MpiBatch, TwoRanksWriteTheBytesOfOneProcess) {
    const TempDir dir;
    const auto files = write_scenarios(dir);
    const auto one = run_command(
        reach_args("batch " + files + " --out " + (dir / "one").string()));
    ASSERT_EQ(one.exit_code, 0) << one.err;
    const auto two = run_command(
        mpirun_args(2, "batch " + files + " --out " + (dir / "two").string()));
    ASSERT_EQ(two.exit_code, 0) << two.err;
    EXPECT_EQ(two.out, "ran 5 scenarios; wrote " + (dir / "two").string() +
                           " (batch.csv and one folder per scenario)\n");

    const auto a = reach::test::folder_texts(dir / "one");
    const auto b = reach::test::folder_texts(dir / "two");
    // batch.csv and the five run folders with the files of each kind.
    for (const char* name : {"batch.csv", "hand/reach.gpkg", "hand/report.html",
                             "hand_target10/summary.json", "hand_both/cells.csv",
                             "open/manifest.json", "closed/summary.json"}) {
        EXPECT_EQ(a.count(name), 1U) << name;
    }
    EXPECT_TRUE(std::any_of(a.begin(), a.end(), [](const auto& file) {
        return file.first.rfind("hand/", 0) == 0 && file.first.size() > 4 &&
               file.first.compare(file.first.size() - 4, 4, ".tif") == 0;
    }));
    ASSERT_EQ(a.size(), b.size());
    for (const auto& [name, bytes] : a) {
        const auto other = b.find(name);
        ASSERT_NE(other, b.end()) << name << " missing from the 2-rank output";
        EXPECT_TRUE(other->second == bytes) << name << " differs between 1 process and 2 ranks";
    }
    // The batch table has the rows of all five scenarios, the deltas against the first.
    const auto& table = a.at("batch.csv");
    EXPECT_NE(table.find("\nclosed,matrix,total,10,660.00,100.00,0.151515,9.67,"),
              std::string::npos)
        << table;
    EXPECT_NE(table.find("\nhand-target10,car,total,"), std::string::npos) << table;
}

TEST(MpiBatch, ABadScenarioIsOneMessageOnTwoRanksAndWritesNothing) {
    const TempDir dir;
    const auto files = write_scenarios(dir);
    write_text(dir / "typo.yaml", "reach: 1\nname: typo\nbase: open.yaml\ntarget_mni: 30\n");
    const auto r = run_command(mpirun_args(
        2, "batch " + files + " " + (dir / "typo.yaml").string() + " --out " +
               (dir / "batch").string()));
    EXPECT_NE(r.exit_code, 0);
    const std::string message = "typo.yaml:4:1: target_mni: unknown key";
    const auto at = r.err.find(message);
    ASSERT_NE(at, std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(message, at + 1), std::string::npos) << "printed twice: " << r.err;
    EXPECT_FALSE(fs::exists(dir / "batch"));
}

// A failure that only the run shows (a time that is not a number), in the scenario rank 1
// runs: rank 0 prints rank 1's message once, nothing is written.
TEST(MpiBatch, ARunFailureOnRankOneIsOneMessageAndWritesNothing) {
    const TempDir dir;
    write_scenarios(dir);
    write_text(dir / "bad.csv", "origin_id,destination_id,time_min\na,X,soon\n");
    write_text(dir / "bad.yaml", "reach: 1\nname: bad\nbase: open.yaml\nmatrix: {file: bad.csv}\n");
    const auto files = (dir / "open.yaml").string() + " " + (dir / "bad.yaml").string() + " " +
                       (dir / "closed.yaml").string();
    const auto one = run_command(reach_args("batch " + files + " --out " + (dir / "one").string()));
    ASSERT_EQ(one.exit_code, 1) << one.err;
    const auto r = run_command(mpirun_args(2, "batch " + files + " --out " +
                                                  (dir / "two").string()));
    EXPECT_NE(r.exit_code, 0);
    // The one-process message, once.
    const auto first_line = one.err.substr(0, one.err.find('\n'));
    const auto at = r.err.find(first_line);
    ASSERT_NE(at, std::string::npos) << "expected: " << first_line << "\ngot: " << r.err;
    EXPECT_EQ(r.err.find(first_line, at + 1), std::string::npos) << "printed twice: " << r.err;
    EXPECT_FALSE(fs::exists(dir / "one"));
    EXPECT_FALSE(fs::exists(dir / "two"));
}

}  // namespace
