// report.html of one run (report.hpp): the question, the map, headline figures, the per-area
// table and the charts.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "page.hpp"
#include "reach/core/units.hpp"
#include "reach/report/charts.hpp"
#include "reach/report/html.hpp"
#include "reach/report/report.hpp"
#include "reach/scenario/credits.hpp"
#include "reach/scenario/output_files.hpp"
#include "run_map.hpp"

namespace reach::report {
namespace {

using scenario::PairResult;
using scenario::RunResult;

std::string file_name(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

std::string question_section(const scenario::Scenario& s, const RunResult& r) {
    std::string facts = "<dl class=\"facts\">";
    facts += detail::definition("Scenario",
                                fmt::format("{} ({})", r.scenario, s.source.filename().string()));
    if (!s.description.empty()) facts += detail::definition("Question", s.description);
    std::vector<std::string> profiles;
    profiles.reserve(r.profiles.size());
    for (const auto& p : r.profiles) profiles.push_back(p.profile);
    facts += detail::definition("Travel profiles", fmt::format("{}", fmt::join(profiles, ", ")));
    facts += detail::definition("Thresholds",
                                fmt::format("{} minutes; target {} minutes",
                                            fmt::join(r.thresholds_min, ", "), r.target_min));
    facts += detail::definition("Groups", fmt::format("{}", fmt::join(r.group_name, ", ")));
    facts += detail::definition("Counted", r.totals_scope);
    facts += detail::definition("Working CRS", r.crs);
    facts +=
        "</dl><table><caption>Inputs</caption><thead><tr><th scope=\"col\">file</th>"
        "<th scope=\"col\" class=\"text\">date</th><th scope=\"col\" "
        "class=\"text\">FNV-1a</th></tr></thead><tbody>";
    for (const auto& [path, hash] : r.input_hashes) {
        facts += fmt::format(
            "<tr><td>{}</td><td class=\"text\">{}</td><td class=\"text\">"
            "<code>{}</code></td></tr>",
            escape(file_name(path)), escape(detail::input_date(path)), escape(hash));
    }
    facts += "</tbody></table>";
    return detail::section("question", "The question", facts);
}

// "Of 325,971 residents (total), 306,240 (93.9 %) reach a centre by car within 30 minutes."
std::string lead_sentence(const RunResult& r) {
    std::string out;
    const auto target = std::find(r.thresholds_min.begin(), r.thresholds_min.end(), r.target_min);
    if (target == r.thresholds_min.end() || r.pairs.empty()) return out;
    const auto k = static_cast<std::size_t>(target - r.thresholds_min.begin());
    for (const auto& pair : r.pairs) {
        if (pair.profile != r.pairs.front().profile) continue;
        const auto& c = pair.figures.total.coverage;
        out += fmt::format(
            "<li>{} of {} residents ({}) — {} — reach a centre within {} min; {} "
            "do not.</li>",
            thousands(c.covered[k]), thousands(c.population), escape(pair.group),
            percent(c.share_covered[k]), r.target_min, thousands(c.beyond_target));
    }
    return fmt::format("<p class=\"lead\">By {}:</p><ul class=\"lead\">{}</ul>",
                       escape(r.pairs.front().profile), out);
}

std::string figure_cell(const char* figure, const PairResult& pair, int threshold, double value,
                        const std::string& text) {
    return fmt::format(
        "<td data-figure=\"{}\" data-profile=\"{}\" data-group=\"{}\" "
        "data-threshold=\"{}\" data-value=\"{}\">{}</td>",
        figure, escape(pair.profile), escape(pair.group), threshold, raw_number(value), text);
}

std::string headline_section(const RunResult& r) {
    std::string out = lead_sentence(r);
    std::vector<std::string> profiles;
    for (const auto& pair : r.pairs) {
        if (std::find(profiles.begin(), profiles.end(), pair.profile) == profiles.end())
            profiles.push_back(pair.profile);
    }
    for (const auto& profile : profiles) {
        out += fmt::format(
            "<div class=\"scroll\"><table class=\"headline\"><caption>{}: residents within each "
            "travel time of the nearest centre</caption><thead><tr>"
            "<th scope=\"col\">group</th><th scope=\"col\">residents</th>",
            escape(profile));
        for (const int t : r.thresholds_min) {
            out += fmt::format("<th scope=\"col\">≤ {} min</th><th scope=\"col\">share</th>", t);
        }
        out += fmt::format(
            "<th scope=\"col\">beyond {} min</th><th scope=\"col\">mean time</th>"
            "<th scope=\"col\">median</th></tr></thead><tbody>",
            r.target_min);
        for (const auto& pair : r.pairs) {
            if (pair.profile != profile) continue;
            const auto& c = pair.figures.total.coverage;
            out += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td>", escape(pair.group),
                               thousands(c.population));
            for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
                const int t = r.thresholds_min[k];
                out += figure_cell("covered", pair, t, c.covered[k], thousands(c.covered[k]));
                out += figure_cell("share", pair, t, c.share_covered[k].value_or(NAN),
                                   percent(c.share_covered[k]));
            }
            out += fmt::format("<td>{}</td><td>{}</td><td>{}</td></tr>", thousands(c.beyond_target),
                               minutes_text(c.mean_time_min), minutes_text(c.median_time_min));
        }
        out += "</tbody></table></div>";
    }
    return detail::section("headline", "Headline figures", out);
}

std::string areas_section(const RunResult& r) {
    const auto target = std::find(r.thresholds_min.begin(), r.thresholds_min.end(), r.target_min);
    const std::size_t k = target == r.thresholds_min.end()
                              ? r.thresholds_min.size() - 1
                              : static_cast<std::size_t>(target - r.thresholds_min.begin());
    std::string out = fmt::format(
        "<p>Click a column heading to sort.</p><table id=\"areas\" class=\"sortable\"><thead><tr>"
        "<th scope=\"col\" data-sort=\"area\"><button type=\"button\">area</button></th>"
        "<th scope=\"col\" class=\"text\" data-sort=\"country\"><button type=\"button\">country"
        "</button></th><th scope=\"col\" class=\"text\" data-sort=\"profile\"><button "
        "type=\"button\">profile</button></th><th scope=\"col\" class=\"text\" "
        "data-sort=\"group\"><button type=\"button\">group</button></th>"
        "<th scope=\"col\" data-sort=\"population\"><button type=\"button\">residents</button></th>"
        "<th scope=\"col\" data-sort=\"covered\"><button type=\"button\">≤ {0} min</button></th>"
        "<th scope=\"col\" data-sort=\"share\"><button type=\"button\">share ≤ {0} "
        "min</button></th>"
        "<th scope=\"col\" data-sort=\"beyond\"><button type=\"button\">beyond {0} "
        "min</button></th>"
        "<th scope=\"col\" data-sort=\"mean\"><button type=\"button\">mean time</button></th>"
        "</tr></thead><tbody>",
        r.thresholds_min.empty() ? r.target_min : r.thresholds_min[k]);
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        for (const auto& pair : r.pairs) {
            const auto& c = pair.figures.by_area[a].coverage;
            const auto& area = r.areas[a];
            out += fmt::format(
                "<tr><td data-col=\"area\">{}</td><td class=\"text\" data-col=\"country\">{}</td>"
                "<td class=\"text\" data-col=\"profile\">{}</td><td class=\"text\" "
                "data-col=\"group\">{}</td><td data-col=\"population\" data-value=\"{}\">{}</td>"
                "<td data-col=\"covered\" data-value=\"{}\">{}</td>"
                "<td data-col=\"share\" data-value=\"{}\">{}</td>"
                "<td data-col=\"beyond\" data-value=\"{}\">{}</td>"
                "<td data-col=\"mean\" data-value=\"{}\">{}</td></tr>",
                escape(area.name.empty() ? area.id : area.name), escape(area.country),
                escape(pair.profile), escape(pair.group), raw_number(c.population),
                thousands(c.population), raw_number(c.covered.empty() ? NAN : c.covered[k]),
                c.covered.empty() ? "–" : thousands(c.covered[k]),
                raw_number(c.share_covered.empty() ? NAN : c.share_covered[k].value_or(NAN)),
                c.share_covered.empty() ? "–" : percent(c.share_covered[k]),
                raw_number(c.beyond_target), thousands(c.beyond_target),
                raw_number(c.mean_time_min.value_or(NAN)), minutes_text(c.mean_time_min));
        }
    }
    out += "</tbody></table>";
    return detail::section("by-area", "By area", out);
}

// Persons of group g in the scored cells whose nearest time (profile column p) is within
// each minute 0…max.
std::vector<double> cumulative_share(const RunResult& r, std::size_t p, std::size_t g,
                                     int max_min) {
    std::vector<double> within(static_cast<std::size_t>(max_min) + 1, 0.0);
    double total = 0.0;
    for (std::size_t i = 0; i < r.cell_id.size(); ++i) {
        if (r.cell_scored[i] == 0) continue;
        const double persons = r.persons[g][i];
        total += persons;
        const double t = r.profiles[p].time_s[i];
        if (t == unreachable) continue;
        const double first = std::ceil((t - threshold_tolerance_s) / 60.0);
        for (auto m = static_cast<std::size_t>(std::max(first, 0.0)); m < within.size(); ++m) {
            within[m] += persons;
        }
    }
    for (auto& w : within) w = total > 0.0 ? w / total : 0.0;
    return within;
}

std::size_t group_index(const RunResult& r, const std::string& group) {
    return static_cast<std::size_t>(std::find(r.group_name.begin(), r.group_name.end(), group) -
                                    r.group_name.begin());
}

std::string cumulative_chart(const RunResult& r) {
    const int max_min = r.thresholds_min.empty() ? 60 : r.thresholds_min.back();
    std::string charts = "<div class=\"small-multiples\">";
    std::string tables;
    for (std::size_t p = 0; p < r.profiles.size(); ++p) {
        LineChart chart;
        const auto& profile = r.profiles[p].profile;
        chart.aria_label = fmt::format(
            "Share of each group within each travel time of the nearest centre by {}, 0 to {} "
            "minutes",
            profile, max_min);
        chart.x_label = fmt::format("minutes to the nearest centre ({})", profile);
        for (int m = 0; m <= max_min; ++m) chart.x.push_back(m);
        for (const auto& pair : r.pairs) {
            if (pair.profile != profile) continue;
            chart.series.push_back(
                {pair.group, cumulative_share(r, p, group_index(r, pair.group), max_min)});
        }
        charts += fmt::format("<div><h3>{}</h3>{}</div>", escape(profile), line_chart_svg(chart));
        std::vector<std::string> labels;
        std::vector<Series> rows(chart.series.size());
        for (int m = 0; m <= max_min; m += 5) {
            labels.push_back(fmt::format("≤ {} min", m));
            for (std::size_t s = 0; s < rows.size(); ++s) {
                rows[s].name = chart.series[s].name;
                rows[s].values.push_back(chart.series[s].values[static_cast<std::size_t>(m)]);
            }
        }
        tables += data_table(fmt::format("{}: share within each time", profile), "time", labels,
                             rows, [](double v) { return percent(v); });
    }
    charts += "</div>";
    return fmt::format(
        "<figure class=\"chart\" id=\"chart-cumulative\"><figcaption>Cumulative "
        "share of each group by travel time to the nearest centre</figcaption>"
        "{}{}</figure>",
        charts, tables);
}

// Persons of each profile's first group per 5-minute class of nearest time.
std::string nearest_chart(const RunResult& r) {
    const int max_min = r.thresholds_min.empty() ? 60 : r.thresholds_min.back();
    BarChart chart;
    chart.value_label = "residents";
    for (int m = 0; m < max_min; m += 5) {
        chart.categories.push_back(fmt::format("{}–{} min", m, m + 5));
    }
    chart.categories.push_back(fmt::format("over {} min", max_min));
    chart.categories.push_back("no centre reached");
    for (std::size_t p = 0; p < r.profiles.size(); ++p) {
        const auto group = detail::first_group(r, r.profiles[p].profile);
        if (group.empty()) continue;
        const auto g = group_index(r, group);
        Series series{fmt::format("{} ({})", r.profiles[p].profile, group),
                      std::vector<double>(chart.categories.size(), 0.0)};
        for (std::size_t i = 0; i < r.cell_id.size(); ++i) {
            if (r.cell_scored[i] == 0) continue;
            const double t = r.profiles[p].time_s[i];
            std::size_t bin = series.values.size() - 1;
            if (t != unreachable) {
                const double minutes = std::max(t - threshold_tolerance_s, 0.0) / 60.0;
                bin = std::min(static_cast<std::size_t>(minutes / 5.0), series.values.size() - 2);
            }
            series.values[bin] += r.persons[g][i];
        }
        chart.series.push_back(std::move(series));
    }
    chart.aria_label =
        "Residents by travel time to the nearest centre, in 5-minute classes, per "
        "profile";
    return fmt::format(
        "<figure class=\"chart\" id=\"chart-nearest\"><figcaption>Distribution "
        "of nearest-centre times</figcaption>{}{}</figure>",
        bar_chart_svg(chart),
        data_table("residents per time class", "time", chart.categories, chart.series,
                   [](double v) { return thousands(v); }));
}

// Persons of each profile's first group whose nearest centre is each centre (any time).
std::string load_chart(const RunResult& r) {
    BarChart chart;
    chart.value_label = "residents whose nearest centre it is";
    std::map<std::string, std::size_t> index;
    for (const auto& c : r.centre_points) {
        index.emplace(c.id, chart.categories.size());
        chart.categories.push_back(c.name.empty() ? c.id : c.name);
    }
    for (const auto& column : r.profiles) {
        const auto group = detail::first_group(r, column.profile);
        if (group.empty()) continue;
        const auto g = group_index(r, group);
        Series series{fmt::format("{} ({})", column.profile, group),
                      std::vector<double>(chart.categories.size(), 0.0)};
        for (std::size_t i = 0; i < r.cell_id.size(); ++i) {
            if (r.cell_scored[i] == 0 || column.time_s[i] == unreachable) continue;
            const auto it = index.find(column.centre_id[i]);
            if (it != index.end()) series.values[it->second] += r.persons[g][i];
        }
        chart.series.push_back(std::move(series));
    }
    chart.aria_label = "Residents per centre: those whose nearest centre it is, per profile";
    auto table_series = chart.series;
    Series capacity{"capacity (places)", {}};
    bool any_capacity = false;
    for (const auto& c : r.centre_points) {
        capacity.values.push_back(c.capacity.value_or(NAN));
        any_capacity = any_capacity || c.capacity.has_value();
    }
    if (any_capacity) table_series.push_back(capacity);
    return fmt::format(
        "<figure class=\"chart\" id=\"chart-load\"><figcaption>Load per centre: "
        "residents whose nearest centre it is</figcaption>{}{}</figure>",
        bar_chart_svg(chart),
        data_table("residents per centre", "centre", chart.categories, table_series,
                   [](double v) { return thousands(v); }));
}

std::string map_section(const RunResult& r) {
    if (r.surfaces.empty() && r.areas.empty()) {
        return detail::section("map-section", "Map",
                               "<p>No map: this run has no locations (a matrix scenario).</p>");
    }
    const auto map = detail::run_map(r, "map", "map-legend", 820.0);
    return detail::section(
        "map-section", "Map",
        fmt::format("<div class=\"map-wrap\">{}{}</div><p class=\"muted\">Bands: the travel time "
                    "to the nearest centre, from the run's surface "
                    "(catchments.geojson). Gap areas: residents of the profile's first group "
                    "(the headline group) beyond the {}-minute target.</p>",
                    map.svg, map.legend, r.target_min));
}

}  // namespace

bool wants_report(const scenario::Scenario& s) {
    const auto& f = s.outputs.formats;
    return std::find(f.begin(), f.end(), "html") != f.end();
}

std::string run_report_html(const scenario::Scenario& s, const RunResult& r,
                            const ReportInfo& info) {
    std::string body = question_section(s, r);
    body += headline_section(r);
    body += map_section(r);
    body += areas_section(r);
    body +=
        detail::section("charts", "Charts", cumulative_chart(r) + nearest_chart(r) + load_chart(r));
    return detail::page_html(fmt::format("Access to centres — {}", r.scenario), body,
                             detail::run_footer(s, r), info);
}

std::vector<scenario::ExtraFile> run_report_file(const scenario::Scenario& s, const RunResult& r,
                                                 const ReportInfo& info) {
    if (!wants_report(s)) return {};
    return {{scenario::output_file(s, "report"), run_report_html(s, r, info)}};
}

namespace detail {

Footer run_footer(const scenario::Scenario& s, const RunResult& r) {
    return {scenario::run_credits(s, r.roads_standin, r.stand_ins), r.assumptions, r.warnings};
}

}  // namespace detail

}  // namespace reach::report
