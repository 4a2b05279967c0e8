#pragma once
// The plain data every measure works on, independent of how the times were computed (a road
// graph through routing, or a matrix from r5r/OSRM read from a file). Structs of vectors:
//  * Cells: per cell its id, area index, country, per group persons (finite, ≥ 0) and,
//    optionally, the equity rank value;
//  * Centres: per centre its id, capacity (places, finite, ≥ 0) and operator;
//  * Times: per cell the nearest-centre time and centre, plus the cell × centre matrix.
// Centre j is column j of the matrix and the value j of nearest_centre: pass the centres in
// routing's rank order (bytewise by id) so that both agree. check_inputs() asserts the sizes
// and invariants (a broken one is a bug of the caller, not bad input).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/SparseCore>

namespace reach::scoring {

// Home → centre travel times in seconds: rows = cells, columns = centres. An explicit entry
// means "reached within the search bound", including an exact 0; a missing entry means not
// reached within the bound. Entries are finite and ≥ 0.
using TimeMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor, std::int32_t>;

// "No nearest centre" (same value as routing::no_centre) and "no area".
inline constexpr std::uint32_t no_centre = 0xffffffffU;
inline constexpr std::int32_t no_area = -1;

struct Cells {
    std::vector<std::string> cell_id;  // unique; ties of the gap ranking compare it bytewise
    std::vector<std::int32_t> area;    // per cell: index < area_count, or no_area
    std::size_t area_count = 0;        // areas 0 … area_count − 1 (an area may have no cells)
    std::vector<std::string> country;  // per cell: ISO 3166-1 alpha-2, "" = none
    std::vector<std::string> group_name;
    std::vector<std::vector<double>> persons;  // [group][cell], finite, ≥ 0
    // Per cell: the value of measures.equity_rank_column (low = worst-off first; NaN = not
    // known, the cell is left out of the concentration index); empty = no rank column.
    std::vector<double> rank_value;

    [[nodiscard]] std::size_t cell_count() const { return cell_id.size(); }
    [[nodiscard]] std::size_t group_count() const { return group_name.size(); }
    [[nodiscard]] std::optional<std::size_t> find_group(const std::string& name) const;
};

struct Centres {
    std::vector<std::string> id;
    std::vector<double> capacity;            // places, finite, ≥ 0
    std::vector<std::string> operator_name;  // e.g. municipal | ngo

    [[nodiscard]] std::size_t centre_count() const { return id.size(); }
};

struct Times {
    std::vector<double> nearest_time_s;         // per cell; reach::unreachable = none
    std::vector<std::uint32_t> nearest_centre;  // per cell; centre index, or no_centre
    std::vector<char> unsnapped;                // per cell, 1 = unsnapped (time unreachable);
                                                // empty = no cell is unsnapped
    TimeMatrix time_s;                          // cell_count × centre_count

    [[nodiscard]] bool is_unsnapped(std::size_t cell) const {
        return !unsnapped.empty() && unsnapped[cell] != 0;
    }
};

// REACH_ASSERTs consistent sizes, persons and capacities finite and ≥ 0, area indices in
// range, nearest centre = no_centre exactly when the nearest time is unreachable, unsnapped
// cells unreachable, and matrix entries finite and ≥ 0. O(cells × groups + entries).
void check_inputs(const Cells& cells, const Centres& centres, const Times& times);

// Times from the matrix alone (a matrix computed elsewhere, SCENARIO.md § matrix): per cell
// the smallest entry and its centre, on equal times the smaller column (= the smaller id when
// the centres are in rank order); a cell with no entry gets reach::unreachable and
// no_centre. No cell is unsnapped. O(entries).
[[nodiscard]] Times times_from_matrix(TimeMatrix time_s);

}  // namespace reach::scoring
