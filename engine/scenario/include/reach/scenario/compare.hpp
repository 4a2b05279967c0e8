#pragma once
// Two runs side by side (`reach compare a.yaml b.yaml`) and many in one table (`reach batch`).
//
// compare_runs(): per profile × group present in both runs, in total and per area (by id,
// areas of both): population, covered per threshold, shares, mean time, and the persons who
// gained or lost coverage within the target (a cell's group persons move from gap to covered
// or back; cells matched by cell_id, among the cells both runs score, so that gained − lost
// equals the change of covered within the target). Per cell and profile, the class of its nearest time —
// the index of the first threshold it is within, "beyond" after the last, "none" when
// unreachable or unsnapped — and how many cells changed class. Both runs must have the same
// thresholds_min and target_min (InputError otherwise: the figures would not compare).
//
// batch_csv(): SCENARIO.md's batch.csv, one row per scenario × profile × group × threshold,
// delta_covered_vs_first against the first scenario's same row (empty when it has none).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reach/scenario/run.hpp"

namespace reach::scenario {

struct FigureChange {
    double population_a = 0.0, population_b = 0.0;
    std::vector<double> covered_a, covered_b;  // per threshold
    std::vector<std::optional<double>> share_a, share_b;
    std::optional<double> mean_time_min_a, mean_time_min_b;
    double gained_target = 0.0;  // persons now within the target who were not
    double lost_target = 0.0;    // persons within the target before, not now
};

struct PairChange {
    std::string profile, group;
    FigureChange total;
    std::vector<FigureChange> by_area;  // CompareResult::area_id order
};

struct ClassChange {
    std::string profile;
    std::size_t cells_better = 0, cells_worse = 0, cells_same = 0;  // cells in both runs
};

struct CompareResult {
    std::string scenario_a, scenario_b;
    std::vector<int> thresholds_min;
    int target_min = 30;
    std::vector<std::string> area_id;  // areas of either run, sorted
    std::vector<PairChange> pairs;     // run a's order
    std::vector<ClassChange> classes;  // per profile in both
};

[[nodiscard]] CompareResult compare_runs(const RunResult& a, const RunResult& b);
[[nodiscard]] std::string compare_json(const CompareResult& result);
// change.csv: cell_id,x,y,area_id and per profile in both runs time_min_<p>_a, time_min_<p>_b,
// delta_min_<p>, class_<p>_a, class_<p>_b (cells of either run, sorted by id).
[[nodiscard]] std::string change_csv(const RunResult& a, const RunResult& b);

struct NamedRun {
    std::string scenario;  // scenario name
    const RunResult* result = nullptr;
};
[[nodiscard]] std::string batch_csv(const std::vector<NamedRun>& runs);

// Files rendered by the caller (engine/report): the report of each run and the comparison's.
struct CompareExtras {
    std::vector<ExtraFile> a, b, compare;
};

// Writes compare.json and change.csv (and the two runs' folders a/ and b/) atomically, with
// the extras in their folders.
void write_compare(const Scenario& a, const RunResult& run_a, const Scenario& b,
                   const RunResult& run_b, const std::filesystem::path& dir, bool overwrite,
                   const std::string& version, const CompareExtras& extras = {});

}  // namespace reach::scenario
