#pragma once
// The page around every report: one HTML document with its CSS and the little script it
// needs (sortable tables, the profile switch of a map) inline, and the footer with the
// credits. Private to engine/report.
#include <string>
#include <string_view>
#include <vector>

#include "reach/report/report.hpp"
#include "reach/scenario/credits.hpp"

namespace reach::report::detail {

struct Footer {
    scenario::Credits credits;
    std::vector<std::string> assumptions, warnings;
};

// The credits, assumptions and warnings of a run.
[[nodiscard]] Footer run_footer(const scenario::Scenario& scenario,
                                const scenario::RunResult& result);

// A complete document: <head> with the title, CSS and script; `body` inside <main>; the footer.
[[nodiscard]] std::string page_html(std::string_view title, std::string_view body,
                                    const Footer& footer, const ReportInfo& info);

// <section> with a heading and an id.
[[nodiscard]] std::string section(std::string_view id, std::string_view heading,
                                  std::string_view content);

// "<dt>term</dt><dd>text</dd>" with the text escaped.
[[nodiscard]] std::string definition(std::string_view term, std::string_view text);

// The date an input stands for: the census day for the Census 2021 grid, else the file's
// last modification (UTC, yyyy-mm-dd), else "–".
[[nodiscard]] std::string input_date(const std::string& path);

}  // namespace reach::report::detail
