#include "reach/scoring/two_step_fca.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/core/units.hpp"

namespace reach::scoring {
namespace {

std::string list(const std::vector<double>& values) {
    return fmt::format("[{}]", fmt::join(values, ", "));
}

}  // namespace

DecaySpec two_step_spec(double catchment_min) {
    return DecaySpec{Decay::step, {catchment_min}, {1.0}, 0.0};
}

void validate(const DecaySpec& spec) {
    if (spec.decay == Decay::gaussian) {
        if (!std::isfinite(spec.catchment_min) || spec.catchment_min <= 0.0) {
            throw InputError(where_what(
                "measures.e2sfca.catchment_min",
                fmt::format("{} is not a positive number of minutes (gaussian decay needs it)",
                            spec.catchment_min)));
        }
        return;
    }
    const auto& b = spec.breaks_min;
    if (b.empty()) {
        throw InputError(where_what("measures.e2sfca.breaks_min",
                                    "empty (expected at least one zone bound, e.g. [10, 20, 30])"));
    }
    for (std::size_t k = 0; k < b.size(); ++k) {
        if (!std::isfinite(b[k]) || b[k] <= 0.0 || (k > 0 && b[k] <= b[k - 1])) {
            throw InputError(
                where_what("measures.e2sfca.breaks_min",
                           fmt::format("{} is not strictly increasing positive minutes", list(b))));
        }
    }
    if (spec.weights.size() != b.size()) {
        throw InputError(
            where_what("measures.e2sfca.weights",
                       fmt::format("{} has {} values (expected one per zone of breaks_min {}: {})",
                                   list(spec.weights), spec.weights.size(), list(b), b.size())));
    }
    for (const double w : spec.weights) {
        if (!std::isfinite(w) || w < 0.0) {
            throw InputError(where_what(
                "measures.e2sfca.weights",
                fmt::format("{} in {} is not a finite weight ≥ 0", w, list(spec.weights))));
        }
    }
}

double decay_weight(const DecaySpec& spec, double time_s) {
    if (spec.decay == Decay::gaussian) {
        const double d0_s = spec.catchment_min * 60.0;
        if (!within(time_s, d0_s)) {
            return 0.0;
        }
        const double r = time_s / d0_s;
        const double floor = std::exp(-0.5);
        // Within the tolerance just beyond d0 the formula dips below 0: clamp.
        return std::max(0.0, (std::exp(-0.5 * r * r) - floor) / (1.0 - floor));
    }
    for (std::size_t k = 0; k < spec.breaks_min.size(); ++k) {
        if (within(time_s, spec.breaks_min[k] * 60.0)) {
            return spec.weights[k];
        }
    }
    return 0.0;
}

std::vector<double> access_per_1000(const TimeMatrix& time_s, std::span<const double> supply_ratio,
                                    const DecaySpec& spec) {
    REACH_ASSERT(static_cast<std::size_t>(time_s.cols()) == supply_ratio.size());
    std::vector<double> per_1000(static_cast<std::size_t>(time_s.rows()), 0.0);
    for (Eigen::Index j = 0; j < time_s.outerSize(); ++j) {
        const double r = supply_ratio[static_cast<std::size_t>(j)];
        if (r == 0.0) {
            continue;
        }
        for (TimeMatrix::InnerIterator it(time_s, j); it; ++it) {
            per_1000[static_cast<std::size_t>(it.row())] += decay_weight(spec, it.value()) * r;
        }
    }
    for (double& a : per_1000) {
        a *= 1000.0;
    }
    return per_1000;
}

Accessibility two_step_fca(std::span<const double> demand, const TimeMatrix& time_s,
                           std::span<const double> capacity, const DecaySpec& spec) {
    REACH_ASSERT(static_cast<std::size_t>(time_s.rows()) == demand.size());
    REACH_ASSERT(static_cast<std::size_t>(time_s.cols()) == capacity.size());
    const std::size_t centre_count = capacity.size();
    Accessibility out;
    out.weighted_demand.assign(centre_count, 0.0);
    out.supply_ratio.assign(centre_count, 0.0);

    for (Eigen::Index j = 0; j < time_s.outerSize(); ++j) {
        double d = 0.0;
        for (TimeMatrix::InnerIterator it(time_s, j); it; ++it) {
            d += decay_weight(spec, it.value()) * demand[static_cast<std::size_t>(it.row())];
        }
        const auto c = static_cast<std::size_t>(j);
        out.weighted_demand[c] = d;
        if (d > 0.0) {
            out.supply_ratio[c] = capacity[c] / d;
        } else {
            out.without_demand.push_back(static_cast<std::uint32_t>(c));
        }
    }
    out.per_1000 = access_per_1000(time_s, out.supply_ratio, spec);
    return out;
}

}  // namespace reach::scoring
