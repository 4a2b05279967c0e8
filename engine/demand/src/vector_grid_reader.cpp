// Population from a CSV / CSV.gz (x,y columns) or any GDAL vector layer (points or polygons).
// Every value goes through GDAL; CSV columns arrive as strings and are parsed strictly here.
#include <fmt/format.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "gdal_helpers.hpp"
#include "raw_grid.hpp"
#include "reach/core/error.hpp"
#include "reach/core/utf8.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::demand::detail {
namespace {

constexpr const char* persons_expected = "expected a number of persons >= 0";

struct GroupColumns {
    int count = -1;
    int flag = -1;
};

// "census.csv:14 (cell CRS3035RES1000mN3740000E5332000)": where a record's problem is.
std::string record_where(const std::string& record, const std::string& cell_id) {
    return cell_id.empty() ? record : fmt::format("{} (cell {})", record, cell_id);
}

std::string quoted_field(const OGRFeature& feature, int index) {
    const auto text = field_text(feature, index);
    return text.null ? "empty" : fmt::format("\"{}\"", text.text);
}

double read_count(const OGRFeature& feature, int index, const std::string& column,
                  const std::string& where) {
    const auto value = field_number(feature, index);
    if (!value) {
        const auto text = field_text(feature, index);
        const bool empty = text.null || trim(text.text).empty();
        throw InputError(
            where_what(where, fmt::format("column {}: {} ({})", column,
                                          empty ? std::string("empty value")
                                                : fmt::format("\"{}\" is not a number", text.text),
                                          persons_expected)));
    }
    if (*value < 0.0) {
        throw InputError(
            where_what(where, fmt::format("column {}: {} is negative ({})", column,
                                          quoted_field(feature, index), persons_expected)));
    }
    return *value;
}

bool read_flag(const OGRFeature& feature, int index, const std::string& column,
               const std::string& where) {
    const auto value = field_number(feature, index);
    if (!value || (*value != 0.0 && *value != 1.0)) {
        throw InputError(where_what(
            where, fmt::format("column {}: {} is not a confidentiality flag (expected 0 or 1)",
                               column, quoted_field(feature, index))));
    }
    return *value == 1.0;
}

double read_coordinate(const OGRFeature& feature, int index, const std::string& column,
                       const std::string& where) {
    const auto value = field_number(feature, index);
    if (!value) {
        throw InputError(
            where_what(where, fmt::format("column {}: {} is not a coordinate (expected a number)",
                                          column, quoted_field(feature, index))));
    }
    return *value;
}

// An equity ranking value (e.g. a deprivation score): any finite number.
double read_rank(const OGRFeature& feature, int index, const std::string& column,
                 const std::string& where) {
    const auto value = field_number(feature, index);
    if (!value || !std::isfinite(*value)) {
        throw InputError(where_what(
            where, fmt::format("column {}: {} is not a number (expected a finite ranking value)",
                               column, quoted_field(feature, index))));
    }
    return *value;
}

}  // namespace

RawGrid read_vector_grid(const PopulationSpec& spec, const std::vector<const GroupSpec*>& groups,
                         const OGRSpatialReference& working) {
    const auto [file, layer_name] = split_layer(spec.file);
    const bool csv = is_csv(file);
    const DatasetPtr dataset = csv ? open_csv(file) : open_dataset(file, GDAL_OF_VECTOR);
    if (dataset == nullptr || dataset->GetLayerCount() == 0) {
        throw InputError(where_what(
            file, fmt::format("cannot read the population ({}; expected a CSV, a GDAL vector grid "
                              "or a GeoTIFF)",
                              geo::take_gdal_error())));
    }
    OGRLayer& layer = pick_layer(*dataset, file, layer_name);
    const std::string where = csv ? file : fmt::format("{}#{}", file, layer.GetName());
    const OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const bool use_geometry = !csv && defn.GetGeomFieldCount() > 0;

    const int id = require_field(defn, spec.id_field, where, "the cell id (population.id_field)");
    int x_index = -1;
    int y_index = -1;
    if (!use_geometry && !spec.ids_only) {
        if (spec.x_field.empty() || spec.y_field.empty()) {
            throw InputError(where_what(where,
                                        "no geometry and no population.x_field/y_field (expected "
                                        "the columns holding the cell coordinates)"));
        }
        x_index = require_field(defn, spec.x_field, where, "the x coordinate (population.x_field)");
        y_index = require_field(defn, spec.y_field, where, "the y coordinate (population.y_field)");
    }
    const int country = spec.country_field.empty() ? -1
                                                   : require_field(defn, spec.country_field, where,
                                                                   "population.country_field");
    const int rank = spec.rank_field.empty()
                         ? -1
                         : require_field(defn, spec.rank_field, where,
                                         "the equity ranking (measures.equity_rank_column)");
    std::vector<GroupColumns> columns;
    for (const auto* group : groups) {
        GroupColumns c;
        c.count = require_field(defn, group->column, where,
                                fmt::format("the count of group {}", group->name));
        if (!group->flag_column.empty()) {
            c.flag =
                require_field(defn, group->flag_column, where,
                              fmt::format("the confidentiality flag of group {}", group->name));
        }
        columns.push_back(c);
    }

    RawGrid grid;
    if (use_geometry && !geo::is_undefined(layer.GetSpatialRef())) {
        grid.srs = geo::with_gis_order(*layer.GetSpatialRef());
    } else if (!spec.crs.empty()) {
        grid.srs = geo::make_srs(spec.crs, "population.crs");
    } else if (!use_geometry) {
        grid.srs = working;
    } else {
        throw InputError(where_what(where,
                                    "no CRS (expected a layer with a coordinate reference system, "
                                    "or population.crs)"));
    }
    const bool lower_left = spec.point == PointAnchor::lower_left;
    if (lower_left && !geo::is_metric(grid.srs)) {
        throw InputError(where_what(
            where, fmt::format("population.point: lower_left needs a metric CRS to add half of "
                               "cell_size_m (got {})",
                               geo::describe(grid.srs))));
    }
    const double half_cell = lower_left ? spec.cell_size_m / 2.0 : 0.0;
    grid.cell_size_m = spec.cell_size_m;
    grid.counts.resize(groups.size());
    grid.flagged.resize(groups.size());

    std::unordered_map<std::string, std::string> first_seen;
    for (const auto& feature : layer) {
        // The CSV driver numbers data records from 1 and the header is line 1.
        const std::string record = csv ? fmt::format("{}:{}", file, feature->GetFID() + 1)
                                       : fmt::format("{}, feature {}", where, feature->GetFID());
        std::string cell_id(trim(feature->GetFieldAsString(id)));
        require_utf8(cell_id, record, fmt::format("column {}: cell id", spec.id_field));
        if (cell_id.empty()) {
            throw InputError(where_what(
                record,
                fmt::format("column {}: empty cell id (expected a unique id)", spec.id_field)));
        }
        const auto cell_where = record_where(record, cell_id);
        const auto [seen, inserted] = first_seen.try_emplace(cell_id, record);
        if (!inserted) {
            throw InputError(where_what(
                record, fmt::format("duplicate cell id \"{}\" (first at {}; expected unique ids)",
                                    cell_id, seen->second)));
        }

        double a = std::numeric_limits<double>::quiet_NaN();
        double b = a;
        bool is_point = true;
        if (spec.ids_only) {
            is_point = false;
        } else if (use_geometry) {
            const OGRGeometry* geometry = feature->GetGeometryRef();
            if (geometry == nullptr || geometry->IsEmpty()) {
                throw InputError(
                    where_what(cell_where, "no geometry (expected a polygon or point)"));
            }
            const auto type = wkbFlatten(geometry->getGeometryType());
            if (type == wkbPoint) {
                a = geometry->toPoint()->getX();
                b = geometry->toPoint()->getY();
            } else if (type == wkbPolygon || type == wkbMultiPolygon) {
                OGRPoint centroid;
                if (geometry->Centroid(&centroid) != OGRERR_NONE || centroid.IsEmpty()) {
                    throw InputError(where_what(
                        cell_where, fmt::format("no centroid ({})", geo::take_gdal_error())));
                }
                a = centroid.getX();
                b = centroid.getY();
                is_point = false;
            } else {
                throw InputError(where_what(
                    cell_where, fmt::format("geometry {} is not a polygon or point (expected "
                                            "Polygon, MultiPolygon or Point)",
                                            geometry->getGeometryName())));
            }
        } else {
            a = read_coordinate(*feature, x_index, spec.x_field, cell_where);
            b = read_coordinate(*feature, y_index, spec.y_field, cell_where);
        }
        if (is_point) {
            a += half_cell;
            b += half_cell;
        }

        for (std::size_t g = 0; g < groups.size(); ++g) {
            const bool flagged =
                columns[g].flag >= 0 &&
                read_flag(*feature, columns[g].flag, groups[g]->flag_column, cell_where);
            // A flagged count is unknown: whatever the file holds there (0, -9999, empty) is
            // not a count, so it is neither checked nor kept.
            grid.counts[g].push_back(
                flagged ? 0.0
                        : read_count(*feature, columns[g].count, groups[g]->column, cell_where));
            if (columns[g].flag >= 0) {
                grid.flagged[g].push_back(flagged ? 1 : 0);
            }
        }
        grid.cell_id.push_back(std::move(cell_id));
        grid.x.push_back(a);
        grid.y.push_back(b);
        grid.country.emplace_back(country >= 0 ? trim(feature->GetFieldAsString(country)) : "");
        if (rank >= 0) {
            grid.rank_value.push_back(read_rank(*feature, rank, spec.rank_field, cell_where));
        }
    }
    if (grid.cell_id.empty()) {
        throw InputError(
            where_what(where, "no cells (expected one record or feature per populated cell)"));
    }
    return grid;
}

}  // namespace reach::demand::detail
