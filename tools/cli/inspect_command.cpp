// reach inspect <roads>: what a road file holds and what each profile can use of it.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>

#include "commands.hpp"
#include "reach/core/progress.hpp"
#include "common_options.hpp"
#include "reach/io/road_reader.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"

namespace reach::cli {
namespace {

struct InspectArgs {
    std::string roads;
    std::vector<std::string> profiles;
    RoadOptions road;
};

void print_bbox(const network::RoadGraph& roads, const std::string& crs) {
    auto [xmin, xmax] = std::minmax_element(roads.node_x.begin(), roads.node_x.end());
    auto [ymin, ymax] = std::minmax_element(roads.node_y.begin(), roads.node_y.end());
    auto [lomin, lomax] = std::minmax_element(roads.node_lon.begin(), roads.node_lon.end());
    auto [lamin, lamax] = std::minmax_element(roads.node_lat.begin(), roads.node_lat.end());
    std::printf("bbox (%s): %.1f %.1f %.1f %.1f\n", crs.c_str(), *xmin, *ymin, *xmax, *ymax);
    std::printf("bbox (EPSG:4326 lon/lat): %.6f %.6f %.6f %.6f\n", *lomin, *lamin, *lomax,
                *lamax);
}

void run_inspect(const InspectArgs& args) {
    const auto profile_set = network::load_profiles(profiles_path(args.road));
    std::vector<const network::Profile*> profiles;
    if (args.profiles.empty()) {
        for (const auto& [name, profile] : profile_set.profiles) {
            profiles.push_back(&profile);
        }
    } else {
        for (const auto& name : args.profiles) {
            profiles.push_back(&profile_set.get(name));
        }
    }
    const auto format = io::detect_road_format(args.roads);
    const auto start = std::chrono::steady_clock::now();
    const auto table = io::read_roads(args.roads, args.road.read);
    const auto roads = network::build_road_graph(table);
    const double read_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf("roads: %s (%s)\n", args.roads.c_str(),
                format == io::RoadFormat::osm ? "OpenStreetMap" : "GDAL vector layer");
    if (!table.stand_in_note.empty()) {
        std::printf("%s\n  generator: %s\n", std::string(network::stand_in_label).c_str(),
                    table.stand_in_note.c_str());
    }
    for (const auto& w : table.warnings) {
        warn(w);
    }
    std::printf("working CRS: %s\n", table.working_crs.c_str());
    std::printf("read + topology: %.3f s\n", read_s);
    std::printf("ways: %u, vertices: %u\n", table.way_count(), table.vertex_count());
    double total_km = 0.0;
    for (const double length_m : roads.segment_length_m) {
        total_km += length_m / 1000.0;
    }
    std::printf("graph: %u nodes, %u segments, %.3f km of road\n", roads.node_count(),
                roads.segment_count(), total_km);
    if (roads.node_count() > 0) {
        print_bbox(roads, table.working_crs);
    }

    std::vector<std::vector<network::ClassLength>> usable;
    usable.reserve(profiles.size());
    for (const auto* profile : profiles) {
        usable.push_back(network::length_by_class(roads, table, profile));
    }
    const auto all = network::length_by_class(roads, table, nullptr);
    std::printf("\nkm by class%*s %10s", 10, "", "total");
    for (const auto* profile : profiles) {
        std::printf(" %12s", profile->name.c_str());
    }
    std::printf("\n");
    for (std::size_t c = 0; c < all.size(); ++c) {
        std::printf("  %-19s %10.3f", all[c].highway.c_str(), all[c].length_km);
        for (const auto& per_profile : usable) {
            std::printf(" %12.3f", per_profile[c].usable_km);
        }
        std::printf("\n");
    }
    std::printf("\nprofile        arcs  component nodes  dropped nodes  unusable nodes\n");
    for (const auto* profile : profiles) {
        const auto graph = network::build_profile_graph(roads, table, *profile);
        std::printf("  %-12s %8u %16u %14u %15u\n", profile->name.c_str(),
                    graph.forward.arc_count(), graph.component_nodes, graph.dropped_nodes,
                    graph.unusable_nodes);
    }
}

}  // namespace

void add_inspect_command(CLI::App& app, const GlobalOptions& /*global*/) {
    auto args = std::make_shared<InspectArgs>();
    auto* command = app.add_subcommand(
        "inspect", "Describe a road network: size, bbox, km by class, components per profile");
    command->add_option("roads", args->roads, "Roads file (OSM PBF/XML or a GDAL line layer)")
        ->required();
    command->add_option("--profile", args->profiles, "Profiles to report (default: all)");
    add_road_options(*command, args->road);
    command->callback([args] { run_inspect(*args); });
}

}  // namespace reach::cli
