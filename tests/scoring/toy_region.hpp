#pragma once
// The 3×3-cell toy region shared by the scoring tests. Cells c0…c8 (1 km), persons of
// `total` and, in brackets, of `age65plus`:
//
//            col 0          col 1           col 2
//   row 0    c0 100 [40]    c1 200 [50]     c2  50 [20]    c2 is an island: no entry
//            (A)
//   row 1    c3   0 [0]     c4 400 [100]    c5 100 [30]
//   row 2    c6 100 [30]    c7 200 [60]     c8 300 [70]
//                                           (B)
//
// Centre A (capacity 10, municipal) sits in c0, centre B (capacity 20, ngo) in c8.
// Minutes to A = 10·(row + col), to B = 10·(4 − row − col). The matrix holds only times
// ≤ 30 min (the search bound), so c8 has no entry for A and c0 none for B; c0→A and c8→B are
// explicit zeros. Minutes per cell (— = no entry):
//
//          c0   c1   c2   c3   c4   c5   c6   c7   c8
//   A       0   10    —   10   20   30   20   30    —
//   B       —   30    —   30   20   10   20   10    0
//
// Areas: rows 0–1 are area 0 (country LV), row 2 is area 1 (LT).
#include <string>
#include <vector>

#include <Eigen/SparseCore>

#include "reach/scoring/inputs.hpp"

namespace reach::scoring::toy {

inline constexpr std::uint32_t A = 0;
inline constexpr std::uint32_t B = 1;

inline Cells cells() {
    Cells c;
    c.cell_id = {"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"};
    c.area = {0, 0, 0, 0, 0, 0, 1, 1, 1};
    c.area_count = 2;
    c.country = {"LV", "LV", "LV", "LV", "LV", "LV", "LT", "LT", "LT"};
    c.group_name = {"total", "age65plus"};
    c.persons = {{100, 200, 50, 0, 400, 100, 100, 200, 300},  //
                 {40, 50, 20, 0, 100, 30, 30, 60, 70}};
    return c;
}

inline Centres centres() { return Centres{{"A", "B"}, {10.0, 20.0}, {"municipal", "ngo"}}; }

inline TimeMatrix matrix() {
    using T = Eigen::Triplet<double, std::int32_t>;
    const std::vector<T> entries = {{0, 0, 0.0},    {1, 0, 600.0},  {3, 0, 600.0},  {4, 0, 1200.0},
                                    {5, 0, 1800.0}, {6, 0, 1200.0}, {7, 0, 1800.0},  //
                                    {1, 1, 1800.0}, {3, 1, 1800.0}, {4, 1, 1200.0}, {5, 1, 600.0},
                                    {6, 1, 1200.0}, {7, 1, 600.0},  {8, 1, 0.0}};
    TimeMatrix m(9, 2);
    m.setFromTriplets(entries.begin(), entries.end());
    return m;
}

// Nearest times as the routing would give them (worked out in inputs_test).
inline Times times() { return times_from_matrix(matrix()); }

}  // namespace reach::scoring::toy
