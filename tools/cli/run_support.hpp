#pragma once
// What run, compare and batch share: their flags, loading a scenario with the shipped profile
// file as default, the graph loader (graph cache on disk, and in memory across the scenarios
// of one process), refusing an existing output before heavy work, and the headline tables.
#include <CLI/CLI.hpp>

#include <tbb/global_control.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "load_graph.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::cli {

struct RunFlags {
    std::string out_dir;
    bool overwrite = false;
    int threads = 0;
    CacheOptions cache;
};

// --out, --overwrite, --threads, --cache-dir, --no-cache
void add_run_flags(CLI::App& command, RunFlags& flags);

[[nodiscard]] scenario::Scenario load_scenario_file(const std::string& path);

// Graphs by (roads file, profile settings, reading options), so that a batch or a comparison
// loads each graph once. The first load goes through the graph cache (load_graph).
class GraphMemo {
public:
    explicit GraphMemo(CacheOptions cache) : m_cache(std::move(cache)) {}
    [[nodiscard]] network::CachedGraph get(const std::string& roads,
                                           const network::Profile& profile,
                                           const io::RoadReadOptions& read);

private:
    CacheOptions m_cache;
    std::mutex m_loading;  // profiles load side by side (run_scenario); one graph at a time
    std::map<std::string, network::CachedGraph> m_graphs;
};

// RunOptions whose graph loader is `graphs` (which must outlive the runs).
[[nodiscard]] scenario::RunOptions run_options(const RunFlags& flags, GraphMemo& graphs);

// The --threads cap for the whole command, writing the folder included (run_scenario's own cap
// ends with the computation, and GDAL's writers would otherwise use every core); none when
// --threads is not given. Keep it alive for the command's duration.
[[nodiscard]] std::unique_ptr<tbb::global_control> limit_threads(const RunFlags& flags);

// OutputError when `dir` exists and overwrite is not set.
void refuse_existing(const std::filesystem::path& dir, bool overwrite);

// "report: DIR/report.html" on stdout when a report was among the files written: the last
// line of `reach run`, so that a planner finds the page to open.
void print_report_path(const std::filesystem::path& dir,
                       const std::vector<scenario::ExtraFile>& extra);

// The headline tables of a run on stdout.
void print_tables(const scenario::RunResult& r);

}  // namespace reach::cli
