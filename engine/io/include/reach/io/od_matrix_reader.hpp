#pragma once
// Reads a travel-time matrix computed elsewhere (r5r, OSRM, pgRouting, a survey; SCENARIO.md
// § matrix): a CSV (or CSV.gz) through GDAL with columns origin_id,destination_id,time_min,
// one row per reachable pair; a missing pair means unreachable. Errors (InputError) name the
// file and line: a missing column (the message lists the columns there are), an empty id, a
// time that is not a finite number ≥ 0, a pair given twice. Cost: one pass, O(rows) memory.
#include <string>
#include <vector>

namespace reach::io {

struct OdMatrix {
    std::string file;
    std::vector<std::string> origin_id;       // per row
    std::vector<std::string> destination_id;  // per row
    std::vector<double> time_min;             // per row, finite, ≥ 0
    std::vector<long> line;                   // per row: its line in the file (header = 1)

    [[nodiscard]] std::size_t row_count() const { return time_min.size(); }
};

[[nodiscard]] OdMatrix read_od_matrix(const std::string& path);

}  // namespace reach::io
