#pragma once
// Small SVG charts for the report, each with a text alternative: the svg carries role="img"
// and an aria-label that says what it shows, and data_table() gives the same numbers as a
// table (screen readers, copying into a funding application). Colours: the Okabe–Ito palette
// (safe for the common colour-vision deficiencies), one per series, in series order.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace reach::report {

struct Series {
    std::string name;
    std::vector<double> values;  // one per x (line) or per category (bar)
};

// Lines over a numeric x axis (e.g. minutes 0…60), y from 0 to y_max.
struct LineChart {
    std::string aria_label, x_label, y_label;
    std::vector<double> x;
    std::vector<Series> series;
    double y_max = 1.0;
    bool y_is_share = true;  // y ticks as percentages
};
[[nodiscard]] std::string line_chart_svg(const LineChart& chart);

// Horizontal grouped bars: one row per category, one bar per series, from 0.
struct BarChart {
    std::string aria_label, value_label;
    std::vector<std::string> categories;
    std::vector<Series> series;
};
[[nodiscard]] std::string bar_chart_svg(const BarChart& chart);

// <table> with one row per label, one column per series, cells formatted by `format`.
[[nodiscard]] std::string data_table(std::string_view caption, std::string_view first_header,
                                     const std::vector<std::string>& labels,
                                     const std::vector<Series>& series,
                                     const std::function<std::string(double)>& format);

// The Okabe–Ito colour of series i (repeats after 8).
[[nodiscard]] std::string series_colour(std::size_t i);

}  // namespace reach::report
