#pragma once
// `reach optimize` (issue 8, SCENARIO.md § optimize): which candidate sites to open.
//
// The candidates (optimize.candidates) join the scenario as centres.add, so they are snapped
// and routed exactly like a what-if's centres; one bounded search per site on the profile's
// graph (or the matrix file) gives the cell × site times. Demand = the scored cells, each
// weighted Σ_g group_weights[g] · persons_g. Sites are the candidates and the existing centres
// (fixed open with keep_existing; otherwise candidates of cost 0 that k also counts). Then
// engine/optimize: greedy + interchange always, and the exact MIP (CBC) when the problem is
// small enough; the exact choice wins and the heuristic's gap to it is reported.
//
// Outputs (write_optimize, a staged run folder): optimize.json, optimize_curve.csv (the
// chosen sites in the order that gains most, cumulative cost and coverage), optimized.yaml (a
// scenario `reach run` accepts: base = this scenario, centres.add = the chosen candidates,
// centres.close = the existing centres not kept), manifest.json.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::scenario {

struct OptimizeStep {
    std::string id, name;
    bool existing = false;          // an existing centre (keep_existing: false)
    double marginal_gain = 0.0;     // objective improvement when added in this order
    double cost_eur = 0.0;
    double cumulative_cost_eur = 0.0;
    double objective_value = 0.0;   // with the sites so far (and the fixed ones)
    std::vector<double> covered;    // persons per group within the target so far
};

struct OptimizeResult {
    std::string scenario, objective, profile, solver;  // solver: "exact" | "heuristic"
    int target_min = 30;
    double max_time_min = 90.0;
    std::vector<std::string> group_name;
    std::vector<double> group_weight;
    std::vector<double> population;        // per group, over the scored cells
    std::vector<double> covered_existing;  // per group, within the target of the fixed sites
    std::vector<OptimizeStep> chosen;      // selection order
    std::vector<std::string> closed;       // keep_existing: false — existing centres not chosen
    std::vector<CentreAdd> opened;         // the chosen candidates, for optimized.yaml
    double objective_value = 0.0;
    double objective_existing = 0.0;  // with the fixed sites only (the curve's k = 0)
    double heuristic_value = 0.0;
    std::optional<double> exact_value;
    std::optional<double> gap_to_exact;              // |heuristic − exact| / |exact|
    std::optional<double> weighted_mean_time_min;    // pmedian
    std::size_t capped_pairs = 0;                    // pmedian: reachable demand × site pairs at the cap
    double excluded_demand = 0.0;                    // pmedian: weight with no site within the cap
    std::size_t sites = 0, candidates = 0, demand_points = 0, pairs = 0;
    double seconds = 0.0;
    int threads = 0;
    std::vector<std::string> stand_ins, warnings;
    std::vector<std::pair<std::string, std::string>> input_hashes;
};

// InputError for a scenario without optimize:, mclp/pmedian without k or budget_eur, a
// budget below every candidate's cost, bad candidates (optimize_inputs.hpp) or bad inputs.
[[nodiscard]] OptimizeResult optimize_scenario(const Scenario& scenario,
                                               const RunOptions& options);

// The run folder (staged, replaced only with overwrite), `extra` (the report) before the
// manifest. Returns the names written.
std::vector<std::string> write_optimize(const Scenario& scenario, const OptimizeResult& result,
                                        const std::filesystem::path& dir, bool overwrite,
                                        const std::string& version,
                                        const std::vector<ExtraFile>& extra = {});

}  // namespace reach::scenario
