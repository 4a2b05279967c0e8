#pragma once
// The population as read, before reprojection and imputation: cell centres in the source CRS,
// counts per read group (flagged counts set to 0), flags per group. Private to demand.
#include <ogr_spatialref.h>

#include <string>
#include <vector>

#include "reach/demand/population.hpp"

namespace reach::demand::detail {

struct RawGrid {
    OGRSpatialReference srs;  // CRS of x, y
    double cell_size_m = 0.0;
    std::vector<std::string> cell_id;
    std::vector<double> x, y;
    std::vector<std::string> country;
    std::vector<double> rank_value;  // empty: no rank_field
    std::vector<std::vector<double>> counts;  // [read group][cell]
    std::vector<std::vector<char>> flagged;   // [read group][cell]; empty: no flag column
};

// The groups read from the file (those without `rates`), in spec order.
[[nodiscard]] std::vector<const GroupSpec*> read_groups(const PopulationSpec& spec);

// A CSV, CSV.gz or GDAL vector layer (`file#layer`) of points or polygons.
[[nodiscard]] RawGrid read_vector_grid(const PopulationSpec& spec,
                                       const std::vector<const GroupSpec*>& groups,
                                       const OGRSpatialReference& working);
// A GDAL raster: one band (or file + band) per group.
[[nodiscard]] RawGrid read_raster_grid(const PopulationSpec& spec,
                                       const std::vector<const GroupSpec*>& groups);

}  // namespace reach::demand::detail
