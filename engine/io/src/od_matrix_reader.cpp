#include "reach/io/od_matrix_reader.hpp"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "reach/core/error.hpp"
#include "reach/io/gdal_helpers.hpp"

namespace reach::io {

OdMatrix read_od_matrix(const std::string& path) {
    gdal::require_file(path, "a travel-time matrix: CSV origin_id,destination_id,time_min");
    if (!gdal::is_csv(path)) {
        throw InputError(where_what(path, "not a CSV (expected a .csv or .csv.gz with columns "
                                          "origin_id,destination_id,time_min)"));
    }
    const auto dataset = gdal::open_csv(path);
    OGRLayer& layer = gdal::pick_layer(*dataset, path, "");
    const auto& defn = *layer.GetLayerDefn();
    const int origin = gdal::require_field(defn, "origin_id", path, "the origin (a cell id)");
    const int destination =
        gdal::require_field(defn, "destination_id", path, "the destination (a centre id)");
    const int time = gdal::require_field(defn, "time_min", path, "the travel time in minutes");

    OdMatrix out;
    out.file = path;
    std::map<std::pair<std::string, std::string>, long> first_line;
    for (const auto& feature : layer) {
        // The CSV driver numbers data records from 1; the header is line 1.
        const long line = static_cast<long>(feature->GetFID()) + 1;
        const auto where = fmt::format("{}:{}", path, line);
        std::string from(gdal::trim(feature->GetFieldAsString(origin)));
        std::string to(gdal::trim(feature->GetFieldAsString(destination)));
        if (from.empty() || to.empty()) {
            throw InputError(where_what(
                where, fmt::format("empty {} (expected an id)", from.empty() ? "origin_id"
                                                                             : "destination_id")));
        }
        const auto value = gdal::field_number(*feature, time);
        if (!value || *value < 0.0) {
            throw InputError(where_what(
                where, fmt::format("time_min \"{}\" (expected a number of minutes >= 0)",
                                   gdal::field_text(*feature, time).text)));
        }
        const auto [seen, fresh] = first_line.try_emplace({from, to}, line);
        if (!fresh) {
            throw InputError(where_what(
                where, fmt::format("pair {} → {} given twice (first at line {}; expected one "
                                   "time per pair)",
                                   from, to, seen->second)));
        }
        out.origin_id.push_back(std::move(from));
        out.destination_id.push_back(std::move(to));
        out.time_min.push_back(*value);
        out.line.push_back(line);
    }
    return out;
}

}  // namespace reach::io
