#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "reach/scenario/scenario.hpp"

namespace reach::scenario {

namespace {

// Numbers in fmt's shortest round-trip form, so that reading the text back gives the same
// double on every platform.
std::string number(double value) { return fmt::format("{}", value); }

void flow_list(YAML::Emitter& out, const std::vector<std::string>& values) {
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& v : values) {
        out << v;
    }
    out << YAML::EndSeq;
}

void flow_numbers(YAML::Emitter& out, const std::vector<double>& values) {
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto v : values) {
        out << number(v);
    }
    out << YAML::EndSeq;
}

void key_file(YAML::Emitter& out, const char* key, const FileRef& ref) {
    if (ref.given()) {
        out << YAML::Key << key << YAML::Value << ref.gdal_path();
    }
}

void key_text(YAML::Emitter& out, const char* key, const std::string& value) {
    if (!value.empty()) {
        out << YAML::Key << key << YAML::Value << value;
    }
}

void key_number(YAML::Emitter& out, const char* key, const std::optional<double>& value) {
    if (value) {
        out << YAML::Key << key << YAML::Value << number(*value);
    }
}

void emit_population(YAML::Emitter& out, const Population& p) {
    out << YAML::Key << "population" << YAML::Value << YAML::BeginMap;
    key_file(out, "file", p.file);
    key_text(out, "id_field", p.id_field);
    key_text(out, "x_field", p.x_field);
    key_text(out, "y_field", p.y_field);
    key_text(out, "crs", p.crs);
    out << YAML::Key << "point" << YAML::Value << to_string(p.point);
    key_number(out, "cell_size_m", p.cell_size_m);
    key_text(out, "country_field", p.country_field);
    out << YAML::Key << "groups" << YAML::Value << YAML::BeginMap;
    for (const auto& g : p.groups) {
        out << YAML::Key << g.name << YAML::Value << YAML::Flow << YAML::BeginMap;
        key_text(out, "column", g.column);
        if (g.band != 0) {
            out << YAML::Key << "band" << YAML::Value << g.band;
        }
        key_file(out, "file", g.file);
        key_file(out, "rates", g.rates);
        key_text(out, "base", g.base);
        key_text(out, "flag_column", g.flag_column);
        if (!g.flag_column.empty()) {
            out << YAML::Key << "impute" << YAML::Value << to_string(g.impute);
        }
        out << YAML::Key << "profiles" << YAML::Value;
        flow_list(out, g.profiles);
        key_number(out, "off_network_kmh", g.off_network_kmh);
        out << YAML::EndMap;
    }
    out << YAML::EndMap << YAML::EndMap;
}

// New sites (centres.add, inline optimize.candidates), one flow map each.
void emit_sites(YAML::Emitter& out, const std::vector<CentreAdd>& sites) {
    out << YAML::BeginSeq;
    for (const auto& a : sites) {
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << a.id;
        key_number(out, "lon", a.lon);
        key_number(out, "lat", a.lat);
        key_number(out, "x", a.x);
        key_number(out, "y", a.y);
        key_number(out, "capacity", a.capacity);
        key_text(out, "operator", a.operator_type);
        if (!a.services.empty()) {
            out << YAML::Key << "services" << YAML::Value;
            flow_list(out, a.services);
        }
        key_number(out, "cost_eur", a.cost_eur);
        key_text(out, "country", a.country);
        key_text(out, "name", a.name);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

void emit_centres(YAML::Emitter& out, const Centres& c) {
    out << YAML::Key << "centres" << YAML::Value << YAML::BeginMap;
    key_file(out, "file", c.file);
    key_text(out, "id_field", c.id_field);
    key_text(out, "capacity_field", c.capacity_field);
    key_text(out, "operator_field", c.operator_field);
    key_text(out, "services_field", c.services_field);
    key_text(out, "country_field", c.country_field);
    key_text(out, "crs", c.crs);
    if (!c.add.empty()) {
        out << YAML::Key << "add" << YAML::Value;
        emit_sites(out, c.add);
    }
    if (!c.close.empty()) {
        out << YAML::Key << "close" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& close : c.close) {
            out << close.id;
        }
        out << YAML::EndSeq;
    }
    if (!c.modify.empty()) {
        out << YAML::Key << "modify" << YAML::Value << YAML::BeginSeq;
        for (const auto& m : c.modify) {
            out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << m.id;
            key_number(out, "capacity", m.capacity);
            if (m.services) {
                out << YAML::Key << "services" << YAML::Value;
                flow_list(out, *m.services);
            }
            if (m.operator_type) {
                out << YAML::Key << "operator" << YAML::Value << *m.operator_type;
            }
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
}

void emit_measures(YAML::Emitter& out, const Measures& m) {
    out << YAML::Key << "measures" << YAML::Value << YAML::BeginMap;
    if (m.service) {
        out << YAML::Key << "service" << YAML::Value << *m.service;
    }
    const auto& e = m.e2sfca;
    if (!m.e2sfca_given) {  // the defaults, and capacities stay optional
        if (m.equity_rank_column) {
            out << YAML::Key << "equity_rank_column" << YAML::Value << *m.equity_rank_column;
        }
        out << YAML::EndMap;
        return;
    }
    out << YAML::Key << "e2sfca" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "decay" << YAML::Value << to_string(e.decay);
    if (e.decay == Decay::step) {
        out << YAML::Key << "breaks_min" << YAML::Value;
        flow_numbers(out, e.breaks_min);
        out << YAML::Key << "weights" << YAML::Value;
        flow_numbers(out, e.weights);
    }
    key_number(out, "catchment_min", e.catchment_min);
    key_text(out, "demand_group", e.demand_group);
    out << YAML::EndMap;
    if (m.equity_rank_column) {
        out << YAML::Key << "equity_rank_column" << YAML::Value << *m.equity_rank_column;
    }
    out << YAML::EndMap;
}

void emit_optimize(YAML::Emitter& out, const Optimize& o) {
    out << YAML::Key << "optimize" << YAML::Value << YAML::BeginMap;
    if (!o.inline_candidates.empty()) {
        out << YAML::Key << "candidates" << YAML::Value;
        emit_sites(out, o.inline_candidates);
    } else {
        key_file(out, "candidates", o.candidates);
    }
    out << YAML::Key << "objective" << YAML::Value << to_string(o.objective);
    if (!o.group_weights.empty()) {
        out << YAML::Key << "group_weights" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (const auto& [group, weight] : o.group_weights) {
            out << YAML::Key << group << YAML::Value << number(weight);
        }
        out << YAML::EndMap;
    }
    key_text(out, "profile", o.profile);
    out << YAML::Key << "keep_existing" << YAML::Value << o.keep_existing;
    if (o.k) {
        out << YAML::Key << "k" << YAML::Value << *o.k;
    }
    key_number(out, "budget_eur", o.budget_eur);
    key_number(out, "max_time_min", o.max_time_min);
    out << YAML::EndMap;
}

}  // namespace

std::string to_yaml(const Scenario& s) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "reach" << YAML::Value << s.schema;
    out << YAML::Key << "name" << YAML::Value << s.name;
    key_text(out, "description", s.description);
    out << YAML::Key << "crs" << YAML::Value << s.crs;
    if (s.area) {
        out << YAML::Key << "area" << YAML::Value << YAML::BeginMap;
        key_file(out, "boundaries", s.area->boundaries);
        key_text(out, "id_field", s.area->id_field);
        key_text(out, "name_field", s.area->name_field);
        key_text(out, "country_field", s.area->country_field);
        if (!s.area->select.empty()) {
            out << YAML::Key << "select" << YAML::Value;
            flow_list(out, s.area->select);
        }
        out << YAML::EndMap;
    }
    if (s.roads) {
        out << YAML::Key << "roads" << YAML::Value << YAML::BeginMap;
        key_file(out, "file", s.roads->file);
        key_file(out, "standin", s.roads->standin);
        if (!s.roads->columns.empty()) {
            out << YAML::Key << "columns" << YAML::Value << YAML::Flow << YAML::BeginMap;
            for (const auto& [role, column] : s.roads->columns) {
                out << YAML::Key << role << YAML::Value << column;
            }
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    if (s.matrix) {
        out << YAML::Key << "matrix" << YAML::Value << YAML::BeginMap;
        key_file(out, "file", s.matrix->file);
        out << YAML::EndMap;
    }
    if (s.profiles.file.given() || !s.profiles.use.empty()) {
        out << YAML::Key << "profiles" << YAML::Value << YAML::BeginMap;
        key_file(out, "file", s.profiles.file);
        out << YAML::Key << "use" << YAML::Value;
        flow_list(out, s.profiles.use);
        out << YAML::EndMap;
    }
    emit_population(out, s.population);
    emit_centres(out, s.centres);
    out << YAML::Key << "thresholds_min" << YAML::Value << YAML::Flow << s.thresholds_min;
    out << YAML::Key << "target_min" << YAML::Value << s.target_min;
    out << YAML::Key << "cross_border" << YAML::Value << to_string(s.cross_border);
    out << YAML::Key << "snap" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "max_distance_m" << YAML::Value << number(s.snap.max_distance_m);
    out << YAML::Key << "on_unsnapped_centre" << YAML::Value
        << to_string(s.snap.on_unsnapped_centre) << YAML::EndMap;
    emit_measures(out, s.measures);
    out << YAML::Key << "catchments" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "raster_resolution_m" << YAML::Value
        << number(s.catchments.raster_resolution_m);
    out << YAML::Key << "per_centre" << YAML::Value << s.catchments.per_centre;
    out << YAML::Key << "simplify_m" << YAML::Value
        << number(s.catchments.simplify_tolerance_m()) << YAML::EndMap;
    if (s.optimize) {
        emit_optimize(out, *s.optimize);
    }
    out << YAML::Key << "outputs" << YAML::Value << YAML::BeginMap;
    if (!s.outputs.dir.empty()) {
        out << YAML::Key << "dir" << YAML::Value << s.outputs.dir.string();
    }
    out << YAML::Key << "formats" << YAML::Value;
    flow_list(out, s.outputs.formats);
    out << YAML::Key << "network_layer" << YAML::Value << s.outputs.network_layer;
    if (!s.outputs.files.empty()) {
        out << YAML::Key << "files" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (const auto& [output, file] : s.outputs.files) {
            out << YAML::Key << output << YAML::Value << file;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace reach::scenario
