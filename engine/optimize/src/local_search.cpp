// Greedy and interchange on a set function (local_search.hpp).
#include "reach/optimize/local_search.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace reach::optimize {
namespace {

bool improves(double a, double b) {
    return a > b + 1e-12 * std::max({1.0, std::abs(a), std::abs(b)});
}

bool chosen_already(std::span<const std::uint32_t> chosen, std::uint32_t j) {
    return std::find(chosen.begin(), chosen.end(), j) != chosen.end();
}

}  // namespace

bool SiteLimits::fits(std::span<const std::uint32_t> chosen) const {
    double total = 0.0;
    for (const auto j : chosen) total += cost[j];
    return (!k || static_cast<int>(chosen.size()) <= *k) &&
           (!budget || total <= *budget * (1.0 + 1e-9) + 1e-9);
}

std::vector<std::uint32_t> greedy_by_value(const SiteLimits& limits, const SetValue& value) {
    std::vector<std::uint32_t> chosen;
    double current = value(chosen);
    for (;;) {
        std::optional<std::uint32_t> pick;
        std::pair<bool, double> best{false, 0.0};  // (free, gain or gain per euro)
        double pick_value = current;
        for (std::uint32_t j = 0; j < limits.cost.size(); ++j) {
            if (limits.fixed_open[j] != 0 || chosen_already(chosen, j)) continue;
            chosen.push_back(j);
            const bool ok = limits.fits(chosen);
            const double v = ok ? value(chosen) : current;
            chosen.pop_back();
            if (!ok || !improves(v, current)) continue;
            const double gain = v - current;
            const bool free = !limits.budget || limits.cost[j] <= 0.0;
            const std::pair<bool, double> score{free, free ? gain : gain / limits.cost[j]};
            if (!pick || score > best) {
                best = score;
                pick = j;
                pick_value = v;
            }
        }
        if (!pick) break;
        chosen.push_back(*pick);
        current = pick_value;
    }
    if (limits.budget) {  // modified greedy: the best single affordable site may beat the ratios
        for (std::uint32_t j = 0; j < limits.cost.size(); ++j) {
            const std::vector<std::uint32_t> one = {j};
            if (limits.fixed_open[j] == 0 && limits.fits(one)) {
                if (const double v = value(one); improves(v, current)) {
                    chosen = one;
                    current = v;
                }
            }
        }
    }
    return chosen;
}

std::vector<std::uint32_t> interchange_by_value(const SiteLimits& limits, const SetValue& value,
                                                std::vector<std::uint32_t> chosen) {
    double current = value(chosen);
    for (;;) {
        std::optional<std::vector<std::uint32_t>> move;
        double move_value = current;
        const auto consider = [&](std::vector<std::uint32_t> candidate) {
            if (!limits.fits(candidate)) return;
            if (const double v = value(candidate); improves(v, move_value)) {
                move_value = v;
                move = std::move(candidate);
            }
        };
        for (std::uint32_t j = 0; j < limits.cost.size(); ++j) {  // add
            if (limits.fixed_open[j] == 0 && !chosen_already(chosen, j)) {
                auto candidate = chosen;
                candidate.push_back(j);
                consider(std::move(candidate));
            }
        }
        for (std::size_t a = 0; a < chosen.size(); ++a) {  // swap
            for (std::uint32_t j = 0; j < limits.cost.size(); ++j) {
                if (limits.fixed_open[j] == 0 && !chosen_already(chosen, j)) {
                    auto candidate = chosen;
                    candidate[a] = j;
                    consider(std::move(candidate));
                }
            }
        }
        if (!move) break;
        chosen = std::move(*move);
        current = move_value;
    }
    return chosen;
}

}  // namespace reach::optimize
