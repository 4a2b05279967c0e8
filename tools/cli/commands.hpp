#pragma once
// The subcommands of the reach command line; each file registers its options and callback.
#include <CLI/CLI.hpp>

namespace reach::cli {

struct GlobalOptions {
    bool quiet = false;
    bool verbose = false;
};

void add_inspect_command(CLI::App& app, const GlobalOptions& global);
void add_route_command(CLI::App& app, const GlobalOptions& global);
void add_run_command(CLI::App& app, const GlobalOptions& global);
void add_optimize_command(CLI::App& app, const GlobalOptions& global);
void add_validate_command(CLI::App& app, const GlobalOptions& global);
void add_compare_command(CLI::App& app, const GlobalOptions& global);
void add_batch_command(CLI::App& app, const GlobalOptions& global);
void add_serve_command(CLI::App& app, const GlobalOptions& global);
void add_bench_command(CLI::App& app, const GlobalOptions& global);

}  // namespace reach::cli
