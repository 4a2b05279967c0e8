#pragma once
// The hand-network scenario shared by the CLI tests (run_test.cpp has the drawing and the
// hand-computed times): cells c1–c4, centre P (and Q at node A, closed), areas west (LV) and
// east (LT), profiles car and walk_elderly, thresholds 1, 5, 10 min, target 5.
#include <filesystem>
#include <map>
#include <string>

#include "reach_test/support.hpp"

namespace reach::test {

// `reach --quiet <args>`.
inline std::string reach_cmd(const std::string& args) {
    return reach_binary().string() + " --quiet " + args;
}

// Writes the scenario and its inputs into `dir`; `extra` is appended to the YAML (top-level
// keys the base text does not use: catchments, outputs, optimize, ...). Returns hand.yaml.
inline std::filesystem::path write_hand_scenario(const TempDir& dir,
                                                 const std::string& extra = "") {
    // File order c4, c2, c3, c1: cells.csv must come out sorted.
    write_text(dir / "population.csv",
               "cell_id,x,y,T,A65\n"
               "c4,5330060,3745150,30,15\n"
               "c2,5330020,3745010,200,40\n"
               "c3,5331000,3746000,50,5\n"
               "c1,5330150,3744980,100,10\n");
    // x,y in the working CRS. Q at node A is closed by the scenario (open, it would serve c2
    // by car in 9 + 2.4 = 11.4 s).
    write_text(dir / "centres.csv", "id,x,y,capacity\nP,5330200,3745090,10\nQ,5330000,3745000,5\n");
    // Split at lon 26.232: c2 (lon ≈ 26.2305) and c4 (≈ 26.2317) west, c1 (≈ 26.2325) and
    // c3 (≈ 26.2495) east.
    write_text(dir / "areas.geojson",
               R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "west", "name": "West", "country": "LV"},
 "geometry": {"type": "Polygon", "coordinates": [[[26.20, 55.77], [26.232, 55.77],
   [26.232, 55.80], [26.20, 55.80], [26.20, 55.77]]]}},
{"type": "Feature", "properties": {"id": "east", "name": "East", "country": "LT"},
 "geometry": {"type": "Polygon", "coordinates": [[[26.232, 55.77], [26.30, 55.77],
   [26.30, 55.80], [26.232, 55.80], [26.232, 55.77]]]}}]}
)");
    const auto file = dir / "hand.yaml";
    write_text(file,
               "reach: 1\n"
               "name: hand\n"
               "area: {boundaries: areas.geojson, id_field: id, name_field: name,\n"
               "       country_field: country}\n"
               "roads: {file: " +
                   data_path("hand_network.osm").string() +
                   "}\n"
                   "profiles: {use: [car, walk_elderly]}\n"
                   "population:\n"
                   "  file: population.csv\n"
                   "  id_field: cell_id\n"
                   "  x_field: x\n"
                   "  y_field: y\n"
                   "  crs: EPSG:3035\n"
                   "  groups:\n"
                   "    total: {column: T}\n"
                   "    age65plus: {column: A65, profiles: [walk_elderly]}\n"
                   "centres: {file: centres.csv, close: [Q]}\n"
                   "thresholds_min: [1, 5, 10]\n"
                   "target_min: 5\n"
                   "snap: {max_distance_m: 500}\n"
                   "measures: {e2sfca: {decay: step, breaks_min: [1, 5], weights: [1, 0.5],\n"
                   "                    demand_group: total}}\n" +
                   extra);
    return file;
}

// The toy travel-time matrix of compare_batch_test.cpp (whose header has the hand-computed
// figures): od.csv, demand.csv, supply.csv, open.yaml and closed.yaml (centre Y closed).
inline void write_toy_matrix(const TempDir& dir) {
    write_text(dir / "od.csv",
               "origin_id,destination_id,time_min\na,X,5\na,Y,20\nb,X,12\nc,Y,8\nd,Y,40\n");
    write_text(dir / "demand.csv", "id,pop\na,100\nb,200\nc,300\nd,50\ne,10\n");
    write_text(dir / "supply.csv", "id,capacity\nX,10\nY,20\n");
    write_text(dir / "open.yaml",
               "reach: 1\nname: open\nmatrix: {file: od.csv}\n"
               "population: {file: demand.csv, id_field: id, groups: {total: {column: pop}}}\n"
               "centres: {file: supply.csv, id_field: id, capacity_field: capacity}\n"
               "thresholds_min: [10, 30]\ntarget_min: 10\n");
    write_text(dir / "closed.yaml", "reach: 1\nname: closed\nbase: open.yaml\n"
                                    "centres: {close: [Y]}\n");
}

// The report without its run-time line (DESIGN.md: the one line that may differ). Plain
// string search: std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizers.
inline std::string without_run_time(std::string html) {
    const std::string open = "<p class=\"muted\" id=\"run-time\">";
    if (const auto start = html.find(open); start != std::string::npos) {
        const auto end = html.find("</p>", start);
        html.erase(start, end == std::string::npos ? std::string::npos : end + 4 - start);
    }
    return html;
}

// Every file under `dir` by relative path, report.html without its run-time line: what two
// runs of one scenario must agree on byte for byte.
inline std::map<std::string, std::string> folder_texts(const std::filesystem::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        auto text = read_text(entry.path());
        if (entry.path().extension() == ".html") {
            text = without_run_time(std::move(text));
        }
        out[entry.path().lexically_relative(dir).generic_string()] = std::move(text);
    }
    return out;
}

}  // namespace reach::test
