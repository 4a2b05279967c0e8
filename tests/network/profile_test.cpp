// Profile YAML: every key read, every error reported with 1-based file:line:column, the
// shipped data/profiles.yaml holding the documented speeds.
#include "reach/network/profile.hpp"

#include <gtest/gtest.h>

#include <string>

#include "reach/core/error.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::InputError;
using reach::network::parse_profiles;

// The message of the InputError thrown by parse_profiles(text), or "" if none was thrown.
std::string error_of(const std::string& text) {
    try {
        static_cast<void>(parse_profiles(text, "p.yaml"));
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST(ProfileYaml, ReadsEveryKeyOfAProfile) {
    const auto set = parse_profiles(R"(car:
  speeds_kmh: {primary: 80, residential: 30.5}
  default_kmh: 12
  use_maxspeed: true
  maxspeed_zones: {"LV:rural": 90}
  oneway: true
  exclude: {highway: [footway, steps], construction: ["*"]}
  access: {tags: [motorcar, access], deny: [no, private]}
  off_network_kmh: 3.5
)",
                                    "p.yaml");
    ASSERT_EQ(set.profiles.size(), 1U);
    const auto& car = set.get("car");
    EXPECT_EQ(car.name, "car");
    EXPECT_EQ(car.speeds_kmh.size(), 2U);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("primary"), 80.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("residential"), 30.5);
    ASSERT_TRUE(car.default_kmh.has_value());
    EXPECT_DOUBLE_EQ(*car.default_kmh, 12.0);
    EXPECT_TRUE(car.use_maxspeed);
    EXPECT_DOUBLE_EQ(car.maxspeed_zones.at("LV:rural"), 90.0);
    EXPECT_TRUE(car.oneway);
    EXPECT_EQ(car.exclude.at("highway"), (std::set<std::string, std::less<>>{"footway", "steps"}));
    EXPECT_EQ(car.exclude.at("construction"), (std::set<std::string, std::less<>>{"*"}));
    EXPECT_EQ(car.access_tags, (std::vector<std::string>{"motorcar", "access"}));
    EXPECT_EQ(car.access_deny, (std::set<std::string, std::less<>>{"no", "private"}));
    EXPECT_DOUBLE_EQ(car.off_network_kmh, 3.5);
    EXPECT_EQ(set.source, "p.yaml");
}

TEST(ProfileYaml, OmittedKeysTakeTheirDefaults) {
    const auto set = parse_profiles("walk:\n  default_kmh: 5\n", "p.yaml");
    const auto& walk = set.get("walk");
    EXPECT_TRUE(walk.speeds_kmh.empty());
    EXPECT_FALSE(walk.use_maxspeed);
    EXPECT_FALSE(walk.oneway);
    EXPECT_TRUE(walk.exclude.empty());
    EXPECT_TRUE(walk.access_tags.empty());
    EXPECT_DOUBLE_EQ(walk.off_network_kmh, 4.0);
}

TEST(ProfileYaml, SpeedsDefaultKeyMeansDefaultKmh) {
    const auto set = parse_profiles("walk:\n  speeds_kmh: {default: 3.6, steps: 1}\n", "p.yaml");
    const auto& walk = set.get("walk");
    ASSERT_TRUE(walk.default_kmh.has_value());
    EXPECT_DOUBLE_EQ(*walk.default_kmh, 3.6);
    EXPECT_EQ(walk.speeds_kmh.size(), 1U);  // only steps; "default" is not a class
    EXPECT_DOUBLE_EQ(walk.speeds_kmh.at("steps"), 1.0);
}

TEST(ProfileYaml, NullDefaultKmhLeavesUnlistedClassesUnusable) {
    const auto set =
        parse_profiles("car:\n  speeds_kmh: {primary: 80}\n  default_kmh: null\n", "p.yaml");
    EXPECT_FALSE(set.get("car").default_kmh.has_value());
}

TEST(ProfileYaml, UnknownKeyIsReportedAtOneBasedLineAndColumnWithAHint) {
    // Line 3, column 3 (yaml-cpp says 2:2, 0-based).
    EXPECT_EQ(error_of("car:\n  speeds_kmh: {primary: 80}\n  speed_kmh: 3\n"),
              "p.yaml:3:3: car.speed_kmh: unknown key (expected one of speeds_kmh, default_kmh, "
              "use_maxspeed, maxspeed_zones, oneway, exclude, access, off_network_kmh; did you "
              "mean \"speeds_kmh\"?)");
}

TEST(ProfileYaml, UnknownKeyFarFromAnyKnownOneGetsNoSuggestion) {
    const auto message = error_of("car:\n  default_kmh: 5\n  colour: red\n");
    EXPECT_EQ(message.rfind("p.yaml:3:3: car.colour: unknown key (expected one of speeds_kmh,", 0),
              0U)
        << message;
    EXPECT_EQ(message.find("did you mean"), std::string::npos) << message;
}

TEST(ProfileYaml, DuplicateKeyIsReportedAtItsSecondOccurrence) {
    EXPECT_EQ(error_of("car:\n  default_kmh: 5\n  oneway: true\n  oneway: false\n"),
              "p.yaml:4:3: car: duplicate key \"oneway\", first at line 3 (expected each key "
              "once per map)");
}

TEST(ProfileYaml, DuplicateKeyInsideAFlowMapIsDetected) {
    // "  speeds_kmh: {primary: 80, primary: 70}": the second "primary" starts at column 29.
    EXPECT_EQ(error_of("car:\n  speeds_kmh: {primary: 80, primary: 70}\n"),
              "p.yaml:2:29: car.speeds_kmh: duplicate key \"primary\", first at line 2 "
              "(expected each key once per map)");
}

TEST(ProfileYaml, DuplicateProfileNameIsDetected) {
    EXPECT_EQ(error_of("car:\n  default_kmh: 5\ncar:\n  default_kmh: 6\n"),
              "p.yaml:3:1: (top level): duplicate key \"car\", first at line 1 (expected each "
              "key once per map)");
}

TEST(ProfileYaml, WrongTypeNamesTheValueFound) {
    EXPECT_EQ(error_of("car:\n  default_kmh: 5\n  oneway: maybe\n"),
              "p.yaml:3:11: car.oneway: found \"maybe\" (expected true or false)");
    EXPECT_EQ(error_of("car:\n  speeds_kmh: [80, 70]\n"),
              "p.yaml:2:15: car.speeds_kmh: found a list (expected a map of highway class → "
              "km/h)");
    EXPECT_EQ(error_of("car:\n  speeds_kmh: {primary: fast}\n"),
              "p.yaml:2:25: car.speeds_kmh.primary: found \"fast\" (expected a number)");
}

TEST(ProfileYaml, QuotedNumberIsATypeError) {
    EXPECT_EQ(error_of("car:\n  default_kmh: \"50\"\n"),
              "p.yaml:2:16: car.default_kmh: found \"50\" (expected a number)");
}

TEST(ProfileYaml, NegativeAndZeroSpeedsAreRejected) {
    EXPECT_EQ(error_of("car:\n  speeds_kmh: {primary: -5}\n"),
              "p.yaml:2:25: car.speeds_kmh.primary: speed -5 is not positive (expected a number "
              "> 0 in km/h)");
    EXPECT_EQ(error_of("walk:\n  default_kmh: 5\n  off_network_kmh: 0\n"),
              "p.yaml:3:20: walk.off_network_kmh: speed 0 is not positive (expected a number > 0 "
              "in km/h)");
}

TEST(ProfileYaml, InfiniteSpeedIsNotANumber) {
    EXPECT_EQ(error_of("car:\n  default_kmh: .inf\n"),
              "p.yaml:2:16: car.default_kmh: found \".inf\" (expected a number)");
}

TEST(ProfileYaml, TabCharacterIsRejectedWithItsPosition) {
    EXPECT_EQ(error_of("car:\n\tdefault_kmh: 5\n"),
              "p.yaml:2:1: tab character (expected spaces: YAML indentation cannot use tabs)");
}

TEST(ProfileYaml, EmptyAndCommentOnlyFilesAreRejected) {
    const std::string expected =
        "p.yaml: empty profile file (expected at least one profile, e.g. \"car:\")";
    EXPECT_EQ(error_of(""), expected);
    EXPECT_EQ(error_of("# nothing here\n\n"), expected);
}

TEST(ProfileYaml, TopLevelListIsRejected) {
    EXPECT_EQ(error_of("- car\n- walk\n"),
              "p.yaml:1:1: (top level): found a list (expected a map of profile name → settings)");
}

TEST(ProfileYaml, InvalidYamlSyntaxIsReportedWithItsPosition) {
    // The flow map opened on line 2 is still open at the end of the text (line 3, column 1).
    EXPECT_EQ(error_of("car:\n  speeds_kmh: {primary: 80\n"),
              "p.yaml:3:1: invalid YAML: end of map flow not found (expected valid YAML syntax)");
}

TEST(ProfileYaml, ProfileWithoutAnySpeedIsRejected) {
    EXPECT_EQ(error_of("car:\n  oneway: true\n"),
              "p.yaml:1:1: car: no speed given (expected speeds_kmh with at least one class, or "
              "default_kmh)");
}

TEST(ProfileYaml, DefaultGivenTwiceIsRejected) {
    EXPECT_EQ(error_of("walk:\n  speeds_kmh: {default: 5}\n  default_kmh: 5\n"),
              "p.yaml:3:16: walk.default_kmh: default speed given twice (also as "
              "speeds_kmh.default) (expected either default_kmh or speeds_kmh.default)");
}

TEST(ProfileYaml, AccessNeedsTagsAndDenyAndNoOtherKey) {
    EXPECT_EQ(error_of("walk:\n  default_kmh: 5\n  access: {tags: [foot]}\n"),
              "p.yaml:3:11: walk.access: missing key \"deny\" (expected both tags (most specific "
              "first) and deny)");
    const auto message =
        error_of("walk:\n  default_kmh: 5\n  access: {tags: [foot], deny: [no], allow: [yes]}\n");
    EXPECT_EQ(message, "p.yaml:3:38: walk.access.allow: unknown key (expected one of tags, deny)");
}

TEST(ProfileYaml, ExcludeValuesMustBeANonEmptyList) {
    EXPECT_EQ(error_of("car:\n  default_kmh: 5\n  exclude: {highway: steps}\n"),
              "p.yaml:3:22: car.exclude.highway: found \"steps\" (expected a non-empty list of "
              "values, e.g. [no, private])");
    EXPECT_EQ(error_of("car:\n  default_kmh: 5\n  exclude: {highway: []}\n"),
              "p.yaml:3:22: car.exclude.highway: empty list (expected a non-empty list of values, "
              "e.g. [no, private])");
}

TEST(ProfileYaml, AllErrorsOfTheFileAreReportedAtOnce) {
    EXPECT_EQ(error_of("car:\n  speeds_kmh: {primary: -1}\n  oneway: 2\nwalk:\n  exclude: {}\n"),
              "p.yaml:2:25: car.speeds_kmh.primary: speed -1 is not positive (expected a number "
              "> 0 in km/h)\n"
              "p.yaml:3:11: car.oneway: found \"2\" (expected true or false)\n"
              "p.yaml:4:1: walk: no speed given (expected speeds_kmh with at least one class, or "
              "default_kmh)");
}

TEST(ProfileYaml, UnknownProfileNameListsTheKnownOnes) {
    const auto set = parse_profiles("walk:\n  default_kmh: 5\ncar:\n  default_kmh: 50\n", "p.yaml");
    try {
        static_cast<void>(set.get("bike"));
        FAIL() << "no error for an unknown profile";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "p.yaml: unknown profile \"bike\" (expected one of car, walk)");
    }
}

TEST(ProfileYaml, MissingFileIsAnInputErrorNamingIt) {
    const reach::test::TempDir dir;
    const auto path = (dir / "none.yaml").string();
    try {
        static_cast<void>(reach::network::load_profiles(path));
        FAIL() << "no error for a missing file";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  path + ": profile file not found (expected an existing YAML file)");
    }
}

TEST(ProfileYaml, LoadsAFileAndNamesItInErrors) {
    const reach::test::TempDir dir;
    const auto path = dir / "mine.yaml";
    reach::test::write_text(path, "car:\n  default_kmh: -3\n");
    try {
        static_cast<void>(reach::network::load_profiles(path.string()));
        FAIL() << "no error for a negative speed";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), path.string() +
                                             ":2:16: car.default_kmh: speed -3 is not positive "
                                             "(expected a number > 0 in km/h)");
    }
}

TEST(CanonicalText, SameSettingsSpelledTwoWaysGiveTheSameText) {
    const auto a = parse_profiles("w:\n  speeds_kmh: {default: 5, steps: 1}\n", "a.yaml");
    const auto b = parse_profiles("w:\n  default_kmh: 5.0\n  speeds_kmh: {steps: 1.0}\n", "b.yaml");
    EXPECT_EQ(canonical_text(a.get("w")), canonical_text(b.get("w")));
}

TEST(CanonicalText, ListsEverySetting) {
    const auto set = parse_profiles(R"(car:
  speeds_kmh: {primary: 80, residential: 30}
  use_maxspeed: true
  maxspeed_zones: {"LV:rural": 90}
  oneway: true
  exclude: {highway: [steps, footway]}
  access: {tags: [motorcar, access], deny: [private, no]}
  off_network_kmh: 4.5
)",
                                    "p.yaml");
    EXPECT_EQ(canonical_text(set.get("car")),
              "name=car\n"
              "speeds_kmh=primary:80;residential:30;\n"
              "default_kmh=null\n"
              "use_maxspeed=true\n"
              "maxspeed_zones=LV:rural=90;\n"
              "oneway=true\n"
              "exclude=highway:[footway,steps];\n"
              "access_tags=motorcar,access\n"
              "access_deny=no,private\n"
              "off_network_kmh=4.5\n");
}

TEST(CanonicalText, ChangesWhenOneSpeedChanges) {
    const auto a = parse_profiles("car:\n  speeds_kmh: {primary: 80}\n", "p.yaml");
    const auto b = parse_profiles("car:\n  speeds_kmh: {primary: 80.5}\n", "p.yaml");
    EXPECT_NE(canonical_text(a.get("car")), canonical_text(b.get("car")));
}

TEST(ShippedProfiles, HoldTheFourDocumentedProfiles) {
    const auto set =
        reach::network::load_profiles(reach::test::source_path("data/profiles.yaml").string());
    ASSERT_EQ(set.profiles.size(), 4U);
    const auto& car = set.get("car");
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("motorway"), 110.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("trunk"), 90.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("primary"), 80.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("secondary"), 70.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("tertiary"), 60.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("unclassified"), 50.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("residential"), 30.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("living_street"), 10.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("service"), 20.0);
    EXPECT_DOUBLE_EQ(car.speeds_kmh.at("track"), 15.0);
    EXPECT_FALSE(car.default_kmh.has_value());
    EXPECT_TRUE(car.use_maxspeed);
    EXPECT_TRUE(car.oneway);
    EXPECT_DOUBLE_EQ(car.maxspeed_zones.at("LV:urban"), 50.0);
    EXPECT_DOUBLE_EQ(car.maxspeed_zones.at("LV:rural"), 90.0);
    EXPECT_DOUBLE_EQ(car.maxspeed_zones.at("LT:urban"), 50.0);
    EXPECT_DOUBLE_EQ(car.maxspeed_zones.at("LT:rural"), 90.0);
    EXPECT_DOUBLE_EQ(car.maxspeed_zones.at("LT:motorway"), 130.0);
    EXPECT_EQ(car.access_tags,
              (std::vector<std::string>{"motorcar", "motor_vehicle", "vehicle", "access"}));
    EXPECT_DOUBLE_EQ(car.off_network_kmh, 4.0);

    const auto& walk = set.get("walk");
    EXPECT_DOUBLE_EQ(walk.default_kmh.value_or(0.0), 5.0);
    EXPECT_FALSE(walk.oneway);
    EXPECT_EQ(walk.access_tags, (std::vector<std::string>{"foot", "access"}));
    EXPECT_DOUBLE_EQ(walk.off_network_kmh, 4.0);

    const auto& elderly = set.get("walk_elderly");
    EXPECT_DOUBLE_EQ(elderly.default_kmh.value_or(0.0), 3.6);  // 1.0 m/s
    EXPECT_FALSE(elderly.oneway);
    EXPECT_DOUBLE_EQ(elderly.off_network_kmh, 2.5);

    const auto& wheelchair = set.get("wheelchair");
    EXPECT_DOUBLE_EQ(wheelchair.default_kmh.value_or(0.0), 3.0);
    EXPECT_TRUE(wheelchair.exclude.at("highway").contains("steps"));
    EXPECT_TRUE(wheelchair.exclude.at("surface").contains("gravel"));
    EXPECT_EQ(wheelchair.access_tags, (std::vector<std::string>{"wheelchair", "foot", "access"}));
    EXPECT_DOUBLE_EQ(wheelchair.off_network_kmh, 2.0);
}
