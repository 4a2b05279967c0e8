// reach command line: parses arguments, runs one subcommand, maps every failure to one line on
// stderr and an exit code (SCENARIO.md, Command line): 0 ok, 1 input/output error, 2 usage,
// 3 internal error. This is the only place that catches reach::Error.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/geo/gdal_init.hpp"

namespace {

int run(int argc, char** argv) {
    CLI::App app{"reach: travel-time accessibility for social-care centres"};
    app.set_version_flag("--version", std::string("reach ") + REACH_VERSION);
    app.require_subcommand(1);
    reach::cli::GlobalOptions global;
    app.add_flag("-q,--quiet", global.quiet, "No progress or information lines on stderr");
    app.parse_complete_callback([&global] { reach::set_quiet(global.quiet); });
    reach::cli::add_inspect_command(app, global);
    reach::cli::add_route_command(app, global);
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
    } catch (const reach::Error& e) {
        std::fprintf(stderr, "reach: error: %s\n", e.what());
        code = static_cast<int>(e.exit_code());
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "reach: internal error: out of memory\n");
        code = static_cast<int>(reach::ExitCode::internal_error);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reach: internal error: %s\n", e.what());
        code = static_cast<int>(reach::ExitCode::internal_error);
    }
    reach::geo::gdal_shutdown();
    return code;
}
