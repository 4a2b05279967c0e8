// reach-make-areas: approximate service areas from a population grid and a list of places
// (tools/areas/service_areas.hpp): nearest place of the same country within the radius of its
// kind, member places merged into their seat's area. Used by tools/make-areas to build
// data/boundaries/areas.gpkg. Prints one line per area (id, cells, km², population, member
// places) and the cells left without an area. Exit codes as the reach command line: 0 ok, 1
// input/output error, 2 usage, 3 internal error.
#include <cpl_conv.h>
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/geo/gdal_init.hpp"
#include "service_areas.hpp"

namespace {

// Fixed timestamp for the GeoPackage (gpkg_contents.last_change) unless the caller sets
// OGR_CURRENT_DATE: the same inputs give a byte-identical file.
constexpr const char* fixed_date = "2026-11-24T00:00:00.000Z";

int run(int argc, char** argv) {
    CLI::App app{
        "reach-make-areas: approximate service areas (nearest place of the same "
        "country within the radius of its kind), NOT municipal boundaries"};
    std::string grid;
    std::string places;
    std::string out;
    std::string partners;
    std::string sources;
    std::string max_distance_km = "city=25,town=20,village=15";
    std::string member_text;
    reach::areas::GridColumns columns;
    reach::areas::AreaOptions options;
    app.add_option("--grid", grid, "Population grid CSV/CSV.gz (lower-left corner x,y)")
        ->required();
    app.add_option("--places", places, "Places: CSV with name,country,lat,lon [,id] [,kind]")
        ->required();
    app.add_option("--out", out, "Output GeoPackage")->required();
    app.add_option("--layer", options.layer, "Output layer name")->capture_default_str();
    app.add_option("--partners", partners, "Comma-separated ids of the partner seats");
    app.add_option("--max-distance-km", max_distance_km,
                   "Radius of a place by its kind column (kind=km,...), or one radius for all")
        ->capture_default_str();
    app.add_option("--member", member_text,
                   "Places whose cells join another place's area: place=area,... (ids)");
    app.add_option("--cell-size-m", options.cell_size_m, "Grid cell size")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--grid-crs", options.grid_crs, "CRS of the grid coordinates")
        ->capture_default_str();
    app.add_option("--x-field", columns.x, "Grid column: lower-left x")->capture_default_str();
    app.add_option("--y-field", columns.y, "Grid column: lower-left y")->capture_default_str();
    app.add_option("--country-field", columns.country, "Grid column: ISO 3166-1 alpha-2")
        ->capture_default_str();
    app.add_option("--population-field", columns.population, "Grid column: population")
        ->capture_default_str();
    app.add_option("--sources", sources, "Source and attribution text for the layer metadata");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "reach-make-areas: %s\nRun with --help for usage.\n", e.what());
        return static_cast<int>(reach::ExitCode::usage_error);
    }
    options.max_distance = reach::areas::parse_max_distance(max_distance_km);
    options.members = reach::areas::parse_members(member_text);
    options.grid_description = sources;
    for (std::size_t start = 0; start < partners.size();) {
        const auto comma = partners.find(',', start);
        const auto end = comma == std::string::npos ? partners.size() : comma;
        if (end > start) {
            options.partners.push_back(partners.substr(start, end - start));
        }
        start = end + 1;
    }

    reach::geo::gdal_init();
    if (CPLGetConfigOption("OGR_CURRENT_DATE", nullptr) == nullptr) {
        CPLSetConfigOption("OGR_CURRENT_DATE", fixed_date);
    }
    const auto seats = reach::areas::read_seats(places, options.grid_crs);
    const auto radii_m = reach::areas::seat_radii_m(seats, options.max_distance);
    reach::areas::check_options(seats, options);
    const auto cells = reach::areas::read_grid(grid, columns);
    const auto assignment = reach::areas::assign_cells(cells, seats, options.cell_size_m, radii_m);
    const auto areas = reach::areas::write_areas(out, seats, cells, assignment, options);

    double total_population = 0.0;
    std::size_t unassigned = 0;
    double unassigned_population = 0.0;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        total_population += cells[c].population;
        if (assignment[c] == reach::areas::no_seat) {
            ++unassigned;
            unassigned_population += cells[c].population;
        }
    }
    std::printf("%-14s %-7s %-7s %7s %9s %10s %5s  %s\n", "id", "country", "partner", "cells",
                "km2", "population", "parts", "members");
    for (const auto& a : areas) {
        std::string member_ids;
        for (const auto& id : a.members) {
            member_ids += (member_ids.empty() ? "" : ",") + id;
        }
        std::printf("%-14s %-7s %-7d %7u %9.1f %10.0f %5u  %s\n", a.id.c_str(), a.country.c_str(),
                    a.partner ? 1 : 0, a.cells, a.area_km2, a.population, a.parts,
                    member_ids.c_str());
    }
    std::printf(
        "%zu areas written to %s (layer %s); %zu of %zu populated cells (%.0f of %.0f "
        "persons) are outside the radius of every place of their country (%s): no area\n",
        areas.size(), out.c_str(), options.layer.c_str(), unassigned, cells.size(),
        unassigned_population, total_population,
        reach::areas::describe(options.max_distance).c_str());
    const auto area_seats = seats.size() - options.members.size();  // members checked above
    if (areas.size() < area_seats) {
        std::fprintf(stderr,
                     "reach-make-areas: warning: %zu place(s) have no populated cell "
                     "within reach and got no area\n",
                     area_seats - areas.size());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    int code = 0;
    try {
        code = run(argc, argv);
    } catch (const reach::Error& e) {
        std::fprintf(stderr, "reach-make-areas: error: %s\n", e.what());
        code = static_cast<int>(e.exit_code());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reach-make-areas: internal error: %s\n", e.what());
        code = static_cast<int>(reach::ExitCode::internal_error);
    }
    reach::geo::gdal_shutdown();
    return code;
}
