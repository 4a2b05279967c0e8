// reach batch <dir-or-glob>...: runs many scenarios in one process (each graph loaded once,
// through the graph cache) and writes DIR/<file stem>/ per scenario plus DIR/batch.csv
// (SCENARIO.md, The run folder), atomically. Every scenario is validated before any runs, so a
// typo in the tenth file does not cost nine runs. Under mpirun or srun the scenarios are spread
// over the ranks and gathered on rank 0 into the same bytes (mpi_batch.hpp).
#include <glob.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "commands.hpp"
#include "mpi_batch.hpp"
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

// batch.csv's figures of a run (scenario::batch_csv reads only these): what rank 0 keeps of
// each run, its own or sent by another rank.
scenario::RunResult batch_figures(const scenario::RunResult& r) {
    scenario::RunResult figures;
    figures.thresholds_min = r.thresholds_min;
    figures.pairs.reserve(r.pairs.size());
    for (const auto& pair : r.pairs) {
        scenario::PairResult p;
        p.profile = pair.profile;
        p.group = pair.group;
        const auto& c = pair.figures.total.coverage;
        auto& to = p.figures.total.coverage;
        to.population = c.population;
        to.covered = c.covered;
        to.share_covered = c.share_covered;
        to.mean_time_min = c.mean_time_min;
        figures.pairs.push_back(std::move(p));
    }
    return figures;
}

void put_figures(mpi::Writer& out, const scenario::RunResult& r) {
    out.u64(r.thresholds_min.size());
    for (const int t : r.thresholds_min) out.u64(static_cast<std::uint64_t>(t));
    out.u64(r.pairs.size());
    for (const auto& pair : r.pairs) {
        const auto& c = pair.figures.total.coverage;
        out.str(pair.profile);
        out.str(pair.group);
        out.f64(c.population);
        out.u64(c.covered.size());
        for (const double v : c.covered) out.f64(v);
        out.u64(c.share_covered.size());
        for (const auto& v : c.share_covered) {
            out.u64(v ? 1 : 0);
            out.f64(v.value_or(0.0));
        }
        out.u64(c.mean_time_min ? 1 : 0);
        out.f64(c.mean_time_min.value_or(0.0));
    }
}

scenario::RunResult get_figures(mpi::Reader& in) {
    scenario::RunResult r;
    r.thresholds_min.resize(in.u64());
    for (auto& t : r.thresholds_min) t = static_cast<int>(in.u64());
    r.pairs.resize(in.u64());
    for (auto& pair : r.pairs) {
        auto& c = pair.figures.total.coverage;
        pair.profile = in.str();
        pair.group = in.str();
        c.population = in.f64();
        c.covered.resize(in.u64());
        for (auto& v : c.covered) v = in.f64();
        c.share_covered.resize(in.u64());
        for (auto& v : c.share_covered) {
            const bool has = in.u64() != 0;
            const double value = in.f64();
            if (has) v = value;
        }
        const bool has_mean = in.u64() != 0;
        const double mean = in.f64();
        if (has_mean) c.mean_time_min = mean;
    }
    return r;
}

std::string read_bytes(const std::filesystem::path& path) {
    std::string bytes;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        throw OutputError(fmt::format("{}: cannot read the file just written", path.string()));
    }
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) bytes.append(buffer, n);
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed) {
        throw OutputError(fmt::format("{}: cannot read the file just written", path.string()));
    }
    return bytes;
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size() ||
        std::fclose(file) != 0) {
        throw OutputError(fmt::format("{}: cannot write file", path.string()));
    }
}

// One run folder of another rank: the scenario index, batch.csv's figures and every file
// (path relative to the folder's parent, bytes), in path order.
std::string pack_run(std::size_t k, const scenario::RunResult& figures,
                     const std::filesystem::path& root, const std::string& stem) {
    mpi::Writer out;
    out.u64(k);
    put_figures(out, figures);
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / stem)) {
        if (entry.is_regular_file()) paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    out.u64(paths.size());
    for (const auto& path : paths) {
        out.str(path.lexically_relative(root).generic_string());
        out.str(read_bytes(path));
    }
    return std::move(out.bytes());
}

void run_batch(const BatchArgs& args) {
    const auto thread_limit = limit_threads(args);
    // One rank and no MPI unless started by mpirun or srun (mpi_batch.hpp).
    const mpi::Session session;
    const auto rank = static_cast<std::size_t>(session.rank());
    const auto ranks = static_cast<std::size_t>(session.size());
    std::optional<mpi::Failure> failure;

    // Every rank validates every scenario (the same errors everywhere); rank 0 owns the output
    // folder, the others write into a private temporary one.
    std::vector<std::filesystem::path> files;
    std::vector<scenario::Scenario> scenarios;
    std::optional<io::StagedDir> out;
    try {
        if (args.out_dir.empty()) {
            throw UsageError("reach batch needs --out DIR (a folder for batch.csv and the runs)");
        }
        files = scenario_files(args.inputs);
        std::string errors;
        std::set<std::string> stems;
        scenarios.reserve(files.size());
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
        if (rank == 0) {
            refuse_existing(args.out_dir, args.overwrite);
            out.emplace(args.out_dir, args.overwrite);
        } else {
            out.emplace(std::filesystem::temp_directory_path() /
                            fmt::format("reach-batch-{}-rank{}", ::getpid(), rank),
                        false);
        }
    } catch (...) {
        failure = mpi::Failure{0, std::current_exception()};
    }
    mpi::agree(session, failure);
    if (ranks > 1) {
        info(fmt::format("batch: {} scenarios over {} ranks", scenarios.size(), ranks));
    }

    // Scenario k runs on rank k % ranks; rank 0 keeps batch.csv's figures of each run.
    std::vector<scenario::RunResult> figures(scenarios.size());
    std::size_t current = 0;
    try {
        GraphMemo graphs(args.cache);
        const auto options = run_options(args, graphs);
        for (std::size_t k = rank; k < scenarios.size(); k += ranks) {
            current = k;
            info(fmt::format("batch: {}/{} {}", k + 1, scenarios.size(), files[k].string()));
            const auto start = std::chrono::steady_clock::now();
            const auto result = scenario::run_scenario(scenarios[k], options);
            const report::ReportInfo report_info{
                REACH_VERSION,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
            scenario::write_run(scenarios[k], result, out->file(files[k].stem().string()), false,
                                REACH_VERSION,
                                report::run_report_file(scenarios[k], result, report_info));
            figures[k] = batch_figures(result);
        }
    } catch (...) {
        failure = mpi::Failure{current, std::current_exception()};
    }
    mpi::agree(session, failure);

    // The other ranks send their run folders to rank 0, one message per run, in scenario order
    // per rank; rank 0 receives them all (even after a failed write, so that no rank waits
    // forever), then writes batch.csv and commits.
    if (rank != 0) {
        for (std::size_t k = rank; k < scenarios.size(); k += ranks) {
            std::string bytes;
            try {
                bytes = pack_run(k, figures[k], out->path(), files[k].stem().string());
            } catch (...) {
                if (!failure) failure = mpi::Failure{k, std::current_exception()};
                mpi::Writer none;
                none.u64(scenarios.size());  // no such scenario: "could not send"
                bytes = std::move(none.bytes());
            }
            mpi::send_to_root(session, bytes);
        }
    } else {
        for (std::size_t r = 1; r < ranks; ++r) {
            for (std::size_t k = r; k < scenarios.size(); k += ranks) {
                const auto bytes = mpi::receive_from(session, static_cast<int>(r));
                if (failure) continue;
                try {
                    mpi::Reader in(bytes);
                    if (in.u64() != k) {
                        // After the sending rank's own failure, which agree() reports first.
                        failure = mpi::Failure{
                            scenarios.size() + 1,
                            std::make_exception_ptr(OutputError(fmt::format(
                                "{}: rank {} could not send the run folder", files[k].string(),
                                r)))};
                        continue;
                    }
                    figures[k] = get_figures(in);
                    (void)out->file(files[k].stem().string());  // the write-failure test hook
                    for (auto n = in.u64(); n > 0; --n) {
                        const auto relative = in.str();
                        write_bytes(out->path() / relative, in.str());
                    }
                } catch (...) {
                    failure = mpi::Failure{k, std::current_exception()};
                }
            }
        }
        if (!failure) {
            try {
                std::vector<scenario::NamedRun> named;
                named.reserve(figures.size());
                for (std::size_t k = 0; k < figures.size(); ++k) {
                    named.push_back({scenarios[k].name, &figures[k]});
                }
                write_bytes(out->file("batch.csv"), scenario::batch_csv(named));
                out->commit();
            } catch (...) {
                failure = mpi::Failure{scenarios.size(), std::current_exception()};
            }
        }
    }
    mpi::agree(session, failure);
    if (rank == 0) {
        std::printf("ran %zu scenarios; wrote %s (batch.csv and one folder per scenario)\n",
                    scenarios.size(), args.out_dir.c_str());
    }
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
