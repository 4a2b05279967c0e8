// report.html of `reach optimize` (report.hpp): the chosen sites and the coverage curve.
#include <fmt/format.h>

#include <algorithm>

#include "page.hpp"
#include "reach/report/charts.hpp"
#include "reach/report/html.hpp"
#include "reach/report/report.hpp"
#include "reach/scenario/credits.hpp"

namespace reach::report {
namespace {

using scenario::OptimizeResult;

std::string question(const scenario::Scenario& s, const OptimizeResult& r) {
    std::string weights;
    for (std::size_t g = 0; g < r.group_name.size(); ++g) {
        if (r.group_weight[g] == 0.0) continue;
        weights += fmt::format("{}{} × {:g}", weights.empty() ? "" : ", ", r.group_name[g],
                               r.group_weight[g]);
    }
    std::string limits;
    if (s.optimize && s.optimize->k) limits += fmt::format("at most {} sites", *s.optimize->k);
    if (s.optimize && s.optimize->budget_eur) {
        limits += fmt::format("{}budget {} EUR", limits.empty() ? "" : "; ",
                              thousands(*s.optimize->budget_eur));
    }
    return detail::section(
        "question", "The question",
        fmt::format(
            "<dl class=\"facts\">{}{}{}{}{}{}</dl>",
            detail::definition("Scenario",
                               fmt::format("{} ({})", r.scenario, s.source.filename().string())),
            detail::definition("Objective", r.objective),
            detail::definition("Profile and target",
                               fmt::format("{}, {} minutes", r.profile, r.target_min)),
            detail::definition("Demand weights", weights),
            detail::definition("Limits", limits.empty() ? "–" : limits),
            detail::definition("Sites", fmt::format("{} ({} candidates)", r.sites, r.candidates))));
}

std::string chosen_table(const OptimizeResult& r) {
    std::string out =
        "<table id=\"chosen\"><thead><tr><th scope=\"col\">order</th>"
        "<th scope=\"col\" class=\"text\">site</th><th scope=\"col\">cost EUR</th>"
        "<th scope=\"col\">cumulative EUR</th><th scope=\"col\">gain</th>";
    for (const auto& g : r.group_name) {
        out += fmt::format("<th scope=\"col\">{} ≤ {} min</th>", escape(g), r.target_min);
    }
    out += "</tr></thead><tbody>";
    for (std::size_t k = 0; k < r.chosen.size(); ++k) {
        const auto& step = r.chosen[k];
        out += fmt::format(
            "<tr><td>{}</td><td class=\"text\" data-id=\"{}\">{}{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td>",
            k + 1, escape(step.id), escape(step.name.empty() ? step.id : step.name),
            step.existing ? " (existing)" : "", thousands(step.cost_eur),
            thousands(step.cumulative_cost_eur), thousands(step.marginal_gain));
        for (const double c : step.covered) out += fmt::format("<td>{}</td>", thousands(c));
        out += "</tr>";
    }
    return out + "</tbody></table>";
}

// Residents newly within the target (over the existing centres) per group as sites are added,
// against their cumulative cost (or their count when no site has a cost).
std::string curve_chart(const OptimizeResult& r) {
    LineChart chart;
    chart.y_is_share = false;
    chart.x_label = "cumulative cost (EUR)";
    chart.aria_label = fmt::format(
        "Residents newly within {} minutes by {} as the chosen sites "
        "are added, against their cumulative cost",
        r.target_min, r.profile);
    chart.x.push_back(0.0);
    std::vector<Series> series(r.group_name.size());
    const auto existing = [&r](std::size_t g) {
        return g < r.covered_existing.size() ? r.covered_existing[g] : 0.0;
    };
    for (std::size_t g = 0; g < r.group_name.size(); ++g) {
        series[g].name = r.group_name[g];
        series[g].values.push_back(0.0);
    }
    std::vector<std::string> labels = {"existing centres"};
    for (const auto& step : r.chosen) {
        chart.x.push_back(step.cumulative_cost_eur);
        labels.push_back(fmt::format("+ {} ({} EUR)", step.name.empty() ? step.id : step.name,
                                     thousands(step.cumulative_cost_eur)));
        for (std::size_t g = 0; g < series.size() && g < step.covered.size(); ++g) {
            series[g].values.push_back(step.covered[g] - existing(g));
        }
    }
    chart.y_max = 1.0;
    for (const auto& s : series) {
        for (const double v : s.values) chart.y_max = std::max(chart.y_max, v);
    }
    chart.y_max *= 1.05;
    if (chart.x.back() <= 0.0) {  // no costs: plot by the number of sites
        for (std::size_t k = 0; k < chart.x.size(); ++k) chart.x[k] = static_cast<double>(k);
        chart.x_label = "sites added";
    }
    chart.series = series;
    return fmt::format(
        "<figure class=\"chart\" id=\"chart-curve\"><figcaption>Residents newly "
        "within {} min against the budget spent</figcaption>{}{}</figure>",
        r.target_min, line_chart_svg(chart),
        data_table("residents newly within the target", "sites", labels, series,
                   [](double v) { return thousands(v); }));
}

std::string result_facts(const OptimizeResult& r) {
    std::string out = "<dl class=\"facts\">";
    out +=
        detail::definition("Objective value", fmt::format("{:.2f} (existing centres only: "
                                                          "{:.2f})",
                                                          r.objective_value, r.objective_existing));
    out += detail::definition("Solver", r.solver);
    if (r.gap_to_exact) {
        out += detail::definition("Heuristic's gap to the optimum",
                                  fmt::format("{:.4f} %", *r.gap_to_exact * 100.0));
    }
    if (r.weighted_mean_time_min) {
        out += detail::definition("Weighted mean time", minutes_text(r.weighted_mean_time_min));
    }
    if (!r.closed.empty()) {
        out += detail::definition("Existing centres closed",
                                  fmt::format("{}", fmt::join(r.closed, ", ")));
    }
    return out + "</dl>";
}

}  // namespace

std::string optimize_report_html(const scenario::Scenario& s, const OptimizeResult& r,
                                 const ReportInfo& info) {
    std::string body = question(s, r);
    body +=
        detail::section("result", "Chosen sites",
                        result_facts(r) + "<div class=\"scroll\">" + chosen_table(r) + "</div>");
    body += detail::section("curve", "Coverage against budget", curve_chart(r));
    const bool roads_standin =
        std::find(r.stand_ins.begin(), r.stand_ins.end(), "roads") != r.stand_ins.end();
    detail::Footer footer{scenario::run_credits(s, roads_standin, r.stand_ins), {}, r.warnings};
    return detail::page_html(fmt::format("Where to open centres — {}", r.scenario), body, footer,
                             info);
}

}  // namespace reach::report
