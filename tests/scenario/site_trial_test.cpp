// scenario::SiteTrial (reach serve): sites tried on top of a kept run give the coverage of a
// run with the sites in centres.add. On the hand network (tests/cli/run_test.cpp has the
// drawing and the times; Q closed, P the only centre) a site R at node A changes:
//   car: c4 at Y 9 + (Y→X→A 12.857 + 13.416) = 35.27 s, was 65.75 s: now within 1 min;
//        c2 9 + 2.4 = 11.4 s (was 37.08 s, already within 1 min);
//   walk_elderly (1 m/s on roads, 2.5 km/h off): c2 14.4 + 20 = 34.4 s (was 284.4 s);
//        c4 14.4 + 361.803 = 376.2 s = 6.27 min (was 11.10 min); c1 stays 168.8 s (via A it
//        would be 178.8 s).
// So car total within 1 / 5 / 10 min: 300 / 330 / 330 → 330 / 330 / 330; walking total
// 0 / 300 / 300 → 200 / 300 / 330, aged 65+ 0 / 50 / 50 → 40 / 50 / 65.
#include <gtest/gtest.h>

#include <string>

#include "../cli/hand_scenario.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"
#include "reach/scenario/site_trial.hpp"

namespace {

using reach::scenario::SitePoint;
using reach::scenario::SiteTrial;
using reach::scenario::TrialResult;
using reach::test::TempDir;

constexpr SitePoint node_a{26.2302037, 55.7783269};

std::vector<double> covered_of(const TrialResult& r, const std::string& profile,
                               const std::string& group) {
    for (const auto& pair : r.pairs) {
        if (pair.profile == profile && pair.group == group) return pair.covered;
    }
    return {};
}

reach::scenario::Scenario load(const std::filesystem::path& file) {
    reach::scenario::LoadOptions options;
    options.default_profiles_file = reach::test::source_path("data/profiles.yaml");
    return reach::scenario::load_scenario(file, options);
}

TEST(SiteTrial, NoSiteGivesTheBaseRunAndASiteAtNodeAGivesTheHandWorkedFigures) {
    const TempDir dir;
    SiteTrial trial(load(reach::test::write_hand_scenario(dir)), {});
    const auto none = trial.try_sites({});
    EXPECT_EQ(covered_of(none, "car", "total"), (std::vector<double>{300, 330, 330}));
    EXPECT_EQ(covered_of(none, "walk_elderly", "total"), (std::vector<double>{0, 300, 300}));
    EXPECT_EQ(covered_of(none, "walk_elderly", "age65plus"), (std::vector<double>{0, 50, 50}));
    EXPECT_TRUE(none.zones.empty());

    const auto with_r = trial.try_sites({node_a});
    EXPECT_EQ(covered_of(with_r, "car", "total"), (std::vector<double>{330, 330, 330}));
    EXPECT_EQ(covered_of(with_r, "walk_elderly", "total"), (std::vector<double>{200, 300, 330}));
    EXPECT_EQ(covered_of(with_r, "walk_elderly", "age65plus"),
              (std::vector<double>{40, 50, 65}));
    EXPECT_TRUE(with_r.problems.empty());
    // Its own isochrones up to the 5-min target, per profile: ≤ 1 and ≤ 5 min, nested (on
    // 100 m pixels walking reaches no pixel centre within 1 min: 60 m of road).
    ASSERT_EQ(with_r.zones.size(), 2U);
    for (const auto& site : with_r.zones) {
        ASSERT_EQ(site.zones.size(), 2U) << site.profile;
        EXPECT_GT(site.zones[1].cumulative_area_km2, 0.0) << site.profile;
        EXPECT_GE(site.zones[1].cumulative_area_km2, site.zones[0].cumulative_area_km2);
    }
    EXPECT_GT(with_r.zones[0].zones[0].cumulative_area_km2, 0.0);  // car: 1 min ≈ 1 km
    // Asked again (cached) and after another call: the same figures.
    EXPECT_EQ(covered_of(trial.try_sites({node_a}), "walk_elderly", "total"),
              covered_of(with_r, "walk_elderly", "total"));
}

TEST(SiteTrial, EqualsAReachRunWithTheSiteInCentresAdd) {
    const TempDir dir;
    const auto file = reach::test::write_hand_scenario(dir);
    SiteTrial trial(load(file), {});
    const auto tried = trial.try_sites({node_a});

    std::string text = reach::test::read_text(file);
    text.replace(text.find("close: [Q]"), 10,
                 "close: [Q], add: [{id: R, lon: 26.2302037, lat: 55.7783269, capacity: 5}]");
    reach::test::write_text(dir / "with_r.yaml", text);
    const auto run = reach::scenario::run_scenario(load(dir / "with_r.yaml"), {});
    ASSERT_EQ(run.pairs.size(), tried.pairs.size());
    for (std::size_t p = 0; p < run.pairs.size(); ++p) {
        EXPECT_EQ(tried.pairs[p].profile, run.pairs[p].profile);
        EXPECT_EQ(tried.pairs[p].group, run.pairs[p].group);
        const auto& expected = run.pairs[p].figures.total.coverage.covered;
        ASSERT_EQ(tried.pairs[p].covered.size(), expected.size());
        for (std::size_t k = 0; k < expected.size(); ++k) {
            EXPECT_NEAR(tried.pairs[p].covered[k], expected[k], 1e-9) << run.pairs[p].profile;
        }
    }
}

// 26.29, 55.79 lies about 2.5 km from every road of the hand network (snap 500 m): a problem
// per profile, and the figures stay the base run's.
TEST(SiteTrial, ASiteFarFromAnyRoadIsAProblemNotAFigure) {
    const TempDir dir;
    SiteTrial trial(load(reach::test::write_hand_scenario(dir)), {});
    const auto far = trial.try_sites({{26.29, 55.79}});
    ASSERT_EQ(far.problems.size(), 2U);
    EXPECT_NE(far.problems[0].find("no car road within 500 m"), std::string::npos)
        << far.problems[0];
    EXPECT_EQ(covered_of(far, "car", "total"), (std::vector<double>{300, 330, 330}));
    EXPECT_TRUE(far.zones.empty());
}

}  // namespace
