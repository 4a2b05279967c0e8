// reach-standin-roads: writes a deterministic STAND-IN road network (OSM PBF) for the
// Latvia–Lithuania border region from the real settlement pattern, for use until a real
// OpenStreetMap extract (tools/fetch-osm) is available. See road_builder.hpp for the design
// and data/roads/README.md for what the result is and is not.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <limits>
#include <vector>

#include "inputs.hpp"
#include "osm_output.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "road_builder.hpp"

namespace {

struct Options {
    std::string census = "data/population/census2021_1km.csv.gz";
    std::string places = "data/places/places_lv_lt.csv";
    std::string countries = "data/boundaries/countries_lv_lt.geojson";
    std::string out;
    std::vector<double> bbox;  // lon_min, lat_min, lon_max, lat_max
    std::uint64_t seed = 20211;
};

// The EPSG:3035 envelope of a lon/lat box (corners and edge midpoints, as the box's edges
// bend in the projection; a small overshoot only admits a few more cells).
reach::standin::Window window_of(const std::vector<double>& bbox) {
    if (bbox.empty()) return {};
    if (bbox.size() != 4 || !(bbox[0] < bbox[2]) || !(bbox[1] < bbox[3])) {
        throw reach::UsageError(
            "--bbox: expected lon_min,lat_min,lon_max,lat_max with min < max (EPSG:4326)");
    }
    const reach::geo::Reprojector to_working(reach::geo::make_srs(reach::geo::wgs84),
                                             reach::geo::make_srs(reach::geo::default_working_crs));
    reach::standin::Window window{
        std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (int a = 0; a <= 2; ++a) {
        for (int b = 0; b <= 2; ++b) {
            double x = bbox[0] + (bbox[2] - bbox[0]) * a / 2.0;
            double y = bbox[1] + (bbox[3] - bbox[1]) * b / 2.0;
            if (!to_working.transform(x, y)) {
                throw reach::UsageError("--bbox: corner outside EPSG:3035's area of use");
            }
            window.xmin = std::min(window.xmin, x);
            window.xmax = std::max(window.xmax, x);
            window.ymin = std::min(window.ymin, y);
            window.ymax = std::max(window.ymax, y);
        }
    }
    return window;
}

void run(const Options& options) {
    using namespace reach::standin;  // NOLINT(google-build-using-namespace)
    const auto start = std::chrono::steady_clock::now();
    const auto window = window_of(options.bbox);
    const auto grid = read_census(options.census, window);
    const auto places = read_places(options.places);
    const LandMask land(options.countries);
    const auto network = build_standin_network(grid, land, places, options.seed);
    write_osm(network, options.out);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const auto& s = network.stats;
    std::printf("wrote %s (%ju bytes) in %.2f s\n", options.out.c_str(),
                static_cast<std::uintmax_t>(std::filesystem::file_size(options.out)), seconds);
    std::printf("road network: stand-in (not surveyed), seed %ju\n",
                static_cast<std::uintmax_t>(options.seed));
    std::printf("census cells: %jd (%d x %d lattice), population %jd\n",
                static_cast<std::intmax_t>(grid.cell_count), grid.nx, grid.ny,
                static_cast<std::intmax_t>(grid.total_population));
    std::printf(
        "places: %zu (+%zu large settlements), national links: %zu, villages: %zu, "
        "hubs: %zu, regional links: %zu\n",
        s.places_used, s.settlements_added, s.national_links, s.villages, s.hubs, s.regional_links);
    std::printf(
        "fragments linked: %zu, dropped: %zu; populated cells without a road: %zu "
        "(%jd people)\n",
        s.linked_fragments, s.dropped_fragments, s.unreached_cells,
        static_cast<std::intmax_t>(s.unreached_population));
    std::printf(
        "nodes: %zu (%zu lattice, %zu shape), ways: %zu (%zu oneway in %zu rings), "
        "dead ends: %zu\n",
        network.x.size(), s.lattice_nodes, s.shape_nodes, network.ways.size(), s.oneway_ways,
        s.oneway_rings, s.dead_ends);
    double total = 0.0;
    std::printf("km by class:\n");
    for (std::size_t c = road_class_count; c-- > 0;) {
        std::printf("  %-13s %10.1f\n", std::string(highway_tag(static_cast<RoadClass>(c))).c_str(),
                    s.km_by_class[c]);
        total += s.km_by_class[c];
    }
    std::printf("  %-13s %10.1f\n", "total", total);
}

int run_main(int argc, char** argv) {
    CLI::App app{
        "reach-standin-roads: a deterministic STAND-IN road network (not surveyed) "
        "for the Latvia-Lithuania border region, written as OSM PBF"};
    Options options;
    app.add_option("--census", options.census, "Census 2021 1 km grid CSV(.gz): x_ll, y_ll, T")
        ->capture_default_str();
    app.add_option("--places", options.places, "Places CSV: name, country, kind, lon, lat")
        ->capture_default_str();
    app.add_option("--countries", options.countries, "Country polygons with iso_a3 (LVA, LTU)")
        ->capture_default_str();
    app.add_option("--out", options.out, "Output OSM PBF file")->required();
    app.add_option("--bbox", options.bbox, "Only cells inside lon_min,lat_min,lon_max,lat_max")
        ->delimiter(',')
        ->expected(4);
    app.add_option("--seed", options.seed, "Seed of all random draws")->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help is 0; every other parse error is a usage error, as for `reach`.
        return app.exit(e) == 0 ? 0 : static_cast<int>(reach::ExitCode::usage_error);
    }
    run(options);
    reach::geo::gdal_shutdown();
    return 0;
}

}  // namespace

// Exit codes as for `reach`: 1 bad input or output, 2 usage, 3 internal error.
int main(int argc, char** argv) {
    try {
        return run_main(argc, argv);
    } catch (const reach::Error& e) {
        std::fprintf(stderr, "reach-standin-roads: %s\n", e.what());
        return static_cast<int>(e.exit_code());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reach-standin-roads: internal error: %s\n", e.what());
        return static_cast<int>(reach::ExitCode::internal_error);
    }
}
