#include "reach/geo/crs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <utility>

#include "reach/core/error.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::geo {

OGRSpatialReference make_srs(std::string_view definition, std::string_view context) {
    gdal_init();
    OGRSpatialReference srs;
    const std::string text(definition);
    if (text.empty() || srs.SetFromUserInput(text.c_str()) != OGRERR_NONE) {
        (void)take_gdal_error();
        throw InputError(where_what(std::string(context),
                                    fmt::format("unknown CRS \"{}\" (expected a definition PROJ "
                                                "knows, e.g. EPSG:3035)",
                                                text)));
    }
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

OGRSpatialReference with_gis_order(const OGRSpatialReference& srs) {
    OGRSpatialReference copy(srs);
    copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return copy;
}

std::string describe(const OGRSpatialReference& srs) {
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (authority != nullptr && code != nullptr) {
        return fmt::format("{}:{}", authority, code);
    }
    char* proj = nullptr;
    std::string text = "unnamed CRS";
    if (srs.exportToProj4(&proj) == OGRERR_NONE && proj != nullptr) {
        text = proj;
    }
    CPLFree(proj);
    return text;
}

bool is_undefined(const OGRSpatialReference* srs) {
    if (srs == nullptr) {
        return true;
    }
    const char* name = srs->GetName();
    return name != nullptr && std::string_view(name).starts_with("Undefined ") &&
           srs->GetAuthorityCode(nullptr) == nullptr;
}

bool is_metric(const OGRSpatialReference& srs) {
    return srs.IsProjected() != 0 && std::abs(srs.GetLinearUnits() - 1.0) < 1e-12;
}

Reprojector::Reprojector(const OGRSpatialReference& from, const OGRSpatialReference& to) {
    if (from.IsSame(&to) != 0) {
        return;
    }
    const auto a = with_gis_order(from);
    const auto b = with_gis_order(to);
    m_transform = OGRCreateCoordinateTransformation(&a, &b);
    if (m_transform == nullptr) {
        throw InputError(fmt::format("cannot transform coordinates from {} to {} ({})",
                                     describe(from), describe(to), take_gdal_error()));
    }
}

Reprojector::~Reprojector() { OGRCoordinateTransformation::DestroyCT(m_transform); }

Reprojector::Reprojector(Reprojector&& other) noexcept
    : m_transform(std::exchange(other.m_transform, nullptr)) {}

Reprojector& Reprojector::operator=(Reprojector&& other) noexcept {
    std::swap(m_transform, other.m_transform);
    return *this;
}

bool Reprojector::transform(double& x, double& y) const {
    if (m_transform == nullptr) {
        return std::isfinite(x) && std::isfinite(y);
    }
    double tx = x;
    double ty = y;
    int ok = 0;
    if (!m_transform->Transform(1, &tx, &ty, nullptr, &ok) || ok == 0 || !std::isfinite(tx) ||
        !std::isfinite(ty)) {
        (void)take_gdal_error();
        return false;
    }
    x = tx;
    y = ty;
    return true;
}

std::size_t Reprojector::transform(std::size_t n, double* x, double* y) const {
    std::size_t failed = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!transform(x[i], y[i])) {
            x[i] = std::nan("");
            y[i] = std::nan("");
            ++failed;
        }
    }
    return failed;
}

}  // namespace reach::geo
