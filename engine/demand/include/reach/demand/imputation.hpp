#pragma once
// Imputation of confidential counts (SCENARIO.md, Rules, "Confidential values"). Where a
// group's flag is set the count is unknown, not zero; `share_of_total_in_country` fills it
// with the cell's total T times the group's share among the unflagged cells of the same
// country:
//     count_i = T_i × Σ_{j unflagged, country_j = country_i} g_j / Σ_{same j} T_j
// Cells whose T is itself flagged take no part in the shares. A country without an unflagged
// cell carrying persons (Σ T_j = 0) takes the share over the whole grid; one share for the
// whole grid is also what an empty country (no country field) gives. O(cells).
#include <cstdint>
#include <string>
#include <vector>

namespace reach::demand {

struct ImputeResult {
    double imputed_persons = 0.0;      // Σ of the filled counts, in cell order
    std::uint32_t flagged_cells = 0;   // cells whose count was unknown
    std::uint32_t fallback_cells = 0;  // flagged cells that took the whole-grid share
};

// Fills `counts[i]` for every i with `flagged[i] != 0` in place. `total_flagged` may be empty
// (T never flagged). Throws InputError naming `context` when there is a flagged cell with
// T > 0 but no unflagged cell with T > 0 anywhere (no share to take).
ImputeResult impute_share_of_total(std::vector<double>& counts, const std::vector<char>& flagged,
                                   const std::vector<double>& total,
                                   const std::vector<char>& total_flagged,
                                   const std::vector<std::string>& country,
                                   const std::string& context);

}  // namespace reach::demand
