#include "reach/geo/crs.hpp"

#include <gtest/gtest.h>

#include "reach/core/error.hpp"

using reach::geo::make_srs;
using reach::geo::Reprojector;

// DESIGN.md, Rules: Daugavpils (26.5333 E, 55.8833 N) → EPSG:3035 gives x ≈ 5.31e6 (easting),
// y ≈ 3.74e6 (northing); with the official EPSG axis order (lat first) the input would be read
// swapped and land far away. Exact reference from gdaltransform with the LAEA parameters spelled
// out as a PROJ string (no EPSG axis order involved): 5345716.704, 3760709.615.
TEST(Crs, DaugavpilsLandsEastingFirstInLaea) {
    const Reprojector to_laea(make_srs("EPSG:4326"), make_srs("EPSG:3035"));
    double x = 26.5333;
    double y = 55.8833;
    ASSERT_TRUE(to_laea.transform(x, y));
    EXPECT_NEAR(x, 5.31e6, 0.05e6);
    EXPECT_NEAR(y, 3.74e6, 0.05e6);
    EXPECT_NEAR(x, 5345716.704, 0.01);
    EXPECT_NEAR(y, 3760709.615, 0.01);
}

// LKS-92 (EPSG:3059) is also northing-first officially; easting of Daugavpils ≈ 0.66e6.
TEST(Crs, DaugavpilsInLks92HasEastingFirst) {
    const Reprojector to_lks(make_srs("EPSG:4326"), make_srs("EPSG:3059"));
    double x = 26.5333;
    double y = 55.8833;
    ASSERT_TRUE(to_lks.transform(x, y));
    EXPECT_NEAR(x, 660000.0, 20000.0);
    EXPECT_NEAR(y, 196000.0, 20000.0);
}

TEST(Crs, RoundTripReturnsTheSamePoint) {
    const Reprojector forward(make_srs("EPSG:4326"), make_srs("EPSG:3035"));
    const Reprojector back(make_srs("EPSG:3035"), make_srs("EPSG:4326"));
    double x = 25.926;
    double y = 55.810;
    ASSERT_TRUE(forward.transform(x, y));
    ASSERT_TRUE(back.transform(x, y));
    EXPECT_NEAR(x, 25.926, 1e-8);  // 1e-8 degree ≈ 1 mm
    EXPECT_NEAR(y, 55.810, 1e-8);
}

TEST(Crs, UnknownCrsIsAnInputErrorNamingTheDefinition) {
    try {
        (void)make_srs("EPSG:999999", "scenario.yaml:3:6");
        FAIL() << "expected InputError";
    } catch (const reach::InputError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("scenario.yaml:3:6"), std::string::npos) << message;
        EXPECT_NE(message.find("EPSG:999999"), std::string::npos) << message;
    }
}

TEST(Crs, MetricAndGeographicAreTold) {
    EXPECT_TRUE(reach::geo::is_metric(make_srs("EPSG:3035")));
    EXPECT_FALSE(reach::geo::is_metric(make_srs("EPSG:4326")));
    EXPECT_EQ(reach::geo::describe(make_srs("EPSG:3059")), "EPSG:3059");
}
