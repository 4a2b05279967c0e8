#include "reach/geo/crs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

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

// transform_parallel gives every point exactly the value Reprojector::transform gives it, for
// any number of threads, and reports the first point that fails.
TEST(Crs, ParallelTransformIsThePerPointTransformForAnyThreadCount) {
    const auto wgs84 = make_srs("EPSG:4326");
    const auto laea = make_srs("EPSG:3035");
    const Reprojector one(wgs84, laea);
    constexpr std::size_t n = 100003;
    std::vector<double> lon(n);
    std::vector<double> lat(n);
    for (std::size_t i = 0; i < n; ++i) {
        lon[i] = 21.0 + 7.0 * static_cast<double>((i * 7919) % n) / n;
        lat[i] = 55.5 + 2.5 * static_cast<double>((i * 104729) % n) / n;
    }
    std::vector<double> x = lon;
    std::vector<double> y = lat;
    for (std::size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(one.transform(x[i], y[i]));
    }
    for (const std::size_t threads : {1U, 2U, 3U, 7U}) {
        std::vector<double> px = lon;
        std::vector<double> py = lat;
        EXPECT_EQ(reach::geo::transform_parallel(wgs84, laea, n, px.data(), py.data(), threads), n);
        EXPECT_EQ(std::memcmp(px.data(), x.data(), n * sizeof(double)), 0) << threads;
        EXPECT_EQ(std::memcmp(py.data(), y.data(), n * sizeof(double)), 0) << threads;
    }
    std::vector<double> bad_x = lon;
    std::vector<double> bad_y = lat;
    bad_y[90000] = std::nan("");
    bad_x[40001] = std::nan("");
    for (const std::size_t threads : {0U, 1U, 4U}) {
        std::vector<double> px = bad_x;
        std::vector<double> py = bad_y;
        EXPECT_EQ(reach::geo::transform_parallel(wgs84, laea, n, px.data(), py.data(), threads),
                  40001U);
    }
}
