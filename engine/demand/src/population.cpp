// read_population: validates the spec, reads the raw grid (vector or raster), imputes or marks
// confidential counts, and moves the cell centres into the working CRS.
#include "reach/demand/population.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <utility>

#include "gdal_helpers.hpp"
#include "raw_grid.hpp"
#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/demand/imputation.hpp"
#include "reach/geo/crs.hpp"

namespace reach::demand {

std::optional<std::size_t> PopulationGrid::find_group(const std::string& name) const {
    for (std::size_t g = 0; g < group_name.size(); ++g) {
        if (group_name[g] == name) {
            return g;
        }
    }
    return std::nullopt;
}

const std::vector<double>& PopulationGrid::group(const std::string& name) const {
    const auto g = find_group(name);
    REACH_ASSERT(g.has_value());
    return persons[*g];
}

void PopulationGrid::add_group(const std::string& name, std::vector<double> counts) {
    REACH_ASSERT(!find_group(name).has_value());
    REACH_ASSERT(counts.size() == cell_count());
    group_name.push_back(name);
    persons.push_back(std::move(counts));
    imputed_persons.push_back(0.0);
    flagged_cells.push_back(0);
    lower_bound.push_back(0);
    imputed.emplace_back();
}

double PopulationGrid::sum(const std::string& name) const {
    const auto& counts = group(name);
    return std::accumulate(counts.begin(), counts.end(), 0.0);
}

namespace detail {

std::vector<const GroupSpec*> read_groups(const PopulationSpec& spec) {
    std::vector<const GroupSpec*> groups;
    for (const auto& group : spec.groups) {
        if (group.rates.empty()) {
            groups.push_back(&group);
        }
    }
    return groups;
}

}  // namespace detail

namespace {

std::string group_context(const GroupSpec& group) {
    return fmt::format("population.groups.{}", group.name);
}

// Every check that needs no file, so a wrong scenario fails before any reading.
bool validate_spec(const PopulationSpec& spec) {
    if (spec.file.empty()) {
        throw InputError("population.file: missing (expected a population grid file)");
    }
    if (spec.groups.empty()) {
        throw InputError("population.groups: none given (expected at least `total: {column: T}`)");
    }
    std::set<std::string> names;
    bool raster = false;
    bool vector = false;
    for (const auto& group : spec.groups) {
        const auto context = group_context(group);
        if (group.name.empty()) {
            throw InputError("population.groups: a group without a name");
        }
        if (!names.insert(group.name).second) {
            throw InputError(where_what(context, "defined twice (expected unique group names)"));
        }
        if (!group.rates.empty()) {
            if (!group.column.empty() || group.band != 0) {
                throw InputError(where_what(
                    context, "rates together with column or band (expected one source)"));
            }
            continue;
        }
        if (group.band != 0 && !group.column.empty()) {
            throw InputError(
                where_what(context,
                           "both column and band (expected column for a vector grid or CSV, band "
                           "for a raster)"));
        }
        if (group.band == 0 && group.column.empty()) {
            throw InputError(where_what(
                context, "no column, band or rates (expected where the group's counts come from)"));
        }
        (group.band != 0 ? raster : vector) = true;
        if (group.band < 0) {
            throw InputError(
                where_what(context, fmt::format("band {} (expected 1 or more)", group.band)));
        }
        if (!group.file.empty() && group.band == 0) {
            throw InputError(where_what(context, "file is for raster groups (expected band)"));
        }
        if (group.band != 0 && !group.flag_column.empty()) {
            throw InputError(where_what(
                context, "flag_column is for vector grids and CSV (a raster has no flag column)"));
        }
        if (group.impute == Impute::share_of_total_in_country) {
            if (group.flag_column.empty()) {
                throw InputError(
                    where_what(context,
                               "impute: share_of_total_in_country without flag_column (expected "
                               "the column that marks confidential counts)"));
            }
            if (group.name == total_group) {
                throw InputError(
                    where_what(context,
                               "the total cannot be imputed from its own share (expected impute: "
                               "none)"));
            }
            const bool has_total = std::any_of(
                spec.groups.begin(), spec.groups.end(),
                [](const GroupSpec& g) { return g.name == total_group && g.rates.empty(); });
            if (!has_total) {
                throw InputError(
                    where_what(context,
                               "impute: share_of_total_in_country needs a group named total (read "
                               "from the file) to take T from"));
            }
        }
    }
    if (raster && vector) {
        throw InputError(
            "population.groups: some groups name a band, others a column (expected a raster "
            "with bands or a vector grid with columns)");
    }
    if (!raster && !vector) {
        throw InputError(
            "population.groups: every group comes from rates (expected at least "
            "one group read from the population file, e.g. total: {column: T})");
    }
    if (spec.point == PointAnchor::lower_left && !(spec.cell_size_m > 0.0)) {
        throw InputError(
            fmt::format("population.cell_size_m: {} (expected the cell edge in "
                        "metres > 0 with point: lower_left)",
                        spec.cell_size_m));
    }
    if (raster && (!spec.rank_field.empty() || spec.ids_only)) {
        throw InputError(
            "population: a raster has no cell ids or fields (expected a vector grid or CSV for "
            "a matrix scenario or an equity ranking column)");
    }
    if (raster && !spec.country_field.empty()) {
        throw InputError(
            "population.country_field: a raster has no fields (expected a vector "
            "grid or CSV)");
    }
    return raster;
}

}  // namespace

PopulationGrid read_population(const PopulationSpec& spec, const std::string& working_crs) {
    const bool raster = validate_spec(spec);
    const auto working = geo::make_srs(working_crs, "working CRS");
    const auto file = detail::split_layer(spec.file).file;
    detail::require_file(file, "a population grid: CSV, CSV.gz, a GDAL vector grid or a GeoTIFF");
    const auto groups = detail::read_groups(spec);
    auto raw = raster ? detail::read_raster_grid(spec, groups)
                      : detail::read_vector_grid(spec, groups, working);

    PopulationGrid grid;
    grid.crs = working_crs;
    grid.cell_size_m = raw.cell_size_m;
    const auto total = std::find_if(groups.begin(), groups.end(),
                                    [](const GroupSpec* g) { return g->name == total_group; });
    const auto total_index = static_cast<std::size_t>(total - groups.begin());
    // The total first: its own flagged cells are 0 and it is the T of every imputation.
    std::vector<std::size_t> order(groups.size());
    std::iota(order.begin(), order.end(), 0);
    if (total != groups.end()) {
        std::rotate(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(total_index),
                    order.begin() + static_cast<std::ptrdiff_t>(total_index) + 1);
    }
    grid.group_name.resize(groups.size());
    grid.imputed_persons.assign(groups.size(), 0.0);
    grid.flagged_cells.assign(groups.size(), 0);
    grid.lower_bound.assign(groups.size(), 0);
    grid.imputed.resize(groups.size());
    for (const auto g : order) {
        const GroupSpec& group = *groups[g];
        grid.group_name[g] = group.name;
        const auto& flagged = raw.flagged[g];
        if (flagged.empty()) {
            continue;
        }
        if (group.impute == Impute::share_of_total_in_country) {
            const auto result = impute_share_of_total(
                raw.counts[g], flagged, raw.counts[total_index], raw.flagged[total_index],
                raw.country, fmt::format("{}: {}", file, group_context(group)));
            grid.imputed_persons[g] = result.imputed_persons;
            grid.flagged_cells[g] = result.flagged_cells;
            grid.imputed[g] = flagged;
        } else {
            const auto count = std::count(flagged.begin(), flagged.end(), char{1});
            grid.flagged_cells[g] = static_cast<std::uint32_t>(count);
            grid.lower_bound[g] = count > 0 ? 1 : 0;
        }
    }

    const geo::Reprojector to_working(raw.srs, working);
    for (std::size_t i = 0; i < raw.cell_id.size() && !spec.ids_only; ++i) {
        const double a = raw.x[i];
        const double b = raw.y[i];
        if (!to_working.transform(raw.x[i], raw.y[i])) {
            throw InputError(
                where_what(fmt::format("{} (cell {})", file, raw.cell_id[i]),
                           fmt::format("point ({}, {}) in {} cannot be transformed to {} (expected "
                                       "coordinates inside the CRS's area of use)",
                                       a, b, geo::describe(raw.srs), working_crs)));
        }
    }
    grid.cell_id = std::move(raw.cell_id);
    grid.x = std::move(raw.x);
    grid.y = std::move(raw.y);
    grid.country = std::move(raw.country);
    grid.rank_value = std::move(raw.rank_value);
    grid.persons = std::move(raw.counts);
    return grid;
}

}  // namespace reach::demand
