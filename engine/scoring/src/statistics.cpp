#include "reach/scoring/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "reach/core/assert.hpp"

namespace reach::scoring {
namespace {

struct Weighted {
    double value;
    double weight;
};

// The cells with persons, sorted by value (ties keep their input order: deterministic sums).
std::vector<Weighted> sorted_by_value(std::span<const double> value,
                                      std::span<const double> weight) {
    REACH_ASSERT(value.size() == weight.size());
    std::vector<Weighted> out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        REACH_ASSERT(std::isfinite(weight[i]) && weight[i] >= 0.0);
        if (weight[i] > 0.0) {
            REACH_ASSERT(std::isfinite(value[i]));
            out.push_back({value[i], weight[i]});
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Weighted& a, const Weighted& b) { return a.value < b.value; });
    return out;
}

double total_weight(const std::vector<Weighted>& cells) {
    double w = 0.0;
    for (const auto& c : cells) {
        w += c.weight;
    }
    return w;
}

// S(q): Σ of values over the q persons with the smallest values, the straddling cell split.
double lower_sum(const std::vector<Weighted>& sorted, double q) {
    double sum = 0.0;
    double persons = 0.0;
    for (const auto& c : sorted) {
        if (persons + c.weight >= q) {
            // A cut that falls on a cell boundary up to rounding takes nothing of the next
            // cell (else 1e-16 persons of it could turn an empty bottom 40 % into a tiny one).
            const double rest = q - persons;
            return rest > 1e-12 * q ? sum + c.value * rest : sum;
        }
        persons += c.weight;
        sum += c.value * c.weight;
    }
    return sum;
}

}  // namespace

std::optional<double> weighted_mean(std::span<const double> value, std::span<const double> weight) {
    REACH_ASSERT(value.size() == weight.size());
    double w = 0.0;
    double wv = 0.0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (weight[i] > 0.0) {
            w += weight[i];
            wv += weight[i] * value[i];
        }
    }
    if (w <= 0.0) {
        return std::nullopt;
    }
    return wv / w;
}

std::optional<double> weighted_percentile(std::span<const double> value,
                                          std::span<const double> weight, double p) {
    REACH_ASSERT(p > 0.0 && p <= 1.0);
    const auto sorted = sorted_by_value(value, weight);
    if (sorted.empty()) {
        return std::nullopt;
    }
    const double rank = p * total_weight(sorted) * (1.0 - 1e-12);
    double persons = 0.0;
    for (const auto& c : sorted) {
        persons += c.weight;
        if (persons >= rank) {
            return c.value;
        }
    }
    return sorted.back().value;
}

std::optional<double> gini(std::span<const double> value, std::span<const double> weight) {
    const auto sorted = sorted_by_value(value, weight);
    const double w = total_weight(sorted);
    double wv = 0.0;
    for (const auto& c : sorted) {
        REACH_ASSERT(c.value >= 0.0);
        wv += c.weight * c.value;
    }
    if (w <= 0.0 || wv <= 0.0) {
        return std::nullopt;
    }
    double acc = 0.0;
    double cumulative = 0.0;
    for (const auto& c : sorted) {
        const double before = cumulative;
        cumulative += c.weight;
        acc += c.weight * c.value * (before + cumulative - w);
    }
    // Equal values give 0 up to rounding; never report a negative inequality.
    return std::max(0.0, acc / (w * wv));
}

std::optional<double> palma(std::span<const double> value, std::span<const double> weight) {
    const auto sorted = sorted_by_value(value, weight);
    const double w = total_weight(sorted);
    if (w <= 0.0) {
        return std::nullopt;
    }
    const double bottom40 = lower_sum(sorted, 0.4 * w);
    if (bottom40 <= 0.0) {
        return std::nullopt;
    }
    double all = 0.0;
    for (const auto& c : sorted) {
        all += c.value * c.weight;
    }
    const double top10 = all - lower_sum(sorted, 0.9 * w);
    return (top10 / (0.1 * w)) / (bottom40 / (0.4 * w));
}

std::optional<double> concentration_index(std::span<const double> value,
                                          std::span<const double> weight,
                                          std::span<const double> rank_value) {
    REACH_ASSERT(value.size() == weight.size());
    REACH_ASSERT(value.size() == rank_value.size());
    struct Ranked {
        double rank;
        double value;
        double weight;
    };
    std::vector<Ranked> cells;
    cells.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        REACH_ASSERT(std::isfinite(weight[i]) && weight[i] >= 0.0);
        if (weight[i] > 0.0 && std::isfinite(rank_value[i])) {
            REACH_ASSERT(std::isfinite(value[i]));
            cells.push_back({rank_value[i], value[i], weight[i]});
        }
    }
    // Sorted by the whole triple, not by rank alone: cells that differ in input order only
    // are then interchangeable, and every sum below runs in the same order for any
    // permutation of the input (bitwise-reproducible figures).
    std::sort(cells.begin(), cells.end(), [](const Ranked& a, const Ranked& b) {
        if (a.rank != b.rank) {
            return a.rank < b.rank;
        }
        if (a.value != b.value) {
            return a.value < b.value;
        }
        return a.weight < b.weight;
    });
    double w = 0.0;
    double wh = 0.0;
    for (const auto& c : cells) {
        w += c.weight;
        wh += c.weight * c.value;
    }
    if (w <= 0.0 || wh == 0.0) {
        return std::nullopt;
    }
    // One pass over blocks of equal rank: every person of a block gets its midpoint rank.
    // 2 (R − ½) = (2·before + block − W) / W for every person of the block, so
    // C = Σ_blocks (Σ_block w h)(2·before + block − W) / (W Σ w h): W enters once, at the end.
    double acc = 0.0;
    double before = 0.0;
    for (std::size_t first = 0; first < cells.size();) {
        std::size_t last = first;
        double block_w = 0.0;
        double block_wh = 0.0;
        while (last < cells.size() && cells[last].rank == cells[first].rank) {
            block_w += cells[last].weight;
            block_wh += cells[last].weight * cells[last].value;
            ++last;
        }
        acc += block_wh * (2.0 * before + block_w - w);
        before += block_w;
        first = last;
    }
    return acc / (w * wh);
}

}  // namespace reach::scoring
