#include "reach/geo/crs.hpp"

#include <fmt/format.h>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

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

std::size_t transform_parallel(const OGRSpatialReference& from, const OGRSpatialReference& to,
                               std::size_t n, double* x, double* y, std::size_t max_threads) {
    constexpr std::size_t min_points_per_part = 32768;
    std::size_t parts = max_threads != 0
                            ? max_threads
                            : static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
    parts = std::clamp<std::size_t>(std::min(parts, n / min_points_per_part), 1, 64);
    // The transformations are made here, one after the other: GDAL's spatial references are
    // not to be shared between threads, while a transformation may move to another thread
    // (GDAL gives it that thread's PROJ context on every call) as long as one thread uses it
    // at a time.
    std::vector<Reprojector> reprojectors;
    reprojectors.reserve(parts);
    for (std::size_t p = 0; p < parts; ++p) {
        reprojectors.emplace_back(from, to);
    }
    const auto part_begin = [&](std::size_t p) { return n / parts * p + std::min(p, n % parts); };
    std::vector<std::size_t> first_failure(parts, n);
    const auto run_part = [&](std::size_t p) {
        const Reprojector& reprojector = reprojectors[p];
        const std::size_t end = part_begin(p + 1);
        for (std::size_t i = part_begin(p); i < end; ++i) {
            if (!reprojector.transform(x[i], y[i])) {
                first_failure[p] = i;
                return;
            }
        }
    };
    if (parts == 1) {
        run_part(0);
    } else {
        tbb::parallel_for(std::size_t{0}, parts, run_part);
    }
    return *std::min_element(first_failure.begin(), first_failure.end());
}

}  // namespace reach::geo
