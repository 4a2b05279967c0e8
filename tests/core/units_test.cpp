#include "reach/core/units.hpp"

#include <gtest/gtest.h>

TEST(Units, ThresholdIsInclusiveWithinOneMicrosecond) {
    EXPECT_TRUE(reach::within(1800.0, 1800.0));
    EXPECT_TRUE(reach::within(1800.0 + 0.9e-6, 1800.0));
    EXPECT_FALSE(reach::within(1800.0 + 2e-6, 1800.0));
    EXPECT_FALSE(reach::within(reach::unreachable, 1e12));
}

// 1000 m at 36 km/h = 10 m/s → 100 s.
TEST(Units, TravelTimeFromLengthAndSpeed) {
    EXPECT_DOUBLE_EQ(reach::travel_time_s(1000.0, 36.0), 100.0);
}
