#include "reach/scoring/centre_measures.hpp"

#include <algorithm>
#include <cstdint>

#include "reach/core/assert.hpp"
#include "reach/core/units.hpp"

namespace reach::scoring {
namespace {

std::vector<std::vector<double>> zeros(std::size_t groups, std::size_t count) {
    return std::vector<std::vector<double>>(groups, std::vector<double>(count, 0.0));
}

}  // namespace

CentreFigures centre_figures(const Cells& cells, const Centres& centres, const Times& times,
                             double target_min, std::span<const double> weighted_demand) {
    const std::size_t n = cells.cell_count();
    const std::size_t c = centres.centre_count();
    const std::size_t groups = cells.group_count();
    REACH_ASSERT(weighted_demand.size() == c);
    REACH_ASSERT(times.nearest_centre.size() == n);
    REACH_ASSERT(static_cast<std::size_t>(times.time_s.rows()) == n);
    REACH_ASSERT(static_cast<std::size_t>(times.time_s.cols()) == c);
    const double target_s = target_min * 60.0;

    CentreFigures out;
    out.nearest = zeros(groups, c);
    out.covered = zeros(groups, c);
    out.unique_covered = zeros(groups, c);
    out.overlap = zeros(groups, c);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t j = times.nearest_centre[i];
        if (j != no_centre) {
            REACH_ASSERT(j < c);
            for (std::size_t g = 0; g < groups; ++g) {
                out.nearest[g][j] += cells.persons[g][i];
            }
        }
    }

    // How many centres reach each cell within the target.
    std::vector<std::uint32_t> within_count(n, 0);
    for (Eigen::Index j = 0; j < times.time_s.outerSize(); ++j) {
        for (TimeMatrix::InnerIterator it(times.time_s, j); it; ++it) {
            if (within(it.value(), target_s)) {
                ++within_count[static_cast<std::size_t>(it.row())];
            }
        }
    }
    for (Eigen::Index j = 0; j < times.time_s.outerSize(); ++j) {
        const auto centre = static_cast<std::size_t>(j);
        for (TimeMatrix::InnerIterator it(times.time_s, j); it; ++it) {
            if (!within(it.value(), target_s)) {
                continue;
            }
            const auto i = static_cast<std::size_t>(it.row());
            for (std::size_t g = 0; g < groups; ++g) {
                const double p = cells.persons[g][i];
                out.covered[g][centre] += p;
                (within_count[i] == 1 ? out.unique_covered : out.overlap)[g][centre] += p;
            }
        }
    }

    out.load.resize(c);
    for (std::size_t j = 0; j < c; ++j) {
        if (centres.capacity[j] > 0.0) {
            out.load[j] = weighted_demand[j] / centres.capacity[j];
        }
    }
    return out;
}

OperatorFigures operator_figures(const Cells& cells, const Centres& centres, const Times& times,
                                 double target_min) {
    const std::size_t n = cells.cell_count();
    const std::size_t c = centres.centre_count();
    const std::size_t groups = cells.group_count();
    REACH_ASSERT(static_cast<std::size_t>(times.time_s.rows()) == n);
    REACH_ASSERT(static_cast<std::size_t>(times.time_s.cols()) == c);
    const double target_s = target_min * 60.0;

    OperatorFigures out;
    out.name = centres.operator_name;
    std::sort(out.name.begin(), out.name.end());
    out.name.erase(std::unique(out.name.begin(), out.name.end()), out.name.end());
    const std::size_t ops = out.name.size();
    std::vector<std::size_t> op_of(c);
    for (std::size_t j = 0; j < c; ++j) {
        op_of[j] = static_cast<std::size_t>(
            std::lower_bound(out.name.begin(), out.name.end(), centres.operator_name[j]) -
            out.name.begin());
    }
    out.centre_count.assign(ops, 0);
    out.capacity.assign(ops, 0.0);
    for (std::size_t j = 0; j < c; ++j) {
        ++out.centre_count[op_of[j]];
        out.capacity[op_of[j]] += centres.capacity[j];
    }
    out.nearest = zeros(groups, ops);
    out.covered = zeros(groups, ops);
    out.unique_covered = zeros(groups, ops);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t j = times.nearest_centre[i];
        if (j != no_centre) {
            for (std::size_t g = 0; g < groups; ++g) {
                out.nearest[g][op_of[j]] += cells.persons[g][i];
            }
        }
    }

    // covered_by[op · n + cell] = 1 when a centre of the operator reaches the cell in time.
    std::vector<char> covered_by(ops * n, 0);
    for (Eigen::Index j = 0; j < times.time_s.outerSize(); ++j) {
        const std::size_t op = op_of[static_cast<std::size_t>(j)];
        for (TimeMatrix::InnerIterator it(times.time_s, j); it; ++it) {
            if (within(it.value(), target_s)) {
                covered_by[op * n + static_cast<std::size_t>(it.row())] = 1;
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t count = 0;
        for (std::size_t op = 0; op < ops; ++op) {
            count += covered_by[op * n + i] != 0 ? 1 : 0;
        }
        for (std::size_t op = 0; op < ops; ++op) {
            if (covered_by[op * n + i] == 0) {
                continue;
            }
            for (std::size_t g = 0; g < groups; ++g) {
                out.covered[g][op] += cells.persons[g][i];
                if (count == 1) {
                    out.unique_covered[g][op] += cells.persons[g][i];
                }
            }
        }
    }
    return out;
}

}  // namespace reach::scoring
