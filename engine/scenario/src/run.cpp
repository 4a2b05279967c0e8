#include "reach/scenario/run.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "reach/core/error.hpp"
#include "reach/core/file_hash.hpp"
#include "reach/core/progress.hpp"
#include "reach/core/units.hpp"
#include "reach/demand/population.hpp"
#include "reach/demand/rates.hpp"
#include "reach/geo/crs.hpp"
#include "reach/io/centres_reader.hpp"
#include "reach/io/gdal_helpers.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/routing/search.hpp"
#include "reach/routing/time_matrix.hpp"
#include "reach/scoring/aggregates.hpp"
#include "reach/scoring/centre_measures.hpp"
#include "reach/scoring/two_step_fca.hpp"
#include "reach/snap/cell_exits.hpp"
#include "reach/snap/centres.hpp"
#include "reach/snap/segment_index.hpp"
#include "reach/snap/snap.hpp"

namespace reach::scenario {
namespace {

network::CachedGraph read_and_build(const std::string& roads_path, const network::Profile& profile,
                                    const io::RoadReadOptions& options) {
    const auto table = io::read_roads(roads_path, options);
    network::CachedGraph cached;
    cached.roads = network::build_road_graph(table);
    cached.graph = network::build_profile_graph(cached.roads, table, profile);
    cached.stand_in_note = table.stand_in_note;
    return cached;
}

demand::PopulationSpec population_spec(const Population& p) {
    demand::PopulationSpec spec;
    spec.file = p.file.gdal_path();
    spec.id_field = p.id_field;
    spec.x_field = p.x_field;
    spec.y_field = p.y_field;
    spec.crs = p.crs;
    spec.point = p.point == PointAnchor::lower_left ? demand::PointAnchor::lower_left
                                                    : demand::PointAnchor::centre;
    spec.cell_size_m = p.cell_size_m.value_or(0.0);
    spec.country_field = p.country_field;
    for (const auto& g : p.groups) {
        demand::GroupSpec gs;
        gs.name = g.name;
        gs.column = g.column;
        gs.band = g.band;
        gs.file = g.file.given() ? g.file.gdal_path() : std::string();
        gs.flag_column = g.flag_column;
        gs.impute = g.impute == Impute::share_of_total_in_country
                        ? demand::Impute::share_of_total_in_country
                        : demand::Impute::none;
        gs.rates = g.rates.given() ? g.rates.path.string() : std::string();
        gs.base = g.base;
        spec.groups.push_back(std::move(gs));
    }
    return spec;
}

// Rates groups (rates: + base:) spread over their base group by country (the cells' country
// field): the rates tables give one figure per country.
void add_rates_groups(const Scenario& s, demand::PopulationGrid& grid, RunResult& result) {
    for (const auto& g : s.population.groups) {
        if (!g.rates.given()) {
            continue;
        }
        const auto rates = demand::read_rates(g.rates.path.string());
        const auto assignment = demand::assign_areas_by_field(grid.country, rates.area_id);
        auto spread = demand::spread_rates(rates, assignment.area_of_cell, grid.group(g.base));
        for (const auto& a : demand::assumptions(rates)) {
            result.assumptions.push_back(fmt::format("{}: {}", g.name, a));
        }
        if (spread.unplaced_persons > 0.0) {
            result.warnings.push_back(
                fmt::format("{}: {:.2f} persons of {} not placed (no {} persons in their area)",
                            g.name, spread.unplaced_persons, rates.file, g.base));
        }
        double unassigned = 0.0;
        const auto& base = grid.group(g.base);
        for (std::size_t i = 0; i < grid.cell_count(); ++i) {
            if (assignment.area_of_cell[i] == demand::AreaAssignment::no_area) {
                unassigned += base[i];
            }
        }
        if (unassigned > 0.0) {
            result.warnings.push_back(fmt::format(
                "{}: {:.2f} {} persons in cells whose country is not in {} (counted as 0)", g.name,
                unassigned, g.base, rates.file));
        }
        grid.add_group(g.name, std::move(spread.persons));
    }
}

struct Boundaries {
    std::map<std::string, AreaInfo> by_id;
};

Boundaries read_area_attributes(const Area& area) {
    Boundaries b;
    const auto path = area.boundaries.gdal_path();
    const auto split = io::gdal::split_layer(path);
    io::gdal::require_file(split.file, "area.boundaries");
    auto dataset = io::gdal::open_dataset(split.file, GDAL_OF_VECTOR);
    if (!dataset) {
        throw InputError(fmt::format("{}: GDAL cannot read it (area.boundaries)", split.file));
    }
    auto& layer = io::gdal::pick_layer(*dataset, split.file, split.layer);
    const auto& defn = *layer.GetLayerDefn();
    const int id = io::gdal::require_field(defn, area.id_field, path, "area.id_field");
    const int name = defn.GetFieldIndex(area.name_field.c_str());
    const int country = defn.GetFieldIndex(area.country_field.c_str());
    layer.ResetReading();
    for (OGRFeature* raw = layer.GetNextFeature(); raw != nullptr; raw = layer.GetNextFeature()) {
        const std::unique_ptr<OGRFeature, void (*)(OGRFeature*)> feature(
            raw, [](OGRFeature* f) { OGRFeature::DestroyFeature(f); });
        AreaInfo info;
        info.id = io::gdal::field_text(*feature, id).text;
        if (name >= 0) info.name = io::gdal::field_text(*feature, name).text;
        if (country >= 0) info.country = io::gdal::field_text(*feature, country).text;
        b.by_id.try_emplace(info.id, info);
    }
    return b;
}

// What coverage does not need from the centres file: whether it is illustrative (a `status`
// column with the value "illustrative" in a row: placeholders, not surveyed facilities) and
// the capacity per id (when the capacity column exists).
struct CentreAttributes {
    bool illustrative = false;
    bool has_capacity = false;
    std::map<std::string, std::optional<double>> capacity;     // by id
    std::map<std::string, std::string> operator_name;          // by id (operator_field)
    std::map<std::string, std::string> country;                // by id (country_field)
    std::map<std::string, std::vector<std::string>> services;  // by id (services_field)
};

std::vector<std::string> split_services(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(';', start), text.size());
        const auto item = io::gdal::trim(text.substr(start, end - start));
        if (!item.empty()) {
            out.emplace_back(item);
        }
        start = end + 1;
    }
    return out;
}

CentreAttributes read_centre_attributes(const Scenario& s) {
    CentreAttributes out;
    const auto path = s.centres.file.gdal_path();
    const auto split = io::gdal::split_layer(path);
    auto dataset = io::gdal::is_csv(split.file)
                       ? io::gdal::open_csv(split.file)
                       : io::gdal::open_dataset(split.file, GDAL_OF_VECTOR);
    if (!dataset) {
        return out;  // read_centres() has reported the file already
    }
    auto& layer = io::gdal::pick_layer(*dataset, split.file, split.layer);
    const auto& defn = *layer.GetLayerDefn();
    const int status = defn.GetFieldIndex("status");
    const int id = defn.GetFieldIndex(s.centres.id_field.c_str());
    const int capacity = defn.GetFieldIndex(s.centres.capacity_field.c_str());
    const int operator_field = defn.GetFieldIndex(s.centres.operator_field.c_str());
    const int services_field = s.centres.services_field.empty()
                                   ? -1
                                   : defn.GetFieldIndex(s.centres.services_field.c_str());
    const int country_field =
        s.centres.country_field.empty() ? -1 : defn.GetFieldIndex(s.centres.country_field.c_str());
    out.has_capacity = capacity >= 0 && id >= 0;
    layer.ResetReading();
    for (OGRFeature* raw = layer.GetNextFeature(); raw != nullptr; raw = layer.GetNextFeature()) {
        if (status >= 0 &&
            io::gdal::trim(io::gdal::field_text(*raw, status).text) == "illustrative") {
            out.illustrative = true;
        }
        if (country_field >= 0 && id >= 0) {
            out.country[io::gdal::field_text(*raw, id).text] =
                std::string(io::gdal::trim(io::gdal::field_text(*raw, country_field).text));
        }
        if (services_field >= 0 && id >= 0) {
            out.services[io::gdal::field_text(*raw, id).text] =
                split_services(io::gdal::field_text(*raw, services_field).text);
        }
        if (operator_field >= 0 && id >= 0) {
            out.operator_name[io::gdal::field_text(*raw, id).text] =
                io::gdal::field_text(*raw, operator_field).text;
        }
        if (out.has_capacity) {
            const auto text = io::gdal::field_text(*raw, capacity);
            std::optional<double> value;
            if (!text.null && !io::gdal::trim(text.text).empty()) {
                value = io::gdal::field_number(*raw, capacity);
                if (!value || *value < 0.0) {
                    const auto centre = io::gdal::field_text(*raw, id).text;
                    OGRFeature::DestroyFeature(raw);
                    throw InputError(
                        fmt::format("{}: centre \"{}\": {} \"{}\" (expected a number >= 0)", path,
                                    centre, s.centres.capacity_field, text.text));
                }
            }
            out.capacity[io::gdal::field_text(*raw, id).text] = value;
        }
        OGRFeature::DestroyFeature(raw);
    }
    return out;
}

// Capacity per centre (the edited list's order) with centres.add and centres.modify applied;
// InputError naming the centre when one has none (E2SFCA needs every capacity).
std::vector<double> capacities(const Scenario& s, const std::vector<io::Centre>& centres,
                               CentreAttributes attributes) {
    for (const auto& add : s.centres.add) {
        attributes.capacity[add.id] = add.capacity;
    }
    for (const auto& modify : s.centres.modify) {
        if (modify.capacity) {
            attributes.capacity[modify.id] = modify.capacity;
        }
    }
    std::vector<double> out;
    for (const auto& c : centres) {
        const auto it = attributes.capacity.find(c.id);
        if (it == attributes.capacity.end() || !it->second) {
            throw InputError(fmt::format(
                "{}: centre \"{}\" has no {} (a capacity is needed for measures.e2sfca)",
                s.centres.file.path.string(), c.id, s.centres.capacity_field));
        }
        out.push_back(*it->second);
    }
    return out;
}

// The centres of the file with centres.close removed and centres.add appended (modify changes
// only capacity, services and operator, which coverage does not use).
std::vector<io::Centre> read_edited_centres(const Scenario& s) {
    io::CentreReadOptions options;
    options.working_crs = s.crs;
    options.id_field = s.centres.id_field;
    options.xy_crs = s.centres.crs;
    auto centres = io::read_centres(s.centres.file.gdal_path(), options);
    std::set<std::string> closed;
    for (const auto& c : s.centres.close) {
        closed.insert(c.id);
    }
    std::erase_if(centres, [&](const io::Centre& c) { return closed.count(c.id) != 0; });
    const auto working = geo::make_srs(s.crs, "crs");
    for (const auto& add : s.centres.add) {
        io::Centre c;
        c.id = add.id;
        c.name = add.name;
        const bool lonlat = add.lon && add.lat;
        double x = lonlat ? *add.lon : add.x.value_or(0.0);
        double y = lonlat ? *add.lat : add.y.value_or(0.0);
        const auto from = geo::make_srs(
            lonlat ? std::string(geo::wgs84) : (s.centres.crs.empty() ? s.crs : s.centres.crs),
            "centres.add");
        const geo::Reprojector to_working(from, working);
        if (!to_working.transform(x, y)) {
            throw InputError(
                fmt::format("{}: centres.add: centre \"{}\": cannot transform its "
                            "coordinates to {}",
                            add.at.str(), add.id, s.crs));
        }
        c.x = x;
        c.y = y;
        centres.push_back(std::move(c));
    }
    if (centres.empty()) {
        throw InputError(
            fmt::format("{}: no centre left after centres.close", s.centres.file.path.string()));
    }
    return centres;
}

// Nearest-centre time per cell for one profile and one off-network speed.
struct CellTimes {
    routing::CellExits exits;
    std::vector<double> time_s;
    std::vector<std::uint32_t> rank;
    std::vector<char> unsnapped;
};

// The cells snapped at another off-network speed: the nearest road point does not depend on
// the speed, only the access leg does, so a group's own speed needs no second spatial search.
snap::SnapBatch with_access_speed(snap::SnapBatch batch, double off_network_kmh) {
    for (auto& cell : batch.snaps) {
        if (cell.snapped) {
            cell.access_time_s = travel_time_s(cell.point->distance_m, off_network_kmh);
        }
    }
    return batch;
}

CellTimes cell_times(const snap::SegmentIndex& index, const snap::SnappedCentres& centres,
                     const routing::NearestCentre& node_result, const demand::PopulationGrid& grid,
                     const snap::SnapBatch& batch) {
    auto lists = snap::cell_exit_lists(batch.snaps);
    routing::CellExits exits;
    exits.first_exit = std::move(lists.first_exit);
    exits.node = std::move(lists.node);
    exits.time_s = std::move(lists.time_s);
    for (const auto& leg : snap::same_segment_legs(index, batch.snaps, centres)) {
        exits.same_segment.push_back({leg.cell, leg.rank, leg.time_s});
    }
    auto nearest = routing::nearest_for_cells(node_result, exits);
    CellTimes times;
    times.exits = std::move(exits);
    times.time_s = std::move(nearest.time_s);
    times.rank = std::move(nearest.rank);
    times.unsnapped.assign(grid.cell_count(), 0);
    for (const auto i : batch.unsnapped) {
        times.unsnapped[i] = 1;
    }
    return times;
}

// Union-find over cells for the gap areas.
std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t i) {
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

// Gap areas of one group (run.hpp, GapArea) over the scored cells.
std::vector<GapArea> gap_areas(const std::vector<std::uint32_t>& scored,
                               const std::vector<double>& persons, const CellTimes& times,
                               const demand::PopulationGrid& grid, const RunResult& result,
                               double target_min) {
    std::vector<std::uint32_t> gap;  // grid cell indices
    for (const auto i : scored) {
        if (persons[i] > 0.0 &&
            (times.unsnapped[i] != 0 || !within(times.time_s[i], target_min * 60.0))) {
            gap.push_back(i);
        }
    }
    const std::size_t k = gap.size();
    std::vector<std::uint32_t> parent(k);
    std::iota(parent.begin(), parent.end(), 0U);
    const double size = grid.cell_size_m;
    if (size > 0.0 && k > 0) {
        std::map<std::pair<std::int64_t, std::int64_t>, std::uint32_t> at;
        const auto key = [&](std::uint32_t i) {
            return std::pair<std::int64_t, std::int64_t>{std::llround(grid.x[i] / size),
                                                         std::llround(grid.y[i] / size)};
        };
        for (std::uint32_t j = 0; j < k; ++j) {
            at.emplace(key(gap[j]), j);
        }
        for (std::uint32_t j = 0; j < k; ++j) {
            const auto [cx, cy] = key(gap[j]);
            for (const auto& [dx, dy] : {std::pair{1, 0}, std::pair{0, 1}}) {
                if (const auto it = at.find({cx + dx, cy + dy}); it != at.end()) {
                    parent[find_root(parent, j)] = find_root(parent, it->second);
                }
            }
        }
    }
    std::map<std::uint32_t, std::size_t> slot;  // root → gap area
    std::vector<GapArea> out;
    std::vector<std::set<std::string>> touched;
    for (std::uint32_t j = 0; j < k; ++j) {
        const auto root = find_root(parent, j);
        auto [it, fresh] = slot.emplace(root, out.size());
        if (fresh) {
            out.emplace_back();
            out.back().population.assign(result.group_name.size(), 0.0);
            out.back().first_cell = grid.cell_id[gap[j]];
            touched.emplace_back();
        }
        auto& area = out[it->second];
        const auto i = gap[j];
        ++area.cell_count;
        area.first_cell = std::min(area.first_cell, grid.cell_id[i]);
        for (std::size_t g = 0; g < result.group_name.size(); ++g) {
            area.population[g] += result.persons[g][i];
        }
        if (times.unsnapped[i] != 0 || times.time_s[i] == unreachable) {
            area.unreachable += persons[i];
        } else {
            area.score += persons[i] * (times.time_s[i] / 60.0 - target_min);
        }
        if (!result.cell_area[i].empty()) {
            touched[it->second].insert(result.cell_area[i]);
        }
    }
    for (std::size_t a = 0; a < out.size(); ++a) {
        out[a].areas.assign(touched[a].begin(), touched[a].end());
        out[a].area_km2 = static_cast<double>(out[a].cell_count) * size * size / 1e6;
    }
    std::sort(out.begin(), out.end(), [](const GapArea& a, const GapArea& b) {
        if (a.unreachable != b.unreachable) return a.unreachable > b.unreachable;
        if (a.score != b.score) return a.score > b.score;
        return a.first_cell < b.first_cell;
    });
    return out;
}

bool group_uses(const Group& g, const std::string& profile) {
    return g.profiles.empty() ||
           std::find(g.profiles.begin(), g.profiles.end(), profile) != g.profiles.end();
}

std::string join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        if (!text.empty()) {
            text += ", ";
        }
        text += item;
    }
    return text;
}

}  // namespace

std::filesystem::path output_dir(const Scenario& scenario, const RunOptions& options) {
    if (!options.out_dir.empty()) {
        return options.out_dir;
    }
    if (!scenario.outputs.dir.empty()) {
        return scenario.outputs.dir;
    }
    throw UsageError(fmt::format("{}: no outputs.dir in the scenario (pass --out DIR)",
                                 scenario.source.string()));
}

RunResult run_scenario(const Scenario& s, const RunOptions& options) {
    if (!s.roads) {
        throw InputError(
            fmt::format("{}: reach run needs roads: (a matrix: scenario is not "
                        "supported by reach run yet)",
                        s.source.string()));
    }
    const int threads =
        options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    RunResult result;
    result.scenario = s.name;
    result.thresholds_min = s.thresholds_min;
    result.target_min = s.target_min;
    result.threads = threads;

    // Inputs, cheapest first, so a bad file fails before the graphs are built.
    const auto profile_set = network::load_profiles(s.profiles.file.path.string());
    std::vector<const network::Profile*> profiles;
    for (const auto& name : s.profiles.use) {
        profiles.push_back(&profile_set.get(name));
    }
    auto grid = demand::read_population(population_spec(s.population), s.crs);
    add_rates_groups(s, grid, result);
    auto centres = read_edited_centres(s);
    const auto attributes = read_centre_attributes(s);
    if (s.measures.service) {
        // measures.service: only centres offering it count (services of the file's column,
        // replaced by centres.modify, or given by centres.add).
        auto services = attributes.services;
        for (const auto& add : s.centres.add) {
            services[add.id] = add.services;
        }
        for (const auto& modify : s.centres.modify) {
            if (modify.services) {
                services[modify.id] = *modify.services;
            }
        }
        std::erase_if(centres, [&](const io::Centre& c) {
            const auto& offered = services[c.id];
            return std::find(offered.begin(), offered.end(), *s.measures.service) == offered.end();
        });
        if (centres.empty()) {
            throw InputError(fmt::format("{}: no centre offers measures.service \"{}\"",
                                         s.centres.file.path.string(), *s.measures.service));
        }
    }
    if (attributes.illustrative) {
        result.stand_ins.emplace_back("centres");
    }
    // Country per centre (input order): the centres file's country column (centres.add's
    // country), else the country of the area containing it; "" = unknown.
    std::vector<std::string> centre_country(centres.size());
    if (!s.centres.country_field.empty()) {
        auto countries = attributes.country;
        for (const auto& add : s.centres.add) {
            countries[add.id] = add.country;
        }
        for (std::size_t c = 0; c < centres.size(); ++c) {
            centre_country[c] = countries[centres[c].id];
        }
    }
    std::optional<std::vector<double>> capacity;
    scoring::Centres ranked_centres;  // rank order = bytewise by id, as routing ranks them
    if (attributes.has_capacity) {
        capacity = capacities(s, centres, attributes);
        auto operators = attributes.operator_name;
        for (const auto& add : s.centres.add) {
            operators[add.id] = add.operator_type;
        }
        for (const auto& modify : s.centres.modify) {
            if (modify.operator_type) {
                operators[modify.id] = *modify.operator_type;
            }
        }
        std::vector<std::size_t> order(centres.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return centres[a].id < centres[b].id; });
        for (const auto c : order) {
            ranked_centres.id.push_back(centres[c].id);
            ranked_centres.capacity.push_back((*capacity)[c]);
            ranked_centres.operator_name.push_back(operators[centres[c].id]);
        }
        result.centres = ranked_centres;
    } else {
        result.warnings.push_back(
            fmt::format("{}: no column \"{}\": E2SFCA, Gini and Palma not computed",
                        s.centres.file.path.string(), s.centres.capacity_field));
    }

    // Areas: every cell's area (by its centre); the scored cells are those of area.select.
    const std::size_t n = grid.cell_count();
    result.cell_area.assign(n, "");
    result.cell_country = grid.country;
    std::vector<std::uint32_t> scored;
    std::vector<std::int32_t> cell_slot(n, scoring::no_area);  // index into result.areas
    if (s.area) {
        const auto boundaries = read_area_attributes(*s.area);
        const auto assignment = demand::assign_areas_by_polygon(
            grid.x, grid.y, s.area->boundaries.gdal_path(), s.area->id_field, s.crs);
        if (s.centres.country_field.empty()) {
            std::vector<double> cx, cy;
            for (const auto& c : centres) {
                cx.push_back(c.x);
                cy.push_back(c.y);
            }
            const auto at = demand::assign_areas_by_polygon(cx, cy, s.area->boundaries.gdal_path(),
                                                            s.area->id_field, s.crs);
            for (std::size_t c = 0; c < centres.size(); ++c) {
                if (at.area_of_cell[c] != demand::AreaAssignment::no_area) {
                    const auto it = boundaries.by_id.find(
                        at.area_id[static_cast<std::size_t>(at.area_of_cell[c])]);
                    if (it != boundaries.by_id.end()) {
                        centre_country[c] = it->second.country;
                    }
                }
            }
        }
        std::vector<std::string> ids = s.area->select;
        if (ids.empty()) {
            for (const auto& [id, info] : boundaries.by_id) {
                ids.push_back(id);
            }
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        std::map<std::string, std::size_t> slot;
        for (const auto& id : ids) {
            slot[id] = result.areas.size();
            const auto it = boundaries.by_id.find(id);
            result.areas.push_back(it != boundaries.by_id.end() ? it->second
                                                                : AreaInfo{id, "", ""});
        }
        for (std::size_t i = 0; i < n; ++i) {
            const auto a = assignment.area_of_cell[i];
            if (a == demand::AreaAssignment::no_area) {
                continue;
            }
            const auto& id = assignment.area_id[static_cast<std::size_t>(a)];
            result.cell_area[i] = id;
            if (result.cell_country[i].empty()) {
                if (const auto it = boundaries.by_id.find(id); it != boundaries.by_id.end()) {
                    result.cell_country[i] = it->second.country;
                }
            }
            if (const auto it = slot.find(id); it != slot.end()) {
                cell_slot[i] = static_cast<std::int32_t>(it->second);
                if (!s.area->select.empty()) {
                    scored.push_back(static_cast<std::uint32_t>(i));
                }
            }
        }
        result.totals_scope = s.area->select.empty()
                                  ? std::string("all cells")
                                  : fmt::format("areas: {}", join(s.area->select));
    } else {
        result.totals_scope = "all cells";
    }
    if (result.totals_scope == "all cells") {
        scored.resize(n);
        std::iota(scored.begin(), scored.end(), 0U);
    }
    std::sort(scored.begin(), scored.end());

    // Groups in scenario order.
    for (const auto& g : s.population.groups) {
        result.group_name.push_back(g.name);
        result.persons.push_back(grid.group(g.name));
        const auto index = *grid.find_group(g.name);
        result.imputed_persons.push_back(grid.imputed_persons[index]);
        if (!grid.lower_bound.empty() && grid.lower_bound[index] != 0) {
            result.warnings.push_back(fmt::format(
                "{}: confidential counts kept at 0 (impute: none): its figures are lower bounds",
                g.name));
        }
    }
    const std::vector<double>& headcount =
        grid.find_group("total") ? grid.group("total") : grid.persons.front();

    // The scored cells as scoring sees them (areas = result.areas, groups in scenario order).
    scoring::Cells scored_cells;
    scored_cells.area_count = result.areas.size();
    scored_cells.group_name = result.group_name;
    scored_cells.persons.resize(result.group_name.size());
    for (const auto i : scored) {
        scored_cells.cell_id.push_back(grid.cell_id[i]);
        scored_cells.area.push_back(cell_slot[i]);
        scored_cells.country.push_back(result.cell_country[i]);
        for (std::size_t g = 0; g < result.group_name.size(); ++g) {
            scored_cells.persons[g].push_back(result.persons[g][i]);
        }
    }
    std::string demand_group = s.measures.e2sfca.demand_group;
    if (demand_group.empty()) {
        demand_group = grid.find_group("total") ? "total" : result.group_name.front();
    }
    scoring::DecaySpec decay;
    if (s.measures.e2sfca.decay == Decay::gaussian) {
        decay.decay = scoring::Decay::gaussian;
        decay.catchment_min = s.measures.e2sfca.catchment_min.value_or(0.0);
    } else {
        decay.breaks_min = s.measures.e2sfca.breaks_min;
        decay.weights = s.measures.e2sfca.weights;
    }
    if (capacity) {
        scoring::validate(decay);
    }
    // The matrix reaches the E2SFCA catchment and the target (for the centres' coverage).
    const double catchment_s =
        60.0 * std::max(decay.decay == scoring::Decay::gaussian ? decay.catchment_min
                                                                : decay.breaks_min.back(),
                        static_cast<double>(s.target_min));

    const auto& roads = *s.roads;
    result.roads_standin = roads.chosen_is_standin;
    io::RoadReadOptions read;
    read.working_crs = s.crs;
    if (const auto it = roads.columns.find("class"); it != roads.columns.end()) {
        read.columns.highway = it->second;
    }
    if (const auto it = roads.columns.find("maxspeed"); it != roads.columns.end()) {
        read.columns.maxspeed = it->second;
    }
    if (const auto it = roads.columns.find("oneway"); it != roads.columns.end()) {
        read.columns.oneway = it->second;
    }
    const GraphLoader loader = options.load_graph ? options.load_graph : read_and_build;
    std::vector<snap::CentreLocation> locations;
    for (const auto& c : centres) {
        locations.push_back({c.id, c.x, c.y});
    }
    scoring::CoverageOptions coverage_options;
    coverage_options.thresholds_min.assign(s.thresholds_min.begin(), s.thresholds_min.end());
    coverage_options.target_min = s.target_min;

    std::set<std::string> cell_countries;  // for the border-closed searches
    for (std::size_t i = 0; i < n; ++i) {
        if (!result.cell_country[i].empty()) {
            cell_countries.insert(result.cell_country[i]);
        }
    }

    for (const auto* profile : profiles) {
        info(fmt::format("{}: loading the graph", profile->name));
        const auto cached = loader(roads.chosen.gdal_path(), *profile, read);
        if (!cached.stand_in_note.empty()) {
            result.roads_standin = true;
        }
        const snap::SegmentIndex index(cached.roads, cached.graph);
        const auto base_options = snap::snap_options(*profile, std::nullopt, s.snap.max_distance_m);
        const auto snapped_centres = snap::snap_centres(
            index, locations, base_options,
            s.snap.on_unsnapped_centre == OnUnsnappedCentre::warn ? snap::OnUnsnappedCentre::warn
                                                                  : snap::OnUnsnappedCentre::error,
            s.centres.file.path.string());
        for (const auto& w : snapped_centres.warnings) {
            result.warnings.push_back(fmt::format("{}: {}", profile->name, w));
        }
        std::vector<routing::Source> sources;
        for (const auto& seed : snapped_centres.seeds) {
            sources.push_back({seed.node, seed.time_s, seed.rank});
        }
        info(fmt::format("{}: nearest centre from {} seeds", profile->name, sources.size()));
        const auto node_result = routing::nearest_centre(cached.graph.reverse, sources);

        // Border closed: per country, the nearest centre among that country's centres only,
        // for the cells of that country (cells without a country keep their times).
        std::vector<std::pair<std::string, routing::NearestCentre>> closed_nodes;
        for (const auto& country : cell_countries) {
            std::vector<routing::Source> own;
            for (const auto& seed : snapped_centres.seeds) {
                if (centre_country[snapped_centres.by_rank[seed.rank]] == country) {
                    own.push_back({seed.node, seed.time_s, seed.rank});
                }
            }
            closed_nodes.emplace_back(country, routing::nearest_centre(cached.graph.reverse, own));
        }
        // Replaces the times and centres of every cell with a country by its own country's.
        const auto close_border = [&](CellTimes& times) {
            for (const auto& [country, nodes] : closed_nodes) {
                routing::CellExits exits = times.exits;
                std::erase_if(exits.same_segment, [&](const routing::SameSegmentLeg& leg) {
                    return centre_country[snapped_centres.by_rank[leg.rank]] != country;
                });
                const auto own = routing::nearest_for_cells(nodes, exits);
                for (std::size_t i = 0; i < n; ++i) {
                    if (result.cell_country[i] == country) {
                        times.time_s[i] = own.time_s[i];
                        times.rank[i] = own.rank[i];
                    }
                }
            }
        };
        const bool deny = s.cross_border == CrossBorder::deny;

        const auto cell_snaps =
            snap::snap_points(index, grid.x, grid.y, snap::Role::origin, base_options);
        // One set of cell times per off-network speed (the profile's, or a group's override);
        // with cross_border: deny the times are those with the border closed.
        std::map<double, CellTimes> by_speed;
        const auto times_for = [&](const snap::SnapOptions& o) -> const CellTimes& {
            auto it = by_speed.find(o.off_network_kmh);
            if (it == by_speed.end()) {
                auto times = cell_times(index, snapped_centres, node_result, grid,
                                        with_access_speed(cell_snaps, o.off_network_kmh));
                if (deny) {
                    close_border(times);
                }
                it = by_speed.emplace(o.off_network_kmh, std::move(times)).first;
            }
            return it->second;
        };
        std::map<double, std::vector<double>> closed_by_speed;
        const auto closed_for = [&](double speed,
                                    const CellTimes& open) -> const std::vector<double>& {
            auto it = closed_by_speed.find(speed);
            if (it == closed_by_speed.end()) {
                CellTimes closed = open;
                if (!deny) {
                    close_border(closed);
                }
                it = closed_by_speed.emplace(speed, std::move(closed.time_s)).first;
            }
            return it->second;
        };

        const auto& base_times = times_for(base_options);
        CellColumn column;
        column.profile = profile->name;
        column.time_s = base_times.time_s;
        column.centre_id.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (base_times.rank[i] != routing::no_centre) {
                column.centre_id[i] = centres[snapped_centres.by_rank[base_times.rank[i]]].id;
            }
        }
        if (capacity) {
            // E2SFCA on the cell × centre matrix within the catchment (centres in rank order).
            std::vector<std::vector<routing::Source>> seeds(centres.size());
            std::vector<double> ranked_capacity(centres.size());
            for (std::uint32_t r = 0; r < centres.size(); ++r) {
                const auto c = snapped_centres.by_rank[r];
                ranked_capacity[r] = (*capacity)[c];
                for (const auto& seed : snapped_centres.seeds_of(c)) {
                    seeds[r].push_back({seed.node, seed.time_s, r});
                }
            }
            info(fmt::format("{}: travel-time matrix within {:g} min", profile->name,
                             catchment_s / 60.0));
            auto matrix = routing::build_time_matrix(cached.graph.reverse, seeds, base_times.exits,
                                                     catchment_s, threads);
            if (deny) {
                // Residents may not use centres of another country.
                matrix.time_s.prune([&](std::int32_t row, std::int32_t col, double) {
                    const auto& home = result.cell_country[static_cast<std::size_t>(row)];
                    const auto& there =
                        centre_country[snapped_centres.by_rank[static_cast<std::size_t>(col)]];
                    return home.empty() || home == there;
                });
            }
            const auto access = scoring::two_step_fca(grid.group(demand_group), matrix.time_s,
                                                      ranked_capacity, decay);
            for (const auto r : access.without_demand) {
                result.warnings.push_back(fmt::format(
                    "{}: centre \"{}\" has no {} persons within its catchment (E2SFCA ratio 0)",
                    profile->name, centres[snapped_centres.by_rank[r]].id, demand_group));
            }
            column.e2sfca = access.per_1000;

            // Per centre and operator over the scored cells (the matrix rows they own).
            std::vector<std::int32_t> row(n, -1);
            for (std::size_t k = 0; k < scored.size(); ++k) {
                row[scored[k]] = static_cast<std::int32_t>(k);
            }
            scoring::Times scored_times;
            for (const auto i : scored) {
                scored_times.nearest_time_s.push_back(base_times.time_s[i]);
                scored_times.nearest_centre.push_back(base_times.rank[i]);
                scored_times.unsnapped.push_back(base_times.unsnapped[i]);
            }
            std::vector<Eigen::Triplet<double, std::int32_t>> entries;
            for (std::int32_t col = 0; col < matrix.time_s.outerSize(); ++col) {
                for (scoring::TimeMatrix::InnerIterator it(matrix.time_s, col); it; ++it) {
                    if (row[static_cast<std::size_t>(it.row())] >= 0) {
                        entries.emplace_back(row[static_cast<std::size_t>(it.row())], col,
                                             it.value());
                    }
                }
            }
            scored_times.time_s.resize(static_cast<std::int32_t>(scored.size()),
                                       static_cast<std::int32_t>(centres.size()));
            scored_times.time_s.setFromTriplets(entries.begin(), entries.end());
            CentreResults figures;
            figures.profile = profile->name;
            figures.centres = scoring::centre_figures(scored_cells, ranked_centres, scored_times,
                                                      s.target_min, access.weighted_demand);
            figures.operators =
                scoring::operator_figures(scored_cells, ranked_centres, scored_times, s.target_min);
            result.centre_results.push_back(std::move(figures));
        }
        result.profiles.push_back(std::move(column));
        const auto& e2sfca = result.profiles.back().e2sfca;
        std::vector<double> scored_e2sfca;
        if (!e2sfca.empty()) {
            for (const auto i : scored) {
                scored_e2sfca.push_back(e2sfca[i]);
            }
        }
        double unsnapped_persons = 0.0;
        std::size_t unsnapped_cells = 0;
        for (const auto i : scored) {
            if (base_times.unsnapped[i] != 0 && headcount[i] > 0.0) {
                unsnapped_persons += headcount[i];
                ++unsnapped_cells;
            }
        }
        if (unsnapped_cells > 0) {
            result.warnings.push_back(fmt::format(
                "{}: {:.2f} persons in {} cells farther than {:g} m from a usable road "
                "(unsnapped)",
                profile->name, unsnapped_persons, unsnapped_cells, s.snap.max_distance_m));
        }

        for (const auto& g : s.population.groups) {
            if (!group_uses(g, profile->name)) {
                continue;
            }
            const auto& times =
                times_for(snap::snap_options(*profile, g.off_network_kmh, s.snap.max_distance_m));
            const auto& persons = grid.group(g.name);
            PairResult pair;
            pair.profile = profile->name;
            pair.group = g.name;
            scoring::Times scored_times;
            for (const auto i : scored) {
                scored_times.nearest_time_s.push_back(times.time_s[i]);
                scored_times.nearest_centre.push_back(times.rank[i]);
                scored_times.unsnapped.push_back(times.unsnapped[i]);
            }
            scored_times.time_s.resize(static_cast<std::int32_t>(scored.size()),
                                       static_cast<std::int32_t>(centres.size()));
            pair.figures = scoring::aggregate(scored_cells, *scored_cells.find_group(g.name),
                                              scored_times, scored_e2sfca, coverage_options);
            pair.gap.assign(n, 0);
            for (std::size_t i = 0; i < n; ++i) {
                pair.gap[i] = persons[i] > 0.0 && (times.unsnapped[i] != 0 ||
                                                   !within(times.time_s[i], s.target_min * 60.0))
                                  ? 1
                                  : 0;
            }
            pair.gaps = gap_areas(scored, persons, times, grid, result, s.target_min);
            const auto speed =
                snap::snap_options(*profile, g.off_network_kmh, s.snap.max_distance_m)
                    .off_network_kmh;
            const auto& closed = closed_for(speed, times);
            pair.covered_if_border_closed.assign(s.thresholds_min.size(), 0.0);
            for (const auto i : scored) {
                if (!(persons[i] > 0.0)) {
                    continue;
                }
                if (times.rank[i] != routing::no_centre) {
                    const auto& home = result.cell_country[i];
                    const auto& there = centre_country[snapped_centres.by_rank[times.rank[i]]];
                    if (!home.empty() && !there.empty() && home != there) {
                        pair.nearest_abroad += persons[i];
                    }
                }
                for (std::size_t k = 0; k < s.thresholds_min.size(); ++k) {
                    if (times.unsnapped[i] == 0 && within(closed[i], s.thresholds_min[k] * 60.0)) {
                        pair.covered_if_border_closed[k] += persons[i];
                    }
                }
            }
            if (result.totals_scope == "all cells") {
                pair.imputed_persons = grid.imputed_persons[*grid.find_group(g.name)];
            }
            result.pairs.push_back(std::move(pair));
        }
    }
    if (result.roads_standin) {
        result.stand_ins.insert(result.stand_ins.begin(), "roads");
    }

    result.cell_id = grid.cell_id;
    result.x = grid.x;
    result.y = grid.y;
    for (const auto* path : {&s.population.file.path, &s.centres.file.path, &roads.chosen.path,
                             &s.profiles.file.path}) {
        result.input_hashes.emplace_back(path->string(), hash_file(*path));
    }
    for (const auto& g : s.population.groups) {
        if (g.rates.given()) {
            result.input_hashes.emplace_back(g.rates.path.string(), hash_file(g.rates.path));
        }
    }
    if (s.area) {
        result.input_hashes.emplace_back(s.area->boundaries.path.string(),
                                         hash_file(s.area->boundaries.path));
    }
    return result;
}

}  // namespace reach::scenario
