// reach compare <a.yaml> <b.yaml>: runs both scenarios (each graph loaded once) and writes
// DIR/compare.json, DIR/change.csv and the two run folders DIR/a, DIR/b atomically; prints a
// compact table of what changed per profile and group (SCENARIO.md, Command line).
#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "commands.hpp"
#include "reach/core/error.hpp"
#include "reach/report/report.hpp"
#include "reach/scenario/compare.hpp"
#include "run_support.hpp"

namespace reach::cli {
namespace {

struct CompareArgs : RunFlags {
    std::string a, b;
};

std::string signed_persons(double value) { return fmt::format("{:+.0f}", value); }

void print_changes(const scenario::CompareResult& c) {
    std::size_t target = 0;
    for (std::size_t k = 0; k < c.thresholds_min.size(); ++k) {
        if (c.thresholds_min[k] == c.target_min) target = k;
    }
    std::printf("compare: %s → %s (within %d min)\n\n", c.scenario_a.c_str(),
                c.scenario_b.c_str(), c.target_min);
    std::printf("%-14s %-28s %12s %12s %10s %9s %9s %10s\n", "profile", "group", "covered a",
                "covered b", "change", "gained", "lost", "mean min");
    for (const auto& p : c.pairs) {
        const auto& t = p.total;
        const std::string mean =
            t.mean_time_min_a && t.mean_time_min_b
                ? fmt::format("{:+.2f}", *t.mean_time_min_b - *t.mean_time_min_a)
                : std::string("-");
        std::printf("%-14s %-28s %12.0f %12.0f %10s %9.0f %9.0f %10s\n", p.profile.c_str(),
                    p.group.c_str(), t.covered_a[target], t.covered_b[target],
                    signed_persons(t.covered_b[target] - t.covered_a[target]).c_str(),
                    t.gained_target, t.lost_target, mean.c_str());
    }
    for (const auto& cl : c.classes) {
        std::printf("%s: %zu cells better, %zu worse, %zu unchanged (time class)\n",
                    cl.profile.c_str(), cl.cells_better, cl.cells_worse, cl.cells_same);
    }
}

void run_compare(const CompareArgs& args) {
    const auto thread_limit = limit_threads(args);
    const auto a = load_scenario_file(args.a);
    const auto b = load_scenario_file(args.b);
    if (args.out_dir.empty()) {
        throw UsageError("reach compare needs --out DIR (a folder for compare.json, change.csv "
                         "and the two runs)");
    }
    refuse_existing(args.out_dir, args.overwrite);
    GraphMemo graphs(args.cache);
    const auto options = run_options(args, graphs);
    const auto start = std::chrono::steady_clock::now();
    const auto run_a = scenario::run_scenario(a, options);
    const auto run_b = scenario::run_scenario(b, options);
    const report::ReportInfo info{
        REACH_VERSION,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
    scenario::CompareExtras extras{report::run_report_file(a, run_a, info),
                                   report::run_report_file(b, run_b, info), {}};
    if (report::wants_report(a)) {
        extras.compare.push_back(
            {"report.html", report::compare_report_html(a, run_a, b, run_b, info)});
    }
    scenario::write_compare(a, run_a, b, run_b, args.out_dir, args.overwrite, REACH_VERSION,
                            extras);
    print_changes(scenario::compare_runs(run_a, run_b));
    std::printf("\nwrote %s (compare.json, change.csv, %sa/, b/)\n", args.out_dir.c_str(),
                extras.compare.empty() ? "" : "report.html, ");
    print_report_path(args.out_dir, extras.compare);
}

}  // namespace

void add_compare_command(CLI::App& app, const GlobalOptions& /*global*/) {
    auto args = std::make_shared<CompareArgs>();
    auto* command = app.add_subcommand(
        "compare", "Run two scenarios and report what changed (compare.json, change.csv)");
    command->add_option("a", args->a, "First scenario YAML file (the reference)")->required();
    command->add_option("b", args->b, "Second scenario YAML file")->required();
    add_run_flags(*command, *args);
    command->callback([args] { run_compare(*args); });
}

}  // namespace reach::cli
