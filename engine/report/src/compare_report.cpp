// report.html of `reach compare` (report.hpp): both maps side by side and what changed.
#include <fmt/format.h>

#include <algorithm>

#include "page.hpp"
#include "reach/report/html.hpp"
#include "reach/report/report.hpp"
#include "run_map.hpp"

namespace reach::report {
namespace {

using scenario::FigureChange;

std::size_t target_index(const scenario::CompareResult& c) {
    const auto it = std::find(c.thresholds_min.begin(), c.thresholds_min.end(), c.target_min);
    return it == c.thresholds_min.end() ? c.thresholds_min.size() - 1
                                        : static_cast<std::size_t>(it - c.thresholds_min.begin());
}

std::string signed_thousands(double v) {
    const auto text = thousands(v);
    return v > 0.5 ? "+" + text : text;
}

std::string change_cells(const FigureChange& f, std::size_t k) {
    const double delta = f.covered_b[k] - f.covered_a[k];
    return fmt::format(
        "<td data-col=\"covered_a\" data-value=\"{}\">{}</td><td data-col=\"covered_b\" "
        "data-value=\"{}\">{}</td><td data-col=\"delta\" data-value=\"{}\" class=\"{}\">{}</td>"
        "<td data-col=\"gained\" data-value=\"{}\">{}</td><td data-col=\"lost\" "
        "data-value=\"{}\">{}</td><td>{}</td><td>{}</td>",
        raw_number(f.covered_a[k]), thousands(f.covered_a[k]), raw_number(f.covered_b[k]),
        thousands(f.covered_b[k]), raw_number(delta),
        delta > 0.5 ? "gain" : (delta < -0.5 ? "loss" : ""), signed_thousands(delta),
        raw_number(f.gained_target), thousands(f.gained_target), raw_number(f.lost_target),
        thousands(f.lost_target), minutes_text(f.mean_time_min_a), minutes_text(f.mean_time_min_b));
}

std::string change_header(const scenario::CompareResult& c, bool with_area) {
    const int t = c.thresholds_min.empty() ? c.target_min : c.thresholds_min[target_index(c)];
    std::string out = "<thead><tr>";
    if (with_area) {
        out += "<th scope=\"col\" data-sort=\"area\"><button type=\"button\">area</button></th>";
    }
    out += fmt::format(
        "<th scope=\"col\" class=\"text\" data-sort=\"profile\"><button type=\"button\">profile"
        "</button></th><th scope=\"col\" class=\"text\" data-sort=\"group\"><button "
        "type=\"button\">group</button></th>"
        "<th scope=\"col\" data-sort=\"covered_a\"><button type=\"button\">≤ {0} min, "
        "A</button></th>"
        "<th scope=\"col\" data-sort=\"covered_b\"><button type=\"button\">≤ {0} min, "
        "B</button></th>"
        "<th scope=\"col\" data-sort=\"delta\"><button type=\"button\">change</button></th>"
        "<th scope=\"col\" data-sort=\"gained\"><button type=\"button\">gained</button></th>"
        "<th scope=\"col\" data-sort=\"lost\"><button type=\"button\">lost</button></th>"
        "<th scope=\"col\">mean A</th><th scope=\"col\">mean B</th></tr></thead>",
        t);
    return out;
}

std::string change_tables(const scenario::CompareResult& c) {
    const auto k = target_index(c);
    std::string out =
        fmt::format("<table id=\"changes\" class=\"sortable\">{}<tbody>", change_header(c, false));
    for (const auto& pair : c.pairs) {
        out += fmt::format(
            "<tr><td class=\"text\" data-col=\"profile\">{}</td><td class=\"text\" "
            "data-col=\"group\">{}</td>{}</tr>",
            escape(pair.profile), escape(pair.group), change_cells(pair.total, k));
    }
    out += "</tbody></table><h3>By area</h3><p>Click a column heading to sort.</p>";
    out += fmt::format("<table id=\"changes-by-area\" class=\"sortable\">{}<tbody>",
                       change_header(c, true));
    for (std::size_t a = 0; a < c.area_id.size(); ++a) {
        for (const auto& pair : c.pairs) {
            out += fmt::format(
                "<tr><td data-col=\"area\">{}</td><td class=\"text\" "
                "data-col=\"profile\">{}</td><td class=\"text\" "
                "data-col=\"group\">{}</td>{}</tr>",
                escape(c.area_id[a]), escape(pair.profile), escape(pair.group),
                change_cells(pair.by_area[a], k));
        }
    }
    return out + "</tbody></table>";
}

std::string classes_list(const scenario::CompareResult& c) {
    std::string out = "<ul>";
    for (const auto& cls : c.classes) {
        out += fmt::format("<li>{}: {} cells in a faster time class, {} slower, {} unchanged.</li>",
                           escape(cls.profile), thousands(static_cast<double>(cls.cells_better)),
                           thousands(static_cast<double>(cls.cells_worse)),
                           thousands(static_cast<double>(cls.cells_same)));
    }
    return out + "</ul>";
}

void append_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const auto& item : from) {
        if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
    }
}

}  // namespace

std::string compare_report_html(const scenario::Scenario& a, const scenario::RunResult& run_a,
                                const scenario::Scenario& b, const scenario::RunResult& run_b,
                                const ReportInfo& info) {
    const auto result = scenario::compare_runs(run_a, run_b);
    std::string body = detail::section(
        "question", "The question",
        fmt::format("<dl class=\"facts\">{}{}{}</dl>",
                    detail::definition(
                        "A", fmt::format("{} ({})", run_a.scenario, a.source.filename().string())),
                    detail::definition(
                        "B", fmt::format("{} ({})", run_b.scenario, b.source.filename().string())),
                    detail::definition("Target", fmt::format("{} minutes", result.target_min))));
    body += detail::section("changes-section", "What changes",
                            change_tables(result) + classes_list(result));
    const auto map_a = detail::run_map(run_a, "map-a", "map-a-legend", 540.0);
    const auto map_b = detail::run_map(run_b, "map-b", "map-b-legend", 540.0);
    body += detail::section(
        "maps", "Maps",
        fmt::format("<div class=\"map-wrap\"><div><h3>A: {}</h3>{}{}</div><div><h3>B: {}</h3>"
                    "{}{}</div></div>",
                    escape(run_a.scenario), map_a.svg, map_a.legend, escape(run_b.scenario),
                    map_b.svg, map_b.legend));
    auto footer = detail::run_footer(a, run_a);
    const auto footer_b = detail::run_footer(b, run_b);
    append_unique(footer.credits.attribution, footer_b.credits.attribution);
    append_unique(footer.credits.stand_ins, footer_b.credits.stand_ins);
    append_unique(footer.assumptions, footer_b.assumptions);
    append_unique(footer.warnings, footer_b.warnings);
    return detail::page_html(fmt::format("Comparison — {} vs {}", run_a.scenario, run_b.scenario),
                             body, footer, info);
}

}  // namespace reach::report
