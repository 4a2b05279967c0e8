#pragma once
// Every polygon a run wrote is valid (issue 10, robust geometry): each polygon feature of each
// layer of a vector file, read back through GDAL and judged by GEOS (geo::invalid_reason).
#include <gdal_priv.h>
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "reach/geo/gdal_init.hpp"
#include "reach/geo/validity.hpp"

namespace reach::test {

struct PolygonCheck {
    std::size_t polygons = 0;          // polygon and multipolygon features checked
    std::vector<std::string> invalid;  // "layer, fid N: GEOS's reason"
};

inline PolygonCheck check_written_polygons(const std::filesystem::path& path) {
    geo::gdal_init();
    PolygonCheck check;
    const std::unique_ptr<GDALDataset> dataset(GDALDataset::Open(
        path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset) {
        check.invalid.push_back("cannot open " + path.string());
        return check;
    }
    for (auto* layer : dataset->GetLayers()) {
        for (auto& feature : *layer) {
            const auto* geometry = feature->GetGeometryRef();
            if (geometry == nullptr ||
                (wkbFlatten(geometry->getGeometryType()) != wkbPolygon &&
                 wkbFlatten(geometry->getGeometryType()) != wkbMultiPolygon)) {
                continue;
            }
            ++check.polygons;
            std::vector<unsigned char> wkb(static_cast<std::size_t>(geometry->WkbSize()));
            geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
            if (const auto reason = geo::invalid_reason(wkb)) {
                check.invalid.push_back(
                    fmt::format("{}, fid {}: {}", layer->GetName(), feature->GetFID(), *reason));
            }
        }
    }
    return check;
}

}  // namespace reach::test
