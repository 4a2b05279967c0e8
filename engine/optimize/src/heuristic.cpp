// Greedy and Teitz–Bart interchange (heuristic.hpp).
#include "reach/optimize/heuristic.hpp"

#include "reach/optimize/local_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace reach::optimize {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// The best time of each demand point to the open sites, updated as sites open; the marginal
// gain of opening one more site.
class OpenSites {
public:
    explicit OpenSites(const Problem& p) : m_p(p), m_best(p.demand_count(), infinity) {
        for (std::uint32_t j = 0; j < p.site_count(); ++j) {
            if (p.fixed_open[j] != 0) open(j);
        }
    }

    void open(std::uint32_t j) {
        for (auto e = m_p.first[j]; e < m_p.first[j + 1]; ++e) {
            m_best[m_p.demand[e]] = std::min(m_best[m_p.demand[e]], m_p.time_s[e]);
        }
    }

    // mclp and lscp: weight newly within the target (lscp with unit weights: points);
    // pmedian: the drop of Σ w · min(t, cap).
    [[nodiscard]] double gain(std::uint32_t j, bool unit_weights = false) const {
        double g = 0.0;
        for (auto e = m_p.first[j]; e < m_p.first[j + 1]; ++e) {
            const auto i = m_p.demand[e];
            const double w = unit_weights ? 1.0 : m_p.weight[i];
            if (m_p.objective == Objective::pmedian) {
                g += w * std::max(0.0, std::min(m_best[i], m_p.cap_s) -
                                           std::min(m_p.time_s[e], m_p.cap_s));
            } else if (!within_target(m_best[i], m_p.target_s) &&
                       within_target(m_p.time_s[e], m_p.target_s)) {
                g += w;
            }
        }
        return g;
    }

    [[nodiscard]] double covered_weight() const {
        double w = 0.0;
        for (std::size_t i = 0; i < m_best.size(); ++i) {
            if (within_target(m_best[i], m_p.target_s)) w += m_p.weight[i];
        }
        return w;
    }

private:
    const Problem& m_p;
    std::vector<double> m_best;
};

bool contains(const std::vector<std::uint32_t>& set, std::uint32_t j) {
    return std::find(set.begin(), set.end(), j) != set.end();
}

bool fits(const Problem& p, std::size_t count, double cost) {
    return (!p.k || static_cast<int>(count) <= *p.k) &&
           (!p.budget || cost <= *p.budget * (1.0 + 1e-9) + 1e-9);
}

// Demand points some site (fixed or not) reaches within the target.
std::vector<char> coverable(const Problem& p) {
    std::vector<char> out(p.demand_count(), 0);
    for (std::size_t e = 0; e < p.demand.size(); ++e) {
        if (within_target(p.time_s[e], p.target_s)) out[p.demand[e]] = 1;
    }
    return out;
}

bool covers_all(const Problem& p, const std::vector<std::uint32_t>& chosen,
                const std::vector<char>& need) {
    std::vector<char> covered(p.demand_count(), 0);
    const auto mark = [&](std::uint32_t j) {
        for (auto e = p.first[j]; e < p.first[j + 1]; ++e) {
            if (within_target(p.time_s[e], p.target_s)) covered[p.demand[e]] = 1;
        }
    };
    for (std::uint32_t j = 0; j < p.site_count(); ++j) {
        if (p.fixed_open[j] != 0) mark(j);
    }
    for (const auto j : chosen) mark(j);
    for (std::size_t i = 0; i < need.size(); ++i) {
        if (need[i] != 0 && covered[i] == 0) return false;
    }
    return true;
}

Solution finish(const Problem& p, std::vector<std::uint32_t> chosen) {
    Solution s;
    s.value = objective_value(p, chosen);
    s.chosen = std::move(chosen);
    return s;
}

Solution greedy_cover(const Problem& p) {
    const auto need = coverable(p);
    OpenSites open(p);
    std::vector<std::uint32_t> chosen;
    for (;;) {
        std::optional<std::uint32_t> pick;
        double best = 0.0;
        for (std::uint32_t j = 0; j < p.site_count(); ++j) {
            if (p.fixed_open[j] != 0 || contains(chosen, j)) continue;
            if (const double g = open.gain(j, true); g > best) {
                best = g;
                pick = j;
            }
        }
        if (!pick) break;  // everything coverable is covered
        open.open(*pick);
        chosen.push_back(*pick);
    }
    for (std::size_t k = chosen.size(); k-- > 0;) {  // drop the redundant, latest first
        auto without = chosen;
        without.erase(without.begin() + static_cast<std::ptrdiff_t>(k));
        if (covers_all(p, without, need)) chosen = std::move(without);
    }
    return finish(p, std::move(chosen));
}

// Adds sites by marginal gain (per euro with a budget; a site of cost 0 before any ratio)
// while k and the budget allow. Ties: the smaller index (strict comparisons, index order).
std::vector<std::uint32_t> greedy_add(const Problem& p) {
    OpenSites open(p);
    std::vector<std::uint32_t> chosen;
    double cost = 0.0;
    for (;;) {
        std::optional<std::uint32_t> pick;
        std::pair<bool, double> best{false, 0.0};  // (free, gain or gain per euro)
        for (std::uint32_t j = 0; j < p.site_count(); ++j) {
            if (p.fixed_open[j] != 0 || contains(chosen, j) ||
                !fits(p, chosen.size() + 1, cost + p.cost[j])) {
                continue;
            }
            const double g = open.gain(j);
            if (g <= 0.0) continue;
            const bool free = !p.budget || p.cost[j] <= 0.0;
            const std::pair<bool, double> score{free, free ? g : g / p.cost[j]};
            if (!pick || score > best) {
                best = score;
                pick = j;
            }
        }
        if (!pick) break;
        open.open(*pick);
        chosen.push_back(*pick);
        cost += p.cost[*pick];
    }
    return chosen;
}

}  // namespace

Solution greedy(const Problem& p) {
    if (p.objective == Objective::lscp) {
        return greedy_cover(p);
    }
    auto best = finish(p, greedy_add(p));
    if (p.budget) {  // modified greedy: the best single affordable site may beat the ratios
        for (std::uint32_t j = 0; j < p.site_count(); ++j) {
            if (p.fixed_open[j] == 0 && fits(p, 1, p.cost[j])) {
                const std::vector<std::uint32_t> one = {j};
                if (const double v = objective_value(p, one); better(p.objective, v, best.value)) {
                    best = finish(p, one);
                }
            }
        }
    }
    return best;
}

Solution interchange(const Problem& p, Solution start) {
    if (p.objective != Objective::lscp) {
        const SiteLimits limits{p.cost, p.fixed_open, p.k, p.budget};
        const double sign = p.objective == Objective::mclp ? 1.0 : -1.0;  // maximise
        const SetValue value = [&](std::span<const std::uint32_t> chosen) {
            return sign * objective_value(p, chosen);
        };
        return finish(p, interchange_by_value(limits, value, std::move(start.chosen)));
    }
    // lscp: drop a site while the rest still cover every coverable demand point.
    auto chosen = std::move(start.chosen);
    const auto need = coverable(p);
    for (bool dropped = true; dropped;) {
        dropped = false;
        for (std::size_t a = 0; a < chosen.size() && !dropped; ++a) {
            auto candidate = chosen;
            candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(a));
            if (covers_all(p, candidate, need)) {
                chosen = std::move(candidate);
                dropped = true;
            }
        }
    }
    return finish(p, std::move(chosen));
}

Solution solve_heuristic(const Problem& p) {
    return interchange(p, greedy(p));
}

std::vector<Step> sequence(const Problem& p, std::span<const std::uint32_t> chosen) {
    std::vector<std::uint32_t> left(chosen.begin(), chosen.end());
    std::sort(left.begin(), left.end());
    OpenSites open(p);
    std::vector<std::uint32_t> so_far;
    std::vector<Step> steps;
    double cost = 0.0;
    while (!left.empty()) {
        std::size_t pick = 0;
        double best = -infinity;
        for (std::size_t k = 0; k < left.size(); ++k) {
            if (const double g = open.gain(left[k]); g > best) {
                best = g;
                pick = k;
            }
        }
        const auto j = left[pick];
        left.erase(left.begin() + static_cast<std::ptrdiff_t>(pick));
        open.open(j);
        so_far.push_back(j);
        cost += p.cost[j];
        steps.push_back({j, best, objective_value(p, so_far), open.covered_weight(), cost});
    }
    return steps;
}

}  // namespace reach::optimize
