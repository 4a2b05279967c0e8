#include "reach/geo/raster_zones.hpp"

#include <fmt/format.h>
#include <gdal_alg.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/geo/validity.hpp"

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

std::vector<unsigned char> wkb(const OGRGeometry& g) {
    std::vector<unsigned char> bytes(static_cast<std::size_t>(g.WkbSize()));
    g.exportToWkb(wkbNDR, bytes.data(), wkbVariantIso);
    return bytes;
}

// The polygons of the pixels with lower < time ≤ upper (lower −1 for a cumulative zone),
// with 1e-6 s of tolerance (SCENARIO.md: within means time ≤ T).
std::unique_ptr<OGRMultiPolygon> pixel_zone(const RasterGrid& grid, std::span<const float> minutes,
                                            double lower, double upper) {
    std::vector<GByte> mask(minutes.size());
    bool any = false;
    for (std::size_t i = 0; i < minutes.size(); ++i) {
        const double t = minutes[i];
        mask[i] = !std::isnan(minutes[i]) && t > lower + 1e-6 / 60.0 && t <= upper + 1e-6 / 60.0
                      ? 1
                      : 0;
        any = any || mask[i] != 0;
    }
    return any ? areal_parts(polygonize(grid, mask)) : std::make_unique<OGRMultiPolygon>();
}

// `raw` simplified (GEOS TopologyPreserveSimplify), or made valid when simplifying breaks it.
std::unique_ptr<OGRMultiPolygon> simplified_zone(const OGRMultiPolygon& raw, double simplify_m) {
    std::unique_ptr<OGRGeometry> simple(
        raw.IsEmpty() ? raw.clone() : raw.SimplifyPreserveTopology(simplify_m));
    if (!simple || !simple->IsValid()) {
        simple.reset(raw.MakeValid());
    }
    return areal_parts(std::move(simple));
}

}  // namespace

std::vector<Zone> zones_from_raster(const RasterGrid& grid, std::span<const float> minutes,
                                    std::span<const double> thresholds_min, double simplify_m) {
    REACH_ASSERT(minutes.size() == static_cast<std::size_t>(grid.width) *
                                       static_cast<std::size_t>(grid.height));
    gdal_init();
    const std::size_t n = thresholds_min.size();
    std::vector<std::unique_ptr<OGRMultiPolygon>> cumulative(n), band(n);
    const auto lower_of = [&](std::size_t k) { return k == 0 ? -1.0 : thresholds_min[k - 1]; };
    if (n == 0) {
        return {};
    }
    if (simplify_m <= 0.0) {
        // Band and cumulative zones from the same pixel sets: they nest exactly.
        tbb::parallel_for(std::size_t{0}, n, [&](std::size_t k) {
            cumulative[k] = pixel_zone(grid, minutes, -1.0, thresholds_min[k]);
            band[k] = pixel_zone(grid, minutes, lower_of(k), thresholds_min[k]);
        });
    } else {
        // Each cumulative zone simplified on its own (topology kept: no ring crosses another),
        // then joined with the zone below so that it still contains it; the bands are the
        // differences — never simplified one by one, which would make them overlap. The widest
        // zone, the slowest, is drawn beside the others, which go from the narrowest up, each
        // joined to the chain as soon as it is simplified: only the widest zone's union and
        // band are left when it is done (the same operations on the same inputs in any order).
        const auto make_band = [&](std::size_t k) {
            band[k] = k == 0 || cumulative[k - 1]->IsEmpty()
                          ? std::unique_ptr<OGRMultiPolygon>(cumulative[k]->clone())
                          : areal_parts(std::unique_ptr<OGRGeometry>(
                                cumulative[k]->Difference(cumulative[k - 1].get())));
        };
        const auto simplified = [&](std::size_t k) {
            return simplified_zone(*pixel_zone(grid, minutes, -1.0, thresholds_min[k]),
                                   simplify_m);
        };
        // cumulative[k] simplified: joined with the final zone below, then its band on the side.
        tbb::task_group work;
        const auto chain = [&](std::size_t k) {
            if (k > 0 && !cumulative[k - 1]->IsEmpty()) {
                cumulative[k] = areal_parts(std::unique_ptr<OGRGeometry>(
                    cumulative[k]->Union(cumulative[k - 1].get())));
            }
            work.run([&make_band, k] { make_band(k); });
        };
        std::unique_ptr<OGRMultiPolygon> widest;
        work.run([&] { widest = simplified(n - 1); });
        for (std::size_t k = 0; k + 1 < n; ++k) {
            cumulative[k] = simplified(k);
            chain(k);
        }
        work.wait();
        cumulative[n - 1] = std::move(widest);
        chain(n - 1);
        work.wait();
    }
    std::vector<Zone> zones(n);
    for (std::size_t k = 0; k < n; ++k) {
        zones[k].threshold_min = thresholds_min[k];
        zones[k].cumulative_wkb = wkb(*cumulative[k]);
        zones[k].band_wkb = wkb(*band[k]);
        zones[k].cumulative_area_km2 = cumulative[k]->get_Area() / 1e6;
        zones[k].band_area_km2 = band[k]->get_Area() / 1e6;
    }
    return zones;
}

namespace {

// The GeoTIFF at `gdal_path` (a file, or a /vsimem/ one); errors name `shown`.
void make_time_geotiff(const std::string& gdal_path, const std::string& shown,
                       const RasterGrid& grid, std::span<const float> minutes) {
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
    Dataset dataset(driver->Create(gdal_path.c_str(), grid.width, grid.height, 1, GDT_Float32,
                                   const_cast<char**>(options)));
    if (!dataset) {
        throw OutputError(fmt::format("{}: cannot create the GeoTIFF ({})", shown,
                                      take_gdal_error()));
    }
    set_georeference(*dataset, grid);
    auto* band = dataset->GetRasterBand(1);
    band->SetNoDataValue(nodata);
    band->SetDescription("travel time to the nearest centre, minutes");
    if (band->RasterIO(GF_Write, 0, 0, grid.width, grid.height, values.data(), grid.width,
                       grid.height, GDT_Float32, 0, 0) != CE_None) {
        throw OutputError(fmt::format("{}: cannot write the GeoTIFF ({})", shown,
                                      take_gdal_error()));
    }
    std::vector<int> levels;
    for (int f = 2; grid.width / f >= 128 || grid.height / f >= 128; f *= 2) {
        levels.push_back(f);
    }
    if (!levels.empty() &&
        dataset->BuildOverviews("NEAREST", static_cast<int>(levels.size()), levels.data(), 0,
                                nullptr, nullptr, nullptr) != CE_None) {
        throw OutputError(fmt::format("{}: cannot build overviews ({})", shown,
                                      take_gdal_error()));
    }
    CPLErrorReset();
    dataset.reset();  // closing flushes the tiles: a failure there is a write failure too
    if (CPLGetLastErrorType() == CE_Failure) {
        throw OutputError(fmt::format("{}: {}", shown, take_gdal_error()));
    }
}

}  // namespace

void write_time_geotiff(const std::filesystem::path& path, const RasterGrid& grid,
                        std::span<const float> minutes) {
    make_time_geotiff(path.string(), path.string(), grid, minutes);
}

std::string encode_time_geotiff(const RasterGrid& grid, std::span<const float> minutes) {
    static std::atomic<std::uint64_t> files{0};
    const auto name = fmt::format("/vsimem/reach_travel_time_{}.tif", files++);
    try {
        make_time_geotiff(name, "travel-time GeoTIFF (in memory)", grid, minutes);
    } catch (...) {
        VSIUnlink(name.c_str());
        throw;
    }
    vsi_l_offset size = 0;
    // Taken over: the memory file is gone, its buffer is ours to free.
    GByte* bytes = VSIGetMemFileBuffer(name.c_str(), &size, TRUE);
    if (bytes == nullptr) {
        throw OutputError(fmt::format("travel-time GeoTIFF (in memory): not written ({})",
                                      take_gdal_error()));
    }
    std::string encoded(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    VSIFree(bytes);
    return encoded;
}

}  // namespace reach::geo
