// The report's map frame, path data and scale bar (svg_map.hpp), by hand.
#include "reach/report/svg_map.hpp"

#include <gtest/gtest.h>

namespace {

using namespace reach::report;

TEST(SvgMap, FrameMapsMetresToPixelsNorthUp) {
    MapFrame f;
    f.min_x = 5'000'000;
    f.max_x = 5'001'000;
    f.min_y = 3'000'000;
    f.max_y = 3'000'500;
    f.width_px = 100;
    EXPECT_DOUBLE_EQ(f.metres_per_px(), 10.0);
    EXPECT_DOUBLE_EQ(f.height_px(), 50.0);
    EXPECT_DOUBLE_EQ(f.px(5'000'250), 25.0);
    EXPECT_DOUBLE_EQ(f.py(3'000'500), 0.0);  // the top edge
    EXPECT_DOUBLE_EQ(f.py(3'000'000), 50.0);
}

TEST(SvgMap, ExtentPadsAndKeepsAMinimumSize) {
    Extent e;
    EXPECT_TRUE(e.empty());
    e.add(0.0, 0.0);
    e.add(100'000.0, 50'000.0);
    const auto f = e.frame(1000.0, 0.0);
    EXPECT_DOUBLE_EQ(f.min_x, 0.0);
    EXPECT_DOUBLE_EQ(f.max_x, 100'000.0);
    EXPECT_DOUBLE_EQ(f.metres_per_px(), 100.0);
    Extent point;
    point.add(10.0, 10.0);
    EXPECT_DOUBLE_EQ(point.frame(100.0, 0.0).max_x - point.frame(100.0, 0.0).min_x, 10'000.0);
}

TEST(SvgMap, PathDataDrawsEachRingOnceAndCloses) {
    MapFrame f;
    f.min_x = 0;
    f.max_x = 100;
    f.min_y = 0;
    f.max_y = 100;
    f.width_px = 10;
    reach::geo::Ring square{{0, 50, 50, 0, 0}, {0, 0, 50, 50, 0}};
    reach::geo::Ring hole{{10, 20, 20, 10}, {10, 10, 20, 10}};
    const std::vector<reach::geo::PolygonRings> polygons = {{square, hole}};
    EXPECT_EQ(path_data(polygons, f),
              "M0.0 10.0L5.0 10.0L5.0 5.0L0.0 5.0ZM1.0 9.0L2.0 9.0L2.0 8.0Z");
}

// 336 km over 960 px: a fifth of the width is 67.2 km, so the bar is 50 km = 142.9 px.
TEST(SvgMap, ScaleBarTakesARoundLengthNearAFifthOfTheWidth) {
    MapFrame f;
    f.min_x = 0;
    f.max_x = 336'000;
    f.min_y = 0;
    f.max_y = 150'000;
    f.width_px = 960;
    const auto bar = scale_bar(f);
    EXPECT_NE(bar.find("id=\"scale-bar\""), std::string::npos);
    EXPECT_NE(bar.find(">50 km<"), std::string::npos) << bar;
    EXPECT_NE(bar.find("width=\"142.9\""), std::string::npos) << bar;
}

}  // namespace
