#include "reach/demand/imputation.hpp"

#include <fmt/format.h>

#include <map>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"

namespace reach::demand {
namespace {

struct ShareSums {
    double group = 0.0;
    double total = 0.0;
};

}  // namespace

ImputeResult impute_share_of_total(std::vector<double>& counts, const std::vector<char>& flagged,
                                   const std::vector<double>& total,
                                   const std::vector<char>& total_flagged,
                                   const std::vector<std::string>& country,
                                   const std::string& context) {
    const auto n = counts.size();
    REACH_ASSERT(flagged.size() == n && total.size() == n && country.size() == n);
    REACH_ASSERT(total_flagged.empty() || total_flagged.size() == n);
    const auto t_known = [&](std::size_t i) {
        return total_flagged.empty() || total_flagged[i] == 0;
    };

    // Σ over the cells that know both figures, per country and for the whole grid.
    std::map<std::string, ShareSums> by_country;
    ShareSums all;
    for (std::size_t i = 0; i < n; ++i) {
        if (flagged[i] == 0 && t_known(i)) {
            auto& sums = by_country[country[i]];
            sums.group += counts[i];
            sums.total += total[i];
            all.group += counts[i];
            all.total += total[i];
        }
    }

    ImputeResult result;
    for (std::size_t i = 0; i < n; ++i) {
        if (flagged[i] == 0) {
            continue;
        }
        ++result.flagged_cells;
        if (total[i] == 0.0) {
            counts[i] = 0.0;
            continue;
        }
        const auto it = by_country.find(country[i]);
        const ShareSums* sums = &all;
        if (it != by_country.end() && it->second.total > 0.0) {
            sums = &it->second;
        } else {
            ++result.fallback_cells;
        }
        if (!(sums->total > 0.0)) {
            throw InputError(
                where_what(context,
                           "every count is confidential, so there is no share of the total to "
                           "impute from (expected some cells with flag 0 and persons, or "
                           "impute: none)"));
        }
        counts[i] = total[i] * (sums->group / sums->total);
        result.imputed_persons += counts[i];
    }
    return result;
}

}  // namespace reach::demand
