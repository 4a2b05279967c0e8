// E2SFCA, coverage and the person statistics against deliberately naive dense
// reimplementations on random instances (fixed seed). The naive versions loop over a dense
// cells × centres table with "no entry" as an empty optional, compute the ratios cell by cell
// in row order, and get percentiles, Gini, Palma and the concentration index by expanding
// cells into persons.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "reach/core/units.hpp"
#include "reach/scoring/aggregates.hpp"
#include "reach/scoring/coverage.hpp"
#include "reach/scoring/statistics.hpp"
#include "reach/scoring/two_step_fca.hpp"

namespace reach::scoring {
namespace {

using Dense = std::vector<std::vector<std::optional<double>>>;  // [cell][centre], seconds

struct Instance {
    std::vector<double> persons;  // whole persons, some cells empty
    std::vector<double> capacity;
    Dense time_s;
    TimeMatrix matrix;
};

Instance random_instance(std::mt19937& rng) {
    std::uniform_int_distribution<int> cell_count(5, 60);
    std::uniform_int_distribution<int> centre_count(1, 8);
    std::uniform_int_distribution<int> whole(0, 40);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    // Times hit zone bounds, zero and the thresholds exactly, often.
    const std::vector<double> special = {0.0, 600.0, 900.0, 1200.0, 1800.0, 2700.0};
    Instance in;
    const int n = cell_count(rng);
    const int m = centre_count(rng);
    for (int i = 0; i < n; ++i) {
        in.persons.push_back(unit(rng) < 0.2 ? 0.0 : static_cast<double>(whole(rng)));
    }
    for (int j = 0; j < m; ++j) {
        in.capacity.push_back(unit(rng) < 0.1 ? 0.0 : std::floor(unit(rng) * 50.0));
    }
    in.time_s.assign(static_cast<std::size_t>(n),
                     std::vector<std::optional<double>>(static_cast<std::size_t>(m)));
    std::vector<Eigen::Triplet<double, std::int32_t>> entries;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < m; ++j) {
            const double u = unit(rng);
            if (u < 0.35) {
                continue;  // not reached within the bound
            }
            const double t =
                u < 0.6 ? special[static_cast<std::size_t>(unit(rng) * 6.0)] : unit(rng) * 3600.0;
            in.time_s[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = t;
            entries.emplace_back(i, j, t);
        }
    }
    in.matrix.resize(n, m);
    in.matrix.setFromTriplets(entries.begin(), entries.end());
    return in;
}

double naive_weight(const DecaySpec& spec, double t) {
    const double minutes = t / 60.0;
    const double tolerance_min = 1e-6 / 60.0;
    if (spec.decay == Decay::gaussian) {
        if (minutes > spec.catchment_min + tolerance_min) {
            return 0.0;
        }
        const double g = std::exp(-0.5 * std::pow(minutes / spec.catchment_min, 2.0));
        return std::max(0.0, (g - std::exp(-0.5)) / (1.0 - std::exp(-0.5)));
    }
    double lower = -1.0;
    for (std::size_t k = 0; k < spec.breaks_min.size(); ++k) {
        if (minutes > lower + tolerance_min && minutes <= spec.breaks_min[k] + tolerance_min) {
            return spec.weights[k];
        }
        lower = spec.breaks_min[k];
    }
    return 0.0;
}

std::vector<double> naive_e2sfca(const Instance& in, const DecaySpec& spec) {
    const std::size_t n = in.persons.size();
    const std::size_t m = in.capacity.size();
    std::vector<double> out(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < m; ++j) {
            if (!in.time_s[i][j]) {
                continue;
            }
            double demand = 0.0;  // recomputed for every pair: naive on purpose
            for (std::size_t k = 0; k < n; ++k) {
                if (in.time_s[k][j]) {
                    demand += in.persons[k] * naive_weight(spec, *in.time_s[k][j]);
                }
            }
            if (demand > 0.0) {
                out[i] += naive_weight(spec, *in.time_s[i][j]) * in.capacity[j] / demand * 1000.0;
            }
        }
    }
    return out;
}

std::vector<double> naive_nearest(const Instance& in) {
    std::vector<double> out;
    for (const auto& row : in.time_s) {
        double best = unreachable;
        for (const auto& t : row) {
            if (t && *t < best) {
                best = *t;
            }
        }
        out.push_back(best);
    }
    return out;
}

// Each person as one entry (times in minutes), sorted.
std::vector<double> persons_expanded(const std::vector<double>& value,
                                     const std::vector<double>& persons, int copies_each) {
    std::vector<double> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        for (int k = 0; k < static_cast<int>(persons[i]) * copies_each; ++k) {
            out.push_back(value[i]);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

void expect_close(double got, double want, const char* what, int instance) {
    EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want)))
        << what << " in instance " << instance;
}

const std::vector<DecaySpec> specs = {
    DecaySpec{Decay::step, {10, 20, 30}, {1.0, 0.68, 0.22}, 0.0},
    DecaySpec{Decay::step, {15, 45}, {1.0, 0.5}, 0.0},
    two_step_spec(30),
    DecaySpec{Decay::gaussian, {}, {}, 30.0},
    DecaySpec{Decay::gaussian, {}, {}, 45.0},
};

TEST(ReferenceCrossCheck, E2sfcaEqualsTheNaiveDenseVersionOnRandomInstances) {
    std::mt19937 rng(20240611);
    for (int instance = 0; instance < 30; ++instance) {
        const Instance in = random_instance(rng);
        const DecaySpec& spec = specs[static_cast<std::size_t>(instance) % specs.size()];
        const auto got = two_step_fca(in.persons, in.matrix, in.capacity, spec);
        const auto want = naive_e2sfca(in, spec);
        ASSERT_EQ(got.per_1000.size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            expect_close(got.per_1000[i], want[i], "E2SFCA", instance);
        }
    }
}

TEST(ReferenceCrossCheck, CoverageAndTimeStatisticsEqualTheNaiveVersionOnRandomInstances) {
    std::mt19937 rng(7);
    const CoverageOptions options{{15, 30, 45, 60}, 30};
    for (int instance = 0; instance < 30; ++instance) {
        const Instance in = random_instance(rng);
        const std::vector<double> nearest = naive_nearest(in);
        const Times times = times_from_matrix(in.matrix);
        for (std::size_t i = 0; i < nearest.size(); ++i) {
            ASSERT_EQ(times.nearest_time_s[i], nearest[i]) << "instance " << instance;
        }
        const Coverage got = coverage(in.persons, times.nearest_time_s, {}, options);

        double population = 0.0;
        std::vector<double> covered(options.thresholds_min.size(), 0.0);
        std::vector<double> reach_min;
        std::vector<double> reach_persons;
        for (std::size_t i = 0; i < nearest.size(); ++i) {
            population += in.persons[i];
            for (std::size_t k = 0; k < covered.size(); ++k) {
                if (nearest[i] / 60.0 <= options.thresholds_min[k] + 1e-6 / 60.0) {
                    covered[k] += in.persons[i];
                }
            }
            if (std::isfinite(nearest[i])) {
                reach_min.push_back(nearest[i] / 60.0);
                reach_persons.push_back(in.persons[i]);
            }
        }
        expect_close(got.population, population, "population", instance);
        for (std::size_t k = 0; k < covered.size(); ++k) {
            expect_close(got.covered[k], covered[k], "covered", instance);
        }
        // Nearest rank by listing every person: the ⌈p·N⌉-th time.
        const auto people = persons_expanded(reach_min, reach_persons, 1);
        if (people.empty()) {
            EXPECT_FALSE(got.median_time_min.has_value());
            EXPECT_FALSE(got.mean_time_min.has_value());
            continue;
        }
        const auto nth = [&](double p) {
            const auto rank =
                static_cast<std::size_t>(std::ceil(p * static_cast<double>(people.size()) - 1e-9));
            return people[rank - 1];
        };
        EXPECT_EQ(*got.median_time_min, nth(0.5)) << "instance " << instance;
        EXPECT_EQ(*got.p90_time_min, nth(0.9)) << "instance " << instance;
        double sum = 0.0;
        for (const double t : people) {
            sum += t;
        }
        expect_close(*got.mean_time_min, sum / static_cast<double>(people.size()), "mean",
                     instance);
    }
}

// Gini from all pairs of persons, Palma from persons split into tenths (so both cuts fall
// between whole entries), over the E2SFCA values of random instances.
TEST(ReferenceCrossCheck, GiniAndPalmaEqualThePersonByPersonVersion) {
    std::mt19937 rng(99);
    int palma_checked = 0;
    for (int instance = 0; instance < 25; ++instance) {
        const Instance in = random_instance(rng);
        const auto a = two_step_fca(in.persons, in.matrix, in.capacity, specs[0]);
        const auto people = persons_expanded(a.per_1000, in.persons, 1);
        if (people.empty()) {
            continue;
        }
        double pairs = 0.0;
        double sum = 0.0;
        for (const double x : people) {
            sum += x;
            for (const double y : people) {
                pairs += std::abs(x - y);
            }
        }
        const auto n = static_cast<double>(people.size());
        const auto g = gini(a.per_1000, in.persons);
        if (sum > 0.0) {
            expect_close(*g, pairs / (2.0 * n * n * (sum / n)), "Gini", instance);
        } else {
            EXPECT_FALSE(g.has_value());
        }

        const auto tenths = persons_expanded(a.per_1000, in.persons, 10);
        const std::size_t units = tenths.size();  // 10 N: the 40 % and 90 % cuts are whole
        double bottom = 0.0;
        double top = 0.0;
        for (std::size_t k = 0; k < units * 4 / 10; ++k) {
            bottom += tenths[k];
        }
        for (std::size_t k = units * 9 / 10; k < units; ++k) {
            top += tenths[k];
        }
        const auto p = palma(a.per_1000, in.persons);
        if (bottom > 0.0) {
            expect_close(*p,
                         (top / static_cast<double>(units - units * 9 / 10)) /
                             (bottom / static_cast<double>(units * 4 / 10)),
                         "Palma", instance);
            ++palma_checked;
        } else {
            EXPECT_FALSE(p.has_value());
        }
    }
    EXPECT_GT(palma_checked, 5);
}

// Concentration index person by person: every cell with a finite rank becomes persons[i]
// entries (h, rank); sorted by rank, person k of N has the fractional rank (k + ½)/N, and a
// run of equal ranks gets the mean of its persons' ranks; then C = 2 cov(h, r) / mean(h) with
// the plain population covariance. Ranks are drawn from 0…5 (many ties) or continuous, and
// one cell in ten has no rank (NaN, left out).
std::optional<double> naive_concentration(const std::vector<double>& value,
                                          const std::vector<double>& persons,
                                          const std::vector<double>& rank) {
    std::vector<std::pair<double, double>> people;  // (rank, h)
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!std::isfinite(rank[i])) {
            continue;
        }
        for (int k = 0; k < static_cast<int>(persons[i]); ++k) {
            people.emplace_back(rank[i], value[i]);
        }
    }
    std::stable_sort(people.begin(), people.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto n = static_cast<double>(people.size());
    std::vector<double> r(people.size());
    for (std::size_t a = 0; a < people.size();) {
        std::size_t b = a;
        double sum = 0.0;
        while (b < people.size() && people[b].first == people[a].first) {
            sum += (static_cast<double>(b) + 0.5) / n;
            ++b;
        }
        for (std::size_t k = a; k < b; ++k) {
            r[k] = sum / static_cast<double>(b - a);
        }
        a = b;
    }
    double mean_h = 0.0;
    double mean_r = 0.0;
    for (std::size_t k = 0; k < people.size(); ++k) {
        mean_h += people[k].second;
        mean_r += r[k];
    }
    if (people.empty() || mean_h == 0.0) {
        return std::nullopt;
    }
    mean_h /= n;
    mean_r /= n;
    double cov = 0.0;
    for (std::size_t k = 0; k < people.size(); ++k) {
        cov += (people[k].second - mean_h) * (r[k] - mean_r);
    }
    cov /= n;
    return 2.0 * cov / mean_h;
}

TEST(ReferenceCrossCheck, ConcentrationIndexEqualsThePersonByPersonVersion) {
    std::mt19937 rng(31337);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> small_rank(0, 5);
    int checked = 0;
    for (int instance = 0; instance < 40; ++instance) {
        const Instance in = random_instance(rng);
        const auto a = two_step_fca(in.persons, in.matrix, in.capacity, specs[0]);
        std::vector<double> rank;
        for (std::size_t i = 0; i < in.persons.size(); ++i) {
            if (unit(rng) < 0.1) {
                rank.push_back(std::numeric_limits<double>::quiet_NaN());
            } else {
                rank.push_back(instance % 2 == 0 ? static_cast<double>(small_rank(rng))
                                                 : unit(rng) * 100.0);
            }
        }
        const auto got = concentration_index(a.per_1000, in.persons, rank);
        const auto want = naive_concentration(a.per_1000, in.persons, rank);
        ASSERT_EQ(got.has_value(), want.has_value()) << "instance " << instance;
        if (want) {
            expect_close(*got, *want, "concentration index", instance);
            EXPECT_LE(std::abs(*got), 1.0);
            ++checked;
        }
    }
    EXPECT_GE(checked, 20);
}

}  // namespace
}  // namespace reach::scoring
