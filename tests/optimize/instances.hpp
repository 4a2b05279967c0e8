#pragma once
// Random small location problems and a brute-force reference (tests/optimize).
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "reach/optimize/problem.hpp"

namespace reach::test {

// A random instance: 5–12 sites (some fixed), 10–40 demand points with weights 1–20, each
// site listing a random subset of the points with times 0–60 min; k and/or a budget with
// costs 1–9 (lscp ignores them). Deterministic for a seed.
inline optimize::Problem random_problem(std::uint32_t seed, optimize::Objective objective,
                                        bool with_k, bool with_budget) {
    std::mt19937 rng(seed);
    const auto uniform = [&](int lo, int hi) {
        return std::uniform_int_distribution<int>(lo, hi)(rng);
    };
    optimize::Problem p;
    p.objective = objective;
    const int sites = uniform(5, 12);
    const int points = uniform(10, 40);
    for (int i = 0; i < points; ++i) p.weight.push_back(uniform(1, 20));
    for (int j = 0; j < sites; ++j) {
        p.cost.push_back(uniform(1, 9));
        p.fixed_open.push_back(uniform(0, 5) == 0 ? 1 : 0);
        for (int i = 0; i < points; ++i) {
            if (uniform(0, 2) == 0) {
                p.demand.push_back(static_cast<std::uint32_t>(i));
                p.time_s.push_back(60.0 * uniform(0, 60));
            }
        }
        p.first.push_back(static_cast<std::uint32_t>(p.demand.size()));
    }
    p.target_s = 60.0 * 20;
    p.cap_s = 60.0 * 45;
    if (with_k) p.k = uniform(1, 4);
    if (with_budget) p.budget = uniform(5, 20);
    return p;
}

struct BruteForce {
    optimize::Solution best;           // the first best subset in enumeration order
    std::size_t optimal_subsets = 0;   // how many feasible subsets reach the best value
};

// Every subset of the non-fixed sites that is feasible (lscp: that covers every coverable
// point, then the fewest sites).
inline BruteForce brute_force(const optimize::Problem& p) {
    std::vector<std::uint32_t> free_sites;
    for (std::uint32_t j = 0; j < p.site_count(); ++j) {
        if (p.fixed_open[j] == 0) free_sites.push_back(j);
    }
    // lscp's constraint: every point some site covers is covered.
    std::vector<char> coverable(p.demand_count(), 0);
    for (std::size_t e = 0; e < p.demand.size(); ++e) {
        if (optimize::within_target(p.time_s[e], p.target_s)) coverable[p.demand[e]] = 1;
    }
    const auto covers_all = [&](const std::vector<std::uint32_t>& chosen) {
        std::vector<char> covered(p.demand_count(), 0);
        for (std::uint32_t j = 0; j < p.site_count(); ++j) {
            const bool open = p.fixed_open[j] != 0 ||
                              std::find(chosen.begin(), chosen.end(), j) != chosen.end();
            for (auto e = p.first[j]; open && e < p.first[j + 1]; ++e) {
                if (optimize::within_target(p.time_s[e], p.target_s)) covered[p.demand[e]] = 1;
            }
        }
        return covered == coverable;
    };
    BruteForce out;
    bool found = false;
    for (std::uint32_t mask = 0; mask < (1U << free_sites.size()); ++mask) {
        std::vector<std::uint32_t> chosen;
        for (std::size_t b = 0; b < free_sites.size(); ++b) {
            if ((mask >> b) & 1U) chosen.push_back(free_sites[b]);
        }
        if (!optimize::feasible(p, chosen)) continue;
        if (p.objective == optimize::Objective::lscp && !covers_all(chosen)) continue;
        const double value = optimize::objective_value(p, chosen);
        if (!found || optimize::better(p.objective, value, out.best.value)) {
            out.best.chosen = chosen;
            out.best.value = value;
            out.optimal_subsets = 1;
            found = true;
        } else if (!optimize::better(p.objective, out.best.value, value)) {
            ++out.optimal_subsets;
        }
    }
    return out;
}

}  // namespace reach::test
