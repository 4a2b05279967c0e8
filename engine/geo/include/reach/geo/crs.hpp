#pragma once
// CRS helpers. The only place that creates OGRSpatialReference objects, so the axis order is
// fixed in one place: x = easting or longitude, y = northing or latitude (DESIGN.md, Rules).
#include <memory>
#include <string>
#include <string_view>

#include <ogr_spatialref.h>

namespace reach::geo {

inline constexpr std::string_view default_working_crs = "EPSG:3035";
inline constexpr std::string_view wgs84 = "EPSG:4326";

// A spatial reference from any definition GDAL understands (EPSG:3035, WKT, PROJ string),
// with traditional GIS axis order. Throws InputError naming `context` and the definition
// when GDAL/PROJ does not know it.
[[nodiscard]] OGRSpatialReference make_srs(std::string_view definition,
                                           std::string_view context = "");
// A copy of `srs` (e.g. from a GDAL layer) with traditional GIS axis order set.
[[nodiscard]] OGRSpatialReference with_gis_order(const OGRSpatialReference& srs);

// "EPSG:3035" when the CRS has an EPSG code, else its PROJ string (for messages and keys).
[[nodiscard]] std::string describe(const OGRSpatialReference& srs);

// True when a layer has no CRS: no spatial reference at all, or the placeholder GDAL gives a
// GeoPackage layer with srs_id 0 or −1 ("Undefined geographic SRS", "Undefined Cartesian
// SRS"), which would otherwise be taken for WGS 84.
[[nodiscard]] bool is_undefined(const OGRSpatialReference* srs);

// True for projected CRSs whose linear unit is the metre.
[[nodiscard]] bool is_metric(const OGRSpatialReference& srs);

// Transforms points between two CRSs (both in traditional GIS order). Not thread-safe: one
// instance per thread.
class Reprojector {
public:
    Reprojector(const OGRSpatialReference& from, const OGRSpatialReference& to);
    ~Reprojector();
    Reprojector(const Reprojector&) = delete;
    Reprojector& operator=(const Reprojector&) = delete;
    Reprojector(Reprojector&&) noexcept;
    Reprojector& operator=(Reprojector&&) noexcept;

    // Transforms in place; returns false when PROJ cannot transform the point (outside the
    // CRS's domain, NaN).
    [[nodiscard]] bool transform(double& x, double& y) const;
    // Transforms n points in place; returns the number that failed (their x,y become NaN).
    std::size_t transform(std::size_t n, double* x, double* y) const;
    [[nodiscard]] bool is_identity() const { return m_transform == nullptr; }

private:
    OGRCoordinateTransformation* m_transform = nullptr;
};

// Transforms n points from `from` to `to` in place, each exactly as
// Reprojector(from, to).transform(x, y) would, in contiguous parts on up to `max_threads`
// threads (0: as many as TBB offers), one transformation per part: the result does not depend
// on the number of threads. Returns n when all points succeed, else the index of the first
// point that fails (values from that index on are then unspecified). Throws like the
// Reprojector constructor.
[[nodiscard]] std::size_t transform_parallel(const OGRSpatialReference& from,
                                             const OGRSpatialReference& to, std::size_t n,
                                             double* x, double* y, std::size_t max_threads = 0);

}  // namespace reach::geo
