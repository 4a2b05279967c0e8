// reach validate <scenario.yaml>: checks a scenario without running it (SCENARIO.md, Command
// line). Every problem of the file and its base: chain is reported at once (file:line:column,
// exit 1); a valid file prints what a run would use (exit 0). Cheap: YAML, PROJ lookups, file
// headers and ids, no graph.
#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "commands.hpp"
#include "common_options.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::cli {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text.empty() ? std::string("-") : text;
}

void run_validate(const std::string& path) {
    scenario::LoadOptions load;
    load.default_profiles_file = profiles_path(RoadOptions{});
    const auto s = scenario::load_scenario(path, load);
    std::vector<std::string> groups;
    groups.reserve(s.population.groups.size());
    for (const auto& g : s.population.groups) {
        groups.push_back(g.profiles.empty() ? g.name
                                            : fmt::format("{} ({})", g.name, joined(g.profiles)));
    }
    std::vector<std::string> thresholds;
    thresholds.reserve(s.thresholds_min.size());
    for (const int t : s.thresholds_min) {
        thresholds.push_back(std::to_string(t));
    }
    std::printf("%s: valid scenario \"%s\"\n", path.c_str(), s.name.c_str());
    if (s.roads) {
        std::printf("  roads       %s%s\n", s.roads->chosen.path.string().c_str(),
                    s.roads->chosen_is_standin ? " (stand-in: roads.file is missing)" : "");
        std::printf("  profiles    %s\n", joined(s.profiles.use).c_str());
    } else {
        std::printf("  matrix      %s\n", s.matrix->file.path.string().c_str());
    }
    std::printf("  population  %s\n", s.population.file.path.string().c_str());
    std::printf("  groups      %s\n", joined(groups).c_str());
    std::printf("  centres     %s (+%zu added, %zu closed, %zu modified)\n",
                s.centres.file.path.string().c_str(), s.centres.add.size(),
                s.centres.close.size(), s.centres.modify.size());
    std::printf("  thresholds  %s min, target %d min, cross_border %s\n",
                joined(thresholds).c_str(), s.target_min,
                s.cross_border == scenario::CrossBorder::deny ? "deny" : "allow");
}

}  // namespace

void add_validate_command(CLI::App& app, const GlobalOptions& /*global*/) {
    auto path = std::make_shared<std::string>();
    auto* command = app.add_subcommand(
        "validate", "Check a scenario file (and its base: chain) without running it");
    command->add_option("scenario", *path, "Scenario YAML file")->required();
    command->callback([path] { run_validate(*path); });
}

}  // namespace reach::cli
