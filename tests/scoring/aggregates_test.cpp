#include "reach/scoring/aggregates.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "reach/scoring/statistics.hpp"
#include "reach/scoring/two_step_fca.hpp"
#include "toy_region.hpp"

namespace reach::scoring {
namespace {

const CoverageOptions options{{15, 30, 45, 60}, 30};
const DecaySpec luo_qi{Decay::step, {10, 20, 30}, {1.0, 0.68, 0.22}, 0.0};

// Toy, group total. Area 0 = rows 0–1 (LV): c0 100 @0, c1 200 @10, c2 50 —, c3 0 @10,
// c4 400 @20, c5 100 @10: population 850, ≤ 15: 100 + 200 + 100 = 400, ≤ 30: 800,
// mean (2000 + 8000 + 1000)/800 = 13.75, median: 400th of 800 → 10, p90: 720th → 20.
// Area 1 = row 2 (LT): 600 persons, ≤ 15: 500, ≤ 30: 600 (coverage_test, SubsetOfCells).
// E2SFCA mean over all persons: every place is shared out (two_step_fca_test), so
// Σ persons × value = 1000 · 30 and the total mean is 30000/1450 = 20.6897.
TEST(Aggregate, ToyPerAreaPerCountryAndTotal) {
    const Cells c = toy::cells();
    const Times t = toy::times();
    const auto a = two_step_fca(c.persons[0], t.time_s, toy::centres().capacity, luo_qi);
    const GroupAggregates g = aggregate(c, 0, t, a.per_1000, options);

    EXPECT_EQ(g.total.coverage.population, 1450.0);
    EXPECT_EQ(g.total.coverage.covered, (std::vector<double>{900, 1400, 1400, 1400}));
    EXPECT_NEAR(*g.total.e2sfca_mean, 30000.0 / 1450.0, 1e-12);

    ASSERT_EQ(g.by_area.size(), 2U);
    const Coverage& lv = g.by_area[0].coverage;
    EXPECT_EQ(lv.population, 850.0);
    EXPECT_EQ(lv.covered, (std::vector<double>{400, 800, 800, 800}));
    EXPECT_DOUBLE_EQ(*lv.mean_time_min, 13.75);
    EXPECT_EQ(lv.median_time_min, 10.0);
    EXPECT_EQ(lv.p90_time_min, 20.0);
    EXPECT_EQ(lv.unreachable, 50.0);
    EXPECT_EQ(g.by_area[1].coverage.population, 600.0);
    EXPECT_EQ(g.by_area[1].coverage.covered, (std::vector<double>{500, 600, 600, 600}));

    // Area 1's E2SFCA mean: (100 · c6 + 200 · c7 + 300 · c8) / 600.
    const double ra = 1000.0 * 10.0 / 706.0;
    const double rb = 1000.0 * 20.0 / 984.0;
    EXPECT_NEAR(*g.by_area[1].e2sfca_mean,
                (100 * 0.68 * (ra + rb) + 200 * (0.22 * ra + rb) + 300 * rb) / 600.0, 1e-12);

    // Countries sorted bytewise: LT (= area 1), LV (= area 0).
    EXPECT_EQ(g.country, (std::vector<std::string>{"LT", "LV"}));
    EXPECT_EQ(g.by_country[0].coverage.population, 600.0);
    EXPECT_EQ(g.by_country[1].coverage.population, 850.0);
    EXPECT_EQ(g.by_country[1].e2sfca_mean, g.by_area[0].e2sfca_mean);
}

// Equity over the toy's persons: Gini and Palma of the cells' E2SFCA values with persons as
// weights (c2's 50 unreachable persons at 0), checked against the O(n²) definition
// Σ_ij w_i w_j |v_i − v_j| / (2 W² μ) = 0.0951660 and against statistics.hpp.
TEST(Aggregate, EquityOfTheToyFollowsTheDefinitions) {
    const Cells c = toy::cells();
    const Times t = toy::times();
    const auto a = two_step_fca(c.persons[0], t.time_s, toy::centres().capacity, luo_qi);
    const GroupAggregates g = aggregate(c, 0, t, a.per_1000, options);
    double w = 0.0;
    double wv = 0.0;
    double pairs = 0.0;
    for (std::size_t i = 0; i < 9; ++i) {
        w += c.persons[0][i];
        wv += c.persons[0][i] * a.per_1000[i];
        for (std::size_t j = 0; j < 9; ++j) {
            pairs += c.persons[0][i] * c.persons[0][j] * std::abs(a.per_1000[i] - a.per_1000[j]);
        }
    }
    EXPECT_NEAR(*g.total.gini, pairs / (2.0 * w * wv), 1e-12);
    EXPECT_NEAR(*g.total.gini, 0.09516597559254873, 1e-12);
    // Palma: sorted values c2 0 (50), c0 14.16 (100), c1 18.64 (200), c3 (0 persons),
    // c8 20.33 (300), c5 = c7 23.44 (300), c4 = c6 23.45 (500); W = 1450.
    // Worst 40 % = 580 persons: 50·0 + 100·c0 + 200·c1 + 230·c8.
    // Best 10 % = 145 persons, all in c4/c6 at 0.68 (R_A + R_B).
    const double ra = 1000.0 * 10.0 / 706.0;
    const double rb = 1000.0 * 20.0 / 984.0;
    const double bottom = (100 * ra + 200 * (ra + 0.22 * rb) + 230 * rb) / 580.0;
    const double top = 0.68 * (ra + rb);
    EXPECT_NEAR(*g.total.palma, top / bottom, 1e-12);
    EXPECT_DOUBLE_EQ(*g.total.coverage.share_beyond_target, 50.0 / 1450.0);
}

TEST(Aggregate, WithoutE2sfcaTheEquityFiguresAreEmpty) {
    const Cells c = toy::cells();
    const GroupAggregates g = aggregate(c, 1, toy::times(), {}, options);
    EXPECT_EQ(g.total.coverage.population, 400.0);
    EXPECT_FALSE(g.total.e2sfca_mean.has_value());
    EXPECT_FALSE(g.total.gini.has_value());
    EXPECT_FALSE(g.total.palma.has_value());
}

// Concentration index of the toy's E2SFCA with the cells ranked c8 (lowest) … c0 (rank 9 − i).
// Area 1 = LT = c8, c7, c6 with 300, 200, 100 persons, W = 600:
//   R(c8) = 150/600 = 0.25, R(c7) = (300 + 100)/600 = 2/3, R(c6) = (500 + 50)/600 = 11/12,
//   h(c8) = R_B, h(c7) = 0.22 R_A + R_B, h(c6) = 0.68 (R_A + R_B)  (two_step_fca_test),
//   C = 2 Σ w h R / Σ w h − 1 = 0.0356696 (exact fractions in Python: 0.03566960161831597).
// Area 0 = LV (c0…c5; c2's 50 unreachable persons at 0, ranked 7) gives −0.0951169 and all
// nine cells −0.0488030 (the same Python check, exact fractions).
TEST(Aggregate, ConcentrationIndexPerAreaCountryAndTotalWhenRanked) {
    Cells c = toy::cells();
    c.rank_value = {9, 8, 7, 6, 5, 4, 3, 2, 1};
    const Times t = toy::times();
    const auto a = two_step_fca(c.persons[0], t.time_s, toy::centres().capacity, luo_qi);
    const GroupAggregates g = aggregate(c, 0, t, a.per_1000, options);

    const double ra = 1000.0 * 10.0 / 706.0;
    const double rb = 1000.0 * 20.0 / 984.0;
    const double h6 = 0.68 * (ra + rb);
    const double h7 = 0.22 * ra + rb;
    const double h8 = rb;
    const double lt = 2.0 * (300 * h8 * 0.25 + 200 * h7 * (2.0 / 3.0) + 100 * h6 * (11.0 / 12.0)) /
                          (300 * h8 + 200 * h7 + 100 * h6) -
                      1.0;
    ASSERT_TRUE(g.by_area[1].concentration_index.has_value());
    EXPECT_NEAR(*g.by_area[1].concentration_index, lt, 1e-12);
    EXPECT_NEAR(*g.by_area[1].concentration_index, 0.03566960161831597, 1e-12);
    EXPECT_NEAR(*g.by_area[0].concentration_index, -0.09511689934633384, 1e-12);
    EXPECT_NEAR(*g.total.concentration_index, -0.048802989739382595, 1e-12);
    // Countries: LT = area 1, LV = area 0.
    EXPECT_EQ(g.by_country[0].concentration_index, g.by_area[1].concentration_index);
    EXPECT_EQ(g.by_country[1].concentration_index, g.by_area[0].concentration_index);
    // The other figures do not depend on the ranking.
    EXPECT_NEAR(*g.total.gini, 0.09516597559254873, 1e-12);

    // A cell with no rank value (NaN) is left out of the concentration index only: without
    // c8, LT's index is that of c7 (R = 100/300) and c6 (R = 250/300).
    c.rank_value[8] = std::numeric_limits<double>::quiet_NaN();
    const GroupAggregates u = aggregate(c, 0, t, a.per_1000, options);
    EXPECT_NEAR(*u.by_area[1].concentration_index,
                2.0 * (200 * h7 / 3.0 + 100 * h6 * 2.5 / 3.0) / (200 * h7 + 100 * h6) - 1.0, 1e-12);
    EXPECT_EQ(u.by_area[1].e2sfca_mean, g.by_area[1].e2sfca_mean);
}

TEST(Aggregate, WithoutRankColumnTheConcentrationIndexIsEmpty) {
    const Cells c = toy::cells();  // rank_value empty
    const Times t = toy::times();
    const auto a = two_step_fca(c.persons[0], t.time_s, toy::centres().capacity, luo_qi);
    const GroupAggregates g = aggregate(c, 0, t, a.per_1000, options);
    EXPECT_TRUE(g.total.gini.has_value());
    EXPECT_FALSE(g.total.concentration_index.has_value());
    for (const Figures& f : g.by_area) {
        EXPECT_FALSE(f.concentration_index.has_value());
    }
    for (const Figures& f : g.by_country) {
        EXPECT_FALSE(f.concentration_index.has_value());
    }
    // Ranked but no E2SFCA: empty as well.
    Cells ranked = toy::cells();
    ranked.rank_value = {9, 8, 7, 6, 5, 4, 3, 2, 1};
    EXPECT_FALSE(aggregate(ranked, 0, t, {}, options).total.concentration_index.has_value());
}

}  // namespace
}  // namespace reach::scoring
