// The spatial layers of a run (run_layers.hpp).
#include "run_layers.hpp"

#include "reach/scenario/credits.hpp"

#include <fmt/format.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "reach/core/units.hpp"

namespace reach::scenario::detail {
namespace {

using io::FieldType;
using io::FieldValue;
using io::VectorLayer;

// One feature's values, appended in field order. (Built value by value: g++ 12 reports
// false maybe-uninitialized warnings for std::variant in initializer lists.)
class Row {
public:
    Row& text(const std::string& value) {
        m_values.emplace_back(std::in_place_type<std::string>, value);
        return *this;
    }
    Row& real(double value) {
        m_values.emplace_back(std::in_place_type<double>, value);
        return *this;
    }
    Row& real(const std::optional<double>& value) { return value ? real(*value) : null(); }
    Row& integer(std::int64_t value) {
        m_values.emplace_back(std::in_place_type<std::int64_t>, value);
        return *this;
    }
    Row& null() {
        m_values.emplace_back(std::in_place_type<std::monostate>);
        return *this;
    }
    std::vector<FieldValue> take() { return std::move(m_values); }

private:
    std::vector<FieldValue> m_values;
};

std::vector<unsigned char> to_wkb(const OGRGeometry& geometry) {
    std::vector<unsigned char> bytes(static_cast<std::size_t>(geometry.WkbSize()));
    geometry.exportToWkb(wkbNDR, bytes.data(), wkbVariantIso);
    return bytes;
}

std::vector<unsigned char> line_wkb(const std::vector<double>& x, const std::vector<double>& y) {
    OGRLineString line;
    for (std::size_t k = 0; k < x.size(); ++k) {
        line.addPoint(x[k], y[k]);
    }
    return to_wkb(line);
}

std::optional<double> minutes_or_null(double time_s) {
    return time_s == unreachable ? std::optional<double>() : std::optional(time_s / 60.0);
}

VectorLayer centres_layer(const RunResult& r) {
    VectorLayer layer;
    layer.name = "centres";
    layer.crs = r.crs;
    layer.geometry_type = io::GeometryType::point;
    layer.fields = {{"id", FieldType::text},      {"name", FieldType::text},
                    {"operator", FieldType::text}, {"capacity", FieldType::real},
                    {"country", FieldType::text}};
    for (const auto& cr : r.centre_results) {
        layer.fields.push_back({fmt::format("load_{}", cr.profile), FieldType::real});
        for (const auto& pair : r.pairs) {
            if (pair.profile == cr.profile) {
                layer.fields.push_back({fmt::format("nearest_{}_{}", pair.profile, pair.group),
                                        FieldType::real});
                layer.fields.push_back({fmt::format("unique_{}_{}", pair.profile, pair.group),
                                        FieldType::real});
            }
        }
    }
    for (const auto& c : r.centre_points) {
        layer.wkb.push_back(point_wkb(c.x, c.y));
        Row row;
        row.text(c.id).text(c.name).text(c.operator_name).real(c.capacity).text(c.country);
        // Centre figures are in rank order (bytewise by id) over r.centres.
        std::optional<std::size_t> rank;
        for (std::size_t k = 0; k < r.centres.id.size(); ++k) {
            if (r.centres.id[k] == c.id) rank = k;
        }
        for (const auto& cr : r.centre_results) {
            rank ? row.real(cr.centres.load[*rank]) : row.null();
            for (const auto& pair : r.pairs) {
                if (pair.profile != cr.profile) {
                    continue;
                }
                std::size_t g = 0;
                while (r.group_name[g] != pair.group) ++g;
                rank ? row.real(cr.centres.nearest[g][*rank]) : row.null();
                rank ? row.real(cr.centres.unique_covered[g][*rank]) : row.null();
            }
        }
        layer.values.push_back(row.take());
    }
    return layer;
}

VectorLayer cells_layer(const RunResult& r) {
    VectorLayer layer;
    layer.name = "cells";
    layer.crs = r.crs;
    const bool squares = r.cell_size_m > 0.0;
    layer.geometry_type = squares ? io::GeometryType::polygon : io::GeometryType::point;
    layer.fields = {{"cell_id", FieldType::text},
                    {"area_id", FieldType::text},
                    {"country", FieldType::text}};
    for (const auto& g : r.group_name) {
        layer.fields.push_back({g, FieldType::real});
    }
    for (const auto& p : r.profiles) {
        layer.fields.push_back({fmt::format("time_min_{}", p.profile), FieldType::real});
        layer.fields.push_back({fmt::format("centre_id_{}", p.profile), FieldType::text});
        for (const auto& pair : r.pairs) {
            if (pair.profile == p.profile && !pair.e2sfca.empty()) {
                layer.fields.push_back(
                    {fmt::format("e2sfca_{}_{}", pair.profile, pair.group), FieldType::real});
            }
        }
        for (const auto& pair : r.pairs) {
            if (pair.profile == p.profile) {
                layer.fields.push_back(
                    {fmt::format("gap_{}_{}", pair.profile, pair.group), FieldType::integer});
            }
        }
    }
    layer.wkb.reserve(r.cell_id.size());  // at most one feature per cell
    layer.values.reserve(r.cell_id.size());
    for (std::size_t i = 0; i < r.cell_id.size(); ++i) {
        bool populated = false;
        for (const auto& group : r.persons) {
            populated = populated || group[i] > 0.0;
        }
        if (!populated) {
            continue;
        }
        layer.wkb.push_back(squares && std::isfinite(r.x[i])
                                ? square_wkb(r.x[i], r.y[i], r.cell_size_m)
                                : point_wkb(r.x[i], r.y[i]));
        Row row;
        row.text(r.cell_id[i]).text(r.cell_area[i]).text(r.cell_country[i]);
        for (const auto& group : r.persons) {
            row.real(group[i]);
        }
        for (const auto& p : r.profiles) {
            const bool reached = p.time_s[i] != unreachable;
            reached ? row.real(p.time_s[i] / 60.0) : row.null();
            reached ? row.text(p.centre_id[i]) : row.null();
            for (const auto& pair : r.pairs) {
                if (pair.profile == p.profile && !pair.e2sfca.empty()) {
                    row.real(pair.e2sfca[i]);
                }
            }
            for (const auto& pair : r.pairs) {
                if (pair.profile == p.profile) {
                    row.integer(pair.gap[i] != 0 ? 1 : 0);
                }
            }
        }
        layer.values.push_back(row.take());
    }
    return layer;
}

VectorLayer gaps_layer(const RunResult& r) {
    VectorLayer layer;
    layer.name = "gaps";
    layer.crs = r.crs;
    layer.geometry_type = io::GeometryType::multipolygon;
    layer.fields = {{"profile", FieldType::text},    {"group", FieldType::text},
                    {"rank", FieldType::integer},    {"score", FieldType::real},
                    {"unreachable", FieldType::real}, {"area_km2", FieldType::real},
                    {"cells", FieldType::integer},   {"areas", FieldType::text}};
    for (const auto& g : r.group_name) {
        layer.fields.push_back({fmt::format("persons_{}", g), FieldType::real});
    }
    for (const auto& pair : r.pairs) {
        for (std::size_t k = 0; k < pair.gaps.size(); ++k) {
            const auto& gap = pair.gaps[k];
            layer.wkb.push_back(gap.wkb);
            Row row;
            row.text(pair.profile)
                .text(pair.group)
                .integer(static_cast<std::int64_t>(k + 1))
                .real(gap.score)
                .real(gap.unreachable)
                .real(gap.area_km2)
                .integer(static_cast<std::int64_t>(gap.cell_count))
                .text(fmt::format("{}", fmt::join(gap.areas, ",")));
            for (const double persons : gap.population) {
                row.real(persons);
            }
            layer.values.push_back(row.take());
        }
    }
    return layer;
}

VectorLayer areas_layer(const RunResult& r) {
    VectorLayer layer;
    layer.name = "areas";
    layer.crs = r.crs;
    layer.geometry_type = io::GeometryType::multipolygon;
    layer.fields = {{"id", FieldType::text},      {"name", FieldType::text},
                    {"country", FieldType::text}, {"profile", FieldType::text},
                    {"group", FieldType::text},   {"population", FieldType::real}};
    for (const int t : r.thresholds_min) {
        layer.fields.push_back({fmt::format("covered_{}", t), FieldType::real});
        layer.fields.push_back({fmt::format("share_{}", t), FieldType::real});
    }
    for (const char* name : {"mean_time_min", "median_time_min", "p90_time_min",
                             "beyond_target", "e2sfca_mean", "gini", "palma"}) {
        layer.fields.push_back({name, FieldType::real});
    }
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        for (const auto& pair : r.pairs) {
            const auto& f = pair.figures.by_area[a];
            const auto& c = f.coverage;
            layer.wkb.push_back(r.areas[a].wkb);
            Row row;
            row.text(r.areas[a].id).text(r.areas[a].name).text(r.areas[a].country);
            row.text(pair.profile).text(pair.group).real(c.population);
            for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
                row.real(c.covered[k]).real(c.share_covered[k]);
            }
            row.real(c.mean_time_min).real(c.median_time_min).real(c.p90_time_min);
            row.real(c.beyond_target).real(f.e2sfca_mean).real(f.gini).real(f.palma);
            layer.values.push_back(row.take());
        }
    }
    return layer;
}

// Persons within each threshold of a surface's centres for group g: the pair's `covered`
// for every centre, the centre's own count for a per-centre surface; nullptr when the group
// does not use the profile.
const std::vector<double>* covered_of(const RunResult& r, const Surface& surface,
                                      std::size_t g) {
    if (!surface.centre_id.empty()) {
        return surface.covered[g].empty() ? nullptr : &surface.covered[g];
    }
    for (const auto& p : r.pairs) {
        if (p.profile == surface.profile && p.group == r.group_name[g]) {
            return &p.figures.total.coverage.covered;
        }
    }
    return nullptr;
}

// Isochrones per profile from its surface: band (T_{k-1}, T_k] and cumulative ≤ T_k rows;
// persons per group counted from cell-centre times over the scored cells (= `covered`).
VectorLayer catchments_layer(const RunResult& r, bool bands_only) {
    VectorLayer layer;
    layer.name = "catchments";
    layer.crs = r.crs;
    layer.geometry_type = io::GeometryType::multipolygon;
    layer.fields = {{"profile", FieldType::text},         {"centre_id", FieldType::text},
                    {"kind", FieldType::text},            {"threshold_min", FieldType::integer},
                    {"from_min", FieldType::integer},     {"area_km2", FieldType::real}};
    for (const auto& g : r.group_name) {
        layer.fields.push_back({fmt::format("persons_{}", g), FieldType::real});
    }
    for (const auto& surface : r.surfaces) {
        for (const bool band : {true, false}) {
            if (!band && bands_only) {
                continue;
            }
            for (std::size_t k = 0; k < surface.zones.size(); ++k) {
                const auto& zone = surface.zones[k];
                layer.wkb.push_back(band ? zone.band_wkb : zone.cumulative_wkb);
                Row row;
                row.text(surface.profile)
                    .text(surface.centre_id.empty() ? std::string("all") : surface.centre_id)
                    .text(band ? "band" : "cumulative")
                    .integer(r.thresholds_min[k])
                    .integer(band && k > 0 ? r.thresholds_min[k - 1] : 0)
                    .real(band ? zone.band_area_km2 : zone.cumulative_area_km2);
                for (std::size_t g = 0; g < r.group_name.size(); ++g) {
                    const auto* covered = covered_of(r, surface, g);
                    if (covered == nullptr) {
                        row.null();
                        continue;
                    }
                    row.real(band && k > 0 ? (*covered)[k] - (*covered)[k - 1] : (*covered)[k]);
                }
                layer.values.push_back(row.take());
            }
        }
    }
    return layer;
}

// Nested bands: a part of band k is reached in (T_{k-1}, T_k] minutes; `threshold_min ≤ T`
// selects the network reached within T.
VectorLayer reached_layer(const RunResult& r) {
    VectorLayer layer;
    layer.name = "reached_network";
    layer.crs = r.crs;
    layer.geometry_type = io::GeometryType::linestring;
    layer.fields = {{"profile", FieldType::text},        {"threshold_min", FieldType::integer},
                    {"from_min", FieldType::integer},     {"segment", FieldType::integer},
                    {"highway", FieldType::text},         {"time_from_min", FieldType::real},
                    {"time_to_min", FieldType::real},     {"from_fraction", FieldType::real},
                    {"to_fraction", FieldType::real}};
    const auto minutes = minutes_or_null;
    for (const auto& network : r.reached) {
        for (const auto& band : network.bands) {
            const auto& part = band.part;
            layer.wkb.push_back(line_wkb(part.x, part.y));
            Row row;
            row.text(network.profile)
                .integer(r.thresholds_min[band.band])
                .integer(band.band == 0 ? 0 : r.thresholds_min[band.band - 1])
                .integer(part.segment)
                .text(part.segment < network.segment_class.size()
                          ? network.segment_class[part.segment]
                          : std::string())
                .real(minutes(part.time_from_s))
                .real(minutes(part.time_to_s))
                .real(part.from_fraction)
                .real(part.to_fraction);
            layer.values.push_back(row.take());
        }
    }
    return layer;
}

// Every usable edge of each profile (outputs.network_layer): its traversal times and the
// nearest-centre times of its ends; time_min, the smaller end time, is what the style draws.
VectorLayer network_layer(const RunResult& r) {
    VectorLayer layer;
    layer.name = "network";
    layer.crs = r.crs;
    layer.geometry_type = io::GeometryType::linestring;
    layer.fields = {{"profile", FieldType::text},          {"segment", FieldType::integer},
                    {"highway", FieldType::text},          {"length_m", FieldType::real},
                    {"traverse_fwd_min", FieldType::real}, {"traverse_bwd_min", FieldType::real},
                    {"time_from_min", FieldType::real},    {"time_to_min", FieldType::real},
                    {"time_min", FieldType::real}};
    const auto minutes = minutes_or_null;
    for (const auto& network : r.reached) {
        for (const auto& edge : network.edges) {
            layer.wkb.push_back(line_wkb(edge.x, edge.y));
            Row row;
            row.text(network.profile)
                .integer(edge.segment)
                .text(edge.segment < network.segment_class.size()
                          ? network.segment_class[edge.segment]
                          : std::string())
                .real(edge.length_m)
                .real(minutes(edge.forward_s))
                .real(minutes(edge.backward_s))
                .real(minutes(edge.time_from_s))
                .real(minutes(edge.time_to_s))
                .real(minutes(std::min(edge.time_from_s, edge.time_to_s)));
            layer.values.push_back(row.take());
        }
    }
    return layer;
}

bool has_network_edges(const RunResult& r) {
    return std::any_of(r.reached.begin(), r.reached.end(),
                       [](const ReachedNetwork& n) { return !n.edges.empty(); });
}

}  // namespace

std::vector<io::VectorLayer> run_layers(const RunResult& result,
                                        const std::map<std::string, std::string>& metadata) {
    std::vector<io::VectorLayer> layers = {centres_layer(result), cells_layer(result),
                                           gaps_layer(result)};
    if (!result.areas.empty()) {
        layers.push_back(areas_layer(result));
    }
    if (!result.surfaces.empty()) {
        layers.push_back(catchments_layer(result, false));
    }
    if (!result.reached.empty()) {
        layers.push_back(reached_layer(result));
    }
    if (has_network_edges(result)) {
        layers.push_back(network_layer(result));
    }
    for (auto& layer : layers) {
        layer.metadata = metadata;
    }
    return layers;
}

namespace {

// Classes [0, T1], (T1, T2], … of the thresholds, then "more than T_last" up to `beyond`.
std::vector<io::StyleClass> time_classes(const std::vector<int>& thresholds_min, double beyond) {
    const auto colours = io::sequential_palette(thresholds_min.size() + 1);
    std::vector<io::StyleClass> classes;
    double lower = 0.0;
    for (std::size_t k = 0; k < thresholds_min.size(); ++k) {
        const double upper = thresholds_min[k];
        classes.push_back({lower, upper,
                           k == 0 ? fmt::format("≤ {} min", thresholds_min[k])
                                  : fmt::format("{}–{} min", thresholds_min[k - 1],
                                                thresholds_min[k]),
                           colours[k]});
        lower = upper;
    }
    classes.push_back({lower, std::max(beyond, lower),
                       fmt::format("> {} min", thresholds_min.back()), colours.back()});
    return classes;
}

// Five classes between quantiles of the values (equal-count classes), for skewed figures.
std::vector<io::StyleClass> quantile_classes(std::vector<double> values, const char* unit) {
    std::sort(values.begin(), values.end());
    const auto colours = io::sequential_palette(5);
    std::vector<io::StyleClass> classes;
    if (values.empty()) {
        return classes;
    }
    double lower = values.front();
    for (std::size_t k = 1; k <= 5; ++k) {
        const double upper = values[std::min(values.size() - 1, values.size() * k / 5)];
        if (upper <= lower && k < 5) {
            continue;
        }
        classes.push_back({lower, std::max(upper, lower),
                           fmt::format("{:.0f}–{:.0f} {}", lower, std::max(upper, lower), unit),
                           colours[classes.size()]});
        lower = upper;
    }
    // Colours spread over the classes actually made.
    const auto spread = io::sequential_palette(classes.size());
    for (std::size_t k = 0; k < classes.size(); ++k) {
        classes[k].colour = spread[k];
    }
    return classes;
}

}  // namespace

io::VectorLayer catchment_bands_layer(const RunResult& result,
                                      const std::map<std::string, std::string>& metadata) {
    auto layer = catchments_layer(result, true);
    layer.metadata = metadata;
    return layer;
}

io::VectorLayer cells_vector_layer(const RunResult& result,
                                   const std::map<std::string, std::string>& metadata) {
    auto layer = cells_layer(result);
    layer.metadata = metadata;
    return layer;
}

std::vector<io::LayerStyle> run_layer_styles(const RunResult& r) {
    std::vector<io::LayerStyle> styles;
    double slowest_min = r.thresholds_min.back();
    for (const auto& p : r.profiles) {
        for (const double t : p.time_s) {
            if (t != unreachable) slowest_min = std::max(slowest_min, t / 60.0);
        }
    }
    const auto classes = time_classes(r.thresholds_min, slowest_min);
    if (!r.profiles.empty()) {
        const auto field = fmt::format("time_min_{}", r.profiles.front().profile);
        styles.push_back({"cells", "geom", "time classes",
                          io::graduated_qml(field, r.cell_size_m > 0.0
                                                       ? io::StyleGeometry::polygon
                                                       : io::StyleGeometry::point,
                                            classes, 0.8),
                          fmt::format("nearest-centre time, {}", r.profiles.front().profile)});
    }
    std::vector<std::string> operators;
    for (const auto& c : r.centre_points) {
        if (!c.operator_name.empty() &&
            std::find(operators.begin(), operators.end(), c.operator_name) == operators.end()) {
            operators.push_back(c.operator_name);
        }
    }
    std::sort(operators.begin(), operators.end());
    const auto colours = io::categorical_palette(operators.size());
    std::vector<io::StyleCategory> categories;
    for (std::size_t k = 0; k < operators.size(); ++k) {
        categories.push_back({operators[k], operators[k], colours[k]});
    }
    styles.push_back({"centres", "geom", "operator",
                      io::categorized_qml("operator", io::StyleGeometry::point, categories),
                      "centres by operator type"});
    std::vector<double> scores;
    for (const auto& pair : r.pairs) {
        for (const auto& gap : pair.gaps) {
            scores.push_back(gap.score);
        }
    }
    if (const auto gap_classes = quantile_classes(scores, "person-min"); !gap_classes.empty()) {
        styles.push_back({"gaps", "geom", "gap score",
                          io::graduated_qml("score", io::StyleGeometry::polygon, gap_classes,
                                            0.7),
                          "persons × minutes beyond the target, quintiles"});
    }
    if (!r.areas.empty()) {
        const std::vector<io::StyleClass> shares = {
            {0.0, 0.5, "< 50 %", "#440154"}, {0.5, 0.7, "50–70 %", "#3b528b"},
            {0.7, 0.8, "70–80 %", "#21918c"}, {0.8, 0.9, "80–90 %", "#5ec962"},
            {0.9, 1.0, "≥ 90 %", "#fde725"}};
        styles.push_back({"areas", "geom", "share within target",
                          io::graduated_qml(fmt::format("share_{}", r.target_min),
                                            io::StyleGeometry::polygon, shares, 0.8),
                          fmt::format("share of persons within {} min (filter profile and "
                                      "group)",
                                      r.target_min)});
    }
    if (!r.surfaces.empty()) {
        std::vector<io::StyleClass> zones;
        const auto zone_colours = io::sequential_palette(r.thresholds_min.size());
        for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
            const double t = r.thresholds_min[k];
            zones.push_back({t, t, fmt::format("≤ {} min", r.thresholds_min[k]),
                             zone_colours[k]});
        }
        styles.push_back({"catchments", "geom", "isochrone bands",
                          io::graduated_qml("threshold_min", io::StyleGeometry::polygon, zones,
                                            0.6),
                          "isochrones (filter kind = 'band', a profile and centre_id = 'all' or one centre)"});
    }
    if (!r.reached.empty()) {
        std::vector<io::StyleClass> bands;
        const auto band_colours = io::sequential_palette(r.thresholds_min.size());
        for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
            const double t = r.thresholds_min[k];
            bands.push_back({t, t, fmt::format("≤ {} min", r.thresholds_min[k]),
                             band_colours[k]});
        }
        styles.push_back({"reached_network", "geom", "time bands",
                          io::graduated_qml("threshold_min", io::StyleGeometry::line, bands),
                          "reached network by time band (filter profile)"});
    }
    if (has_network_edges(r)) {
        styles.push_back({"network", "geom", "time classes",
                          io::graduated_qml("time_min", io::StyleGeometry::line, classes),
                          "edges by the nearest-centre time of their nearer end (filter "
                          "profile)"});
    }
    return styles;
}

std::vector<unsigned char> point_wkb(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) {
        return {};
    }
    return to_wkb(OGRPoint(x, y));
}

std::vector<unsigned char> square_wkb(double x, double y, double size) {
    const double h = size / 2.0;
    OGRLinearRing ring;
    ring.addPoint(x - h, y - h);
    ring.addPoint(x + h, y - h);
    ring.addPoint(x + h, y + h);
    ring.addPoint(x - h, y + h);
    ring.addPoint(x - h, y - h);
    OGRPolygon polygon;
    polygon.addRing(&ring);
    return to_wkb(polygon);
}

std::map<std::string, std::string> layer_metadata(const Scenario& scenario,
                                                  const RunResult& result) {
    const auto credits = run_credits(scenario, result.roads_standin, result.stand_ins);
    return {{"attribution", fmt::format("{}", fmt::join(credits.attribution, " | "))},
            {"stand_ins", credits.stand_ins.empty()
                              ? std::string("none")
                              : fmt::format("{}", fmt::join(credits.stand_ins, "; "))},
            {"scenario", result.scenario}};
}

}  // namespace reach::scenario::detail
