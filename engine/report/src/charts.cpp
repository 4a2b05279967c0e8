#include "reach/report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "reach/report/html.hpp"

namespace reach::report {
namespace {

constexpr double plot_left = 64.0, plot_top = 16.0, plot_width = 420.0, plot_height = 200.0;

// Ticks at 1, 2 or 5 × 10^k giving at most `count` + 1 ticks from 0 to max.
double tick_step(double max, int count) {
    const double raw = std::max(max, 1e-9) / count;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * power >= raw) return step * power;
    }
    return 10.0 * power;
}

std::string legend(const std::vector<Series>& series, double x, double y) {
    std::string out;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const double row_y = y + 16.0 * static_cast<double>(i);
        out += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
            "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"chart-text\">{}</text>",
            x, row_y, series_colour(i), x + 16.0, row_y + 10.0, escape(series[i].name));
    }
    return out;
}

}  // namespace

std::string series_colour(std::size_t i) {
    static constexpr std::array<const char*, 8> okabe_ito = {
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"};
    return okabe_ito[i % okabe_ito.size()];
}

std::string line_chart_svg(const LineChart& c) {
    const double x_max = c.x.empty() ? 1.0 : std::max(c.x.back(), 1e-9);
    const auto sx = [&](double x) { return plot_left + x / x_max * plot_width; };
    const auto sy = [&](double y) { return plot_top + plot_height * (1.0 - y / c.y_max); };
    std::string svg = fmt::format(
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 680 260\" width=\"680\" "
        "class=\"chart-svg\">",
        escape(c.aria_label));
    const double y_step = tick_step(c.y_max, 5);
    // Tick i at i × step (an integer counter: a summed float counter drifts).
    for (int i = 0; static_cast<double>(i) * y_step <= c.y_max + 1e-9; ++i) {
        const double y = static_cast<double>(i) * y_step;
        svg += fmt::format(
            "<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" class=\"grid\"/>"
            "<text x=\"{3:.1f}\" y=\"{4:.1f}\" class=\"chart-text\" text-anchor=\"end\">{5}</text>",
            plot_left, plot_left + plot_width, sy(y), plot_left - 6.0, sy(y) + 4.0,
            c.y_is_share ? fmt::format("{:.0f} %", y * 100.0) : thousands(y));
    }
    const double x_step = tick_step(x_max, 6);
    for (int i = 0; static_cast<double>(i) * x_step <= x_max + 1e-9; ++i) {
        const double x = static_cast<double>(i) * x_step;
        svg += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"chart-text\" "
            "text-anchor=\"middle\">{}</text>",
            sx(x), plot_top + plot_height + 16.0,
            x_max >= 1000.0 ? thousands(x) : fmt::format("{:g}", x));
    }
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"chart-text\" "
        "text-anchor=\"middle\">{}</text>",
        plot_left + plot_width / 2.0, plot_top + plot_height + 34.0, escape(c.x_label));
    for (std::size_t s = 0; s < c.series.size(); ++s) {
        std::string points;
        for (std::size_t i = 0; i < c.x.size() && i < c.series[s].values.size(); ++i) {
            fmt::format_to(std::back_inserter(points), "{}{:.1f},{:.1f}", i == 0 ? "" : " ",
                           sx(c.x[i]), sy(c.series[s].values[i]));
        }
        svg += fmt::format(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" "
            "stroke-width=\"2\"><title>{}</title></polyline>",
            points, series_colour(s), escape(c.series[s].name));
    }
    svg += legend(c.series, plot_left + plot_width + 16.0, plot_top);
    svg += "</svg>";
    return svg;
}

std::string bar_chart_svg(const BarChart& c) {
    const double bar_h = 10.0;
    const double row_h =
        bar_h * static_cast<double>(std::max<std::size_t>(c.series.size(), 1)) + 8.0;
    const double label_w = 150.0;
    const double width = 420.0;
    const double height = 28.0 + row_h * static_cast<double>(c.categories.size());
    double max = 0.0;
    for (const auto& s : c.series) {
        for (const double v : s.values) max = std::max(max, std::isfinite(v) ? v : 0.0);
    }
    max = max > 0.0 ? max : 1.0;
    std::string svg = fmt::format(
        "<svg role=\"img\" aria-label=\"{0}\" viewBox=\"0 0 {1:.0f} {2:.0f}\" width=\"{1:.0f}\" "
        "class=\"chart-svg\">",
        escape(c.aria_label), label_w + width + 200.0, height);
    for (std::size_t k = 0; k < c.categories.size(); ++k) {
        const double y0 = 4.0 + row_h * static_cast<double>(k);
        svg += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"chart-text\" "
            "text-anchor=\"end\">{}</text>",
            label_w - 6.0, y0 + row_h / 2.0 + 2.0, escape(c.categories[k]));
        for (std::size_t s = 0; s < c.series.size(); ++s) {
            const double v = k < c.series[s].values.size() ? c.series[s].values[k] : 0.0;
            const double w = std::isfinite(v) ? std::max(v, 0.0) / max * width : 0.0;
            svg += fmt::format(
                "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                "fill=\"{}\"><title>{}: {} {}</title></rect>",
                label_w, y0 + bar_h * static_cast<double>(s), w, bar_h - 1.0, series_colour(s),
                escape(c.categories[k]), thousands(v), escape(c.series[s].name));
        }
    }
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"chart-text\">{} (longest bar: "
        "{})</text>",
        label_w, height - 6.0, escape(c.value_label), thousands(max));
    svg += legend(c.series, label_w + width + 16.0, 4.0);
    svg += "</svg>";
    return svg;
}

std::string data_table(std::string_view caption, std::string_view first_header,
                       const std::vector<std::string>& labels, const std::vector<Series>& series,
                       const std::function<std::string(double)>& format) {
    std::string out = fmt::format(
        "<details><summary>Data table</summary><table class=\"data\">"
        "<caption>{}</caption><thead><tr><th scope=\"col\">{}</th>",
        escape(caption), escape(first_header));
    for (const auto& s : series) {
        out += fmt::format("<th scope=\"col\">{}</th>", escape(s.name));
    }
    out += "</tr></thead><tbody>";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        out += fmt::format("<tr><th scope=\"row\">{}</th>", escape(labels[i]));
        for (const auto& s : series) {
            out += fmt::format("<td>{}</td>", i < s.values.size() ? format(s.values[i]) : "");
        }
        out += "</tr>";
    }
    out += "</tbody></table></details>";
    return out;
}

}  // namespace reach::report
