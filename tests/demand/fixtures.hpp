#pragma once
// Fixture writers for the demand tests: every file is written through GDAL (CSV.gz through
// /vsigzip/, vector layers through OGR drivers, rasters through the GTiff driver), so the
// tests read what GDAL itself writes.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/demand/population.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach_test/support.hpp"

namespace reach::test::demand {

// Group specs (GroupSpec is an aggregate; these keep -Wmissing-field-initializers quiet).
inline reach::demand::GroupSpec column_group(
    const std::string& name, const std::string& column, const std::string& flag_column = "",
    reach::demand::Impute impute = reach::demand::Impute::none) {
    reach::demand::GroupSpec group;
    group.name = name;
    group.column = column;
    group.flag_column = flag_column;
    group.impute = impute;
    return group;
}
inline reach::demand::GroupSpec band_group(const std::string& name, int band,
                                           const std::string& file = "") {
    reach::demand::GroupSpec group;
    group.name = name;
    group.band = band;
    group.file = file;
    return group;
}

using reach::test::input_error_message;

inline void write_gzip(const std::filesystem::path& path, const std::string& text) {
    reach::geo::gdal_init();
    const std::string name = "/vsigzip/" + path.string();
    VSILFILE* file = VSIFOpenL(name.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(VSIFWriteL(text.data(), 1, text.size(), file), text.size());
    ASSERT_EQ(VSIFCloseL(file), 0);
}

struct Field {
    std::string name;
    OGRFieldType type = OFTString;
};
struct Feature {
    std::string wkt;
    std::vector<std::string> values;  // one per field, as text (GDAL converts)
};

// A one-layer vector file (driver by name: "GPKG", "ESRI Shapefile", "GeoJSON").
inline void write_layer(const std::filesystem::path& path, const char* driver_name,
                        const std::string& layer_name, const std::string& crs,
                        OGRwkbGeometryType type, const std::vector<Field>& fields,
                        const std::vector<Feature>& features) {
    reach::geo::gdal_init();
    auto* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    ASSERT_NE(driver, nullptr);
    GDALDataset* dataset = driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    ASSERT_NE(dataset, nullptr);
    auto srs = reach::geo::make_srs(crs);
    OGRLayer* layer = dataset->CreateLayer(layer_name.c_str(), &srs, type, nullptr);
    ASSERT_NE(layer, nullptr);
    for (const auto& field : fields) {
        OGRFieldDefn defn(field.name.c_str(), field.type);
        ASSERT_EQ(layer->CreateField(&defn), OGRERR_NONE);
    }
    for (const auto& feature : features) {
        OGRFeature out(layer->GetLayerDefn());
        for (std::size_t f = 0; f < fields.size(); ++f) {
            out.SetField(static_cast<int>(f), feature.values.at(f).c_str());
        }
        OGRGeometry* geometry = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(feature.wkt.c_str(), &srs, &geometry),
                  OGRERR_NONE);
        out.SetGeometryDirectly(geometry);
        ASSERT_EQ(layer->CreateFeature(&out), OGRERR_NONE);
    }
    GDALClose(dataset);
}

// "POLYGON ((x y, x+s y, x+s y+s, x y+s, x y))" — a square cell from its lower-left corner.
inline std::string square_wkt(double x, double y, double size) {
    return "POLYGON ((" + std::to_string(x) + " " + std::to_string(y) + ", " +
           std::to_string(x + size) + " " + std::to_string(y) + ", " + std::to_string(x + size) +
           " " + std::to_string(y + size) + ", " + std::to_string(x) + " " +
           std::to_string(y + size) + ", " + std::to_string(x) + " " + std::to_string(y) + "))";
}

// A Float64 GeoTIFF of `width` × `height` pixels; bands[b][row * width + col].
inline void write_geotiff(const std::filesystem::path& path, int width, int height,
                          const std::vector<double>& geotransform, const std::string& crs,
                          const std::vector<std::vector<double>>& bands,
                          const double* nodata = nullptr) {
    reach::geo::gdal_init();
    auto* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    ASSERT_NE(driver, nullptr);
    GDALDataset* dataset = driver->Create(path.string().c_str(), width, height,
                                          static_cast<int>(bands.size()), GDT_Float64, nullptr);
    ASSERT_NE(dataset, nullptr);
    auto transform = geotransform;
    ASSERT_EQ(dataset->SetGeoTransform(transform.data()), CE_None);
    const auto srs = reach::geo::make_srs(crs);
    ASSERT_EQ(dataset->SetSpatialRef(&srs), CE_None);
    for (std::size_t b = 0; b < bands.size(); ++b) {
        auto* band = dataset->GetRasterBand(static_cast<int>(b) + 1);
        if (nodata != nullptr) {
            ASSERT_EQ(band->SetNoDataValue(*nodata), CE_None);
        }
        auto values = bands[b];
        ASSERT_EQ(band->RasterIO(GF_Write, 0, 0, width, height, values.data(), width, height,
                                 GDT_Float64, 0, 0, nullptr),
                  CE_None);
    }
    GDALClose(dataset);
}

}  // namespace reach::test::demand
