#include "page.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "reach/report/html.hpp"

namespace reach::report::detail {
namespace {

constexpr std::string_view css = R"(
:root{--ink:#1b1b1b;--muted:#555;--rule:#ccc;--panel:#f6f6f4}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);margin:0;background:#fff}
main,header,footer{max-width:1120px;margin:0 auto;padding:0 20px}
header{padding-top:18px}h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid var(--rule);padding-bottom:.2em}
h3{font-size:1.05em;margin:1.2em 0 .4em}.lead{font-size:1.08em}.muted{color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.5em 0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
table{border-collapse:collapse;margin:.5em 0;font-variant-numeric:tabular-nums}th,td{white-space:nowrap;padding:.25em .6em;border-bottom:1px solid #e3e3e3;text-align:right;vertical-align:top}
th:first-child,td:first-child,td.text,th.text{text-align:left}thead th{background:var(--panel);border-bottom:2px solid var(--rule)}
th[data-sort] button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.map-wrap{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.map-wrap svg{border:1px solid var(--rule);background:#fbfbfa;max-width:100%;height:auto}
.legend{font-size:.9em;min-width:200px}.legend ul{list-style:none;padding:0;margin:.3em 0}.legend li{margin:.15em 0}
.swatch{display:inline-block;width:14px;height:14px;vertical-align:-2px;margin-right:6px;border:1px solid #444}
.scale-text{font-size:11px;fill:#222}.chart-text{font-size:11px;fill:#222}.grid{stroke:#e0e0e0}
figure.chart{margin:1em 0 1.6em}figure.chart figcaption{font-weight:600;margin-bottom:.3em}.chart-svg{max-width:100%;height:auto}
.small-multiples{display:flex;flex-wrap:wrap;gap:12px}.small-multiples>div{flex:0 1 540px}
fieldset.switch{border:0;padding:0;margin:.3em 0}fieldset.switch label{margin-right:1em}
footer{border-top:1px solid var(--rule);margin-top:2.5em;padding-top:.8em;padding-bottom:2em;font-size:.88em;color:#333}
.standin{background:#fff3cd;border:1px solid #e0c36a;padding:.4em .7em;border-radius:4px}
.scroll{overflow-x:auto}.gain{color:#006d2c}.loss{color:#a50f15}
@media print{main,header,footer{max-width:none}details{display:none}fieldset.switch{display:none}h2{break-after:avoid}figure,table{break-inside:avoid}}
)";

// Sorting of table.sortable by th[data-sort] (numbers by data-value, else text) and the
// profile switch of each map (inputs[data-map] show the map's g.profile-layer of their value).
constexpr std::string_view script = R"(
(function(){
function cellKey(row,col){var c=row.querySelector('td[data-col="'+col+'"]');if(!c)return '';var v=c.getAttribute('data-value');return v!==null&&v!==''&&!isNaN(+v)?+v:c.textContent.trim();}
function sortBy(table,th){var col=th.getAttribute('data-sort');var asc=th.getAttribute('aria-sort')!=='ascending';
table.querySelectorAll('th[data-sort]').forEach(function(h){h.removeAttribute('aria-sort');});th.setAttribute('aria-sort',asc?'ascending':'descending');
var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=cellKey(a,col),y=cellKey(b,col);var d=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));return asc?d:-d;});
rows.forEach(function(r){body.appendChild(r);});}
document.querySelectorAll('table.sortable').forEach(function(t){t.querySelectorAll('th[data-sort]').forEach(function(th){th.addEventListener('click',function(){sortBy(t,th);});});});
document.querySelectorAll('input[data-map]').forEach(function(input){input.addEventListener('change',function(){
var svg=document.getElementById(input.getAttribute('data-map'));if(!svg)return;
svg.querySelectorAll('g.profile-layer').forEach(function(g){g.style.display=g.getAttribute('data-profile')===input.value?'':'none';});});});
})();
)";

std::string list_items(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += fmt::format("<li>{}</li>", escape(item));
    }
    return out;
}

std::string footer_html(const Footer& f, const ReportInfo& info) {
    std::string out = "<footer id=\"attribution\"><h2>Sources, stand-ins and assumptions</h2>";
    out +=
        fmt::format("<h3>Data and attribution</h3><ul>{}</ul>", list_items(f.credits.attribution));
    out += "<h3>Stand-ins</h3>";
    out += f.credits.stand_ins.empty()
               ? std::string("<p>None: every input is the surveyed data.</p>")
               : fmt::format("<ul class=\"standin\">{}</ul>", list_items(f.credits.stand_ins));
    if (!f.assumptions.empty()) {
        out += fmt::format("<h3>Assumptions</h3><ul>{}</ul>", list_items(f.assumptions));
    }
    if (!f.warnings.empty()) {
        const std::size_t shown = std::min<std::size_t>(f.warnings.size(), 12);
        const std::vector<std::string> first(f.warnings.begin(),
                                             f.warnings.begin() + static_cast<long>(shown));
        out += fmt::format("<h3>Warnings</h3><ul>{}</ul>", list_items(first));
        if (shown < f.warnings.size()) {
            out += fmt::format("<p>… and {} more (summary.json, warnings).</p>",
                               f.warnings.size() - shown);
        }
    }
    out += fmt::format(
        "<p class=\"muted\">Made with reach {}; travel times are home → centre, thresholds "
        "inclusive. Figures count residents of whole 1-km cells from their cell centre.</p>",
        escape(info.version));
    out += fmt::format("<p class=\"muted\" id=\"run-time\">Run time {:.1f} s.</p></footer>",
                       info.seconds);
    return out;
}

}  // namespace

std::string page_html(std::string_view title, std::string_view body, const Footer& footer,
                      const ReportInfo& info) {
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<title>{0}</title><style>{1}</style></head><body>"
        "<header><p class=\"muted\">reach — accessibility report</p><h1>{0}</h1></header>"
        "<main>{2}</main>{3}<script>{4}</script></body></html>\n",
        escape(title), css, body, footer_html(footer, info), script);
}

std::string section(std::string_view id, std::string_view heading, std::string_view content) {
    return fmt::format("<section id=\"{}\"><h2>{}</h2>{}</section>", id, escape(heading), content);
}

std::string definition(std::string_view term, std::string_view text) {
    return fmt::format("<dt>{}</dt><dd>{}</dd>", escape(term), escape(text));
}

std::string input_date(const std::string& path) {
    const auto name = std::filesystem::path(path).filename().string();
    if (name.rfind("census2021", 0) == 0) {
        return "census day 2021-01-01";
    }
    std::error_code error;
    const auto written = std::filesystem::last_write_time(path, error);
    if (error) {
        return "–";
    }
    const auto system = std::chrono::file_clock::to_sys(written);
    return fmt::format("file modified {:%Y-%m-%d}", std::chrono::floor<std::chrono::days>(system));
}

}  // namespace reach::report::detail
