#pragma once
// Reads centres (points with an id) through GDAL: a CSV with id,lon,lat (EPSG:4326) or
// id,x,y (in `xy_crs`, default the working CRS), or any GDAL point layer (its own CRS).
// Returns them in the working CRS, in file order. Errors (InputError) name the file and
// record: missing id column, empty or duplicate id, non-numeric or out-of-range coordinate,
// non-point geometry, empty layer.
#include <string>
#include <vector>

namespace reach::io {

struct Centre {
    std::string id;
    double x = 0.0, y = 0.0;      // working CRS
    double lon = 0.0, lat = 0.0;  // EPSG:4326
    std::string name;             // optional `name` column
};

struct CentreReadOptions {
    std::string working_crs = "EPSG:3035";
    std::string id_field = "id";
    std::string xy_crs;           // CRS of x,y columns in a CSV; empty = working CRS
    // Matrix scenarios (SCENARIO.md § matrix): centres are ids only; no coordinate columns
    // are read (x, y, lon, lat are NaN) and a file with a header and no record is allowed.
    bool ids_only = false;
};

[[nodiscard]] std::vector<Centre> read_centres(const std::string& path,
                                               const CentreReadOptions& options);

}  // namespace reach::io
