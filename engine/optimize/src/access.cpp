// The capacity-aware objective (access.hpp).
#include "reach/optimize/access.hpp"

#include <algorithm>
#include <numeric>

#include "reach/optimize/local_search.hpp"

namespace reach::optimize {

double lowest_share_mean(std::span<const double> values, std::span<const double> weights,
                         double share) {
    std::vector<std::uint32_t> order(values.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return values[a] < values[b]; });
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    const double wanted = share * total;
    if (!(wanted > 0.0)) {
        return 0.0;
    }
    double taken = 0.0, sum = 0.0;
    for (const auto i : order) {
        const double w = std::min(weights[i], wanted - taken);
        if (w <= 0.0) break;
        taken += w;
        sum += w * values[i];
    }
    return sum / taken;
}

double access_value(const AccessProblem& p, std::span<const std::uint32_t> chosen) {
    std::vector<double> capacity(p.capacity.size(), 0.0);
    for (std::size_t j = 0; j < capacity.size(); ++j) {
        if (p.fixed_open[j] != 0) capacity[j] = p.capacity[j];
    }
    for (const auto j : chosen) capacity[j] = p.capacity[j];
    const auto access = scoring::two_step_fca(p.demand, p.time_s, capacity, p.decay);
    return lowest_share_mean(access.per_1000, p.weight, p.share);
}

Solution solve_access(const AccessProblem& p) {
    const SiteLimits limits{p.cost, p.fixed_open, p.k, p.budget};
    const SetValue value = [&](std::span<const std::uint32_t> chosen) {
        return access_value(p, chosen);
    };
    Solution s;
    s.chosen = interchange_by_value(limits, value, greedy_by_value(limits, value));
    s.value = access_value(p, s.chosen);
    return s;
}

std::vector<Step> access_sequence(const AccessProblem& p, std::span<const std::uint32_t> chosen) {
    std::vector<std::uint32_t> left(chosen.begin(), chosen.end());
    std::sort(left.begin(), left.end());
    std::vector<std::uint32_t> so_far;
    std::vector<Step> steps;
    double value = access_value(p, so_far), cost = 0.0;
    while (!left.empty()) {
        std::size_t pick = 0;
        double best = 0.0;
        for (std::size_t k = 0; k < left.size(); ++k) {
            so_far.push_back(left[k]);
            const double v = access_value(p, so_far);
            so_far.pop_back();
            if (k == 0 || v > best) {
                best = v;
                pick = k;
            }
        }
        const auto j = left[pick];
        left.erase(left.begin() + static_cast<std::ptrdiff_t>(pick));
        so_far.push_back(j);
        cost += p.cost[j];
        steps.push_back({j, best - value, best, 0.0, cost});
        value = best;
    }
    return steps;
}

}  // namespace reach::optimize
