#include "commands.hpp"

namespace reach::cli {
void add_route_command(CLI::App& app, const GlobalOptions& /*global*/) {
    app.add_subcommand("route", "Travel times to the nearest centre (not yet implemented)");
}
}  // namespace reach::cli
