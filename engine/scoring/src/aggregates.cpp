#include "reach/scoring/aggregates.hpp"

#include <algorithm>
#include <cstdint>

#include "reach/core/assert.hpp"
#include "reach/scoring/statistics.hpp"

namespace reach::scoring {
namespace {

Figures figures(const Cells& cells, std::size_t group, const Times& times,
                std::span<const double> e2sfca, const CoverageOptions& options,
                std::span<const std::uint32_t> subset) {
    const auto& persons = cells.persons[group];
    Figures out;
    out.coverage = coverage(persons, times.nearest_time_s, times.unsnapped, options, subset);
    if (e2sfca.empty()) {
        return out;
    }
    const bool ranked = !cells.rank_value.empty();
    std::vector<double> value;
    std::vector<double> weight;
    std::vector<double> rank;
    value.reserve(subset.size());
    weight.reserve(subset.size());
    for (const std::uint32_t i : subset) {
        if (persons[i] > 0.0) {
            value.push_back(e2sfca[i]);
            weight.push_back(persons[i]);
            if (ranked) {
                rank.push_back(cells.rank_value[i]);
            }
        }
    }
    out.e2sfca_mean = weighted_mean(value, weight);
    out.gini = gini(value, weight);
    out.palma = palma(value, weight);
    if (ranked) {
        out.concentration_index = concentration_index(value, weight, rank);
    }
    return out;
}

}  // namespace

GroupAggregates aggregate(const Cells& cells, std::size_t group, const Times& times,
                          std::span<const double> e2sfca_per_1000, const CoverageOptions& options) {
    const std::size_t n = cells.cell_count();
    REACH_ASSERT(group < cells.group_count());
    REACH_ASSERT(e2sfca_per_1000.empty() || e2sfca_per_1000.size() == n);
    REACH_ASSERT(times.nearest_time_s.size() == n);
    REACH_ASSERT(cells.rank_value.empty() || cells.rank_value.size() == n);

    GroupAggregates out;
    std::vector<std::uint32_t> all(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        all[i] = i;
    }
    out.total = figures(cells, group, times, e2sfca_per_1000, options, all);

    // Countries: distinct non-empty names, bytewise ascending; cells listed in cell order.
    for (const auto& c : cells.country) {
        if (!c.empty()) {
            out.country.push_back(c);
        }
    }
    std::sort(out.country.begin(), out.country.end());
    out.country.erase(std::unique(out.country.begin(), out.country.end()), out.country.end());
    std::vector<std::vector<std::uint32_t>> country_cells(out.country.size());
    std::vector<std::vector<std::uint32_t>> area_cells(cells.area_count);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (!cells.country[i].empty()) {
            const auto it =
                std::lower_bound(out.country.begin(), out.country.end(), cells.country[i]);
            country_cells[static_cast<std::size_t>(it - out.country.begin())].push_back(i);
        }
        if (cells.area[i] != no_area) {
            REACH_ASSERT(cells.area[i] >= 0 &&
                         static_cast<std::size_t>(cells.area[i]) < cells.area_count);
            area_cells[static_cast<std::size_t>(cells.area[i])].push_back(i);
        }
    }
    for (const auto& subset : country_cells) {
        out.by_country.push_back(figures(cells, group, times, e2sfca_per_1000, options, subset));
    }
    for (const auto& subset : area_cells) {
        out.by_area.push_back(figures(cells, group, times, e2sfca_per_1000, options, subset));
    }
    return out;
}

}  // namespace reach::scoring
