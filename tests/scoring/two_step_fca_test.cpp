#include "reach/scoring/two_step_fca.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "reach_test/support.hpp"
#include "toy_region.hpp"

namespace reach::scoring {
namespace {

const DecaySpec luo_qi{Decay::step, {10, 20, 30}, {1.0, 0.68, 0.22}, 0.0};

// E2SFCA on the toy (toy_region.hpp), zones [0,10] → 1, (10,20] → 0.68, (20,30] → 0.22,
// demand = total persons.
//   Step 1: D_A = c0 100·1 + c1 200·1 + c3 0·1 + c4 400·0.68 + c5 100·0.22 + c6 100·0.68
//               + c7 200·0.22 = 100 + 200 + 272 + 22 + 68 + 44 = 706      R_A = 10/706
//           D_B = c8 300 + c7 200 + c5 100 + c4 400·0.68 + c6 100·0.68 + c3 0·0.22
//               + c1 200·0.22 = 600 + 272 + 68 + 44 = 984                 R_B = 20/984
//   Step 2 (× 1000): c0 = R_A = 14.1643…          c1 = c3 = R_A + 0.22 R_B = 18.6358…
//           c4 = c6 = 0.68 (R_A + R_B) = 23.4528…  c5 = c7 = 0.22 R_A + R_B = 23.4413…
//           c8 = R_B = 20.3252…                    c2 = 0 (no centre)
TEST(TwoStepFca, ToyEnhancedStepDecayByHand) {
    const Cells c = toy::cells();
    const Accessibility a =
        two_step_fca(c.persons[0], toy::matrix(), toy::centres().capacity, luo_qi);
    EXPECT_NEAR(a.weighted_demand[toy::A], 706.0, 1e-12);
    EXPECT_NEAR(a.weighted_demand[toy::B], 984.0, 1e-12);
    EXPECT_NEAR(a.supply_ratio[toy::A], 10.0 / 706.0, 1e-15);
    EXPECT_NEAR(a.supply_ratio[toy::B], 20.0 / 984.0, 1e-15);
    EXPECT_TRUE(a.without_demand.empty());
    const double ra = 1000.0 * 10.0 / 706.0;
    const double rb = 1000.0 * 20.0 / 984.0;
    const std::vector<double> expected = {ra,
                                          ra + 0.22 * rb,
                                          0.0,
                                          ra + 0.22 * rb,
                                          0.68 * (ra + rb),
                                          0.22 * ra + rb,
                                          0.68 * (ra + rb),
                                          0.22 * ra + rb,
                                          rb};
    ASSERT_EQ(a.per_1000.size(), 9U);
    for (std::size_t i = 0; i < 9; ++i) {
        EXPECT_NEAR(a.per_1000[i], expected[i], 1e-9) << "cell c" << i;
    }
    EXPECT_NEAR(a.per_1000[0], 14.164305949, 1e-8);
    EXPECT_NEAR(a.per_1000[4], 23.452866257, 1e-8);
}

// 2SFCA (one zone [0, 30] of weight 1) on the toy:
//   D_A = 100 + 200 + 0 + 400 + 100 + 100 + 200 = 1100,  R_A = 10/1100
//   D_B = 300 + 200 + 100 + 400 + 100 + 0 + 200 = 1300,  R_B = 20/1300
//   c0 = 1000 R_A = 9.0909…, c8 = 1000 R_B = 15.3846…, c1 c3 c4 c5 c6 c7 = both = 24.4755…,
//   c2 = 0.
// Every centre's places are shared out in full: Σ persons × value = 1000 · (10 + 20).
TEST(TwoStepFca, ToyClassicTwoStepByHand) {
    const Cells c = toy::cells();
    const Accessibility a =
        two_step_fca(c.persons[0], toy::matrix(), toy::centres().capacity, two_step_spec(30));
    EXPECT_NEAR(a.weighted_demand[toy::A], 1100.0, 1e-12);
    EXPECT_NEAR(a.weighted_demand[toy::B], 1300.0, 1e-12);
    const double ra = 1000.0 * 10.0 / 1100.0;
    const double rb = 1000.0 * 20.0 / 1300.0;
    EXPECT_NEAR(a.per_1000[0], ra, 1e-12);
    EXPECT_NEAR(a.per_1000[8], rb, 1e-12);
    for (const std::size_t i : {1U, 3U, 4U, 5U, 6U, 7U}) {
        EXPECT_NEAR(a.per_1000[i], ra + rb, 1e-12) << "cell c" << i;
    }
    EXPECT_EQ(a.per_1000[2], 0.0);
    double places = 0.0;
    for (std::size_t i = 0; i < 9; ++i) {
        places += c.persons[0][i] * a.per_1000[i];
    }
    EXPECT_NEAR(places, 30000.0, 1e-9);
}

// A crowded centre counts less: doubling the persons in B's own cell (c8 300 → 600) raises
// D_B to 984 + 300 = 1284, so c8's value falls from 1000·20/984 to 1000·20/1284.
TEST(TwoStepFca, CrowdedCentreCountsLess) {
    Cells c = toy::cells();
    c.persons[0][8] = 600;
    const Accessibility a =
        two_step_fca(c.persons[0], toy::matrix(), toy::centres().capacity, luo_qi);
    EXPECT_NEAR(a.per_1000[8], 1000.0 * 20.0 / 1284.0, 1e-12);
}

// Zone bounds are inclusive (1e-6 s tolerance): 600 s → 1, 600.0000005 s → 1,
// 600.001 s → 0.68, 1800 s → 0.22, 1800.01 s → 0 (outside the catchment).
TEST(DecayWeight, StepZonesAreInclusiveAtTheirUpperBound) {
    EXPECT_EQ(decay_weight(luo_qi, 0.0), 1.0);
    EXPECT_EQ(decay_weight(luo_qi, 600.0), 1.0);
    EXPECT_EQ(decay_weight(luo_qi, 600.0000005), 1.0);
    EXPECT_EQ(decay_weight(luo_qi, 600.001), 0.68);
    EXPECT_EQ(decay_weight(luo_qi, 1200.0), 0.68);
    EXPECT_EQ(decay_weight(luo_qi, 1800.0), 0.22);
    EXPECT_EQ(decay_weight(luo_qi, 1800.01), 0.0);
}

// Gaussian, d0 = 30 min: w(0) = 1, w(d0) = 0, and at d0/2
// w = (e^(−1/8) − e^(−1/2)) / (1 − e^(−1/2)) = (0.8824969 − 0.6065307)/0.3934693 = 0.7013666.
TEST(DecayWeight, GaussianOfDai) {
    const DecaySpec dai{Decay::gaussian, {}, {}, 30.0};
    EXPECT_DOUBLE_EQ(decay_weight(dai, 0.0), 1.0);
    EXPECT_NEAR(decay_weight(dai, 900.0), 0.7013665732390044, 1e-15);
    EXPECT_NEAR(decay_weight(dai, 1800.0), 0.0, 1e-15);
    EXPECT_EQ(decay_weight(dai, 1800.0000005), 0.0);  // inside the tolerance: clamped, not < 0
    EXPECT_EQ(decay_weight(dai, 1801.0), 0.0);
}

// One centre of 10 places, two cells of 100 persons at 0 and 15 min (d0 = 30):
//   D = 100 + 100 · 0.7013666 = 170.13666;  A = 1000 · 10/170.13666 · (1, 0.7013666)
//     = (58.776281, 41.223719).
TEST(TwoStepFca, GaussianByHand) {
    using T = Eigen::Triplet<double, std::int32_t>;
    const std::vector<T> entries = {{0, 0, 0.0}, {1, 0, 900.0}};
    TimeMatrix m(2, 1);
    m.setFromTriplets(entries.begin(), entries.end());
    const Accessibility a = two_step_fca(std::vector<double>{100, 100}, m, std::vector<double>{10},
                                         DecaySpec{Decay::gaussian, {}, {}, 30.0});
    EXPECT_NEAR(a.per_1000[0], 58.776281121841585, 1e-9);
    EXPECT_NEAR(a.per_1000[1], 41.22371887815842, 1e-9);
}

// A third centre C (5 places) reaches only c3, which has nobody: D_C = 0, its ratio is
// undefined. It is listed in without_demand and adds 0 to c3 (c3 keeps R_A + 0.22 R_B).
TEST(TwoStepFca, CentreWithoutDemandContributesNothingAndIsReported) {
    const Cells c = toy::cells();
    TimeMatrix m = toy::matrix();
    m.conservativeResize(9, 3);
    m.insert(3, 2) = 60.0;
    m.makeCompressed();
    const Accessibility a = two_step_fca(c.persons[0], m, std::vector<double>{10, 20, 5}, luo_qi);
    EXPECT_EQ(a.without_demand, std::vector<std::uint32_t>{2});
    EXPECT_EQ(a.weighted_demand[2], 0.0);
    EXPECT_EQ(a.supply_ratio[2], 0.0);
    EXPECT_NEAR(a.per_1000[3], 1000.0 * (10.0 / 706.0 + 0.22 * 20.0 / 984.0), 1e-12);
}

TEST(DecaySpec, RejectsBadZonesWeightsAndCatchment) {
    EXPECT_NO_THROW(validate(luo_qi));
    EXPECT_NO_THROW(validate(two_step_spec(30)));
    EXPECT_EQ(test::input_error_message([] {
                  validate(DecaySpec{Decay::step, {10, 30, 20}, {1, 0.5, 0.2}, 0});
              }),
              "measures.e2sfca.breaks_min: [10, 30, 20] is not strictly increasing positive "
              "minutes");
    EXPECT_EQ(test::input_error_message([] {
                  validate(DecaySpec{Decay::step, {10, 20}, {1, 0.5, 0.2}, 0});
              }),
              "measures.e2sfca.weights: [1, 0.5, 0.2] has 3 values (expected one per zone of "
              "breaks_min [10, 20]: 2)");
    EXPECT_EQ(test::input_error_message([] {
                  validate(DecaySpec{Decay::step, {10}, {-1}, 0});
              }),
              "measures.e2sfca.weights: -1 in [-1] is not a finite weight ≥ 0");
    EXPECT_EQ(test::input_error_message([] {
                  validate(DecaySpec{Decay::step, {}, {}, 0});
              }),
              "measures.e2sfca.breaks_min: empty (expected at least one zone bound, e.g. [10, "
              "20, 30])");
    EXPECT_EQ(test::input_error_message([] {
                  validate(DecaySpec{Decay::gaussian, {}, {}, 0.0});
              }),
              "measures.e2sfca.catchment_min: 0 is not a positive number of minutes (gaussian "
              "decay needs it)");
}

}  // namespace
}  // namespace reach::scoring
