#include "reach/scoring/inputs.hpp"

#include <gtest/gtest.h>

#include "reach/core/units.hpp"
#include "toy_region.hpp"

namespace reach::scoring {
namespace {

// Nearest minutes in the toy (toy_region.hpp): min over the two rows of the table.
//   c0 0 (A)  c1 10 (A)  c2 —  c3 10 (A)  c4 20 (A and B tie: A, the smaller id)
//   c5 10 (B) c6 20 (tie: A)   c7 10 (B)  c8 0 (B)
TEST(TimesFromMatrix, ToyNearestTimesAndCentresWithTiesToTheSmallerId) {
    const Times t = toy::times();
    const std::vector<double> minutes = {0, 10, unreachable, 10, 20, 10, 20, 10, 0};
    const std::vector<std::uint32_t> centre = {toy::A, toy::A, no_centre, toy::A, toy::A,
                                               toy::B, toy::A, toy::B,    toy::B};
    ASSERT_EQ(t.nearest_time_s.size(), 9U);
    for (std::size_t i = 0; i < 9; ++i) {
        EXPECT_EQ(t.nearest_time_s[i], minutes[i] * 60.0) << "cell " << i;
        EXPECT_EQ(t.nearest_centre[i], centre[i]) << "cell " << i;
    }
    EXPECT_TRUE(t.unsnapped.empty());
    // The explicit zeros (c0→A, c8→B) are kept as entries.
    EXPECT_EQ(t.time_s.nonZeros(), 14);
    check_inputs(toy::cells(), toy::centres(), t);
}

// A finite nearest time without a nearest centre, or a negative count, is a caller's bug.
TEST(CheckInputs, BrokenInvariantsAbort) {
    Times t = toy::times();
    t.nearest_centre[0] = no_centre;
    EXPECT_DEATH(check_inputs(toy::cells(), toy::centres(), t),
                 "assertion failed: std::isinf\\(t\\) == \\(times.nearest_centre\\[i\\] == "
                 "no_centre\\)");
    Cells c = toy::cells();
    c.persons[1][4] = -1.0;
    EXPECT_DEATH(check_inputs(c, toy::centres(), toy::times()),
                 "assertion failed: std::isfinite\\(p\\)");
}

TEST(Cells, FindsGroupsByName) {
    const Cells c = toy::cells();
    EXPECT_EQ(c.find_group("age65plus"), 1U);
    EXPECT_FALSE(c.find_group("disabled").has_value());
}

}  // namespace
}  // namespace reach::scoring
