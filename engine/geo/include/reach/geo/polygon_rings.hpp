#pragma once
// The rings of a polygon geometry for drawing (the report's SVG map, the serve page's GeoJSON):
// an ISO WKB Polygon or MultiPolygon (as the writers hold them) → per polygon its exterior
// ring then its holes, each ring closed (first point = last). With simplify_m > 0 the
// geometry is first simplified (GDAL/GEOS topology-preserving: no ring crosses itself or
// another), so a map drawn at a known scale carries no vertices finer than a pixel.
// Other geometry types give no rings; a WKB that GDAL cannot read is an OutputError (a
// caller bug: the engine wrote it).
#include <span>
#include <vector>

namespace reach::geo {

struct Ring {
    std::vector<double> x, y;
};
using PolygonRings = std::vector<Ring>;  // exterior, then holes

[[nodiscard]] std::vector<PolygonRings> polygon_rings(std::span<const unsigned char> wkb,
                                                      double simplify_m = 0.0);

}  // namespace reach::geo
