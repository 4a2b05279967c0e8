// The inputs of one run (run_inputs.hpp).
#include "run_inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <set>

#include "reach/core/error.hpp"
#include "reach/demand/rates.hpp"
#include "reach/geo/crs.hpp"
#include "reach/io/gdal_helpers.hpp"

namespace reach::scenario::detail {
namespace {

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
    // Per id: the area's geometry in the working CRS (features with one id are unioned), ISO WKB.
    std::map<std::string, std::vector<unsigned char>> wkb;
};

Boundaries read_area_attributes(const Area& area, const std::string& working_crs) {
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
    auto working = geo::make_srs(working_crs, "crs");
    std::map<std::string, std::unique_ptr<OGRGeometry>> shapes;
    layer.ResetReading();
    for (OGRFeature* raw = layer.GetNextFeature(); raw != nullptr; raw = layer.GetNextFeature()) {
        const std::unique_ptr<OGRFeature, void (*)(OGRFeature*)> feature(
            raw, [](OGRFeature* f) { OGRFeature::DestroyFeature(f); });
        AreaInfo info;
        info.id = io::gdal::field_text(*feature, id).text;
        if (name >= 0) info.name = io::gdal::field_text(*feature, name).text;
        if (country >= 0) info.country = io::gdal::field_text(*feature, country).text;
        b.by_id.try_emplace(info.id, info);
        // The geometry for the exports, in the working CRS (a failed transform leaves none).
        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr || layer.GetSpatialRef() == nullptr) {
            continue;
        }
        std::unique_ptr<OGRGeometry> copy(geometry->clone());
        auto source = geo::with_gis_order(*layer.GetSpatialRef());
        copy->assignSpatialReference(&source);
        if (copy->transformTo(&working) != OGRERR_NONE) {
            continue;
        }
        auto& shape = shapes[info.id];
        shape = shape ? std::unique_ptr<OGRGeometry>(shape->Union(copy.get())) : std::move(copy);
    }
    for (const auto& [area_id, shape] : shapes) {
        if (shape) {
            std::vector<unsigned char> bytes(static_cast<std::size_t>(shape->WkbSize()));
            shape->exportToWkb(wkbNDR, bytes.data(), wkbVariantIso);
            b.wkb.emplace(area_id, std::move(bytes));
        }
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

// A per-id attribute of the centres file with centres.add's value and centres.modify's
// replacement (when it gives one) applied: the one rule behind capacity, services, operator.
template <typename T, typename FromAdd, typename FromModify>
std::map<std::string, T> with_edits(std::map<std::string, T> values, const Scenario& s,
                                    FromAdd from_add, FromModify from_modify) {
    for (const auto& add : s.centres.add) {
        values[add.id] = from_add(add);
    }
    for (const auto& modify : s.centres.modify) {
        if (auto value = from_modify(modify)) {
            values[modify.id] = std::move(*value);
        }
    }
    return values;
}

// Capacity per centre (the edited list's order) with centres.add and centres.modify applied;
// InputError naming the centre when one has none (E2SFCA needs every capacity).
std::vector<double> capacities(const Scenario& s, const std::vector<io::Centre>& centres,
                               const CentreAttributes& attributes) {
    const auto capacity = with_edits(
        attributes.capacity, s, [](const CentreAdd& add) { return add.capacity; },
        [](const CentreModify& modify) {
            return modify.capacity ? std::optional(modify.capacity) : std::nullopt;
        });
    std::vector<double> out;
    for (const auto& c : centres) {
        const auto it = capacity.find(c.id);
        if (it == capacity.end() || !it->second) {
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
    options.ids_only = s.matrix.has_value();
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
        if (s.matrix && !lonlat && !(add.x && add.y)) {  // ids only: the matrix has the times
            c.x = c.y = c.lon = c.lat = std::numeric_limits<double>::quiet_NaN();
            centres.push_back(std::move(c));
            continue;
        }
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
    if (centres.empty() && !s.matrix) {
        throw InputError(
            fmt::format("{}: no centre left after centres.close", s.centres.file.path.string()));
    }
    return centres;
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

// measures.service: only centres offering it count (services of the file's column, replaced by
// centres.modify, or given by centres.add).
void keep_service_centres(const Scenario& s, const CentreAttributes& attributes,
                          std::vector<io::Centre>& centres) {
    auto services = with_edits(
        attributes.services, s, [](const CentreAdd& add) { return add.services; },
        [](const CentreModify& modify) { return modify.services; });
    std::erase_if(centres, [&](const io::Centre& c) {
        const auto& offered = services[c.id];
        return std::find(offered.begin(), offered.end(), *s.measures.service) == offered.end();
    });
    if (centres.empty()) {
        throw InputError(fmt::format("{}: no centre offers measures.service \"{}\"",
                                     s.centres.file.path.string(), *s.measures.service));
    }
}

// The operator of each centre (input order): the file's column, centres.add, centres.modify.
std::vector<std::string> centre_operators(const Scenario& s, const std::vector<io::Centre>& centres,
                                          const CentreAttributes& attributes) {
    auto operators = with_edits(
        attributes.operator_name, s, [](const CentreAdd& add) { return add.operator_type; },
        [](const CentreModify& modify) { return modify.operator_type; });
    std::vector<std::string> out;
    out.reserve(centres.size());
    for (const auto& c : centres) {
        out.push_back(operators[c.id]);
    }
    return out;
}

// Capacities and operators in rank order (bytewise by id, as routing ranks the centres).
scoring::Centres ranked_centres(const std::vector<io::Centre>& centres,
                                const std::vector<double>& capacity,
                                const std::vector<std::string>& operators) {
    std::vector<std::size_t> order(centres.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return centres[a].id < centres[b].id; });
    scoring::Centres ranked;
    for (const auto c : order) {
        ranked.id.push_back(centres[c].id);
        ranked.capacity.push_back(capacity[c]);
        ranked.operator_name.push_back(operators[c]);
    }
    return ranked;
}

// The centres, their capacities, operators and (from the file or centres.add) countries.
void read_centres_stage(const Scenario& s, RunInputs& in, RunResult& result) {
    in.centres = read_edited_centres(s);
    const auto attributes = read_centre_attributes(s);
    if (s.measures.service) {
        keep_service_centres(s, attributes, in.centres);
    }
    if (attributes.illustrative) {
        result.stand_ins.emplace_back("centres");
    }
    in.centre_country.assign(in.centres.size(), "");

    if (!s.centres.country_field.empty()) {
        auto countries = attributes.country;
        for (const auto& add : s.centres.add) {
            countries[add.id] = add.country;
        }
        for (std::size_t c = 0; c < in.centres.size(); ++c) {
            in.centre_country[c] = countries[in.centres[c].id];
        }
    }
    in.centre_operator = centre_operators(s, in.centres, attributes);
    if (attributes.has_capacity) {
        in.capacity = capacities(s, in.centres, attributes);
        in.ranked_centres = ranked_centres(in.centres, *in.capacity, in.centre_operator);
        result.centres = in.ranked_centres;
    } else if (s.measures.e2sfca_given) {
        throw InputError(fmt::format(
            "{}: no column \"{}\" (expected the centres' capacities: measures.e2sfca asks for "
            "the E2SFCA; leave measures.e2sfca out to run without it)",
            s.centres.file.path.string(), s.centres.capacity_field));
    } else {
        result.warnings.push_back(
            fmt::format("{}: no column \"{}\": E2SFCA, Gini and Palma not computed",
                        s.centres.file.path.string(), s.centres.capacity_field));
    }
}

// Country of the centres without a country column: that of the area containing them.
void centre_countries_from_areas(const Scenario& s, const Boundaries& boundaries,
                                 RunInputs& in) {
    std::vector<double> cx, cy;
    for (const auto& c : in.centres) {
        cx.push_back(c.x);
        cy.push_back(c.y);
    }
    const auto at = demand::assign_areas_by_polygon(cx, cy, s.area->boundaries.gdal_path(),
                                                    s.area->id_field, s.crs);
    for (std::size_t c = 0; c < in.centres.size(); ++c) {
        if (at.area_of_cell[c] != demand::AreaAssignment::no_area) {
            const auto it =
                boundaries.by_id.find(at.area_id[static_cast<std::size_t>(at.area_of_cell[c])]);
            if (it != boundaries.by_id.end()) {
                in.centre_country[c] = it->second.country;
            }
        }
    }
}

// Every cell's area (by its centre) and country; the scored cells are those of area.select
// (else every cell). Returns per cell its index into result.areas (or no_area).
std::vector<std::int32_t> assign_areas(const Scenario& s, RunInputs& in, RunResult& result) {
    const auto& grid = in.grid;
    const std::size_t n = grid.cell_count();
    result.cell_area.assign(n, "");
    result.cell_country = grid.country;
    std::vector<std::int32_t> cell_slot(n, scoring::no_area);
    result.totals_scope = "all cells";
    if (s.area) {
        const auto boundaries = read_area_attributes(*s.area, s.crs);
        const auto assignment = demand::assign_areas_by_polygon(
            grid.x, grid.y, s.area->boundaries.gdal_path(), s.area->id_field, s.crs);
        if (s.centres.country_field.empty()) {
            centre_countries_from_areas(s, boundaries, in);
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
                                                                : AreaInfo{id, "", "", {}});
            if (const auto shape = boundaries.wkb.find(id); shape != boundaries.wkb.end()) {
                result.areas.back().wkb = shape->second;
            }
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
                    in.scored.push_back(static_cast<std::uint32_t>(i));
                }
            }
        }
        if (!s.area->select.empty()) {
            result.totals_scope = fmt::format("areas: {}", join(s.area->select));
        }
    }
    if (result.totals_scope == "all cells") {
        in.scored.resize(n);
        std::iota(in.scored.begin(), in.scored.end(), 0U);
    }
    std::sort(in.scored.begin(), in.scored.end());
    return cell_slot;
}

// The groups in scenario order, and the scored cells as scoring sees them.
void collect_groups(const Scenario& s, const std::vector<std::int32_t>& cell_slot, RunInputs& in,
                    RunResult& result) {
    const auto& grid = in.grid;
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
    auto& cells = in.scored_cells;
    cells.area_count = result.areas.size();
    cells.group_name = result.group_name;
    cells.persons.resize(result.group_name.size());
    for (const auto i : in.scored) {
        cells.cell_id.push_back(grid.cell_id[i]);
        cells.area.push_back(cell_slot[i]);
        cells.country.push_back(result.cell_country[i]);
        for (std::size_t g = 0; g < result.group_name.size(); ++g) {
            cells.persons[g].push_back(result.persons[g][i]);
        }
        if (!grid.rank_value.empty()) {
            cells.rank_value.push_back(grid.rank_value[i]);  // low = worst-off (README)
        }
    }
    std::set<std::string> countries;
    for (const auto& country : result.cell_country) {
        if (!country.empty()) {
            countries.insert(country);
        }
    }
    in.cell_countries.assign(countries.begin(), countries.end());
}

// measures.e2sfca resolved, and the bound of the cell × centre matrix.
void resolve_measures(const Scenario& s, RunInputs& in, RunResult& result) {
    in.demand_group = s.measures.e2sfca.demand_group;
    if (in.demand_group.empty()) {
        in.demand_group = in.grid.find_group("total") ? "total" : result.group_name.front();
    }
    if (s.measures.e2sfca.decay == Decay::gaussian) {
        in.decay.decay = scoring::Decay::gaussian;
        in.decay.catchment_min = s.measures.e2sfca.catchment_min.value_or(0.0);
    } else {
        in.decay.breaks_min = s.measures.e2sfca.breaks_min;
        in.decay.weights = s.measures.e2sfca.weights;
    }
    if (in.capacity) {
        scoring::validate(in.decay);
    }
    // The matrix reaches the E2SFCA catchment and every threshold (the centres' coverage).
    const double catchment_min = in.decay.decay == scoring::Decay::gaussian
                                     ? in.decay.catchment_min
                                     : in.decay.breaks_min.back();
    in.matrix_bound_s =
        60.0 * std::max(catchment_min, static_cast<double>(s.thresholds_min.back()));
}

}  // namespace

scoring::TimeMatrix scored_rows(const RunInputs& in, const scoring::TimeMatrix& all) {
    std::vector<std::int32_t> row(static_cast<std::size_t>(all.rows()), -1);
    for (std::size_t k = 0; k < in.scored.size(); ++k) {
        row[in.scored[k]] = static_cast<std::int32_t>(k);
    }
    std::vector<Eigen::Triplet<double, std::int32_t>> entries;
    for (std::int32_t col = 0; col < all.outerSize(); ++col) {
        for (scoring::TimeMatrix::InnerIterator it(all, col); it; ++it) {
            if (const auto r = row[static_cast<std::size_t>(it.row())]; r >= 0) {
                entries.emplace_back(r, col, it.value());
            }
        }
    }
    scoring::TimeMatrix out(static_cast<std::int32_t>(in.scored.size()), all.cols());
    out.setFromTriplets(entries.begin(), entries.end());
    return out;
}

bool group_uses(const Group& g, const std::string& profile) {
    return g.profiles.empty() ||
           std::find(g.profiles.begin(), g.profiles.end(), profile) != g.profiles.end();
}

RunInputs read_run_inputs(const Scenario& s, RunResult& result) {
    RunInputs in;
    if (!s.matrix) {
        in.profile_set = network::load_profiles(s.profiles.file.path.string());
        for (const auto& name : s.profiles.use) {
            in.profiles.push_back(&in.profile_set.get(name));
        }
    }
    auto spec = population_spec(s.population);
    spec.ids_only = s.matrix.has_value();
    if (s.measures.equity_rank_column) {
        spec.rank_field = *s.measures.equity_rank_column;
    }
    in.grid = demand::read_population(spec, s.crs);
    add_rates_groups(s, in.grid, result);
    read_centres_stage(s, in, result);
    const auto cell_slot = assign_areas(s, in, result);
    collect_groups(s, cell_slot, in, result);
    resolve_measures(s, in, result);
    for (std::size_t c = 0; c < in.centres.size(); ++c) {
        const auto& centre = in.centres[c];
        result.centre_points.push_back(
            {centre.id, centre.name, centre.x, centre.y, in.centre_operator[c],
             in.centre_country[c],
             in.capacity ? std::optional<double>((*in.capacity)[c]) : std::nullopt});
    }
    result.crs = s.crs;
    result.cell_size_m = in.grid.cell_size_m;
    return in;
}

}  // namespace reach::scenario::detail
