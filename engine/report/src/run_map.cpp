#include "run_map.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <span>
#include <string>
#include <vector>

#include "reach/io/qgis_styles.hpp"
#include "reach/report/html.hpp"
#include "reach/report/svg_map.hpp"

namespace reach::report::detail {
namespace {

constexpr const char* gap_colour = "#D55E00";  // Okabe–Ito vermillion
constexpr double centre_radius_px = 5.0;

MapFrame run_frame(const scenario::RunResult& r, double width_px) {
    Extent extent;
    for (const auto& area : r.areas) {
        extent.add(geo::polygon_rings(area.wkb));
    }
    if (extent.empty()) {
        for (std::size_t i = 0; i < r.x.size(); ++i) extent.add(r.x[i], r.y[i]);
    }
    for (const auto& c : r.centre_points) extent.add(c.x, c.y);
    return extent.frame(width_px);
}

// Path data of items 0 … count − 1 (wkb_of(i): a polygon's ISO WKB), simplified to half a
// pixel, made side by side: 3,524 areas take long enough to matter. In item order.
template <typename WkbOf>
std::vector<std::string> simplified_paths(std::size_t count, const WkbOf& wkb_of,
                                          const MapFrame& frame) {
    std::vector<std::string> paths(count);
    const double tolerance = frame.metres_per_px() / 2.0;
    tbb::parallel_for(std::size_t{0}, count, [&](std::size_t i) {
        paths[i] = path_data(geo::polygon_rings(wkb_of(i), tolerance), frame);
    });
    return paths;
}

// The areas filled below the bands; their outlines again above them (no fill, no pointer
// events), so that boundaries stay visible and the bands' titles still show. `paths`: the
// areas' path data (simplified_paths), made once for both.
std::string areas_layer(const scenario::RunResult& r, const std::vector<std::string>& paths,
                        bool outline) {
    std::string out =
        outline ? "<g class=\"area-outlines\" pointer-events=\"none\">" : "<g class=\"areas\">";
    for (std::size_t i = 0; i < r.areas.size(); ++i) {
        const auto& area = r.areas[i];
        const auto& d = paths[i];
        out += outline ? fmt::format(
                             "<path d=\"{}\" fill=\"none\" stroke=\"#333\" "
                             "stroke-width=\"1.1\"/>",
                             d)
                       : fmt::format(
                             "<path class=\"area\" data-id=\"{}\" d=\"{}\" fill=\"#efefec\" "
                             "stroke=\"none\" fill-rule=\"evenodd\"><title>{}</title></path>",
                             escape(area.id), d, escape(area.name.empty() ? area.id : area.name));
    }
    return out + "</g>";
}

std::string profile_layer(const scenario::RunResult& r, const scenario::Surface& surface,
                          const MapFrame& frame, bool visible) {
    const auto colours = io::sequential_palette(r.thresholds_min.size());
    const auto band_paths = simplified_paths(
        surface.zones.size(), [&](std::size_t k) { return std::span(surface.zones[k].band_wkb); },
        frame);
    std::string out =
        fmt::format("<g class=\"profile-layer\" data-profile=\"{}\"{}>", escape(surface.profile),
                    visible ? "" : " style=\"display:none\"");
    for (std::size_t k = 0; k < surface.zones.size(); ++k) {
        out += fmt::format(
            "<path class=\"band\" data-profile=\"{0}\" data-threshold=\"{1}\" d=\"{2}\" "
            "fill=\"{3}\" fill-opacity=\"0.72\" stroke=\"none\" fill-rule=\"evenodd\">"
            "<title>{0}: {4}</title></path>",
            escape(surface.profile), r.thresholds_min[k],
            band_paths[k], colours[k],
            band_label(r.thresholds_min, k));
    }
    const auto group = first_group(r, surface.profile);
    for (const auto& pair : r.pairs) {
        if (pair.profile != surface.profile || pair.group != group) continue;
        const auto gap_paths = simplified_paths(
            pair.gaps.size(), [&](std::size_t k) { return std::span(pair.gaps[k].wkb); }, frame);
        for (std::size_t k = 0; k < pair.gaps.size(); ++k) {
            const auto& gap = pair.gaps[k];
            out += fmt::format(
                "<path class=\"gap\" data-rank=\"{}\" d=\"{}\" fill=\"{}\" fill-opacity=\"0.55\" "
                "stroke=\"{}\" stroke-width=\"0.6\" fill-rule=\"evenodd\"><title>gap {} ({}, "
                "{}): {} residents, {} without any centre</title></path>",
                k + 1, gap_paths[k], gap_colour,
                gap_colour, k + 1, escape(pair.profile), escape(pair.group),
                thousands(gap.population.empty() ? 0.0 : gap.population.front()),
                thousands(gap.unreachable));
        }
    }
    return out + "</g>";
}

std::string centres_layer(const scenario::RunResult& r, const MapFrame& frame) {
    std::string out = "<g class=\"centres\">";
    for (const auto& c : r.centre_points) {
        out += fmt::format(
            "<path class=\"centre\" data-id=\"{}\" d=\"{}\" fill=\"#000\" stroke=\"#fff\" "
            "stroke-width=\"1.5\"><title>{}</title></path>",
            escape(c.id), marker_path(c.x, c.y, centre_radius_px, frame),
            escape(c.name.empty() ? c.id : fmt::format("{} ({})", c.name, c.id)));
    }
    return out + "</g>";
}

std::string legend_html(const scenario::RunResult& r, std::string_view svg_id,
                        std::string_view legend_id) {
    const auto colours = io::sequential_palette(r.thresholds_min.size());
    std::string out = fmt::format("<div class=\"legend\" id=\"{}\">", legend_id);
    std::vector<const scenario::Surface*> surfaces;
    for (const auto& s : r.surfaces) {
        if (s.centre_id.empty()) surfaces.push_back(&s);
    }
    if (surfaces.size() > 1) {
        out += "<fieldset class=\"switch\"><legend>Profile shown</legend>";
        for (std::size_t i = 0; i < surfaces.size(); ++i) {
            out += fmt::format(
                "<label><input type=\"radio\" name=\"{0}-profile\" data-map=\"{0}\" "
                "value=\"{1}\"{2}> {1}</label>",
                svg_id, escape(surfaces[i]->profile), i == 0 ? " checked" : "");
        }
        out += "</fieldset>";
    }
    out += "<strong>Travel time to the nearest centre</strong><ul>";
    for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
        out += fmt::format("<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>",
                           colours[k], band_label(r.thresholds_min, k));
    }
    out += fmt::format(
        "<li><span class=\"swatch\" style=\"background:#efefec\"></span>beyond {} min or no "
        "road</li></ul><ul>"
        "<li><span class=\"swatch\" style=\"background:{}\"></span>gap area: residents beyond "
        "the {}-min target</li>"
        "<li><span class=\"swatch\" style=\"background:#000;border-radius:50%\"></span>centre</li>"
        "<li><span class=\"swatch\" style=\"background:#fff;border-color:#333\"></span>area "
        "boundary</li></ul></div>",
        r.thresholds_min.empty() ? 0 : r.thresholds_min.back(), gap_colour, r.target_min);
    return out;
}

}  // namespace

std::string first_group(const scenario::RunResult& r, const std::string& profile) {
    for (const auto& pair : r.pairs) {
        if (pair.profile == profile) return pair.group;
    }
    return {};
}

std::string band_label(const std::vector<int>& thresholds_min, std::size_t k) {
    return k == 0 ? fmt::format("≤ {} min", thresholds_min[0])
                  : fmt::format("{}–{} min", thresholds_min[k - 1], thresholds_min[k]);
}

RunMap run_map(const scenario::RunResult& r, std::string_view svg_id, std::string_view legend_id,
               double width_px) {
    const auto frame = run_frame(r, width_px);
    std::string svg = fmt::format(
        "<svg id=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" "
        "width=\"{:.0f}\" role=\"img\" aria-label=\"Map of {}: centres, travel-time bands and "
        "gap areas over the areas\">",
        svg_id, frame.width_px, frame.height_px(), frame.width_px, escape(r.scenario));
    const auto area_paths = simplified_paths(
        r.areas.size(), [&r](std::size_t i) { return std::span(r.areas[i].wkb); }, frame);
    svg += areas_layer(r, area_paths, false);
    bool first = true;
    for (const auto& surface : r.surfaces) {
        if (!surface.centre_id.empty()) continue;
        svg += profile_layer(r, surface, frame, first);
        first = false;
    }
    svg += areas_layer(r, area_paths, true);
    svg += centres_layer(r, frame);
    svg += scale_bar(frame);
    svg += "</svg>";
    return {svg, legend_html(r, svg_id, legend_id)};
}

}  // namespace reach::report::detail
