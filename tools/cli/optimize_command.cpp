// reach optimize <scenario.yaml>: which candidate sites to open (issue 8, SCENARIO.md §
// optimize). Loads and validates the scenario, refuses an existing output folder without
// --overwrite, solves (engine/scenario optimize.hpp), writes the run folder atomically and
// prints the chosen sites on stdout. Under mpirun the ranks share the per-site searches and
// rank 0 writes the folder of one process (mpi_run.hpp).
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <optional>

#include "commands.hpp"
#include "common_options.hpp"
#include "mpi_run.hpp"
#include "run_support.hpp"
#include "reach/report/report.hpp"
#include "reach/scenario/optimize.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::cli {
namespace {

struct OptimizeArgs : RunFlags {
    std::string scenario;
};

void print_choice(const scenario::OptimizeResult& r) {
    std::printf("%s on %s, target %d min, %s solver", r.objective.c_str(), r.profile.c_str(),
                r.target_min, r.solver.c_str());
    if (r.gap_to_exact) {
        std::printf(" (heuristic within %.4f %% of the optimum)", 100.0 * *r.gap_to_exact);
    }
    std::printf("\n%zu sites (%zu candidates), %zu demand cells\n\n", r.sites, r.candidates,
                r.demand_points);
    std::printf("%-4s %-28s %12s %12s %14s\n", "#", "site", "cost EUR", "total EUR",
                "objective");
    for (std::size_t k = 0; k < r.chosen.size(); ++k) {
        const auto& c = r.chosen[k];
        std::printf("%-4zu %-28s %12.0f %12.0f %14.2f\n", k + 1, c.id.c_str(), c.cost_eur,
                    c.cumulative_cost_eur, c.objective_value);
    }
    if (!r.closed.empty()) {
        std::printf("closed: %s\n", fmt::format("{}", fmt::join(r.closed, ", ")).c_str());
    }
    std::printf("\n%-16s %12s %12s %12s %10s\n", "group", "population", "existing",
                "with chosen", "gain");
    const auto& after = r.chosen.empty() ? r.covered_existing : r.chosen.back().covered;
    for (std::size_t g = 0; g < r.group_name.size(); ++g) {
        std::printf("%-16s %12.0f %12.0f %12.0f %+10.0f\n", r.group_name[g].c_str(),
                    r.population[g], r.covered_existing[g], after[g],
                    after[g] - r.covered_existing[g]);
    }
}

void run_optimize(const OptimizeArgs& args, const GlobalOptions& global) {
    const auto thread_limit = limit_threads(args);
    // Under mpirun the per-site searches are split across the ranks (mpi_run.hpp); with one
    // rank every phase is a plain call.
    const mpi::Session session;
    const mpi::ScenarioRanks ranks(session, global.verbose && !global.quiet);
    GraphMemo graphs(args.cache);
    const auto started = mpi::start_scenario(session, ranks, args.scenario, args, graphs);
    const auto& s = started.scenario;
    const auto& options = started.options;
    const auto& dir = started.dir;
    std::optional<scenario::OptimizeResult> result;
    mpi::phase(session, [&] { result = scenario::optimize_scenario(*s, options); });
    mpi::phase(session, [&] {
        if (!ranks.writes()) return;
        std::vector<scenario::ExtraFile> report;
        if (report::wants_report(*s)) {
            report.push_back({"report.html", report::optimize_report_html(
                                                 *s, *result, {REACH_VERSION, result->seconds})});
        }
        const auto files =
            scenario::write_optimize(*s, *result, dir, args.overwrite, REACH_VERSION, report);
        print_choice(*result);
        std::printf("\nwrote %s (%s) in %.1f s, %d threads\n", dir.string().c_str(),
                    fmt::format("{}", fmt::join(files, ", ")).c_str(), result->seconds,
                    result->threads);
        print_report_path(dir, report);
    });
}

}  // namespace

void add_optimize_command(CLI::App& app, const GlobalOptions& global) {
    auto args = std::make_shared<OptimizeArgs>();
    auto* command = app.add_subcommand(
        "optimize",
        "Choose candidate sites (optimize: in the scenario): optimize.json, optimize_curve.csv, "
        "optimized.yaml");
    command->add_option("scenario", args->scenario, "Scenario YAML file with optimize:")
        ->required();
    add_run_flags(*command, *args);
    command->callback([args, &global] { run_optimize(*args, global); });
}

}  // namespace reach::cli
