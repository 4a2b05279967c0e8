// reach route: travel time from every graph node to the nearest centre (home → centre), written
// as DIR/nodes.csv (SCENARIO.md, Command line). Centres snap to the nearest node of the
// profile's kept component for now; edge snapping arrives with the access-scores issue.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "commands.hpp"
#include "common_options.hpp"
#include "load_graph.hpp"
#include "node_times.hpp"
#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/core/units.hpp"
#include "reach/io/centres_reader.hpp"
#include "reach/io/staged_dir.hpp"
#include "reach/routing/search.hpp"

namespace reach::cli {
namespace {

struct RouteArgs {
    std::string roads;
    std::string centres;
    std::string centres_crs;
    std::string profile = "car";
    std::string out_dir;
    bool overwrite = false;
    double max_snap_m = 1000.0;
    std::string on_unsnapped_centre = "error";
    RoadOptions road;
};

std::vector<NodeCentre> snap_centres(const std::vector<io::Centre>& centres,
                                     const network::CachedGraph& cached, const RouteArgs& args) {
    NodeSnapOptions options;
    options.centres_file = args.centres;
    options.profile = args.profile;
    options.max_snap_m = args.max_snap_m;
    options.warn_unsnapped = args.on_unsnapped_centre == "warn";
    return snap_centres_to_nodes(centres, cached, options);
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) {
        return std::nan("");
    }
    const auto rank = static_cast<std::size_t>(
        std::max(1.0, std::ceil(p * static_cast<double>(values.size()))));  // nearest rank
    std::nth_element(values.begin(), values.begin() + static_cast<long>(rank - 1), values.end());
    return values[rank - 1];
}

void print_summary(const LoadedGraph& loaded, const std::vector<NodeCentre>& centres,
                   const routing::NearestCentre& result, double route_s, const RouteArgs& args) {
    const auto& roads = loaded.cached.roads;
    const auto& graph = loaded.cached.graph;
    std::vector<double> reached;
    std::vector<std::uint32_t> per_centre(centres.size(), 0);
    for (std::uint32_t v = 0; v < roads.node_count(); ++v) {
        if (result.rank[v] != routing::no_centre) {
            reached.push_back(result.time_s[v]);
            ++per_centre[result.rank[v]];
        }
    }
    std::printf("roads: %s, profile %s\n", args.roads.c_str(), args.profile.c_str());
    if (!loaded.cached.stand_in_note.empty()) {
        std::printf("%s\n", std::string(network::stand_in_label).c_str());
    }
    for (const auto& w : loaded.cached.warnings) {
        warn(w);
    }
    if (loaded.from_cache) {
        std::printf("graph: from cache in %.4f s\n", loaded.cache_s);
    } else {
        std::printf("graph: read %.4f s, build %.4f s, cache write %.4f s\n", loaded.read_s,
                    loaded.build_s, loaded.cache_s);
    }
    std::printf("nodes: %u, arcs: %u, component: %u nodes (%u dropped, %u without usable road)\n",
                roads.node_count(), graph.forward.arc_count(), graph.component_nodes,
                graph.dropped_nodes, graph.unusable_nodes);
    std::printf("routing (nearest centre, all nodes): %.4f s\n", route_s);
    std::printf("reached nodes: %zu of %u\n", reached.size(), roads.node_count());
    if (!reached.empty()) {
        std::printf("time to nearest centre: median %.1f s, p90 %.1f s, max %.1f s\n",
                    percentile(reached, 0.5), percentile(reached, 0.9),
                    *std::max_element(reached.begin(), reached.end()));
    }
    // Shares of ALL graph nodes (unreached ones count as beyond every threshold); nodes, not
    // persons: person-weighted coverage comes with the population scores.
    std::printf("nodes within");
    for (const int minutes : {15, 30, 45, 60}) {
        const auto n = std::count_if(reached.begin(), reached.end(),
                                     [minutes](double t) { return within(t, minutes * 60.0); });
        std::printf(
            " %d min: %.1f%%%s", minutes,
            roads.node_count() == 0 ? 0.0 : 100.0 * static_cast<double>(n) / roads.node_count(),
            minutes == 60 ? "\n" : ",");
    }
    std::printf("centre                nodes  snap_m\n");
    for (std::size_t c = 0; c < centres.size(); ++c) {
        std::printf("  %-18s %7u %7.1f\n", centres[c].id.c_str(), per_centre[c],
                    centres[c].distance_m);
    }
}

void run_route(const RouteArgs& args) {
    if (args.on_unsnapped_centre != "error" && args.on_unsnapped_centre != "warn") {
        throw UsageError(fmt::format("--on-unsnapped-centre: \"{}\" (expected error or warn)",
                                     args.on_unsnapped_centre));
    }
    const auto profile_set = network::load_profiles(profiles_path(args.road));
    const auto& profile = profile_set.get(args.profile);
    io::CentreReadOptions centre_options;
    centre_options.working_crs = args.road.read.working_crs;
    centre_options.xy_crs = args.centres_crs;
    const auto centres = io::read_centres(args.centres, centre_options);
    // Refuse an existing output before the heavy work, not after.
    io::StagedDir out(args.out_dir, args.overwrite);

    auto loaded = load_graph(args.roads, profile, args.road.read, args.road.cache);
    const auto snapped = snap_centres(centres, loaded.cached, args);
    std::vector<routing::Source> sources;
    for (std::uint32_t rank = 0; rank < snapped.size(); ++rank) {
        sources.push_back({snapped[rank].node, 0.0, rank});
    }
    const auto search =
        routing::take_or_build_search_graph(loaded.cached.search, loaded.cached.graph.reverse);
    const auto start = std::chrono::steady_clock::now();
    const auto result = routing::nearest_centre(search, sources);
    const double route_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<std::string> ids_by_rank;
    ids_by_rank.reserve(snapped.size());
    for (const auto& centre : snapped) {
        ids_by_rank.push_back(centre.id);
    }
    write_node_times_csv(out.file("nodes.csv"), loaded.cached.roads, result, ids_by_rank);
    out.commit();
    print_summary(loaded, snapped, result, route_s, args);
    std::printf("wrote %s\n", (std::filesystem::path(args.out_dir) / "nodes.csv").c_str());
}

}  // namespace

void add_route_command(CLI::App& app, const GlobalOptions& /*global*/) {
    auto args = std::make_shared<RouteArgs>();
    auto* command = app.add_subcommand(
        "route", "Travel time from every road node to the nearest centre (DIR/nodes.csv)");
    command->add_option("--roads", args->roads, "Roads file (OSM PBF/XML or GDAL line layer)")
        ->required();
    command
        ->add_option("--centres", args->centres,
                     "Centres: CSV with id,lon,lat or id,x,y, or a GDAL point layer")
        ->required();
    command->add_option("--centres-crs", args->centres_crs,
                        "CRS of x,y columns in a centres CSV (default: the working CRS)");
    command->add_option("--profile", args->profile, "Travel profile")->default_str("car");
    command->add_option("--out", args->out_dir, "Output folder")->required();
    command->add_flag("--overwrite", args->overwrite, "Replace an existing output folder");
    command
        ->add_option("--max-snap-m", args->max_snap_m,
                     "Largest distance from a centre to its node, metres")
        ->default_str("1000")
        ->check(CLI::PositiveNumber);
    command
        ->add_option("--on-unsnapped-centre", args->on_unsnapped_centre,
                     "error | warn: a centre beyond --max-snap-m")
        ->default_str("error");
    add_road_options(*command, args->road);
    add_cache_options(*command, args->road);
    command->callback([args] { run_route(*args); });
}

}  // namespace reach::cli
