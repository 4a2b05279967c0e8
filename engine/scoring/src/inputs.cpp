#include "reach/scoring/inputs.hpp"

#include <cmath>
#include <utility>

#include "reach/core/assert.hpp"
#include "reach/core/units.hpp"

namespace reach::scoring {

std::optional<std::size_t> Cells::find_group(const std::string& name) const {
    for (std::size_t g = 0; g < group_name.size(); ++g) {
        if (group_name[g] == name) {
            return g;
        }
    }
    return std::nullopt;
}

void check_inputs(const Cells& cells, const Centres& centres, const Times& times) {
    const std::size_t n = cells.cell_count();
    REACH_ASSERT(cells.area.size() == n);
    REACH_ASSERT(cells.country.size() == n);
    REACH_ASSERT(cells.persons.size() == cells.group_count());
    for (const auto& column : cells.persons) {
        REACH_ASSERT(column.size() == n);
        for (const double p : column) {
            REACH_ASSERT(std::isfinite(p) && p >= 0.0);
        }
    }
    REACH_ASSERT(cells.rank_value.empty() || cells.rank_value.size() == n);
    for (const std::int32_t a : cells.area) {
        REACH_ASSERT(a == no_area || (a >= 0 && static_cast<std::size_t>(a) < cells.area_count));
    }

    const std::size_t c = centres.centre_count();
    REACH_ASSERT(centres.capacity.size() == c);
    REACH_ASSERT(centres.operator_name.size() == c);
    for (const double cap : centres.capacity) {
        REACH_ASSERT(std::isfinite(cap) && cap >= 0.0);
    }

    REACH_ASSERT(times.nearest_time_s.size() == n);
    REACH_ASSERT(times.nearest_centre.size() == n);
    REACH_ASSERT(times.unsnapped.empty() || times.unsnapped.size() == n);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = times.nearest_time_s[i];
        REACH_ASSERT(!std::isnan(t) && t >= 0.0);
        REACH_ASSERT(std::isinf(t) == (times.nearest_centre[i] == no_centre));
        REACH_ASSERT(times.nearest_centre[i] == no_centre || times.nearest_centre[i] < c);
        REACH_ASSERT(!times.is_unsnapped(i) || std::isinf(t));
    }
    REACH_ASSERT(static_cast<std::size_t>(times.time_s.rows()) == n);
    REACH_ASSERT(static_cast<std::size_t>(times.time_s.cols()) == c);
    for (Eigen::Index j = 0; j < times.time_s.outerSize(); ++j) {
        for (TimeMatrix::InnerIterator it(times.time_s, j); it; ++it) {
            REACH_ASSERT(std::isfinite(it.value()) && it.value() >= 0.0);
        }
    }
}

Times times_from_matrix(TimeMatrix time_s) {
    Times out;
    const auto n = static_cast<std::size_t>(time_s.rows());
    out.nearest_time_s.assign(n, unreachable);
    out.nearest_centre.assign(n, no_centre);
    for (Eigen::Index j = 0; j < time_s.outerSize(); ++j) {
        for (TimeMatrix::InnerIterator it(time_s, j); it; ++it) {
            const auto i = static_cast<std::size_t>(it.row());
            REACH_ASSERT(std::isfinite(it.value()) && it.value() >= 0.0);
            // Columns ascend, so only a strictly smaller time replaces the first centre seen.
            if (it.value() < out.nearest_time_s[i]) {
                out.nearest_time_s[i] = it.value();
                out.nearest_centre[i] = static_cast<std::uint32_t>(j);
            }
        }
    }
    out.time_s.swap(time_s);  // Eigen 3.4's SparseMatrix has no move assignment: std::move copied
    return out;
}

}  // namespace reach::scoring
