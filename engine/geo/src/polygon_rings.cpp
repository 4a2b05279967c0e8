#include "reach/geo/polygon_rings.hpp"

#include <ogr_geometry.h>

#include <memory>

#include "reach/core/error.hpp"

namespace reach::geo {
namespace {

Ring ring_points(const OGRLinearRing& ring) {
    Ring out;
    const int n = ring.getNumPoints();
    out.x.reserve(static_cast<std::size_t>(n));
    out.y.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        out.x.push_back(ring.getX(i));
        out.y.push_back(ring.getY(i));
    }
    return out;
}

PolygonRings polygon_points(const OGRPolygon& polygon) {
    PolygonRings out;
    if (polygon.IsEmpty()) {
        return out;
    }
    out.push_back(ring_points(*polygon.getExteriorRing()));
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i) {
        out.push_back(ring_points(*polygon.getInteriorRing(i)));
    }
    return out;
}

}  // namespace

std::vector<PolygonRings> polygon_rings(std::span<const unsigned char> wkb, double simplify_m) {
    std::vector<PolygonRings> out;
    if (wkb.empty()) {
        return out;
    }
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size(), wkbVariantIso) !=
        OGRERR_NONE) {
        throw OutputError("polygon_rings: unreadable WKB geometry");
    }
    std::unique_ptr<OGRGeometry> geometry(raw);
    if (simplify_m > 0.0 && !geometry->IsEmpty()) {
        std::unique_ptr<OGRGeometry> simple(geometry->SimplifyPreserveTopology(simplify_m));
        if (simple != nullptr) {
            geometry = std::move(simple);
        }
    }
    const auto type = wkbFlatten(geometry->getGeometryType());
    if (type == wkbPolygon) {
        out.push_back(polygon_points(*geometry->toPolygon()));
    } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
        for (const auto* part : *geometry->toGeometryCollection()) {
            if (wkbFlatten(part->getGeometryType()) == wkbPolygon) {
                out.push_back(polygon_points(*part->toPolygon()));
            }
        }
    }
    std::erase_if(out, [](const PolygonRings& p) { return p.empty(); });
    return out;
}

}  // namespace reach::geo
