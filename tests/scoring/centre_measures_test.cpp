#include "reach/scoring/centre_measures.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "reach/scoring/two_step_fca.hpp"
#include "toy_region.hpp"

namespace reach::scoring {
namespace {

using V = std::vector<double>;
const DecaySpec luo_qi{Decay::step, {10, 20, 30}, {1.0, 0.68, 0.22}, 0.0};

// Toy, target 30 min, group total.
//   nearest: A ← c0 100, c1 200, c3 0, c4 400, c6 100 = 800;  B ← c5 100, c7 200, c8 300 = 600
//   covered: A reaches c0 c1 c3 c4 c5 c6 c7 = 100+200+0+400+100+100+200 = 1100
//            B reaches c1 c3 c4 c5 c6 c7 c8 = 200+0+400+100+100+200+300 = 1300
//   unique:  A only c0 = 100, B only c8 = 300;  overlap: A 1000, B 1000
//   load = weighted demand / capacity: A 706/10 = 70.6, B 984/20 = 49.2 persons per place
// 65+: nearest A 40+50+0+100+30 = 220, B 30+60+70 = 160; unique A 40, B 70.
TEST(CentreFigures, ToyAtThirtyMinutes) {
    const Cells c = toy::cells();
    const Centres centres = toy::centres();
    const Times t = toy::times();
    const auto a = two_step_fca(c.persons[0], t.time_s, centres.capacity, luo_qi);
    const CentreFigures f = centre_figures(c, centres, t, 30.0, a.weighted_demand);
    EXPECT_EQ(f.nearest[0], (V{800, 600}));
    EXPECT_EQ(f.covered[0], (V{1100, 1300}));
    EXPECT_EQ(f.unique_covered[0], (V{100, 300}));
    EXPECT_EQ(f.overlap[0], (V{1000, 1000}));
    EXPECT_EQ(f.nearest[1], (V{220, 160}));
    EXPECT_EQ(f.unique_covered[1], (V{40, 70}));
    ASSERT_EQ(f.load.size(), 2U);
    EXPECT_NEAR(*f.load[0], 70.6, 1e-12);
    EXPECT_NEAR(*f.load[1], 49.2, 1e-12);
}

// At 15 min the catchments no longer overlap: A covers c0 c1 c3 = 300, B covers c5 c7 c8 =
// 600, all of it unique.
TEST(CentreFigures, ToyAtFifteenMinutesHasNoOverlap) {
    const Cells c = toy::cells();
    const Times t = toy::times();
    const CentreFigures f = centre_figures(c, toy::centres(), t, 15.0, V{706, 984});
    EXPECT_EQ(f.covered[0], (V{300, 600}));
    EXPECT_EQ(f.unique_covered[0], (V{300, 600}));
    EXPECT_EQ(f.overlap[0], (V{0, 0}));
}

TEST(CentreFigures, ZeroCapacityHasNoLoad) {
    const Cells c = toy::cells();
    const Centres centres{{"A", "B"}, {0.0, 20.0}, {"municipal", "ngo"}};
    const CentreFigures f = centre_figures(c, centres, toy::times(), 30.0, V{706, 984});
    EXPECT_FALSE(f.load[0].has_value());
    EXPECT_NEAR(*f.load[1], 49.2, 1e-12);
}

// Toy, target 30: municipal = A, ngo = B, so covered 1100 / 1300 and unique 100 / 300.
TEST(OperatorFigures, ToySplitsMunicipalAndNgo) {
    const OperatorFigures f = operator_figures(toy::cells(), toy::centres(), toy::times(), 30.0);
    EXPECT_EQ(f.name, (std::vector<std::string>{"municipal", "ngo"}));
    EXPECT_EQ(f.centre_count, (std::vector<std::size_t>{1, 1}));
    EXPECT_EQ(f.capacity, (V{10, 20}));
    EXPECT_EQ(f.nearest[0], (V{800, 600}));
    EXPECT_EQ(f.covered[0], (V{1100, 1300}));
    EXPECT_EQ(f.unique_covered[0], (V{100, 300}));
}

//   cell 0 (10 persons) ← M1 5 min, M2 8 min          (two municipal centres overlap)
//   cell 1 (20 persons) ← M2 12 min, N 3 min          (municipal and NGO overlap)
//   cell 2 (40 persons) ← N 25 min (beyond the 20-min target), M1 40 min
// Centres (ids M1, M2, N; operators municipal, municipal, ngo): no centre covers cell 0
// alone, so every centre's unique coverage is 0 — but only municipal centres cover it, so
// the municipal operator's unique coverage is 10. ngo: covered 20, unique 0.
TEST(OperatorFigures, UniqueCoverageOfAnOperatorIsNotTheSumOfItsCentres) {
    Cells c;
    c.cell_id = {"0", "1", "2"};
    c.area = {no_area, no_area, no_area};
    c.country = {"", "", ""};
    c.group_name = {"total"};
    c.persons = {{10, 20, 40}};
    const Centres centres{{"M1", "M2", "N"}, {1, 1, 1}, {"municipal", "municipal", "ngo"}};
    using T = Eigen::Triplet<double, std::int32_t>;
    const std::vector<T> entries = {{0, 0, 300}, {0, 1, 480},  {1, 1, 720},
                                    {1, 2, 180}, {2, 2, 1500}, {2, 0, 2400}};
    TimeMatrix m(3, 3);
    m.setFromTriplets(entries.begin(), entries.end());
    const Times t = times_from_matrix(m);
    check_inputs(c, centres, t);
    const CentreFigures cf = centre_figures(c, centres, t, 20.0, V{0, 0, 0});
    EXPECT_EQ(cf.unique_covered[0], (V{0, 0, 0}));
    EXPECT_EQ(cf.overlap[0], (V{10, 30, 20}));
    EXPECT_EQ(cf.nearest[0], (V{10, 0, 60}));  // cell 2's nearest is N at 25 min
    const OperatorFigures of = operator_figures(c, centres, t, 20.0);
    EXPECT_EQ(of.name, (std::vector<std::string>{"municipal", "ngo"}));
    EXPECT_EQ(of.centre_count, (std::vector<std::size_t>{2, 1}));
    EXPECT_EQ(of.covered[0], (V{30, 20}));
    EXPECT_EQ(of.unique_covered[0], (V{10, 0}));
    EXPECT_EQ(of.nearest[0], (V{10, 60}));
}

}  // namespace
}  // namespace reach::scoring
