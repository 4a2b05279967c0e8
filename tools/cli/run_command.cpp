// reach run <scenario.yaml>: one scenario end to end (SCENARIO.md, Command line and The run
// folder). Loads and validates the scenario, refuses an existing output folder without
// --overwrite before any heavy work, runs it (graphs through the graph cache), writes the run
// folder atomically and prints the headline tables on stdout. Under mpirun the ranks share the
// per-centre searches and rank 0 writes the folder of one process (mpi_run.hpp).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "commands.hpp"
#include "common_options.hpp"
#include "load_graph.hpp"
#include "mpi_run.hpp"
#include "run_support.hpp"
#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/report/report.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::cli {
namespace {

struct RunArgs : RunFlags {
    std::string scenario;
};

void run_run(const RunArgs& args, const GlobalOptions& global) {
    const auto thread_limit = limit_threads(args);
    const auto start = std::chrono::steady_clock::now();
    // Under mpirun the per-centre searches are split across the ranks (mpi_run.hpp); with one
    // rank every phase is a plain call.
    const mpi::Session session;
    const mpi::ScenarioRanks ranks(session, global.verbose && !global.quiet);
    GraphMemo graphs(args.cache);
    const auto started = mpi::start_scenario(session, ranks, args.scenario, args, graphs);
    const auto& s = started.scenario;
    const auto& options = started.options;
    const auto& dir = started.dir;
    std::optional<scenario::RunResult> result;
    mpi::phase(session, [&] { result = scenario::run_scenario(*s, options); });
    mpi::phase(session, [&] {
        if (!ranks.writes()) return;
        const auto seconds_since = [&start] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                .count();
        };
        debug(fmt::format("run: computed in {:.2f} s", seconds_since()));
        // The report is made while the other files are written.
        std::vector<scenario::ExtraFile> report;
        const auto files = scenario::write_run(*s, *result, dir, args.overwrite, REACH_VERSION, [&] {
            report = report::run_report_file(*s, *result, {REACH_VERSION, seconds_since()});
            debug(fmt::format("run: report after {:.2f} s", seconds_since()));
            return report;
        });
        debug(fmt::format("run: files written after {:.2f} s", seconds_since()));
        print_tables(*result);
        std::printf("\nwrote %s (%s) in %.1f s, %d threads\n", dir.string().c_str(),
                    fmt::format("{}", fmt::join(files, ", ")).c_str(), seconds_since(),
                    result->threads);
        print_report_path(dir, report);
    });
}

}  // namespace

void add_run_command(CLI::App& app, const GlobalOptions& global) {
    auto args = std::make_shared<RunArgs>();
    auto* command = app.add_subcommand(
        "run", "Run a scenario: coverage per profile and group (summary.json, cells.csv)");
    command->add_option("scenario", args->scenario, "Scenario YAML file")->required();
    add_run_flags(*command, *args);
    command->callback([args, &global] { run_run(*args, global); });
}

}  // namespace reach::cli
