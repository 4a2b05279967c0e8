#include "commands.hpp"

namespace reach::cli {
void add_inspect_command(CLI::App& app, const GlobalOptions& /*global*/) {
    app.add_subcommand("inspect", "Describe a road network (not yet implemented)");
}
}  // namespace reach::cli
