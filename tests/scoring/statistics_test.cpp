#include "reach/scoring/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace reach::scoring {
namespace {

const std::vector<double> ones5 = {1, 1, 1, 1, 1};

// Nearest rank over 5 persons with 1…5: value number ⌈p·5⌉.
//   p = 0.5 → ⌈2.5⌉ = 3rd → 3;  p = 0.9 → ⌈4.5⌉ = 5th → 5;  p = 0.2 → ⌈1⌉ = 1st → 1
//   (exactly at a rank: the lower value); p = 1 → 5.
TEST(WeightedPercentile, NearestRankWithOnePersonPerCell) {
    const std::vector<double> v = {4, 2, 5, 1, 3};  // order of the input does not matter
    EXPECT_EQ(weighted_percentile(v, ones5, 0.5), 3.0);
    EXPECT_EQ(weighted_percentile(v, ones5, 0.9), 5.0);
    EXPECT_EQ(weighted_percentile(v, ones5, 0.2), 1.0);
    EXPECT_EQ(weighted_percentile(v, ones5, 0.21), 2.0);
    EXPECT_EQ(weighted_percentile(v, ones5, 1.0), 5.0);
}

// Two values, 9 persons at 10 min and 1 at 20: p90 needs 9 persons → 10; p91 needs 9.1 → 20.
// Median of {10, 20} with one person each: ⌈1⌉ = 1st → 10 (nearest rank, no interpolation).
TEST(WeightedPercentile, PersonsWeightTheRank) {
    const std::vector<double> v = {20, 10};
    EXPECT_EQ(weighted_percentile(v, std::vector<double>{1, 9}, 0.9), 10.0);
    EXPECT_EQ(weighted_percentile(v, std::vector<double>{1, 9}, 0.91), 20.0);
    EXPECT_EQ(weighted_percentile(v, std::vector<double>{1, 1}, 0.5), 10.0);
}

// 0.1 + 0.2 persons = 0.30000000000000004 = 0.5 · 0.6000000000000001: reaches the median
// exactly (as 1 + 2 of 6 persons would), so the median is 20, not 30.
TEST(WeightedPercentile, FractionalPersonsReachingTheRankExactly) {
    const std::vector<double> v = {10, 20, 30};
    EXPECT_EQ(weighted_percentile(v, std::vector<double>{0.1, 0.2, 0.3}, 0.5), 20.0);
    EXPECT_EQ(weighted_percentile(v, std::vector<double>{1, 2, 3}, 0.5), 20.0);
    // 0.3 persons at 10 of W = 0.3 + 0.1 + 0.2 are exactly half, but in doubles
    // 0.3 < 0.5 · 0.6000000000000001: the tolerance keeps the median at 10.
    EXPECT_EQ(weighted_percentile(v, std::vector<double>{0.3, 0.1, 0.2}, 0.5), 10.0);
}

TEST(WeightedPercentile, ZeroWeightCellsAreSkippedAndNoPersonsGiveNoAnswer) {
    const std::vector<double> v = {1, 100};
    EXPECT_EQ(weighted_percentile(v, std::vector<double>{0, 3}, 0.5), 100.0);
    EXPECT_FALSE(weighted_percentile(v, std::vector<double>{0, 0}, 0.5).has_value());
    EXPECT_FALSE(weighted_mean(v, std::vector<double>{0, 0}).has_value());
    // (1·1 + 100·3) / 4 = 75.25
    EXPECT_DOUBLE_EQ(*weighted_mean(v, std::vector<double>{1, 3}), 75.25);
}

TEST(Gini, AllEqualIsZero) {
    const std::vector<double> v = {7, 7, 7, 7};
    EXPECT_NEAR(*gini(v, std::vector<double>{1, 5, 2, 9}), 0.0, 1e-15);
}

// One of n equal-weight cells holds everything: Σ_ij |v_i − v_j| = 2(n − 1), W = n, μ = 1/n,
// G = 2(n − 1) / (2 n² · 1/n) = (n − 1)/n.
TEST(Gini, OneCellHoldingEverythingGivesNMinusOneOverN) {
    for (const std::size_t n : {2U, 3U, 10U}) {
        std::vector<double> v(n, 0.0);
        v[n / 2] = 42.0;
        const std::vector<double> w(n, 3.0);  // equal weights: the scale does not matter
        EXPECT_NEAR(*gini(v, w), static_cast<double>(n - 1) / static_cast<double>(n), 1e-15);
    }
}

// 1 person with 0 and 3 persons with 4: μ = 12/4 = 3, Σ_ij w_i w_j |v_i − v_j| = 2·1·3·4 = 24,
// G = 24 / (2 · 4² · 3) = 0.25 — the same as four cells {0, 4, 4, 4} of one person each.
TEST(Gini, PersonsWeightTheCells) {
    EXPECT_NEAR(*gini(std::vector<double>{4, 0}, std::vector<double>{3, 1}), 0.25, 1e-15);
    EXPECT_NEAR(*gini(std::vector<double>{0, 4, 4, 4}, std::vector<double>{1, 1, 1, 1}), 0.25,
                1e-15);
}

TEST(Gini, NobodyHasAnythingGivesNoAnswer) {
    EXPECT_FALSE(gini(std::vector<double>{0, 0}, std::vector<double>{1, 2}).has_value());
    EXPECT_FALSE(gini(std::vector<double>{}, std::vector<double>{}).has_value());
}

// Ten persons with 1…10: worst 40 % = {1,2,3,4}, mean 2.5; best 10 % = {10}: Palma = 4.
TEST(Palma, TenPersonsOneToTen) {
    const std::vector<double> v = {3, 1, 4, 10, 5, 9, 2, 6, 8, 7};
    const std::vector<double> w(10, 1.0);
    EXPECT_NEAR(*palma(v, w), 4.0, 1e-12);
}

// Cells {1 × 3 persons, 2 × 7 persons}, W = 10. The 40 % cut (4 persons) splits the second
// cell: 3 persons at 1 + 1 person at 2, mean 5/4 = 1.25. The best 10 % (1 person) is at 2.
// Palma = 2 / 1.25 = 1.6.
TEST(Palma, CellStraddlingTheCutIsSplitFractionally) {
    EXPECT_NEAR(*palma(std::vector<double>{1, 2}, std::vector<double>{3, 7}), 1.6, 1e-12);
    // 2.5 persons at 0 and 7.5 at 8: the worst 40 % = 2.5 at 0 + 1.5 at 8 → mean 12/4 = 3;
    // the best 10 % = 1 person at 8 → Palma 8/3.
    EXPECT_NEAR(*palma(std::vector<double>{0, 8}, std::vector<double>{2.5, 7.5}), 8.0 / 3.0, 1e-12);
}

TEST(Palma, EqualValuesGiveOneAndEmptyBottomGivesNoAnswer) {
    EXPECT_NEAR(*palma(std::vector<double>{5, 5, 5}, std::vector<double>{1, 2, 7}), 1.0, 1e-12);
    // 50 % of persons have 0: the worst-served 40 % have nothing, the ratio is undefined.
    EXPECT_FALSE(palma(std::vector<double>{0, 9}, std::vector<double>{5, 5}).has_value());
    EXPECT_FALSE(palma(std::vector<double>{}, std::vector<double>{}).has_value());
    // 0.6 of 1.5 persons (exactly 40 %) have 0; in doubles 0.4 · 1.5 = 0.6000000000000001, and
    // the 1e-16 persons of the next cell must not make the bottom 40 % non-empty.
    EXPECT_FALSE(
        palma(std::vector<double>{0, 5, 10}, std::vector<double>{0.6, 0.2, 0.7}).has_value());
}

using V = std::vector<double>;

// Two persons, h = (0, 1), ranks (1, 2): R = (0.5/2, 1.5/2) = (0.25, 0.75), μ = 0.5,
// C = 2/(W μ) · Σ w h R − 1 = 2/(2 · 0.5) · (1 · 1 · 0.75) − 1 = 0.5.
// Reversed ranks put the value at R = 0.25: C = 2 · 0.25 − 1 = −0.5.
TEST(ConcentrationIndex, TwoPersonsHandWorkedAndReversedRanksNegate) {
    EXPECT_NEAR(*concentration_index(V{0, 1}, V{1, 1}, V{1, 2}), 0.5, 1e-15);
    EXPECT_NEAR(*concentration_index(V{0, 1}, V{1, 1}, V{2, 1}), -0.5, 1e-15);
    // The input order of the cells does not matter.
    EXPECT_NEAR(*concentration_index(V{1, 0}, V{1, 1}, V{2, 1}), 0.5, 1e-15);
}

// Ranks 1, 2, 3 with w = (1, 2, 1), h = (0, 1, 3): W = 4,
// R = (0.5/4, (1 + 1)/4, (3 + 0.5)/4) = (0.125, 0.5, 0.875), Σ w h = 5 (μ = 1.25),
// Σ w h R = 2 · 0.5 + 3 · 0.875 = 3.625, C = 2 · 3.625 / 5 − 1 = 0.45.
// Mirrored ranks (3, 2, 1) give R' = 1 − R and C' = −C = −0.45.
TEST(ConcentrationIndex, WeightedHandWorkedAndSymmetric) {
    EXPECT_NEAR(*concentration_index(V{0, 1, 3}, V{1, 2, 1}, V{1, 2, 3}), 0.45, 1e-15);
    EXPECT_NEAR(*concentration_index(V{0, 1, 3}, V{1, 2, 1}, V{3, 2, 1}), -0.45, 1e-15);
    // Any increasing transform of the ranks gives the same order and the same C.
    EXPECT_NEAR(*concentration_index(V{0, 1, 3}, V{1, 2, 1}, V{-10, 0.5, 1e6}), 0.45, 1e-15);
}

TEST(ConcentrationIndex, EqualValuesGiveZero) {
    EXPECT_NEAR(*concentration_index(V{7, 7, 7, 7}, V{1, 5, 2, 9}, V{3, 1, 4, 2}), 0.0, 1e-15);
}

// One top-ranked cell of w persons holds everything: C = 2 R_top − 1 = 1 − w/W.
// Four equal cells: R_top = 3.5/4 → C = 0.75; held by the bottom-ranked cell: 2 · 0.125 − 1.
TEST(ConcentrationIndex, AllAtTheTopOrBottomGivesOneMinusShare) {
    EXPECT_NEAR(*concentration_index(V{0, 0, 0, 9}, V{1, 1, 1, 1}, V{1, 2, 3, 4}), 0.75, 1e-15);
    EXPECT_NEAR(*concentration_index(V{9, 0, 0, 0}, V{1, 1, 1, 1}, V{1, 2, 3, 4}), -0.75, 1e-15);
}

// Ranks (1, 1, 2), w = (1, 1, 2), h = (4, 0, 3): the tied block holds persons 0–2 of W = 4,
// both cells get its midpoint R = 1/4; the third cell R = (2 + 1)/4 = 0.75.
// Σ w h = 4 + 6 = 10, Σ w h R = 4 · 0.25 + 6 · 0.75 = 5.5, C = 2 · 5.5 / 10 − 1 = 0.1.
// (Ranking inside the tie by input order would give 0 with the 4 first, 0.2 with it second.)
TEST(ConcentrationIndex, TiedRanksShareTheMidpointOfTheirBlock) {
    EXPECT_NEAR(*concentration_index(V{4, 0, 3}, V{1, 1, 2}, V{1, 1, 2}), 0.1, 1e-15);
    EXPECT_NEAR(*concentration_index(V{0, 4, 3}, V{1, 1, 2}, V{1, 1, 2}), 0.1, 1e-15);
}

// Every permutation of seven cells with ties (ranks 1, 1, 1, 2, 2, 3, 3; equal and unequal
// values, fractional weights) gives bitwise the same result.
TEST(ConcentrationIndex, AnyCellOrderGivesBitwiseTheSameResult) {
    const V value = {0.3, 5.1, 2.2, 0.3, 7.7, 1.1, 1.1};
    const V weight = {1.5, 0.7, 3.1, 2.9, 0.1, 4.3, 4.3};
    const V rank = {1, 1, 1, 2, 2, 3, 3};
    const double first = *concentration_index(value, weight, rank);
    std::vector<std::size_t> order(value.size());
    std::iota(order.begin(), order.end(), 0U);
    int permutations = 0;
    do {
        V v;
        V w;
        V r;
        for (const std::size_t i : order) {
            v.push_back(value[i]);
            w.push_back(weight[i]);
            r.push_back(rank[i]);
        }
        ASSERT_EQ(*concentration_index(v, w, r), first) << "permutation " << permutations;
        ++permutations;
    } while (std::next_permutation(order.begin(), order.end()));
    EXPECT_EQ(permutations, 5040);
}

// A cell of 2 persons = two cells of 1 person with its value and rank. h = (1, 3), w = (2, 1),
// ranks (1, 2): W = 3, R = (1/3, (2 + 0.5)/3 = 5/6), Σ w h = 5,
// Σ w h R = 2/3 + 3 · 5/6 = 19/6, C = 2 · 19/6 / 5 − 1 = 4/15.
TEST(ConcentrationIndex, WeightsCountAsPersons) {
    EXPECT_NEAR(*concentration_index(V{1, 3}, V{2, 1}, V{1, 2}), 4.0 / 15.0, 1e-15);
    EXPECT_NEAR(*concentration_index(V{1, 1, 3}, V{1, 1, 1}, V{1, 1, 2}), 4.0 / 15.0, 1e-15);
    // Scaling all weights changes nothing.
    EXPECT_NEAR(*concentration_index(V{1, 3}, V{20, 10}, V{1, 2}), 4.0 / 15.0, 1e-15);
}

// Zero-weight cells and cells with a NaN or infinite rank are left out entirely: what stays
// is the two-person case above (0.5).
TEST(ConcentrationIndex, ZeroWeightAndUnrankedCellsAreLeftOut) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_NEAR(*concentration_index(V{0, 9, 1, 4, 6}, V{1, 0, 1, 3, 2}, V{1, 0, 2, nan, inf}), 0.5,
                1e-15);
}

TEST(ConcentrationIndex, NoPersonsOrNothingToShareGivesNoAnswer) {
    EXPECT_FALSE(concentration_index(V{}, V{}, V{}).has_value());
    EXPECT_FALSE(concentration_index(V{1, 2}, V{0, 0}, V{1, 2}).has_value());  // W = 0
    EXPECT_FALSE(concentration_index(V{0, 0}, V{1, 3}, V{1, 2}).has_value());  // μ = 0
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_FALSE(concentration_index(V{1, 2}, V{1, 1}, V{nan, nan}).has_value());
}

}  // namespace
}  // namespace reach::scoring
