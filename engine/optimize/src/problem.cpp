// Objective values and feasibility of a choice of sites (problem.hpp).
#include "reach/optimize/problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "reach/core/assert.hpp"

namespace reach::optimize {
namespace {

// Per demand point, the best time to an open site (infinity when no open site lists it).
std::vector<double> best_times(const Problem& p, std::span<const std::uint32_t> chosen) {
    std::vector<double> best(p.demand_count(), std::numeric_limits<double>::infinity());
    const auto open = [&](std::uint32_t site) {
        for (auto e = p.first[site]; e < p.first[site + 1]; ++e) {
            best[p.demand[e]] = std::min(best[p.demand[e]], p.time_s[e]);
        }
    };
    for (std::uint32_t j = 0; j < p.site_count(); ++j) {
        if (p.fixed_open[j] != 0) open(j);
    }
    for (const auto j : chosen) open(j);
    return best;
}

std::vector<char> listed_demand(const Problem& p) {
    std::vector<char> listed(p.demand_count(), 0);
    for (const auto i : p.demand) listed[i] = 1;
    return listed;
}

}  // namespace

double objective_value(const Problem& p, std::span<const std::uint32_t> chosen) {
    REACH_ASSERT(p.first.size() == p.site_count() + 1);
    const auto best = best_times(p, chosen);
    double value = 0.0;
    switch (p.objective) {
        case Objective::mclp:
            for (std::size_t i = 0; i < best.size(); ++i) {
                if (within_target(best[i], p.target_s)) value += p.weight[i];
            }
            return value;
        case Objective::pmedian: {
            const auto listed = listed_demand(p);
            for (std::size_t i = 0; i < best.size(); ++i) {
                if (listed[i] != 0) value += p.weight[i] * std::min(best[i], p.cap_s);
            }
            return value;
        }
        case Objective::lscp:
            return static_cast<double>(chosen.size());
    }
    return value;
}

bool feasible(const Problem& p, std::span<const std::uint32_t> chosen) {
    std::vector<char> seen(p.site_count(), 0);
    double cost = 0.0;
    for (const auto j : chosen) {
        if (j >= p.site_count() || p.fixed_open[j] != 0 || seen[j] != 0) return false;
        seen[j] = 1;
        cost += p.cost[j];
    }
    if (p.objective == Objective::lscp) {
        return true;
    }
    if (p.k && static_cast<int>(chosen.size()) > *p.k) return false;
    return !p.budget || cost <= *p.budget * (1.0 + 1e-9) + 1e-9;
}

double unreachable_weight(const Problem& p) {
    const auto listed = listed_demand(p);
    double weight = 0.0;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        if (listed[i] == 0) weight += p.weight[i];
    }
    return weight;
}

bool better(Objective objective, double a, double b) {
    const double slack = 1e-12 * std::max({1.0, std::abs(a), std::abs(b)});
    return objective == Objective::mclp ? a > b + slack : a < b - slack;
}

}  // namespace reach::optimize
