#pragma once
// Travel-time rasters → nested zones (isochrone polygons) and the GeoTIFF of the surface.
//
// zones_from_raster(): for thresholds T1 < T2 < …, the cumulative zone k is the union of the
// pixels with a time ≤ T_k and band k that of the pixels with T_{k−1} < time ≤ T_k
// (GDALPolygonize of each mask, 4-connected: disjoint polygons meeting at most at corners,
// a valid MultiPolygon without any overlay). The pixel sets are nested, so zone k contains
// zone k − 1 and the bands tile it exactly: no two isochrones of one surface can cross, the
// defect users of contour-based tools report. Holes (roadless forest, a lake) stay
// holes; separate islands stay separate parts. With simplify_m = 0 the edges follow pixel
// boundaries. With simplify_m > 0 each cumulative zone is simplified (GEOS
// TopologyPreserveSimplify, tolerance simplify_m), joined with the simplified zone below so
// it still contains it, and the bands are the differences of consecutive cumulative zones: they
// tile each zone without overlap. (Simplifying bands one by one would make them overlap, and
// GEOS 3.11 has no coverage simplification.)
// Cost: two byte masks and two polygonizes per threshold, O(pixels); simplified, one simplify,
// one union and one difference per threshold.
//
// write_time_geotiff(): Float32 minutes, nodata −9999 (NaN in), DEFLATE, tiled 256 × 256,
// internal overviews (NEAREST: an overview pixel keeps a real time, never an average that no
// place has), the CRS set. OutputError naming the path on failure.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace reach::geo {

// A north-up grid: top-left corner, square pixels, in the metric `crs`.
struct RasterGrid {
    double min_x = 0.0, max_y = 0.0;
    double pixel_m = 100.0;
    int width = 0, height = 0;
    std::string crs;
};

struct Zone {
    double threshold_min = 0.0;
    std::vector<unsigned char> cumulative_wkb, band_wkb;  // ISO WKB MultiPolygons (maybe empty)
    double cumulative_area_km2 = 0.0, band_area_km2 = 0.0;
};

// minutes: row-major from the top-left, NaN = unreachable.
[[nodiscard]] std::vector<Zone> zones_from_raster(const RasterGrid& grid,
                                                  std::span<const float> minutes,
                                                  std::span<const double> thresholds_min,
                                                  double simplify_m = 0.0);

// The travel-time raster as a GeoTIFF (minutes, nodata −9999, DEFLATE, tiled, overviews).
void write_time_geotiff(const std::filesystem::path& path, const RasterGrid& grid,
                        std::span<const float> minutes);

// The bytes write_time_geotiff() would write, made in memory (GDAL /vsimem/): a run encodes its
// rasters beside the isochrone zones, while a core is free, and writes them with the folder.
[[nodiscard]] std::string encode_time_geotiff(const RasterGrid& grid,
                                              std::span<const float> minutes);

}  // namespace reach::geo
