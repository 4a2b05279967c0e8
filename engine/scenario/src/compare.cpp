// Comparing runs and tabulating batches (compare.hpp).
#include "reach/scenario/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "reach/core/error.hpp"
#include "reach/core/units.hpp"
#include "reach/io/staged_dir.hpp"
#include "reach/io/qgis_styles.hpp"
#include "reach/io/vector_writer.hpp"
#include "run_layers.hpp"
#include "writers.hpp"

namespace reach::scenario {
namespace {

using detail::Json;

const CellColumn* column_of(const RunResult& r, const std::string& profile) {
    for (const auto& c : r.profiles) {
        if (c.profile == profile) {
            return &c;
        }
    }
    return nullptr;
}

const PairResult* pair_of(const RunResult& r, const std::string& profile,
                          const std::string& group) {
    for (const auto& p : r.pairs) {
        if (p.profile == profile && p.group == group) {
            return &p;
        }
    }
    return nullptr;
}

std::map<std::string, std::size_t> cell_index(const RunResult& r) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < r.cell_id.size(); ++i) {
        index.emplace(r.cell_id[i], i);
    }
    return index;
}

std::size_t group_index(const RunResult& r, const std::string& group) {
    return static_cast<std::size_t>(
        std::find(r.group_name.begin(), r.group_name.end(), group) - r.group_name.begin());
}

void fill(FigureChange& change, const scoring::Coverage& a, const scoring::Coverage& b) {
    change.population_a = a.population;
    change.population_b = b.population;
    change.covered_a = a.covered;
    change.covered_b = b.covered;
    change.share_a = a.share_covered;
    change.share_b = b.share_covered;
    change.mean_time_min_a = a.mean_time_min;
    change.mean_time_min_b = b.mean_time_min;
}

// Persons of the group who moved across the target line: cells of run a matched in b by id.
void count_target_moves(const RunResult& a, const RunResult& b, const PairResult& pa,
                        const PairResult& pb, const std::vector<std::string>& area_id,
                        PairChange& change) {
    const auto in_b = cell_index(b);
    const auto& persons = a.persons[group_index(a, pa.group)];
    std::map<std::string, std::size_t> area_slot;
    for (std::size_t k = 0; k < area_id.size(); ++k) {
        area_slot.emplace(area_id[k], k);
    }
    for (std::size_t i = 0; i < a.cell_id.size(); ++i) {
        const auto j = in_b.find(a.cell_id[i]);
        // Only the cells both runs score (the totals' cells), so the moves add up to the deltas.
        if (j == in_b.end() || a.cell_scored[i] == 0 || b.cell_scored[j->second] == 0 ||
            pa.gap[i] == pb.gap[j->second] || !(persons[i] > 0.0)) {
            continue;
        }
        const bool gained = pa.gap[i] != 0;
        (gained ? change.total.gained_target : change.total.lost_target) += persons[i];
        if (const auto slot = area_slot.find(a.cell_area[i]); slot != area_slot.end()) {
            auto& area = change.by_area[slot->second];
            (gained ? area.gained_target : area.lost_target) += persons[i];
        }
    }
}

// Index of the first threshold the time is within; size() beyond all; size() + 1 for none.
std::size_t time_class(double time_s, const std::vector<int>& thresholds_min) {
    if (time_s == unreachable) {
        return thresholds_min.size() + 1;
    }
    for (std::size_t k = 0; k < thresholds_min.size(); ++k) {
        if (within(time_s, thresholds_min[k] * 60.0)) {
            return k;
        }
    }
    return thresholds_min.size();
}

std::string class_name(std::size_t k, const std::vector<int>& thresholds_min) {
    if (k < thresholds_min.size()) {
        return std::to_string(thresholds_min[k]);
    }
    return k == thresholds_min.size() ? "beyond" : "none";
}

Json figures_json(const FigureChange& f, const std::vector<int>& thresholds_min) {
    Json j;
    j["population_a"] = detail::persons(f.population_a);
    j["population_b"] = detail::persons(f.population_b);
    Json covered = Json::object();
    for (std::size_t k = 0; k < thresholds_min.size(); ++k) {
        const double ca = k < f.covered_a.size() ? f.covered_a[k] : 0.0;
        const double cb = k < f.covered_b.size() ? f.covered_b[k] : 0.0;
        const std::optional<double> none;
        const auto& sa = k < f.share_a.size() ? f.share_a[k] : none;
        const auto& sb = k < f.share_b.size() ? f.share_b[k] : none;
        // (value_or: g++ 12 sees *sa as maybe-uninitialised even behind the check)
        const double delta = sb.value_or(0.0) - sa.value_or(0.0);
        covered[std::to_string(thresholds_min[k])] = {
            {"a", detail::persons(ca)},
            {"b", detail::persons(cb)},
            {"delta", detail::persons(cb - ca)},
            {"share_a", detail::share(sa)},
            {"share_b", detail::share(sb)},
            {"share_delta", sa && sb ? detail::share(delta) : Json(nullptr)}};
    }
    j["covered"] = covered;
    j["mean_time_min_a"] = detail::minutes(f.mean_time_min_a);
    j["mean_time_min_b"] = detail::minutes(f.mean_time_min_b);
    j["mean_time_min_delta"] =
        f.mean_time_min_a && f.mean_time_min_b
            ? detail::minutes(*f.mean_time_min_b - *f.mean_time_min_a)
            : Json(nullptr);
    j["gained_target"] = detail::persons(f.gained_target);
    j["lost_target"] = detail::persons(f.lost_target);
    return j;
}

std::string minutes_cell(double time_s) {
    return time_s == unreachable ? std::string() : fmt::format("{:.2f}", time_s / 60.0);
}

}  // namespace

CompareResult compare_runs(const RunResult& a, const RunResult& b) {
    if (a.thresholds_min != b.thresholds_min || a.target_min != b.target_min) {
        throw InputError(fmt::format(
            "scenarios \"{}\" and \"{}\" have different thresholds_min or target_min (expected "
            "the same, so that coverage compares)",
            a.scenario, b.scenario));
    }
    CompareResult out;
    out.scenario_a = a.scenario;
    out.scenario_b = b.scenario;
    out.thresholds_min = a.thresholds_min;
    out.target_min = a.target_min;
    std::set<std::string> ids;
    for (const auto* r : {&a, &b}) {
        for (const auto& area : r->areas) {
            ids.insert(area.id);
        }
    }
    out.area_id.assign(ids.begin(), ids.end());
    const auto area_of = [](const RunResult& r, const std::string& id) -> std::optional<std::size_t> {
        for (std::size_t k = 0; k < r.areas.size(); ++k) {
            if (r.areas[k].id == id) return k;
        }
        return std::nullopt;
    };
    for (const auto& pa : a.pairs) {
        const auto* pb = pair_of(b, pa.profile, pa.group);
        if (pb == nullptr) {
            continue;
        }
        PairChange change;
        change.profile = pa.profile;
        change.group = pa.group;
        fill(change.total, pa.figures.total.coverage, pb->figures.total.coverage);
        change.by_area.resize(out.area_id.size());
        for (std::size_t k = 0; k < out.area_id.size(); ++k) {
            const auto ka = area_of(a, out.area_id[k]);
            const auto kb = area_of(b, out.area_id[k]);
            fill(change.by_area[k], ka ? pa.figures.by_area[*ka].coverage : scoring::Coverage{},
                 kb ? pb->figures.by_area[*kb].coverage : scoring::Coverage{});
        }
        count_target_moves(a, b, pa, *pb, out.area_id, change);
        out.pairs.push_back(std::move(change));
    }
    const auto in_b = cell_index(b);
    for (const auto& ca : a.profiles) {
        const auto* cb = column_of(b, ca.profile);
        if (cb == nullptr) {
            continue;
        }
        ClassChange classes;
        classes.profile = ca.profile;
        for (std::size_t i = 0; i < a.cell_id.size(); ++i) {
            const auto j = in_b.find(a.cell_id[i]);
            if (j == in_b.end()) {
                continue;
            }
            const auto before = time_class(ca.time_s[i], a.thresholds_min);
            const auto after = time_class(cb->time_s[j->second], a.thresholds_min);
            ++(after < before ? classes.cells_better
                              : after > before ? classes.cells_worse : classes.cells_same);
        }
        out.classes.push_back(classes);
    }
    return out;
}

std::string compare_json(const CompareResult& c) {
    Json j;
    j["scenario_a"] = c.scenario_a;
    j["scenario_b"] = c.scenario_b;
    j["thresholds_min"] = c.thresholds_min;
    j["target_min"] = c.target_min;
    Json totals = Json::object();
    for (const auto& p : c.pairs) {
        totals[p.profile][p.group] = figures_json(p.total, c.thresholds_min);
    }
    j["totals"] = totals;
    Json areas = Json::array();
    for (std::size_t k = 0; k < c.area_id.size(); ++k) {
        Json area;
        area["id"] = c.area_id[k];
        Json profiles = Json::object();
        for (const auto& p : c.pairs) {
            profiles[p.profile][p.group] = figures_json(p.by_area[k], c.thresholds_min);
        }
        area["profiles"] = profiles;
        areas.push_back(area);
    }
    j["areas"] = areas;
    Json classes = Json::object();
    for (const auto& cl : c.classes) {
        classes[cl.profile] = {{"cells_better", cl.cells_better},
                               {"cells_worse", cl.cells_worse},
                               {"cells_same", cl.cells_same}};
    }
    j["cell_classes"] = classes;
    return detail::unmark_numbers(j.dump(2)) + "\n";
}

std::string change_csv(const RunResult& a, const RunResult& b) {
    std::vector<std::pair<const CellColumn*, const CellColumn*>> columns;
    std::string out = "cell_id,x,y,area_id";
    for (const auto& ca : a.profiles) {
        if (const auto* cb = column_of(b, ca.profile)) {
            columns.emplace_back(&ca, cb);
            out += fmt::format(",time_min_{0}_a,time_min_{0}_b,delta_min_{0},class_{0}_a,class_{0}_b",
                               detail::csv_field(ca.profile));
        }
    }
    out += '\n';
    const auto index_a = cell_index(a);
    const auto index_b = cell_index(b);
    std::set<std::string> ids;
    for (const auto& [id, i] : index_a) ids.insert(id);
    for (const auto& [id, i] : index_b) ids.insert(id);
    for (const auto& id : ids) {
        const auto ia = index_a.find(id);
        const auto ib = index_b.find(id);
        const auto& any = ia != index_a.end() ? a : b;
        const auto i = ia != index_a.end() ? ia->second : ib->second;
        const auto coordinate = [](double v) {
            return std::isfinite(v) ? fmt::format("{:.2f}", v) : std::string();
        };
        out += fmt::format("{},{},{},{}", detail::csv_field(id), coordinate(any.x[i]),
                           coordinate(any.y[i]), detail::csv_field(any.cell_area[i]));
        for (const auto& [ca, cb] : columns) {
            // NOLINTBEGIN(bugprone-narrowing-conversions): double to double; clang-tidy 16
            // takes the infinite constant `unreachable` for a narrowing.
            const double ta = ia != index_a.end() ? ca->time_s[ia->second] : unreachable;
            const double tb = ib != index_b.end() ? cb->time_s[ib->second] : unreachable;
            // NOLINTEND(bugprone-narrowing-conversions)
            const std::string delta = ta != unreachable && tb != unreachable
                                          ? fmt::format("{:.2f}", (tb - ta) / 60.0)
                                          : std::string();
            out += fmt::format(",{},{},{},{},{}", minutes_cell(ta), minutes_cell(tb), delta,
                               class_name(time_class(ta, a.thresholds_min), a.thresholds_min),
                               class_name(time_class(tb, a.thresholds_min), a.thresholds_min));
        }
        out += '\n';
    }
    return out;
}

std::string batch_csv(const std::vector<NamedRun>& runs) {
    std::string out =
        "scenario,profile,group,threshold_min,population,covered,share_covered,mean_time_min,"
        "delta_covered_vs_first\n";
    if (runs.empty()) return out;
    const RunResult& first = *runs.front().result;
    for (const auto& run : runs) {
        const auto& r = *run.result;
        for (const auto& pair : r.pairs) {
            const auto& c = pair.figures.total.coverage;
            const auto* base = pair_of(first, pair.profile, pair.group);
            for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
                std::string delta;
                if (base != nullptr) {
                    const auto& t = first.thresholds_min;
                    const auto at = std::find(t.begin(), t.end(), r.thresholds_min[k]);
                    if (at != t.end()) {
                        const auto kb = static_cast<std::size_t>(at - t.begin());
                        delta = fmt::format(
                            "{:.2f}", c.covered[k] - base->figures.total.coverage.covered[kb]);
                    }
                }
                out += fmt::format(
                    "{},{},{},{},{:.2f},{:.2f},{},{},{}\n", detail::csv_field(run.scenario),
                    detail::csv_field(pair.profile), detail::csv_field(pair.group),
                    r.thresholds_min[k], c.population, c.covered[k],
                    c.share_covered[k] ? fmt::format("{:.6f}", *c.share_covered[k]) : "",
                    c.mean_time_min ? fmt::format("{:.2f}", *c.mean_time_min) : "", delta);
            }
        }
    }
    return out;
}

namespace {

// The `change` layer of compare's reach.gpkg: the rows of change.csv on the cells' squares
// (points without a cell size), styled by the change of the first profile's time.
io::VectorLayer change_layer(const RunResult& a, const RunResult& b) {
    io::VectorLayer layer;
    layer.name = "change";
    layer.crs = a.crs;
    const double size = a.cell_size_m;
    layer.geometry_type = size > 0.0 ? io::GeometryType::polygon : io::GeometryType::point;
    layer.fields = {{"cell_id", io::FieldType::text}, {"area_id", io::FieldType::text}};
    std::vector<std::pair<const CellColumn*, const CellColumn*>> columns;
    for (const auto& ca : a.profiles) {
        if (const auto* cb = column_of(b, ca.profile)) {
            columns.emplace_back(&ca, cb);
            for (const auto* suffix : {"a", "b"}) {
                layer.fields.push_back(
                    {fmt::format("time_min_{}_{}", ca.profile, suffix), io::FieldType::real});
            }
            layer.fields.push_back({fmt::format("delta_min_{}", ca.profile), io::FieldType::real});
            for (const auto* suffix : {"a", "b"}) {
                layer.fields.push_back(
                    {fmt::format("class_{}_{}", ca.profile, suffix), io::FieldType::text});
            }
        }
    }
    const auto in_b = cell_index(b);
    for (std::size_t i = 0; i < a.cell_id.size(); ++i) {
        const auto j = in_b.find(a.cell_id[i]);
        if (j == in_b.end() || !std::isfinite(a.x[i])) {
            continue;
        }
        layer.wkb.push_back(size > 0.0 ? detail::square_wkb(a.x[i], a.y[i], size)
                                       : detail::point_wkb(a.x[i], a.y[i]));
        std::vector<io::FieldValue> row;
        row.emplace_back(std::in_place_type<std::string>, a.cell_id[i]);
        row.emplace_back(std::in_place_type<std::string>, a.cell_area[i]);
        for (const auto& [ca, cb] : columns) {
            const double ta = ca->time_s[i];
            const double tb = cb->time_s[j->second];
            for (const double t : {ta, tb}) {
                t == unreachable ? row.emplace_back(std::in_place_type<std::monostate>)
                                 : row.emplace_back(std::in_place_type<double>, t / 60.0);
            }
            ta == unreachable || tb == unreachable
                ? row.emplace_back(std::in_place_type<std::monostate>)
                : row.emplace_back(std::in_place_type<double>, (tb - ta) / 60.0);
            for (const double t : {ta, tb}) {
                row.emplace_back(std::in_place_type<std::string>,
                                 class_name(time_class(t, a.thresholds_min), a.thresholds_min));
            }
        }
        layer.values.push_back(std::move(row));
    }
    return layer;
}

}  // namespace

void write_compare(const Scenario& a, const RunResult& run_a, const Scenario& b,
                   const RunResult& run_b, const std::filesystem::path& dir, bool overwrite,
                   const std::string& version, const CompareExtras& extras) {
    const auto result = compare_runs(run_a, run_b);
    io::StagedDir out(dir, overwrite);
    write_run(a, run_a, out.file("a"), false, version, extras.a);
    write_run(b, run_b, out.file("b"), false, version, extras.b);
    for (const auto& file : extras.compare) {
        detail::write_file(out.file(file.name), file.text);
    }
    detail::write_file(out.file("compare.json"), compare_json(result));
    detail::write_file(out.file("change.csv"), change_csv(run_a, run_b));
    const std::vector<io::VectorLayer> layers = {change_layer(run_a, run_b)};
    io::write_vector_layers(out.file("reach.gpkg"), layers);
    if (!run_a.profiles.empty() && layers.front().values.size() > 0) {
        const std::vector<io::StyleClass> classes = {
            {-1e9, -0.005, "faster", "#21918c"},
            {-0.005, 0.005, "unchanged", "#dddddd"},
            {0.005, 1e9, "slower", "#e69f00"}};
        const std::vector<io::LayerStyle> styles = {
            {"change", "geom", "time change",
             io::graduated_qml(fmt::format("delta_min_{}", run_a.profiles.front().profile),
                               run_a.cell_size_m > 0.0 ? io::StyleGeometry::polygon
                                                       : io::StyleGeometry::point,
                               classes, 0.8),
             "minutes b − a"}};
        io::write_layer_styles(out.file("reach.gpkg"), styles);
    }
    out.commit();
}

}  // namespace reach::scenario
