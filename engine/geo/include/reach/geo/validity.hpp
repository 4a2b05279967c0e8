#pragma once
// Polygon validity (OGC simple features, as GEOS judges it).
//
// invalid_reason(): why a geometry is not valid, as GEOS says it: "Self-intersection at
// (26.216, 55.785)", "Ring Self-intersection …", "Too few points …"; nullopt when it is valid.
// For input checks (a bow-tie area polygon must be an error naming the area, not a silently
// wrong point-in-polygon). Thread-safe (its own GEOS context per call).
//
// areal_parts() and valid_areal(): for outputs, where every polygon written must be valid
// (issue 10) even after a transform or a rounding moved its vertices. A polygon whose rings
// came to touch or cross is repaired with GEOS MakeValid (through GDAL, METHOD=STRUCTURE:
// the shells minus the holes) and only its areal parts are kept: the lines and points
// MakeValid leaves of a collapsed sliver have no area.
#include <ogr_geometry.h>

#include <memory>
#include <optional>
#include <span>
#include <string>

namespace reach::geo {

[[nodiscard]] std::optional<std::string> invalid_reason(std::span<const unsigned char> wkb);

// The polygons of `geometry` as one MultiPolygon: a Polygon or MultiPolygon as is, from a
// GeometryCollection (MakeValid's answer) the polygons only; anything else, null or empty
// gives an empty MultiPolygon.
[[nodiscard]] std::unique_ptr<OGRMultiPolygon> areal_parts(std::unique_ptr<OGRGeometry> geometry);

// Rounds every vertex of a Polygon or MultiPolygon to `decimals` places in place (other
// types are left alone), e.g. to the 7 decimals GeoJSON (RFC 7946) writes, so that validity
// can be checked on the coordinates the file will hold.
void round_coordinates(OGRGeometry& geometry, int decimals);

// `geometry` (a Polygon or MultiPolygon) if it is valid, else its MakeValid repair as a
// MultiPolygon of its areal parts. nullptr when even the repair is not valid.
[[nodiscard]] std::unique_ptr<OGRGeometry> valid_areal(std::unique_ptr<OGRGeometry> geometry);

}  // namespace reach::geo
