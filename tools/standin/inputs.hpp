#pragma once
// Inputs of the stand-in road generator, all read through GDAL: the Census 2021 1 km grid
// (EPSG:3035, x_ll/y_ll = lower-left corner, T = total population), the places (lon/lat) and
// the LV/LT land polygons (EPSG:4326, reprojected to EPSG:3035 and prepared for fast
// point-in-polygon tests). Errors are reach::InputError naming the file and what was expected.
#include <ogr_api.h>
#include <ogr_geometry.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace reach::standin {

inline constexpr double cell_size_m = 1000.0;

// A window in EPSG:3035 metres; cells whose centre lies inside are kept.
struct Window {
    double xmin = -std::numeric_limits<double>::infinity();
    double ymin = -std::numeric_limits<double>::infinity();
    double xmax = std::numeric_limits<double>::infinity();
    double ymax = std::numeric_limits<double>::infinity();
    [[nodiscard]] bool contains(double x, double y) const {
        return x >= xmin && x <= xmax && y >= ymin && y <= ymax;
    }
};

// The census cells inside the window as a dense raster; cell (i, j) has its lower-left corner
// at (x0_m + 1000 i, y0_m + 1000 j). Cells absent from the file have population 0.
struct CensusGrid {
    std::int64_t x0_m = 0;
    std::int64_t y0_m = 0;
    std::int32_t nx = 0;
    std::int32_t ny = 0;
    std::vector<std::int32_t> population;  // nx * ny, index j * nx + i
    std::int64_t total_population = 0;
    std::int64_t cell_count = 0;  // cells present in the file inside the window

    [[nodiscard]] std::int32_t at(std::int32_t i, std::int32_t j) const {
        if (i < 0 || j < 0 || i >= nx || j >= ny) {
            return 0;
        }
        return population[static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) +
                          static_cast<std::size_t>(i)];
    }
};

[[nodiscard]] CensusGrid read_census(const std::string& path, const Window& window);

struct Place {
    std::string name;
    std::string country;  // ISO 3166-1 alpha-2
    std::string kind;     // city, town, village
    double x = 0.0;       // EPSG:3035
    double y = 0.0;
};

// Places in file order (columns name, country, kind, lon, lat; EPSG:4326).
[[nodiscard]] std::vector<Place> read_places(const std::string& path);

// The LV and LT land polygons (features with iso_a3 LVA or LTU) in EPSG:3035.
class LandMask {
public:
    explicit LandMask(const std::string& path);
    ~LandMask();
    LandMask(const LandMask&) = delete;
    LandMask& operator=(const LandMask&) = delete;

    [[nodiscard]] bool contains(double x, double y) const;
    [[nodiscard]] std::size_t country_count() const { return m_countries.size(); }

private:
    struct Country {
        std::unique_ptr<OGRGeometry> geometry;
        OGREnvelope envelope;
        OGRPreparedGeometryH prepared = nullptr;
    };
    std::vector<Country> m_countries;
    mutable OGRPoint m_point;  // reused by contains()
};

}  // namespace reach::standin
