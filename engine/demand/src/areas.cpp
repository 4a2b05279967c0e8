// Cells to areas by point in polygon. The cell centres are moved into the layer's CRS (not
// the polygons into the working CRS), so the boundaries are tested exactly as drawn. Each
// polygon becomes a GEOS prepared geometry (through OGR) behind an envelope check; with tens
// of municipalities a linear scan over envelopes costs less than building a tree.
#include <fmt/format.h>

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <cctype>
#include <cmath>
#include <memory>
#include <unordered_map>
#include <vector>

#include "gdal_helpers.hpp"
#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/core/utf8.hpp"
#include "reach/demand/rates.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/geo/validity.hpp"

namespace reach::demand {
namespace {

struct Polygon {
    std::unique_ptr<OGRGeometry> geometry;
    OGRPreparedGeometryUniquePtr prepared;
    OGREnvelope envelope;
    std::int32_t area = AreaAssignment::no_area;
};

bool contains(const Polygon& polygon, OGRPoint& point) {
    const double x = point.getX();
    const double y = point.getY();
    const auto& e = polygon.envelope;
    if (x < e.MinX || x > e.MaxX || y < e.MinY || y > e.MaxY) {
        return false;
    }
    if (polygon.prepared != nullptr) {
        return OGRPreparedGeometryIntersects(polygon.prepared.get(),
                                             OGRGeometry::ToHandle(&point)) != 0;
    }
    return polygon.geometry->Intersects(&point) != 0;
}

}  // namespace

AreaAssignment assign_areas_by_polygon(const std::vector<double>& x, const std::vector<double>& y,
                                       const std::string& boundaries, const std::string& id_field,
                                       const std::string& working_crs,
                                       const std::vector<std::string>& area_ids) {
    REACH_ASSERT(x.size() == y.size());
    const auto [file, layer_name] = detail::split_layer(boundaries);
    detail::require_file(file, "a boundaries layer of polygons");
    const auto dataset = detail::open_dataset(file, GDAL_OF_VECTOR);
    if (dataset == nullptr || dataset->GetLayerCount() == 0) {
        throw InputError(where_what(
            file, fmt::format("cannot read the boundaries ({}; expected a GDAL polygon layer)",
                              geo::take_gdal_error())));
    }
    OGRLayer& layer = detail::pick_layer(*dataset, file, layer_name);
    const auto where = fmt::format("{}#{}", file, layer.GetName());
    const int id = detail::require_field(*layer.GetLayerDefn(), id_field, where, "the area id");
    if (geo::is_undefined(layer.GetSpatialRef())) {
        throw InputError(
            where_what(where, "no CRS (expected a layer with a coordinate reference system)"));
    }
    const auto layer_srs = geo::with_gis_order(*layer.GetSpatialRef());

    AreaAssignment assignment;
    std::unordered_map<std::string, std::int32_t> index;
    const bool listed = !area_ids.empty();
    if (listed) {
        assignment.area_id = area_ids;
        for (std::size_t a = 0; a < area_ids.size(); ++a) {
            index.try_emplace(area_ids[a], static_cast<std::int32_t>(a));
        }
    }
    std::vector<Polygon> polygons;
    for (auto& feature : layer) {
        const auto feature_where = fmt::format("{}, feature {}", where, feature->GetFID());
        const std::string area(detail::trim(feature->GetFieldAsString(id)));
        require_utf8(area, feature_where, fmt::format("column {}: area id", id_field));
        if (area.empty()) {
            throw InputError(where_what(
                feature_where, fmt::format("column {}: empty (expected an area id)", id_field)));
        }
        OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr || geometry->IsEmpty()) {
            throw InputError(where_what(
                feature_where, fmt::format("area {}: no geometry (expected a polygon)", area)));
        }
        const auto type = wkbFlatten(geometry->getGeometryType());
        if (type != wkbPolygon && type != wkbMultiPolygon) {
            throw InputError(where_what(
                feature_where, fmt::format("area {}: geometry {} is not a polygon (expected "
                                           "Polygon or MultiPolygon)",
                                           area, geometry->getGeometryName())));
        }
        std::vector<unsigned char> wkb(static_cast<std::size_t>(geometry->WkbSize()));
        geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        if (const auto reason = geo::invalid_reason(wkb)) {
            std::string what = *reason;
            if (!what.empty()) what[0] = static_cast<char>(std::tolower(what[0]));
            throw InputError(where_what(
                feature_where, fmt::format("area {}: not a valid polygon: {} (expected a valid "
                                           "polygon; repair it, e.g. ogr2ogr -makevalid)",
                                           area, what)));
        }
        Polygon polygon;
        const auto it = index.find(area);
        if (it != index.end()) {
            polygon.area = it->second;
        } else if (!listed) {
            polygon.area = static_cast<std::int32_t>(assignment.area_id.size());
            index.emplace(area, polygon.area);
            assignment.area_id.push_back(area);
        }
        polygon.geometry.reset(feature->StealGeometry());
        polygon.geometry->getEnvelope(&polygon.envelope);
        polygon.prepared.reset(
            OGRCreatePreparedGeometry(OGRGeometry::ToHandle(polygon.geometry.get())));
        polygons.push_back(std::move(polygon));
    }
    if (polygons.empty()) {
        throw InputError(where_what(where, "no features (expected one polygon per area)"));
    }

    const geo::Reprojector to_layer(geo::make_srs(working_crs, "working CRS"), layer_srs);
    assignment.area_of_cell.assign(x.size(), AreaAssignment::no_area);
    OGRPoint point;
    for (std::size_t i = 0; i < x.size(); ++i) {
        double px = x[i];
        double py = y[i];
        if (!to_layer.transform(px, py)) {
            continue;  // outside the layer CRS's domain: outside every polygon
        }
        point.setX(px);
        point.setY(py);
        for (const auto& polygon : polygons) {
            if (contains(polygon, point)) {
                assignment.area_of_cell[i] = polygon.area;
                break;
            }
        }
    }
    return assignment;
}

}  // namespace reach::demand
