// Candidate sites of reach optimize (optimize_inputs.hpp).
#include "optimize_inputs.hpp"

#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <optional>

#include "reach/core/error.hpp"
#include "reach/io/centres_reader.hpp"
#include "reach/io/gdal_helpers.hpp"

namespace reach::scenario::detail {
namespace {

struct Attributes {
    std::optional<double> cost_eur, capacity;
    std::string operator_name, country;
};

// A number column of one record: nullopt when empty; InputError when not a number ≥ 0.
std::optional<double> non_negative(const OGRFeature& feature, int index, const std::string& file,
                                   const std::string& id, const char* column) {
    if (index < 0) {
        return std::nullopt;
    }
    const auto text = io::gdal::field_text(feature, index);
    if (text.null || io::gdal::trim(text.text).empty()) {
        return std::nullopt;
    }
    const auto value = io::gdal::field_number(feature, index);
    if (!value || *value < 0.0) {
        throw InputError(fmt::format("{}: candidate \"{}\": {} \"{}\" (expected a number >= 0)",
                                     file, id, column, text.text));
    }
    return value;
}

std::map<std::string, Attributes> read_attributes(const Scenario& s, const FileRef& ref) {
    std::map<std::string, Attributes> out;
    const auto path = ref.gdal_path();
    const auto split = io::gdal::split_layer(path);
    auto dataset = io::gdal::is_csv(split.file) ? io::gdal::open_csv(split.file)
                                                : io::gdal::open_dataset(split.file, GDAL_OF_VECTOR);
    if (!dataset) {
        return out;  // read_centres() has reported the file already
    }
    auto& layer = io::gdal::pick_layer(*dataset, split.file, split.layer);
    const auto& defn = *layer.GetLayerDefn();
    const int id = defn.GetFieldIndex(s.centres.id_field.c_str());
    const int cost = defn.GetFieldIndex("cost_eur");
    const int capacity = defn.GetFieldIndex(s.centres.capacity_field.c_str());
    const int operator_field = defn.GetFieldIndex(s.centres.operator_field.c_str());
    const int country = s.centres.country_field.empty()
                            ? -1
                            : defn.GetFieldIndex(s.centres.country_field.c_str());
    layer.ResetReading();
    for (auto& feature : layer) {
        const auto key = io::gdal::field_text(*feature, id).text;
        Attributes a;
        a.cost_eur = non_negative(*feature, cost, path, key, "cost_eur");
        a.capacity = non_negative(*feature, capacity, path, key, s.centres.capacity_field.c_str());
        if (operator_field >= 0) a.operator_name = io::gdal::field_text(*feature, operator_field).text;
        if (country >= 0) {
            a.country = std::string(io::gdal::trim(io::gdal::field_text(*feature, country).text));
        }
        out[key] = std::move(a);
    }
    return out;
}

std::set<std::string> existing_ids(const Scenario& s, const io::CentreReadOptions& options) {
    std::set<std::string> ids;
    for (const auto& c : io::read_centres(s.centres.file.gdal_path(), options)) ids.insert(c.id);
    for (const auto& add : s.centres.add) ids.insert(add.id);
    return ids;
}

io::CentreReadOptions read_options(const Scenario& s) {
    io::CentreReadOptions options;
    options.working_crs = s.crs;
    options.id_field = s.centres.id_field;
    options.xy_crs = s.centres.crs;
    options.ids_only = s.matrix.has_value();
    return options;
}

// A candidate must not reuse a centre's id and needs a cost when there is a budget.
void check_candidate(const Scenario& s, const std::set<std::string>& existing,
                     const CentreAdd& site, const std::string& where) {
    if (existing.count(site.id) != 0) {
        throw InputError(fmt::format(
            "{}: candidate \"{}\" has the id of an existing centre (expected ids that no "
            "centre of {} uses)",
            where, site.id, s.centres.file.path.filename().string()));
    }
    if (s.optimize->budget_eur && !site.cost_eur) {
        throw InputError(fmt::format(
            "{}: candidate \"{}\" has no cost_eur (expected a cost for every candidate: "
            "optimize.budget_eur is given)",
            where, site.id));
    }
}

// optimize.candidates given as a list in the scenario (checked like centres.add at load).
Candidates listed_candidates(const Scenario& s) {
    const auto existing = existing_ids(s, read_options(s));
    Candidates out;
    for (const auto& site : s.optimize->inline_candidates) {
        check_candidate(s, existing, site, site.at.str());
        out.ids.insert(site.id);
        out.sites.push_back(site);
    }
    return out;
}

}  // namespace

Candidates read_candidates(const Scenario& s) {
    const auto& o = *s.optimize;
    if (!o.inline_candidates.empty()) {
        return listed_candidates(s);
    }
    const auto file = o.candidates.gdal_path();
    const auto options = read_options(s);
    const auto points = io::read_centres(file, options);
    const auto attributes = read_attributes(s, o.candidates);
    const auto existing = existing_ids(s, options);
    Candidates out;
    for (const auto& point : points) {
        const auto& a = attributes.at(point.id);
        CentreAdd add;
        add.id = point.id;
        if (std::isfinite(point.lon) && std::isfinite(point.lat)) {
            add.lon = point.lon;
            add.lat = point.lat;
        }
        add.capacity = a.capacity;
        add.operator_type = a.operator_name;
        add.cost_eur = a.cost_eur;
        add.country = a.country;
        add.name = point.name;
        add.at = o.candidates.at;
        check_candidate(s, existing, add, file);
        out.ids.insert(add.id);
        out.sites.push_back(std::move(add));
    }
    if (out.sites.empty()) {
        throw InputError(fmt::format("{}: no candidate sites (expected at least one record)", file));
    }
    return out;
}

Scenario with_candidates(const Scenario& s, const Candidates& candidates) {
    Scenario out = s;
    out.centres.add.insert(out.centres.add.end(), candidates.sites.begin(), candidates.sites.end());
    return out;
}

}  // namespace reach::scenario::detail
