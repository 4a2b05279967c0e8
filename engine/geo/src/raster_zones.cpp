#include "reach/geo/raster_zones.hpp"

#include <fmt/format.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::geo {
namespace {

struct Close {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, Close>;

void set_georeference(GDALDataset& dataset, const RasterGrid& grid) {
    double transform[6] = {grid.min_x, grid.pixel_m, 0.0, grid.max_y, 0.0, -grid.pixel_m};
    dataset.SetGeoTransform(transform);
    const auto srs = make_srs(grid.crs, "raster CRS");
    dataset.SetSpatialRef(&srs);
}

// The union of the pixels whose mask is 1, as a MultiPolygon. GDALPolygonize (4-connected)
// gives disjoint polygons that meet at most at corners, so collecting them is already a
// valid MultiPolygon: no overlay needed (a union of the regional car zone took seconds).
std::unique_ptr<OGRGeometry> polygonize(const RasterGrid& grid, const std::vector<GByte>& mask) {
    auto* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    Dataset raster(mem->Create("", grid.width, grid.height, 1, GDT_Byte, nullptr));
    if (!raster) {
        throw std::runtime_error(fmt::format("polygonize: no memory raster ({})",
                                             take_gdal_error()));
    }
    set_georeference(*raster, grid);
    auto* band = raster->GetRasterBand(1);
    if (band->RasterIO(GF_Write, 0, 0, grid.width, grid.height,
                       const_cast<GByte*>(mask.data()), grid.width, grid.height, GDT_Byte, 0,
                       0) != CE_None) {
        throw std::runtime_error(fmt::format("polygonize: cannot fill the mask ({})", take_gdal_error()));
    }
    // GDAL 3.6: "MEM" holds rasters, "Memory" vector layers.
    auto* memory = GetGDALDriverManager()->GetDriverByName("Memory");
    Dataset vectors(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer =
        vectors ? vectors->CreateLayer("zones", nullptr, wkbPolygon, nullptr) : nullptr;
    if (layer == nullptr) {
        throw std::runtime_error(
            fmt::format("polygonize: no memory layer ({})", take_gdal_error()));
    }
    OGRFieldDefn value("value", OFTInteger);
    layer->CreateField(&value);
    // The mask band is its own mask: pixels at 0 give no polygon.
    if (GDALPolygonize(band, band, layer, 0, nullptr, nullptr, nullptr) != CE_None) {
        throw std::runtime_error(fmt::format("polygonize failed ({})", take_gdal_error()));
    }
    auto parts = std::make_unique<OGRMultiPolygon>();
    for (auto& feature : *layer) {
        if (const auto* g = feature->GetGeometryRef()) {
            parts->addGeometry(g);
        }
    }
    return parts;
}

std::unique_ptr<OGRMultiPolygon> as_multi(std::unique_ptr<OGRGeometry> g) {
    auto out = std::make_unique<OGRMultiPolygon>();
    if (!g || g->IsEmpty()) {
        return out;
    }
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) {
        out->addGeometry(g.get());
    } else if (type == wkbMultiPolygon) {
        for (const auto* part : *g->toMultiPolygon()) {
            out->addGeometry(part);
        }
    } else if (type == wkbGeometryCollection) {  // after MakeValid: keep the areal parts
        for (const auto* part : *g->toGeometryCollection()) {
            if (wkbFlatten(part->getGeometryType()) == wkbPolygon) {
                out->addGeometry(part);
            }
        }
    }
    return out;
}

std::vector<unsigned char> wkb(const OGRGeometry& g) {
    std::vector<unsigned char> bytes(static_cast<std::size_t>(g.WkbSize()));
    g.exportToWkb(wkbNDR, bytes.data(), wkbVariantIso);
    return bytes;
}

}  // namespace

std::vector<Zone> zones_from_raster(const RasterGrid& grid, std::span<const float> minutes,
                                    std::span<const double> thresholds_min) {
    REACH_ASSERT(minutes.size() == static_cast<std::size_t>(grid.width) *
                                       static_cast<std::size_t>(grid.height));
    gdal_init();
    std::vector<Zone> zones;
    std::vector<GByte> mask(minutes.size());
    // The polygons of the pixels with lower < time ≤ upper (lower −∞ for cumulative zones):
    // band and cumulative zones come from the same pixel sets, so they nest exactly.
    const auto zone_of = [&](double lower, double upper) {
        bool any = false;
        for (std::size_t i = 0; i < minutes.size(); ++i) {
            const double t = minutes[i];
            mask[i] = !std::isnan(minutes[i]) && t > lower + 1e-6 / 60.0 &&
                              t <= upper + 1e-6 / 60.0
                          ? 1
                          : 0;
            any = any || mask[i] != 0;
        }
        return any ? as_multi(polygonize(grid, mask)) : std::make_unique<OGRMultiPolygon>();
    };
    double lower = -1.0;
    for (const double t : thresholds_min) {
        const auto cumulative = zone_of(-1.0, t);
        const auto band = zone_of(lower, t);
        Zone zone;
        zone.threshold_min = t;
        zone.cumulative_wkb = wkb(*cumulative);
        zone.band_wkb = wkb(*band);
        zone.cumulative_area_km2 = cumulative->get_Area() / 1e6;
        zone.band_area_km2 = band->get_Area() / 1e6;
        zones.push_back(std::move(zone));
        lower = t;
    }
    return zones;
}

void write_time_geotiff(const std::filesystem::path& path, const RasterGrid& grid,
                        std::span<const float> minutes) {
    REACH_ASSERT(minutes.size() == static_cast<std::size_t>(grid.width) *
                                       static_cast<std::size_t>(grid.height));
    gdal_init();
    constexpr float nodata = -9999.0f;
    std::vector<float> values(minutes.begin(), minutes.end());
    for (auto& v : values) {
        if (std::isnan(v)) v = nodata;
    }
    auto* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    const char* const options[] = {"COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=256",
                                   "BLOCKYSIZE=256", "PREDICTOR=3", nullptr};
    Dataset dataset(driver->Create(path.c_str(), grid.width, grid.height, 1, GDT_Float32,
                                   const_cast<char**>(options)));
    if (!dataset) {
        throw OutputError(fmt::format("{}: cannot create the GeoTIFF ({})", path.string(),
                                      take_gdal_error()));
    }
    set_georeference(*dataset, grid);
    auto* band = dataset->GetRasterBand(1);
    band->SetNoDataValue(nodata);
    band->SetDescription("travel time to the nearest centre, minutes");
    if (band->RasterIO(GF_Write, 0, 0, grid.width, grid.height, values.data(), grid.width,
                       grid.height, GDT_Float32, 0, 0) != CE_None) {
        throw OutputError(fmt::format("{}: cannot write the GeoTIFF ({})", path.string(),
                                      take_gdal_error()));
    }
    std::vector<int> levels;
    for (int f = 2; grid.width / f >= 128 || grid.height / f >= 128; f *= 2) {
        levels.push_back(f);
    }
    if (!levels.empty() &&
        dataset->BuildOverviews("NEAREST", static_cast<int>(levels.size()), levels.data(), 0,
                                nullptr, nullptr, nullptr) != CE_None) {
        throw OutputError(fmt::format("{}: cannot build overviews ({})", path.string(),
                                      take_gdal_error()));
    }
    CPLErrorReset();
    dataset.reset();  // closing flushes the tiles: a failure there is a write failure too
    if (CPLGetLastErrorType() == CE_Failure) {
        throw OutputError(fmt::format("{}: {}", path.string(), take_gdal_error()));
    }
}

}  // namespace reach::geo
