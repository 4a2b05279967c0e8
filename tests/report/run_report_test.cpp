// report.html of the hand-network run (tests/cli/run_test.cpp has the times): the headline
// hooks carry the summary's figures, the map one path per centre and per band, the footer the
// credits. The browser test (tests/browser) checks the regional page in Chromium.
#include "reach/report/report.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../cli/hand_scenario.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(RunReport, HandRunHeadlineMapAndFooter) {
    const reach::test::TempDir dir;
    reach::scenario::LoadOptions load;
    load.default_profiles_file = reach::test::source_path("data/profiles.yaml");
    const auto s = reach::scenario::load_scenario(reach::test::write_hand_scenario(dir), load);
    const auto r = reach::scenario::run_scenario(s, {});
    const auto html = reach::report::run_report_html(s, r, {"test", 1.0});

    // Pairs car/total, walk_elderly/total, walk_elderly/age65plus × thresholds 1, 5, 10.
    EXPECT_EQ(count(html, "data-figure=\"covered\""), 9U);
    EXPECT_EQ(count(html, "data-figure=\"share\""), 9U);
    // Car within 5 min: c1 + c2 + c4 = 330 of 380 (86.8 %); walking 65+ within 5 min: 50.
    EXPECT_NE(html.find("data-figure=\"covered\" data-profile=\"car\" data-group=\"total\" "
                        "data-threshold=\"5\" data-value=\"330\">330</td>"),
              std::string::npos);
    EXPECT_NE(html.find("data-figure=\"share\" data-profile=\"car\" data-group=\"total\" "
                        "data-threshold=\"5\" data-value=\"0.868421"),
              std::string::npos);
    EXPECT_NE(html.find("data-profile=\"walk_elderly\" data-group=\"age65plus\" "
                        "data-threshold=\"5\" data-value=\"50\">50</td>"),
              std::string::npos);
    // P only (Q is closed); 2 profiles × 3 bands; areas west and east.
    EXPECT_EQ(count(html, "class=\"centre\""), 1U);
    EXPECT_EQ(count(html, "class=\"band\""), 6U);
    EXPECT_EQ(count(html, "class=\"area\""), 2U);
    EXPECT_EQ(count(html, "<figure class=\"chart\""), 3U);
    // Per-area table: 2 areas × 3 pairs.
    const auto table = html.substr(html.find("<table id=\"areas\""));
    EXPECT_EQ(count(table.substr(0, table.find("</table>")), "<tr>"), 1U + 6U);
    // Footer: the roads file and no stand-in; no request leaves the page.
    EXPECT_NE(html.find("<footer id=\"attribution\">"), std::string::npos);
    EXPECT_NE(html.find("Roads: hand_network.osm — © OpenStreetMap contributors"),
              std::string::npos);
    EXPECT_EQ(html.find("src=\"http"), std::string::npos);
    EXPECT_EQ(html.find("href=\"http"), std::string::npos);
}

}  // namespace
