// The run folder of reach optimize (optimize.hpp): optimize.json, optimize_curve.csv,
// optimized.yaml, manifest.json.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "reach/io/staged_dir.hpp"
#include "reach/scenario/optimize.hpp"
#include "writers.hpp"

namespace reach::scenario {
namespace {

using detail::fixed;
using detail::Json;
using detail::persons;

Json per_group(const OptimizeResult& r, const std::vector<double>& values) {
    Json out = Json::object();
    for (std::size_t g = 0; g < r.group_name.size(); ++g) out[r.group_name[g]] = persons(values[g]);
    return out;
}

// Objective values: persons (or person-seconds, sites) to 0.01; access (places per 1 000) to
// 1e-6.
int value_decimals(const OptimizeResult& r) { return r.objective == "access" ? 6 : 2; }

std::string optimize_json(const Scenario& s, const OptimizeResult& r) {
    const auto& o = *s.optimize;
    const int decimals = value_decimals(r);
    Json j;
    j["scenario"] = r.scenario;
    j["objective"] = r.objective;
    j["profile"] = r.profile;
    j["target_min"] = r.target_min;
    j["max_time_min"] = fixed(r.max_time_min, 2);
    Json weights = Json::object();
    for (std::size_t g = 0; g < r.group_name.size(); ++g) weights[r.group_name[g]] = fixed(r.group_weight[g], 6);
    j["group_weights"] = weights;
    j["keep_existing"] = o.keep_existing;
    j["k"] = o.k ? Json(*o.k) : Json(nullptr);
    j["budget_eur"] = o.budget_eur ? fixed(*o.budget_eur, 2) : Json(nullptr);
    j["spent_eur"] = fixed(r.chosen.empty() ? 0.0 : r.chosen.back().cumulative_cost_eur, 2);
    Json chosen = Json::array();
    for (std::size_t k = 0; k < r.chosen.size(); ++k) {
        const auto& c = r.chosen[k];
        chosen.push_back({{"order", k + 1},
                          {"id", c.id},
                          {"name", c.name},
                          {"existing", c.existing},
                          {"marginal_gain", fixed(c.marginal_gain, decimals)},
                          {"cost_eur", fixed(c.cost_eur, 2)},
                          {"cumulative_cost_eur", fixed(c.cumulative_cost_eur, 2)},
                          {"objective_value", fixed(c.objective_value, decimals)},
                          {"covered", per_group(r, c.covered)}});
    }
    j["chosen"] = chosen;
    j["closed"] = r.closed;
    j["objective_value"] = fixed(r.objective_value, decimals);
    j["weighted_mean_time_min"] = detail::minutes(r.weighted_mean_time_min);
    Json covered = Json::object();
    const auto& after = r.chosen.empty() ? r.covered_existing : r.chosen.back().covered;
    for (std::size_t g = 0; g < r.group_name.size(); ++g) {
        covered[r.group_name[g]] = {{"population", persons(r.population[g])},
                                    {"existing", persons(r.covered_existing[g])},
                                    {"chosen", persons(after[g])},
                                    {"gain", persons(after[g] - r.covered_existing[g])}};
    }
    j["covered"] = covered;
    j["solver"] = r.solver;
    j["heuristic_value"] = fixed(r.heuristic_value, decimals);
    j["exact_value"] = r.exact_value ? fixed(*r.exact_value, decimals) : Json(nullptr);
    j["gap_to_exact"] = r.gap_to_exact ? fixed(*r.gap_to_exact, 6) : Json(nullptr);
    j["capped_pairs"] = r.capped_pairs;
    j["excluded_demand"] = persons(r.excluded_demand);
    j["problem"] = {{"sites", r.sites},
                    {"candidates", r.candidates},
                    {"demand_cells", r.demand_points},
                    {"pairs", r.pairs}};
    j["stand_ins"] = r.stand_ins;
    return detail::unmark_numbers(j.dump(2)) + "\n";
}

std::string curve_csv(const OptimizeResult& r) {
    std::string out = "k,site_id,cost_eur,cumulative_cost_eur,objective_value";
    for (const auto& g : r.group_name) out += fmt::format(",covered_{}", detail::csv_field(g));
    out += '\n';
    const int decimals = value_decimals(r);
    out += fmt::format("0,,0.00,0.00,{:.{}f}", r.objective_existing, decimals);
    for (const double v : r.covered_existing) out += fmt::format(",{:.2f}", v);
    out += '\n';
    for (std::size_t k = 0; k < r.chosen.size(); ++k) {
        const auto& c = r.chosen[k];
        out += fmt::format("{},{},{:.2f},{:.2f},{:.{}f}", k + 1, detail::csv_field(c.id),
                           c.cost_eur, c.cumulative_cost_eur, c.objective_value, decimals);
        for (const double v : c.covered) out += fmt::format(",{:.2f}", v);
        out += '\n';
    }
    return out;
}

// A scenario `reach run` accepts: this one with the chosen candidates added (and, without
// keep_existing, the existing centres not chosen closed); its run goes to run/ beside it.
std::string optimized_yaml(const Scenario& s, const OptimizeResult& r,
                           const std::filesystem::path& dir) {
    YAML::Emitter out;
    out << YAML::Comment(fmt::format("written by reach optimize: {} on {}, {} solver", r.objective,
                                     r.profile, r.solver));
    out << YAML::BeginMap;
    out << YAML::Key << "reach" << YAML::Value << 1;
    out << YAML::Key << "name" << YAML::Value << s.name + "-optimized";
    const auto base = std::filesystem::absolute(s.source).lexically_relative(std::filesystem::absolute(dir));
    out << YAML::Key << "base" << YAML::Value << (base.empty() ? std::filesystem::absolute(s.source) : base).generic_string();
    out << YAML::Key << "centres" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "add" << YAML::Value << YAML::BeginSeq;
    for (const auto& c : r.opened) {
        out << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "id" << YAML::Value << c.id;
        if (c.lon && c.lat) {  // a matrix scenario's sites are ids only
            out << YAML::Key << "lon" << YAML::Value << fmt::format("{:.7f}", *c.lon);
            out << YAML::Key << "lat" << YAML::Value << fmt::format("{:.7f}", *c.lat);
        } else if (c.x && c.y) {  // inline candidates in centres.crs
            out << YAML::Key << "x" << YAML::Value << fmt::format("{:.3f}", *c.x);
            out << YAML::Key << "y" << YAML::Value << fmt::format("{:.3f}", *c.y);
        }
        if (c.capacity) out << YAML::Key << "capacity" << YAML::Value << *c.capacity;
        if (!c.operator_type.empty()) out << YAML::Key << "operator" << YAML::Value << c.operator_type;
        if (c.cost_eur) out << YAML::Key << "cost_eur" << YAML::Value << *c.cost_eur;
        if (!c.country.empty()) out << YAML::Key << "country" << YAML::Value << c.country;
        if (!c.name.empty()) out << YAML::Key << "name" << YAML::Value << c.name;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (!r.closed.empty()) {
        out << YAML::Key << "close" << YAML::Value << YAML::Flow << r.closed;
    }
    out << YAML::EndMap;
    out << YAML::Key << "outputs" << YAML::Value << YAML::BeginMap << YAML::Key << "dir"
        << YAML::Value << "run" << YAML::EndMap;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace

std::vector<std::string> write_optimize(const Scenario& scenario, const OptimizeResult& result,
                                        const std::filesystem::path& dir, bool overwrite,
                                        const std::string& version,
                                        const std::vector<ExtraFile>& extra) {
    io::StagedDir out(dir, overwrite);
    std::vector<std::string> files = {"optimize.json", "optimize_curve.csv", "optimized.yaml"};
    detail::write_file(out.file(files[0]), optimize_json(scenario, result));
    detail::write_file(out.file(files[1]), curve_csv(result));
    detail::write_file(out.file(files[2]), optimized_yaml(scenario, result, dir));
    for (const auto& file : extra) {
        files.push_back(file.name);
        detail::write_file(out.file(file.name), file.text);
    }
    Json manifest;
    manifest["reach_version"] = version;
    manifest["scenario_file"] = scenario.source.string();
    manifest["threads"] = result.threads;
    manifest["seconds"] = fixed(result.seconds, 2);
    manifest["stand_ins"] = result.stand_ins;
    manifest["warnings"] = result.warnings;
    Json inputs = Json::array();
    for (const auto& [file, hash] : result.input_hashes) inputs.push_back({{"file", file}, {"fnv1a", hash}});
    manifest["inputs"] = inputs;
    manifest["files"] = files;
    manifest["resolved_scenario"] = to_yaml(scenario);
    detail::write_file(out.file("manifest.json"), detail::unmark_numbers(manifest.dump(2)) + "\n");
    out.commit();
    auto written = files;
    written.emplace_back("manifest.json");
    return written;
}

}  // namespace reach::scenario
