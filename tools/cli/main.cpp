// reach command line: parses arguments, runs one subcommand, maps every failure to one line on
// stderr and an exit code (SCENARIO.md, Command line): 0 ok, 1 input/output error, 2 usage,
// 3 internal error. This is the only place that catches reach::Error.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cctype>
#include <cstdio>
#include <exception>
#include <string>

#include "commands.hpp"
#include "mpi_batch.hpp"
#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/geo/gdal_init.hpp"

namespace {

CLI::App* find_subcommand(CLI::App& app, const std::string& name) {
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        if (sub->check_name(name)) return sub;
    }
    return nullptr;
}

// CLI11 checks required options before it reports unknown ones, so `reach route --frobnicate`
// would only say "--roads is required". Look for unknown option names first so the message
// names the typo.
std::string first_unknown_option(CLI::App& app, int argc, char** argv) {
    CLI::App* current = &app;
    for (int i = 1; i < argc; ++i) {
        const std::string token = argv[i];
        if (token == "--") break;
        if (CLI::App* sub = find_subcommand(*current, token); sub != nullptr) {
            current = sub;
            continue;
        }
        if (token.size() < 2 || token[0] != '-' ||
            std::isdigit(static_cast<unsigned char>(token[1])) || token[1] == '.') {
            continue;
        }
        std::string name = token.substr(0, token.find('='));
        const std::string lookup = name.rfind("--", 0) == 0 ? name : name.substr(0, 2);
        bool known = false;
        for (CLI::App* scope = current; scope != nullptr && !known; scope = scope->get_parent()) {
            known = scope->get_option_no_throw(lookup) != nullptr;
        }
        if (!known) return name;
    }
    return {};
}

int run(int argc, char** argv) {
    CLI::App app{"reach: travel-time accessibility for social-care centres"};
    app.set_version_flag("--version", std::string("reach ") + REACH_VERSION);
    app.require_subcommand(1);
    // Global flags may come after the subcommand too (`reach run s.yaml -q`); subcommands
    // inherit this setting when they are created, so it comes first.
    app.fallthrough();
    reach::cli::GlobalOptions global;
    app.add_flag("-q,--quiet", global.quiet, "No progress or information lines on stderr");
    app.add_flag("-v,--verbose", global.verbose, "Also stage timings and details on stderr");
    app.parse_complete_callback([&global] {
        reach::set_quiet(global.quiet);
        reach::set_verbose(global.verbose);
    });
    reach::cli::add_inspect_command(app, global);
    reach::cli::add_route_command(app, global);
    reach::cli::add_run_command(app, global);
    reach::cli::add_optimize_command(app, global);
    reach::cli::add_compare_command(app, global);
    reach::cli::add_batch_command(app, global);
    reach::cli::add_validate_command(app, global);
    reach::cli::add_serve_command(app, global);
    reach::cli::add_bench_command(app, global);
    if (const std::string unknown = first_unknown_option(app, argc, argv); !unknown.empty()) {
        std::fprintf(stderr, "reach: unknown option %s\nRun with --help for usage.\n",
                     unknown.c_str());
        return static_cast<int>(reach::ExitCode::usage_error);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // CLI11 has its own codes (e.g. 109); every parse error is a usage error here.
        std::fprintf(stderr, "reach: %s\nRun with --help for usage.\n", e.what());
        return static_cast<int>(reach::ExitCode::usage_error);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    int code = 0;
    try {
        code = run(argc, argv);
    } catch (const reach::cli::mpi::QuietExit& e) {
        code = e.code();  // another rank of `reach batch` failed; rank 0 prints the message
    } catch (const reach::Error& e) {
        // One line per problem (a scenario may have several, each with its file:line:column).
        std::string_view what = e.what();
        for (std::size_t start = 0; start < what.size();) {
            const auto end = std::min(what.find('\n', start), what.size());
            std::fprintf(stderr, "reach: error: %.*s\n", static_cast<int>(end - start),
                         what.data() + start);
            start = end + 1;
        }
        code = static_cast<int>(e.exit_code());
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "reach: internal error: out of memory\n");
        code = static_cast<int>(reach::ExitCode::internal_error);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reach: internal error: %s\n", e.what());
        code = static_cast<int>(reach::ExitCode::internal_error);
    }
    reach::cli::mpi::finish();  // after the message: see mpi_batch.hpp
    reach::geo::gdal_shutdown();
    return code;
}
