#include "reach/report/svg_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace reach::report {

void Extent::add(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) {
        return;
    }
    m_min_x = std::min(m_min_x, x);
    m_min_y = std::min(m_min_y, y);
    m_max_x = std::max(m_max_x, x);
    m_max_y = std::max(m_max_y, y);
}

void Extent::add(const std::vector<geo::PolygonRings>& polygons) {
    for (const auto& polygon : polygons) {
        if (polygon.empty()) continue;
        const auto& exterior = polygon.front();
        for (std::size_t i = 0; i < exterior.x.size(); ++i) {
            add(exterior.x[i], exterior.y[i]);
        }
    }
}

MapFrame Extent::frame(double width_px, double margin) const {
    MapFrame f;
    f.width_px = width_px;
    if (empty()) {
        return f;
    }
    // A single point or a line still gets a square of 10 km around it.
    const double span = std::max({m_max_x - m_min_x, m_max_y - m_min_y, 10'000.0});
    const double pad = span * margin;
    const double cx = 0.5 * (m_min_x + m_max_x);
    const double half_w = 0.5 * std::max(m_max_x - m_min_x, 10'000.0) + pad;
    const double half_h = 0.5 * std::max(m_max_y - m_min_y, 10'000.0) + pad;
    const double cy = 0.5 * (m_min_y + m_max_y);
    f.min_x = cx - half_w;
    f.max_x = cx + half_w;
    f.min_y = cy - half_h;
    f.max_y = cy + half_h;
    return f;
}

std::string path_data(const std::vector<geo::PolygonRings>& polygons, const MapFrame& frame) {
    std::string d;
    for (const auto& polygon : polygons) {
        for (const auto& ring : polygon) {
            // The closing point repeats the first: Z draws that edge.
            const std::size_t n = ring.x.size() > 1 ? ring.x.size() - 1 : ring.x.size();
            for (std::size_t i = 0; i < n; ++i) {
                fmt::format_to(std::back_inserter(d), "{}{:.1f} {:.1f}", i == 0 ? 'M' : 'L',
                               frame.px(ring.x[i]), frame.py(ring.y[i]));
            }
            if (n > 0) d += 'Z';
        }
    }
    return d;
}

std::string marker_path(double x, double y, double radius_px, const MapFrame& frame) {
    const double cx = frame.px(x);
    const double cy = frame.py(y);
    return fmt::format(
        "M{0:.1f} {1:.1f}a{2:.1f} {2:.1f} 0 1 0 {3:.1f} 0a{2:.1f} {2:.1f} 0 1 0 "
        "{4:.1f} 0Z",
        cx - radius_px, cy, radius_px, 2.0 * radius_px, -2.0 * radius_px);
}

std::string scale_bar(const MapFrame& frame) {
    const double target_km = frame.metres_per_px() * frame.width_px / 5.0 / 1000.0;
    const double power = std::pow(10.0, std::floor(std::log10(std::max(target_km, 1e-3))));
    double length_km = power;
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * power <= target_km) length_km = step * power;
    }
    const double length_px = length_km * 1000.0 / frame.metres_per_px();
    const double x0 = 16.0;
    const double y0 = frame.height_px() - 18.0;
    return fmt::format(
        "<g id=\"scale-bar\" aria-label=\"scale bar: {0:g} km\">"
        "<rect x=\"{1:.1f}\" y=\"{2:.1f}\" width=\"{3:.1f}\" height=\"5\" fill=\"#222\"/>"
        "<rect x=\"{1:.1f}\" y=\"{2:.1f}\" width=\"{4:.1f}\" height=\"5\" fill=\"#fff\" "
        "stroke=\"#222\"/>"
        "<text x=\"{1:.1f}\" y=\"{5:.1f}\" class=\"scale-text\">0</text>"
        "<text x=\"{6:.1f}\" y=\"{5:.1f}\" class=\"scale-text\" text-anchor=\"end\">{0:g} km</text>"
        "</g>",
        length_km, x0, y0, length_px, length_px / 2.0, y0 - 4.0, x0 + length_px);
}

}  // namespace reach::report
