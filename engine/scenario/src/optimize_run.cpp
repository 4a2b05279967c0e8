// reach optimize: the location problem of a scenario, solved (optimize.hpp).
#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include "optimize_inputs.hpp"
#include "reach/core/error.hpp"
#include "reach/core/file_hash.hpp"
#include "reach/core/progress.hpp"
#include "reach/optimize/exact.hpp"
#include "reach/optimize/access.hpp"
#include "reach/optimize/heuristic.hpp"
#include "reach/scenario/optimize.hpp"
#include "run_inputs.hpp"
#include "time_sources.hpp"

namespace reach::scenario {
namespace {

using detail::RunInputs;
using detail::TimeSource;

optimize::Objective to_engine(Objective o) {
    // access is solved on its own (optimize/access.hpp); its coverage figures use mclp's form.
    return o == Objective::pmedian ? optimize::Objective::pmedian
           : o == Objective::lscp  ? optimize::Objective::lscp
                                   : optimize::Objective::mclp;
}

// Limits that no choice can meet, before anything is read or routed.
void check_limits(const Scenario& s, const detail::Candidates& candidates) {
    const auto& o = *s.optimize;
    if (o.objective != Objective::lscp && !o.k && !o.budget_eur) {
        throw InputError(fmt::format(
            "{}: optimize: objective {} without k or budget_eur (expected at least one limit: "
            "without, every site with a gain would open)",
            s.source.string(), to_string(o.objective)));
    }
    if (!o.budget_eur || o.objective == Objective::lscp) {
        return;
    }
    const auto cheapest = std::min_element(
        candidates.sites.begin(), candidates.sites.end(),
        [](const CentreAdd& a, const CentreAdd& b) { return *a.cost_eur < *b.cost_eur; });
    if (*o.budget_eur < *cheapest->cost_eur && o.keep_existing) {
        throw InputError(fmt::format(
            "{}: optimize.budget_eur {:.0f} is below the cheapest candidate's cost ({:.0f} EUR, "
            "\"{}\"): no site can be opened (expected a budget of at least {:.0f})",
            s.source.string(), *o.budget_eur, *cheapest->cost_eur, cheapest->id,
            *cheapest->cost_eur));
    }
}

std::shared_ptr<TimeSource> profile_source(const Scenario& s, const RunInputs& in,
                                           const RunResult& scratch, const RunOptions& options,
                                           int threads) {
    if (s.matrix) {
        return detail::matrix_times(s, in, scratch);
    }
    const auto& name = s.optimize->profile;
    for (const auto* profile : in.profiles) {
        if (profile->name == name) {
            return detail::load_network_times(s, in, scratch, *profile, options.load_graph,
                                              threads, options.share_work);
        }
    }
    throw InputError(fmt::format("{}: optimize.profile \"{}\" is not in profiles.use",
                                 s.source.string(), name));
}

struct Demand {
    std::vector<std::string> group;
    std::vector<double> weight;                 // per group
    std::vector<std::vector<double>> persons;   // [group][scored cell]
};

Demand demand_of(const Scenario& s, const RunInputs& in) {
    Demand d;
    const auto& weights = s.optimize->group_weights;
    for (const auto& g : s.population.groups) {
        d.group.push_back(g.name);
        const auto it = weights.find(g.name);
        d.weight.push_back(weights.empty() ? 1.0 : it != weights.end() ? it->second : 0.0);
        const auto& all = in.grid.group(g.name);
        auto& scored = d.persons.emplace_back();
        for (const auto i : in.scored) scored.push_back(all[i]);
    }
    return d;
}

// The problem on the scored cells (rows) and the sites in rank order (columns).
optimize::Problem build_problem(const Scenario& s, const RunInputs& in, const TimeSource& source,
                                const scoring::TimeMatrix& matrix, const Demand& demand,
                                const detail::Candidates& candidates) {
    const auto& o = *s.optimize;
    optimize::Problem p;
    p.objective = to_engine(o.objective);
    p.weight.assign(in.scored.size(), 0.0);
    for (std::size_t g = 0; g < demand.group.size(); ++g) {
        for (std::size_t k = 0; k < in.scored.size(); ++k) {
            p.weight[k] += demand.weight[g] * demand.persons[g][k];
        }
    }
    const auto scored = detail::scored_rows(in, matrix);
    for (std::uint32_t r = 0; r < source.by_rank().size(); ++r) {
        const auto& id = in.centres[source.by_rank()[r]].id;
        const bool candidate = candidates.ids.count(id) != 0;
        double cost = 0.0;
        for (const auto& c : candidates.sites) {
            if (c.id == id) cost = c.cost_eur.value_or(0.0);
        }
        p.cost.push_back(cost);
        p.fixed_open.push_back(!candidate && o.keep_existing ? 1 : 0);
        for (scoring::TimeMatrix::InnerIterator it(scored, static_cast<std::int32_t>(r)); it; ++it) {
            p.demand.push_back(static_cast<std::uint32_t>(it.row()));
            p.time_s.push_back(it.value());
        }
        p.first.push_back(static_cast<std::uint32_t>(p.demand.size()));
    }
    p.target_s = 60.0 * s.target_min;
    p.cap_s = 60.0 * o.max_time_min.value_or(90.0);
    p.k = o.k;
    p.budget = o.budget_eur;
    return p;
}

// Persons per group within the target of the fixed sites and `open`.
std::vector<double> covered_by_group(const optimize::Problem& p, const Demand& demand,
                                     std::span<const std::uint32_t> open) {
    std::vector<char> within(p.demand_count(), 0);
    const auto mark = [&](std::uint32_t j) {
        for (auto e = p.first[j]; e < p.first[j + 1]; ++e) {
            if (optimize::within_target(p.time_s[e], p.target_s)) within[p.demand[e]] = 1;
        }
    };
    for (std::uint32_t j = 0; j < p.site_count(); ++j) {
        if (p.fixed_open[j] != 0) mark(j);
    }
    for (const auto j : open) mark(j);
    std::vector<double> covered(demand.group.size(), 0.0);
    for (std::size_t g = 0; g < demand.group.size(); ++g) {
        for (std::size_t i = 0; i < within.size(); ++i) {
            if (within[i] != 0) covered[g] += demand.persons[g][i];
        }
    }
    return covered;
}

// pmedian: reachable demand × site pairs not listed within the cap (they count as the cap).
std::size_t capped_pairs(const optimize::Problem& p) {
    std::vector<char> listed(p.demand_count(), 0);
    for (const auto i : p.demand) listed[i] = 1;
    const auto reachable = static_cast<std::size_t>(std::count(listed.begin(), listed.end(), 1));
    std::size_t within_cap = 0;
    for (const double t : p.time_s) within_cap += t <= p.cap_s + 1e-6 ? 1 : 0;
    return reachable * p.site_count() - within_cap;
}

void fill_choice(const Scenario& s, const RunInputs& in, const TimeSource& source,
                 const optimize::Problem& p, const Demand& demand,
                 const detail::Candidates& candidates, const optimize::Solution& solution,
                 const std::vector<optimize::Step>& steps, OptimizeResult& result) {
    std::vector<std::uint32_t> so_far;
    for (const auto& step : steps) {
        so_far.push_back(step.site);
        const auto& centre = in.centres[source.by_rank()[step.site]];
        OptimizeStep out;
        out.id = centre.id;
        out.name = centre.name;
        out.existing = candidates.ids.count(centre.id) == 0;
        out.marginal_gain = step.gain;
        out.cost_eur = p.cost[step.site];
        out.cumulative_cost_eur = step.cost;
        out.objective_value = step.value;
        out.covered = covered_by_group(p, demand, so_far);
        result.chosen.push_back(std::move(out));
        for (const auto& c : candidates.sites) {
            if (c.id == centre.id) result.opened.push_back(c);
        }
    }
    if (!s.optimize->keep_existing) {
        for (std::uint32_t j = 0; j < p.site_count(); ++j) {
            const auto& id = in.centres[source.by_rank()[j]].id;
            if (candidates.ids.count(id) == 0 &&
                std::find(solution.chosen.begin(), solution.chosen.end(), j) ==
                    solution.chosen.end()) {
                result.closed.push_back(id);
            }
        }
    }
}

// Greedy + interchange, and the exact MIP when it finishes: the exact choice wins when it is
// better; the heuristic's gap to it is recorded.
optimize::Solution solve_coverage(const optimize::Problem& problem, OptimizeResult& result) {
    const auto heuristic = optimize::solve_heuristic(problem);
    result.heuristic_value = heuristic.value;
    auto chosen = heuristic;
    result.solver = "heuristic";
    if (const auto exact = optimize::solve_exact(problem)) {
        result.exact_value = exact->value;
        result.gap_to_exact =
            std::abs(heuristic.value - exact->value) / std::max(1e-12, std::abs(exact->value));
        result.solver = "exact";
        // An equally good heuristic choice is kept (it comes in selection order, ties by id).
        if (optimize::better(problem.objective, exact->value, heuristic.value)) chosen = *exact;
    }
    result.objective_value = chosen.value;
    return chosen;
}

// The capacity-aware problem: E2SFCA (measures.e2sfca) over the scored cells with every
// site's capacity; the objective weights are the coverage problem's.
optimize::AccessProblem access_problem(const Scenario& s, const RunInputs& in,
                                       TimeSource& source, const optimize::Problem& coverage) {
    if (!in.capacity) {
        throw InputError(fmt::format(
            "{}: optimize.objective access needs capacities (expected a {} column in {} and a "
            "capacity for every candidate)",
            s.source.string(), s.centres.capacity_field, s.centres.file.path.string()));
    }
    optimize::AccessProblem p;
    const auto& all = in.grid.group(in.demand_group);
    for (const auto i : in.scored) p.demand.push_back(all[i]);
    p.weight = coverage.weight;
    p.time_s = detail::scored_rows(in, source.matrix(in.matrix_bound_s, std::nullopt));
    for (std::uint32_t r = 0; r < source.by_rank().size(); ++r) {
        p.capacity.push_back((*in.capacity)[source.by_rank()[r]]);
    }
    p.cost = coverage.cost;
    p.fixed_open = coverage.fixed_open;
    p.decay = in.decay;
    p.k = coverage.k;
    p.budget = coverage.budget;
    return p;
}

}  // namespace

OptimizeResult optimize_scenario(const Scenario& s0, const RunOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    if (!s0.optimize) {
        throw InputError(fmt::format(
            "{}: no optimize: section (expected optimize.candidates, objective, k or budget_eur)",
            s0.source.string()));
    }
    const int threads =
        options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    const auto candidates = detail::read_candidates(s0);
    check_limits(s0, candidates);
    const Scenario s = detail::with_candidates(s0, candidates);
    RunResult scratch;
    scratch.scenario = s.name;
    const auto in = detail::read_run_inputs(s, scratch);
    const auto source = profile_source(s, in, scratch, options, threads);
    const auto& o = *s.optimize;
    const double bound_s =
        60.0 * (o.objective == Objective::pmedian ? o.max_time_min.value_or(90.0)
                                                   : static_cast<double>(s.target_min));
    const auto& matrix = source->matrix(bound_s, std::nullopt);
    const auto demand = demand_of(s, in);
    const auto problem = build_problem(s, in, *source, matrix, demand, candidates);

    OptimizeResult result;
    result.scenario = s.name;
    result.objective = to_string(o.objective);
    result.profile = source->profile();
    result.target_min = s.target_min;
    result.max_time_min = o.max_time_min.value_or(90.0);
    result.group_name = demand.group;
    result.group_weight = demand.weight;
    for (const auto& persons : demand.persons) {
        double total = 0.0;
        for (const double v : persons) total += v;
        result.population.push_back(total);
    }
    result.covered_existing = covered_by_group(problem, demand, {});
    result.objective_existing = optimize::objective_value(problem, {});
    result.sites = problem.site_count();
    result.candidates = candidates.sites.size();
    result.demand_points = problem.demand_count();
    result.pairs = problem.demand.size();

    info(fmt::format("optimize: {} sites ({} candidates), {} demand cells, {} pairs",
                     result.sites, result.candidates, result.demand_points, result.pairs));
    if (o.objective == Objective::access) {
        const auto access = access_problem(s, in, *source, problem);
        const auto chosen = optimize::solve_access(access);
        result.solver = "heuristic";
        result.objective_value = result.heuristic_value = chosen.value;
        result.objective_existing = optimize::access_value(access, {});
        fill_choice(s, in, *source, problem, demand, candidates, chosen,
                    optimize::access_sequence(access, chosen.chosen), result);
    } else {
        const auto chosen = solve_coverage(problem, result);
        fill_choice(s, in, *source, problem, demand, candidates, chosen,
                    optimize::sequence(problem, chosen.chosen), result);
    }
    if (o.objective == Objective::pmedian) {
        const double reachable = std::accumulate(problem.weight.begin(), problem.weight.end(), 0.0) -
                                 optimize::unreachable_weight(problem);
        if (reachable > 0.0) {
            result.weighted_mean_time_min = result.objective_value / reachable / 60.0;
        }
        result.capped_pairs = capped_pairs(problem);
        result.excluded_demand = optimize::unreachable_weight(problem);
    }
    result.threads = threads;
    result.stand_ins = scratch.stand_ins;
    if (source->roads_standin) result.stand_ins.insert(result.stand_ins.begin(), "roads");
    result.warnings = scratch.warnings;
    for (const auto& w : source->warnings()) result.warnings.push_back(w);
    if (s.optimize->candidates.given()) {
        result.input_hashes.emplace_back(s.optimize->candidates.path.string(),
                                         hash_file(s.optimize->candidates.path));
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace reach::scenario
