// reach batch <dir-or-glob>...: runs many scenarios in one process (each graph loaded once,
// through the graph cache) and writes DIR/<file stem>/ per scenario plus DIR/batch.csv
// (SCENARIO.md, The run folder), atomically. Every scenario is validated before any runs, so a
// typo in the tenth file does not cost nine runs.
#include <glob.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>

#include "commands.hpp"
#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/io/staged_dir.hpp"
#include "reach/report/report.hpp"
#include "reach/scenario/compare.hpp"
#include "run_support.hpp"

namespace reach::cli {
namespace {

struct BatchArgs : RunFlags {
    std::vector<std::string> inputs;
};

// A folder gives its *.yaml / *.yml files (sorted); anything else is a glob pattern (quoted by
// the user so the shell leaves it alone; sorted) or a file. The inputs keep their order, so the
// first scenario named is the reference of delta_covered_vs_first; duplicates are dropped.
std::vector<std::filesystem::path> scenario_files(const std::vector<std::string>& inputs) {
    std::vector<std::filesystem::path> files;
    const auto add = [&files](std::vector<std::filesystem::path> found) {
        std::sort(found.begin(), found.end());
        for (auto& f : found) {
            if (std::find(files.begin(), files.end(), f) == files.end()) {
                files.push_back(std::move(f));
            }
        }
    };
    for (const auto& input : inputs) {
        std::vector<std::filesystem::path> found;
        if (std::filesystem::is_directory(input)) {
            for (const auto& entry : std::filesystem::directory_iterator(input)) {
                const auto ext = entry.path().extension();
                if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
                    found.push_back(entry.path());
                }
            }
        } else {
            glob_t matches{};
            if (::glob(input.c_str(), 0, nullptr, &matches) == 0) {
                for (std::size_t k = 0; k < matches.gl_pathc; ++k) {
                    found.emplace_back(matches.gl_pathv[k]);
                }
            }
            ::globfree(&matches);
        }
        add(std::move(found));
    }
    if (files.empty()) {
        throw InputError(fmt::format("no scenario files in {} (expected a folder of .yaml files, "
                                     "a glob such as 'scenarios/*.yaml', or files)",
                                     fmt::join(inputs, " ")));
    }
    return files;
}

void run_batch(const BatchArgs& args) {
    if (args.out_dir.empty()) {
        throw UsageError("reach batch needs --out DIR (a folder for batch.csv and the runs)");
    }
    const auto files = scenario_files(args.inputs);
    std::vector<scenario::Scenario> scenarios;
    std::string errors;
    std::set<std::string> stems;
    for (const auto& file : files) {
        try {
            scenarios.push_back(load_scenario_file(file.string()));
        } catch (const InputError& e) {
            errors += std::string(errors.empty() ? "" : "\n") + e.what();
        }
        if (!stems.insert(file.stem().string()).second) {
            errors += fmt::format("{}{}: another scenario file has the stem \"{}\" (expected "
                                  "distinct names: each run goes to DIR/<stem>)",
                                  errors.empty() ? "" : "\n", file.string(),
                                  file.stem().string());
        }
    }
    if (!errors.empty()) {
        throw InputError(errors);
    }
    refuse_existing(args.out_dir, args.overwrite);
    GraphMemo graphs(args.cache);
    const auto options = run_options(args, graphs);
    io::StagedDir out(args.out_dir, args.overwrite);
    std::vector<scenario::RunResult> results;
    results.reserve(scenarios.size());
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
        info(fmt::format("batch: {}/{} {}", k + 1, scenarios.size(), files[k].string()));
        const auto start = std::chrono::steady_clock::now();
        results.push_back(scenario::run_scenario(scenarios[k], options));
        const report::ReportInfo report_info{
            REACH_VERSION,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
        scenario::write_run(scenarios[k], results.back(), out.file(files[k].stem().string()),
                            false, REACH_VERSION,
                            report::run_report_file(scenarios[k], results.back(), report_info));
    }
    std::vector<scenario::NamedRun> named;
    for (std::size_t k = 0; k < results.size(); ++k) {
        named.push_back({scenarios[k].name, &results[k]});
    }
    const auto table = scenario::batch_csv(named);
    {
        std::FILE* file = std::fopen(out.file("batch.csv").c_str(), "wb");
        if (file == nullptr || std::fwrite(table.data(), 1, table.size(), file) != table.size() ||
            std::fclose(file) != 0) {
            throw OutputError(fmt::format("{}: cannot write file", out.file("batch.csv").string()));
        }
    }
    out.commit();
    std::printf("ran %zu scenarios; wrote %s (batch.csv and one folder per scenario)\n",
                scenarios.size(), args.out_dir.c_str());
}

}  // namespace

void add_batch_command(CLI::App& app, const GlobalOptions& /*global*/) {
    auto args = std::make_shared<BatchArgs>();
    auto* command = app.add_subcommand(
        "batch", "Run many scenarios (a folder, a quoted glob or files) into one batch.csv");
    command->add_option("scenarios", args->inputs, "Folder, glob pattern or scenario files")
        ->required();
    add_run_flags(*command, *args);
    command->callback([args] { run_batch(*args); });
}

}  // namespace reach::cli
