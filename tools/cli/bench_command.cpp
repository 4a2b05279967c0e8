// reach bench (issue 11, DESIGN.md Performance targets): one run over one graph and one set of
// centres measures every stage next to a baseline measured in the same run, checks that the
// answers agree, and prints a table (stdout) and optionally JSON. Roads are either a synthetic
// road-like network (--nodes, --seed; tools/bench/synth_roads.hpp) or any roads file.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "bench_run.hpp"
#include "commands.hpp"
#include "reach/core/error.hpp"

namespace reach::cli {
namespace {

std::string seconds_text(double time_s) {
    return std::isnan(time_s) ? "—" : fmt::format("{:.4f}", time_s);
}

void print_report(const BenchReport& report) {
    std::printf("%s\n", report.input_label.c_str());
    std::printf("graph (%s): %u nodes, %u directed arcs (%.2f per node), %u centres, snap %s\n",
                report.profile.c_str(), report.graph.nodes, report.graph.arcs,
                report.graph.nodes == 0 ? 0.0 : double(report.graph.arcs) / report.graph.nodes,
                report.centre_count, report.snap.c_str());
    std::printf("routing graph memory: %.1f MB, %.1f bytes per node, %.1f bytes per directed arc\n",
                double(report.graph.total) / 1e6, report.graph.per_node(), report.graph.per_arc());
    std::printf("%-16s %10s  %-26s %10s %8s %9s\n", "stage", "reach s", "baseline", "base s",
                "ratio", "peak MB");
    for (const auto& stage : report.stages) {
        std::printf("%-16s %10s  %-26s %10s %8s %9.1f\n", stage.name.c_str(),
                    seconds_text(stage.time_s).c_str(), stage.baseline.c_str(),
                    seconds_text(stage.baseline_s).c_str(),
                    std::isnan(stage.ratio()) ? "—" : fmt::format("{:.2f}", stage.ratio()).c_str(),
                    double(stage.peak_rss_bytes) / 1e6);
    }
    std::printf("ratio = baseline s / reach s for the searches and ingest (above 1: reach faster),"
                " ingest s / reload s for the cache\n");
    std::printf("answers: %s\n", report.check.c_str());
}

nlohmann::json report_json(const BenchReport& report) {
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& stage : report.stages) {
        nlohmann::json s{{"stage", stage.name}, {"time_s", stage.time_s},
                         {"peak_rss_bytes", stage.peak_rss_bytes}};
        if (!std::isnan(stage.baseline_s)) {
            s["baseline"] = stage.baseline;
            s["baseline_s"] = stage.baseline_s;
            s["ratio"] = stage.ratio();
        }
        stages.push_back(std::move(s));
    }
    return {{"reach_bench", 1},
            {"input", report.input_label},
            {"profile", report.profile},
            {"snap", report.snap},
            {"nodes", report.graph.nodes},
            {"arcs", report.graph.arcs},
            {"centres", report.centre_count},
            {"graph_bytes", report.graph.total},
            {"bytes_per_node", report.graph.per_node()},
            {"bytes_per_arc", report.graph.per_arc()},
            {"check", report.check},
            {"stages", stages}};
}

void write_json(const std::string& path, const BenchReport& report) {
    std::ofstream out(path, std::ios::binary);
    out << report_json(report).dump(2) << '\n';
    out.close();
    if (!out) {
        throw OutputError(fmt::format("{}: cannot write file", path));
    }
}

void check_args(const BenchArgs& args) {
    if (args.roads.empty() != args.centres.empty()) {
        throw UsageError("--roads and --centres go together (or neither: a synthetic network)");
    }
    if (args.snap != "edge" && args.snap != "node") {
        throw UsageError(fmt::format("--snap: \"{}\" (expected edge or node)", args.snap));
    }
}

}  // namespace

void add_bench_command(CLI::App& app, const GlobalOptions& /*global*/) {
    auto args = std::make_shared<BenchArgs>();
    auto* command = app.add_subcommand(
        "bench", "Measure ingest, cache, searches and export against baselines in one run");
    command->add_option("--nodes", args->nodes, "Synthetic network: graph nodes (about)")
        ->default_str("100000")
        ->check(CLI::Range(100U, 50'000'000U));
    command->add_option("--seed", args->seed, "Synthetic network: seed")->default_str("1");
    command->add_option("--centre-count", args->centre_count, "Synthetic network: centres")
        ->default_str("20")
        ->check(CLI::Range(1U, 10'000U));
    command->add_option("--roads", args->roads, "Roads file instead of a synthetic network");
    command->add_option("--centres", args->centres, "Centres file (with --roads)");
    command->add_option("--centres-crs", args->centres_crs,
                        "CRS of x,y columns in a centres CSV (default: the working CRS)");
    command->add_option("--profile", args->profile, "Travel profile")->default_str("car");
    command->add_option("--snap", args->snap,
                        "edge: centres on the nearest road (as reach run); node: on the nearest "
                        "node (as most routing libraries, and reach route)")
        ->default_str("edge");
    command->add_option("--export-node-times", args->export_node_times,
                        "Write node times (the columns of reach route's nodes.csv) to FILE");
    command->add_option("--matrix-cutoff-s", args->matrix_cutoff_s,
                        "Bound of the per-centre searches, seconds")
        ->default_str("1800")
        ->check(CLI::PositiveNumber);
    command->add_option("--repeat", args->repeat, "Runs of each search; the fastest counts")
        ->default_str("3")
        ->check(CLI::Range(1, 100));
    command->add_option("--work-dir", args->work_dir,
                        "Keep generated files here (default: a temporary folder, removed)");
    command->add_option("--json", args->json, "Also write the figures as JSON to FILE");
    command->add_flag("--quick", args->quick,
                      "Smoke test: 10,000 synthetic nodes, one run per search (CI)");
    command->add_option("--profiles", args->profiles_file,
                        "Profile YAML file (default: data/profiles.yaml of this reach)");
    command->add_option("--crs", args->working_crs, "Working CRS, metric")
        ->default_str("EPSG:3035");
    command->callback([args] {
        if (args->quick) {
            args->nodes = 10'000;
            args->repeat = 1;
        }
        check_args(*args);
        const auto report = run_bench(*args);
        print_report(report);
        if (!args->json.empty()) {
            write_json(args->json, report);
        }
        if (!report.answers_agree) {
            throw BenchDisagreement("reach bench: reach and the baseline disagree: " + report.check);
        }
    });
}

}  // namespace reach::cli
