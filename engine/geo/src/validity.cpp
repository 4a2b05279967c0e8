#include "reach/geo/validity.hpp"

#include <geos_c.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace reach::geo {

std::optional<std::string> invalid_reason(std::span<const unsigned char> wkb) {
    GEOSContextHandle_t context = GEOS_init_r();
    std::optional<std::string> reason;
    GEOSWKBReader* reader = GEOSWKBReader_create_r(context);
    GEOSGeometry* geometry = GEOSWKBReader_read_r(context, reader, wkb.data(), wkb.size());
    if (geometry == nullptr) {
        reason = "unreadable geometry";
    } else if (GEOSisValid_r(context, geometry) != 1) {
        char* text = GEOSisValidReason_r(context, geometry);
        reason = text != nullptr ? std::string(text) : std::string("invalid geometry");
        GEOSFree_r(context, text);
    }
    if (geometry != nullptr) GEOSGeom_destroy_r(context, geometry);
    GEOSWKBReader_destroy_r(context, reader);
    GEOS_finish_r(context);
    return reason;
}

std::unique_ptr<OGRMultiPolygon> areal_parts(std::unique_ptr<OGRGeometry> geometry) {
    auto out = std::make_unique<OGRMultiPolygon>();
    if (!geometry || geometry->IsEmpty()) {
        return out;
    }
    const auto type = wkbFlatten(geometry->getGeometryType());
    if (type == wkbPolygon) {
        out->addGeometry(geometry.get());
    } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
        for (const auto* part : *geometry->toGeometryCollection()) {
            const auto part_type = wkbFlatten(part->getGeometryType());
            if (part_type == wkbPolygon) {
                out->addGeometry(part);
            } else if (part_type == wkbMultiPolygon) {
                for (const auto* polygon : *part->toMultiPolygon()) {
                    out->addGeometry(polygon);
                }
            }
        }
    }
    return out;
}

namespace {

void round_ring(OGRLinearRing& ring, double scale) {
    for (int i = 0; i < ring.getNumPoints(); ++i) {
        ring.setPoint(i, std::round(ring.getX(i) * scale) / scale,
                      std::round(ring.getY(i) * scale) / scale);
    }
}

void round_polygon(OGRPolygon& polygon, double scale) {
    for (auto* ring : polygon) {
        round_ring(*ring, scale);
    }
}

}  // namespace

void round_coordinates(OGRGeometry& geometry, int decimals) {
    const double scale = std::pow(10.0, decimals);
    const auto type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbPolygon) {
        round_polygon(*geometry.toPolygon(), scale);
    } else if (type == wkbMultiPolygon) {
        for (auto* polygon : *geometry.toMultiPolygon()) {
            round_polygon(*polygon, scale);
        }
    }
}

std::unique_ptr<OGRGeometry> valid_areal(std::unique_ptr<OGRGeometry> geometry) {
    if (!geometry || geometry->IsEmpty() || geometry->IsValid()) {
        return geometry;
    }
    // STRUCTURE: the union of the shells minus the union of the holes, which keeps a hole
    // that came to touch its shell; the default LINEWORK method rebuilds faces from the
    // edges and drops such a hole altogether (the whole shell came back, in the tests).
    const char* const options[] = {"METHOD=STRUCTURE", nullptr};
    std::unique_ptr<OGRGeometry> repaired(geometry->MakeValid(options));
    auto areal = areal_parts(std::move(repaired));
    if (!areal->IsEmpty() && !areal->IsValid()) {
        return nullptr;
    }
    return areal;
}

}  // namespace reach::geo
