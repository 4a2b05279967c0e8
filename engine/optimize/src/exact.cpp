// The exact MIP through CBC (exact.hpp).
#include "reach/optimize/exact.hpp"

#include <CbcModel.hpp>
#include <CoinPackedMatrix.hpp>
#include <CoinPackedVector.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace reach::optimize {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// A MIP under construction: columns with bounds and costs, rows as (row, column, coefficient)
// triplets. Appending rows to a CoinPackedMatrix one at a time reallocates on every append
// (quadratic in the pair count); the triplets become the matrix in one go.
struct Model {
    std::vector<double> col_lb, col_ub, objective;
    std::vector<char> integer;
    std::vector<int> entry_row, entry_column;
    std::vector<double> entry_value;
    std::vector<double> row_lb, row_ub;

    int column(double lb, double ub, double cost, bool is_integer) {
        col_lb.push_back(lb);
        col_ub.push_back(ub);
        objective.push_back(cost);
        integer.push_back(is_integer ? 1 : 0);
        return static_cast<int>(col_lb.size()) - 1;
    }
    void row(const CoinPackedVector& terms, double lb, double ub) {
        const int r = static_cast<int>(row_lb.size());
        for (int e = 0; e < terms.getNumElements(); ++e) {
            entry_row.push_back(r);
            entry_column.push_back(terms.getIndices()[e]);
            entry_value.push_back(terms.getElements()[e]);
        }
        row_lb.push_back(lb);
        row_ub.push_back(ub);
    }
    [[nodiscard]] CoinPackedMatrix matrix() const {
        CoinPackedMatrix m(false, 0.0, 0.0);
        if (!entry_value.empty()) {
            m = CoinPackedMatrix(false, entry_row.data(), entry_column.data(),
                                 entry_value.data(), static_cast<CoinBigIndex>(entry_value.size()));
        }
        m.setDimensions(static_cast<int>(row_lb.size()), static_cast<int>(col_lb.size()));
        return m;
    }
};

// x_j per non-fixed site (−1 for fixed sites) and the k and budget rows.
std::vector<int> site_columns(const Problem& p, Model& m, bool with_limits) {
    std::vector<int> x(p.site_count(), -1);
    CoinPackedVector count, cost;
    for (std::size_t j = 0; j < p.site_count(); ++j) {
        if (p.fixed_open[j] == 0) {
            x[j] = m.column(0.0, 1.0, p.objective == Objective::lscp ? 1.0 : 0.0, true);
            count.insert(x[j], 1.0);
            cost.insert(x[j], p.cost[j]);
        }
    }
    if (with_limits && p.k) m.row(count, -COIN_DBL_MAX, *p.k);
    if (with_limits && p.budget) m.row(cost, -COIN_DBL_MAX, *p.budget * (1.0 + 1e-9) + 1e-9);
    return x;
}

// Per demand point, whether a fixed site covers it within the target, and the best fixed time.
struct FixedCover {
    std::vector<char> covered;
    std::vector<double> best_s;
};
FixedCover fixed_cover(const Problem& p) {
    FixedCover f{std::vector<char>(p.demand_count(), 0),
                 std::vector<double>(p.demand_count(), infinity)};
    for (std::size_t j = 0; j < p.site_count(); ++j) {
        if (p.fixed_open[j] == 0) continue;
        for (auto e = p.first[j]; e < p.first[j + 1]; ++e) {
            const auto i = p.demand[e];
            f.best_s[i] = std::min(f.best_s[i], p.time_s[e]);
            if (within_target(p.time_s[e], p.target_s)) f.covered[i] = 1;
        }
    }
    return f;
}

// Rows "Σ_{j covers i} x_j (−y_i) ≥ …" for the points only non-fixed sites can cover.
void cover_rows(const Problem& p, const std::vector<int>& x, const FixedCover& fixed, Model& m) {
    std::vector<CoinPackedVector> terms(p.demand_count());
    for (std::size_t j = 0; j < p.site_count(); ++j) {
        if (x[j] < 0) continue;
        for (auto e = p.first[j]; e < p.first[j + 1]; ++e) {
            if (within_target(p.time_s[e], p.target_s) && fixed.covered[p.demand[e]] == 0) {
                terms[p.demand[e]].insert(x[j], 1.0);
            }
        }
    }
    for (std::size_t i = 0; i < terms.size(); ++i) {
        if (terms[i].getNumElements() == 0) continue;
        if (p.objective == Objective::lscp) {
            m.row(terms[i], 1.0, COIN_DBL_MAX);
        } else {  // mclp: y_i ≤ Σ x_j
            const int y = m.column(0.0, 1.0, p.weight[i], false);
            terms[i].insert(y, -1.0);
            m.row(terms[i], 0.0, COIN_DBL_MAX);
        }
    }
}

// Assignment columns and rows of the p-median (exact.hpp).
void assignment_rows(const Problem& p, const std::vector<int>& x, const FixedCover& fixed,
                     Model& m) {
    std::vector<CoinPackedVector> assign(p.demand_count());
    std::vector<char> listed(p.demand_count(), 0);
    for (const auto i : p.demand) listed[i] = 1;
    for (std::size_t j = 0; j < p.site_count(); ++j) {
        if (x[j] < 0) continue;
        for (auto e = p.first[j]; e < p.first[j + 1]; ++e) {
            const auto i = p.demand[e];
            const double t = std::min(p.time_s[e], p.cap_s);
            if (t >= std::min(fixed.best_s[i], p.cap_s)) continue;  // never better than fallback
            const int z = m.column(0.0, 1.0, p.weight[i] * t, false);
            assign[i].insert(z, 1.0);
            CoinPackedVector link;  // z_ij ≤ x_j
            link.insert(z, 1.0);
            link.insert(x[j], -1.0);
            m.row(link, -COIN_DBL_MAX, 0.0);
        }
    }
    for (std::size_t i = 0; i < assign.size(); ++i) {
        if (listed[i] == 0 || assign[i].getNumElements() == 0) continue;  // excluded / constant
        const double fallback = std::min(fixed.best_s[i], p.cap_s);
        assign[i].insert(m.column(0.0, 1.0, p.weight[i] * fallback, false), 1.0);
        m.row(assign[i], 1.0, 1.0);
    }
}

}  // namespace

std::optional<Solution> solve_exact(const Problem& p, const ExactOptions& options) {
    if (p.demand.size() > options.max_pairs) {
        return std::nullopt;
    }
    Model m;
    const auto x = site_columns(p, m, p.objective != Objective::lscp);
    const auto fixed = fixed_cover(p);
    if (p.objective == Objective::pmedian) {
        assignment_rows(p, x, fixed, m);
    } else {
        cover_rows(p, x, fixed, m);
    }
    OsiClpSolverInterface solver;
    solver.messageHandler()->setLogLevel(0);
    solver.loadProblem(m.matrix(), m.col_lb.data(), m.col_ub.data(), m.objective.data(),
                       m.row_lb.data(), m.row_ub.data());
    for (std::size_t c = 0; c < m.integer.size(); ++c) {
        if (m.integer[c] != 0) solver.setInteger(static_cast<int>(c));
    }
    solver.setObjSense(p.objective == Objective::mclp ? -1.0 : 1.0);
    CbcModel model(solver);
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    model.solver()->messageHandler()->setLogLevel(0);
    model.setNumberThreads(0);
    model.setMaximumSeconds(options.time_limit_s);
    // CBC looks at its clock only between LP solves; one LP of a large p-median can run for
    // minutes, so Clp gets the same limit per solve (CPU seconds).
    if (auto* clp = dynamic_cast<OsiClpSolverInterface*>(model.solver())) {
        clp->getModelPtr()->setMaximumSeconds(options.time_limit_s);
    }
    model.branchAndBound();
    if (!model.isProvenOptimal() || model.bestSolution() == nullptr) {
        return std::nullopt;
    }
    Solution s;
    for (std::size_t j = 0; j < p.site_count(); ++j) {
        if (x[j] >= 0 && model.bestSolution()[x[j]] > 0.5) {
            s.chosen.push_back(static_cast<std::uint32_t>(j));
        }
    }
    s.value = objective_value(p, s.chosen);
    s.exact = true;
    return s;
}

}  // namespace reach::optimize
