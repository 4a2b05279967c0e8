#pragma once
// Drawing the run's own vectors as SVG (the report's maps): a frame that maps the metric
// working CRS onto pixels (north up, equal scale on both axes), path data for polygons, a
// round marker as a path, and a scale bar with a round length. The frame's pixel is the
// simplification tolerance's natural unit: half a pixel is invisible on screen and on paper.
#include <string>
#include <vector>

#include "reach/geo/polygon_rings.hpp"

namespace reach::report {

struct MapFrame {
    double min_x = 0.0, min_y = 0.0, max_x = 1.0, max_y = 1.0;  // working CRS, metres
    double width_px = 960.0;

    [[nodiscard]] double metres_per_px() const { return (max_x - min_x) / width_px; }
    [[nodiscard]] double height_px() const { return (max_y - min_y) / metres_per_px(); }
    [[nodiscard]] double px(double x) const { return (x - min_x) / metres_per_px(); }
    [[nodiscard]] double py(double y) const { return (max_y - y) / metres_per_px(); }
};

// A bounding box grown by points and rings; frame() pads it by `margin` (a share of its size).
class Extent {
public:
    void add(double x, double y);
    void add(const std::vector<geo::PolygonRings>& polygons);
    [[nodiscard]] bool empty() const { return !(m_min_x <= m_max_x); }
    [[nodiscard]] MapFrame frame(double width_px, double margin = 0.03) const;

private:
    double m_min_x = 1e300, m_min_y = 1e300, m_max_x = -1e300, m_max_y = -1e300;
};

// "M x y L … Z" per ring (0.1 px precision); draw with fill-rule evenodd for holes.
[[nodiscard]] std::string path_data(const std::vector<geo::PolygonRings>& polygons,
                                    const MapFrame& frame);

// A circle of radius r px around (x, y) in the working CRS, as path data (two arcs).
[[nodiscard]] std::string marker_path(double x, double y, double radius_px, const MapFrame& frame);

// <g id="scale-bar"> at the bottom left: a bar of 1, 2 or 5 × 10^k km close to a fifth of
// the map's width, with its length as text.
[[nodiscard]] std::string scale_bar(const MapFrame& frame);

}  // namespace reach::report
