// Tag rules: maxspeed and oneway parsing, class speeds with *_link inheritance, and the
// usability of single ways for the shipped profiles (data/profiles.yaml).
#include "reach/network/tag_rules.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reach/network/profile.hpp"
#include "reach/network/road_table.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::network::Oneway;
using reach::network::Profile;
using reach::network::WayRule;

const reach::network::ProfileSet& shipped() {
    static const auto set =
        reach::network::load_profiles(reach::test::source_path("data/profiles.yaml").string());
    return set;
}

// One way A→B with the given tags:   A (0,0) ---- B (100,0)
WayRule rule_for(const std::string& profile,
                 const std::vector<std::pair<std::string_view, std::string_view>>& tags) {
    reach::network::RoadTable table;
    const auto a = table.add_vertex(0.0, 0.0, 0.0, 0.0, 1);
    const auto b = table.add_vertex(100.0, 0.0, 0.001, 0.0, 2);
    table.add_way(10, {a, b}, tags);
    return reach::network::way_rule(shipped().get(profile), table, 0);
}

struct MaxspeedCase {
    std::string value;
    std::optional<double> kmh;
};

}  // namespace

TEST(ParseMaxspeed, ReadsNumbersUnitsZonesAndRejectsTheRest) {
    const auto& zones = shipped().get("car").maxspeed_zones;
    const std::vector<MaxspeedCase> cases = {
        {"50", 50.0},
        {"50.5", 50.5},
        {" 70 ", 70.0},
        {"60 km/h", 60.0},
        {"55 mph", 88.51392},  // 55 × 1.609344
        {"55mph", 88.51392},
        {"30 knots", 55.56},  // 30 × 1.852
        {"50;30", 50.0},      // first of several
        {"LV:rural", 90.0},   // shipped zones
        {"LT:urban", 50.0},
        {"RU:urban", 60.0},
        {"XX:rural", std::nullopt},  // unknown zone
        {"none", std::nullopt},
        {"signals", std::nullopt},
        {"variable", std::nullopt},
        {"walk", std::nullopt},
        {"", std::nullopt},
        {"fast", std::nullopt},
        {"-5", std::nullopt},
        {"0", std::nullopt},
        {"50 furlongs", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("maxspeed \"" + c.value + "\"");
        const auto kmh = reach::network::parse_maxspeed_kmh(c.value, zones);
        ASSERT_EQ(kmh.has_value(), c.kmh.has_value());
        if (c.kmh) {
            EXPECT_NEAR(*kmh, *c.kmh, 1e-9);
        }
    }
}

TEST(ParseMaxspeed, ZoneCodesNeedTheProfileTable) {
    EXPECT_EQ(reach::network::parse_maxspeed_kmh("LV:rural", {}), std::nullopt);
}

TEST(ParseOneway, MapsTagValuesAndImpliedOneways) {
    struct Case {
        std::string_view oneway, highway, junction;
        Oneway expected;
    };
    const std::vector<Case> cases = {
        {"yes", "primary", "", Oneway::forward},
        {"1", "primary", "", Oneway::forward},
        {"true", "primary", "", Oneway::forward},
        {"-1", "primary", "", Oneway::backward},
        {"reverse", "primary", "", Oneway::backward},
        {"no", "motorway", "", Oneway::no},  // explicit tag beats the implied oneway
        {"false", "primary", "", Oneway::no},
        {"0", "primary", "", Oneway::no},
        {"reversible", "primary", "", Oneway::closed},
        {"alternating", "primary", "", Oneway::closed},
        {"", "motorway", "", Oneway::forward},           // implied
        {"", "primary", "roundabout", Oneway::forward},  // implied
        {"", "tertiary", "circular", Oneway::forward},   // implied
        {"", "motorway_link", "", Oneway::no},           // not implied (header contract)
        {"", "primary", "", Oneway::no},
        {"perhaps", "primary", "", Oneway::no},  // unknown value
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.oneway) + " / " + std::string(c.highway) + " / " +
                     std::string(c.junction));
        EXPECT_EQ(reach::network::parse_oneway(c.oneway, c.highway, c.junction), c.expected);
    }
}

TEST(ClassSpeed, LinkTakesItsParentsSpeedUnlessListed) {
    Profile car;
    car.speeds_kmh = {{"motorway", 110.0}, {"primary", 80.0}, {"primary_link", 40.0}};
    EXPECT_EQ(reach::network::class_speed_kmh(car, "motorway_link"), 110.0);
    EXPECT_EQ(reach::network::class_speed_kmh(car, "primary_link"), 40.0);
    EXPECT_EQ(reach::network::class_speed_kmh(car, "primary"), 80.0);
    EXPECT_EQ(reach::network::class_speed_kmh(car, "trunk_link"), std::nullopt);  // no parent
    EXPECT_EQ(reach::network::class_speed_kmh(car, "footway"), std::nullopt);
    EXPECT_EQ(reach::network::class_speed_kmh(car, ""), std::nullopt);
}

TEST(ClassSpeed, UnlistedClassTakesTheDefault) {
    Profile walk;
    walk.speeds_kmh = {{"steps", 1.0}};
    walk.default_kmh = 5.0;
    EXPECT_EQ(reach::network::class_speed_kmh(walk, "footway"), 5.0);
    EXPECT_EQ(reach::network::class_speed_kmh(walk, "steps"), 1.0);
    // A profile built in code may keep the default in the map.
    Profile coded;
    coded.speeds_kmh = {{"default", 3.0}, {"primary", 4.0}};
    EXPECT_EQ(reach::network::class_speed_kmh(coded, "footway"), 3.0);
    EXPECT_EQ(reach::network::class_speed_kmh(coded, "primary"), 4.0);
}

TEST(ClassSpeed, ShippedCarLinksInheritMotorwayAndPrimarySpeeds) {
    const auto& car = shipped().get("car");
    EXPECT_EQ(reach::network::class_speed_kmh(car, "motorway_link"), 110.0);
    EXPECT_EQ(reach::network::class_speed_kmh(car, "primary_link"), 80.0);
    EXPECT_EQ(reach::network::class_speed_kmh(car, "footway"), std::nullopt);
}

TEST(WayRule, ResidentialRoadIsUsableBothWaysAtItsClassSpeed) {
    const auto car = rule_for("car", {{"highway", "residential"}});
    EXPECT_TRUE(car.usable);
    EXPECT_TRUE(car.forward);
    EXPECT_TRUE(car.backward);
    EXPECT_DOUBLE_EQ(car.speed_kmh, 30.0);
    const auto walk = rule_for("walk", {{"highway", "residential"}});
    EXPECT_TRUE(walk.usable);
    EXPECT_DOUBLE_EQ(walk.speed_kmh, 5.0);
    EXPECT_DOUBLE_EQ(rule_for("walk_elderly", {{"highway", "residential"}}).speed_kmh, 3.6);
    EXPECT_DOUBLE_EQ(rule_for("wheelchair", {{"highway", "residential"}}).speed_kmh, 3.0);
}

TEST(WayRule, WayWithoutHighwayOrAnAreaIsNotUsable) {
    EXPECT_FALSE(rule_for("walk", {{"name", "Main street"}}).usable);
    EXPECT_FALSE(rule_for("walk", {{"highway", "pedestrian"}, {"area", "yes"}}).usable);
    EXPECT_TRUE(rule_for("walk", {{"highway", "pedestrian"}, {"area", "no"}}).usable);
}

TEST(WayRule, AccessNoExcludesCarsButFootYesKeepsItWalkable) {
    EXPECT_FALSE(rule_for("car", {{"highway", "service"}, {"access", "no"}}).usable);
    EXPECT_FALSE(rule_for("walk", {{"highway", "service"}, {"access", "no"}}).usable);
    EXPECT_TRUE(
        rule_for("walk", {{"highway", "service"}, {"access", "no"}, {"foot", "yes"}}).usable);
    EXPECT_FALSE(
        rule_for("car", {{"highway", "service"}, {"access", "no"}, {"foot", "yes"}}).usable);
}

TEST(WayRule, MostSpecificAccessTagDecides) {
    // motorcar=yes overrides access=no for cars; motor_vehicle=no excludes cars only.
    EXPECT_TRUE(
        rule_for("car", {{"highway", "service"}, {"access", "no"}, {"motorcar", "yes"}}).usable);
    EXPECT_FALSE(rule_for("car", {{"highway", "track"}, {"motor_vehicle", "no"}}).usable);
    EXPECT_TRUE(rule_for("walk", {{"highway", "track"}, {"motor_vehicle", "no"}}).usable);
    EXPECT_FALSE(rule_for("car", {{"highway", "track"}, {"motor_vehicle", "agricultural"}}).usable);
    EXPECT_TRUE(rule_for("car", {{"highway", "service"}, {"access", "destination"}}).usable);
}

TEST(WayRule, StepsAreOnlyForWalkers) {
    EXPECT_FALSE(rule_for("car", {{"highway", "steps"}}).usable);
    EXPECT_FALSE(rule_for("wheelchair", {{"highway", "steps"}}).usable);
    EXPECT_TRUE(rule_for("walk", {{"highway", "steps"}}).usable);
    EXPECT_TRUE(rule_for("walk_elderly", {{"highway", "steps"}}).usable);
}

TEST(WayRule, GravelExcludesOnlyWheelchairs) {
    const std::vector<std::pair<std::string_view, std::string_view>> gravel = {
        {"highway", "residential"}, {"surface", "gravel"}};
    EXPECT_FALSE(rule_for("wheelchair", gravel).usable);
    EXPECT_TRUE(rule_for("car", gravel).usable);
    EXPECT_TRUE(rule_for("walk", gravel).usable);
    EXPECT_TRUE(rule_for("walk_elderly", gravel).usable);
    EXPECT_TRUE(
        rule_for("wheelchair", {{"highway", "residential"}, {"surface", "asphalt"}}).usable);
}

TEST(WayRule, WheelchairYesOverridesFootNo) {
    EXPECT_FALSE(rule_for("wheelchair", {{"highway", "footway"}, {"foot", "no"}}).usable);
    EXPECT_TRUE(
        rule_for("wheelchair", {{"highway", "footway"}, {"foot", "no"}, {"wheelchair", "yes"}})
            .usable);
}

TEST(WayRule, WildcardExcludeMatchesAnyValueButNotAnAbsentTag) {
    Profile walk;
    walk.default_kmh = 5.0;
    walk.exclude["construction"] = {"*"};
    reach::network::RoadTable table;
    const auto a = table.add_vertex(0.0, 0.0, 0.0, 0.0, 1);
    const auto b = table.add_vertex(100.0, 0.0, 0.001, 0.0, 2);
    table.add_way(1, {a, b}, {{"highway", "path"}, {"construction", "minor"}});
    table.add_way(2, {a, b}, {{"highway", "path"}});
    EXPECT_FALSE(reach::network::way_rule(walk, table, 0).usable);
    EXPECT_TRUE(reach::network::way_rule(walk, table, 1).usable);
}

TEST(WayRule, OnewayIsForwardOnlyForCarsAndBothWaysForWalkers) {
    const auto car = rule_for("car", {{"highway", "residential"}, {"oneway", "yes"}});
    EXPECT_TRUE(car.usable);
    EXPECT_TRUE(car.forward);
    EXPECT_FALSE(car.backward);
    const auto car_reverse = rule_for("car", {{"highway", "residential"}, {"oneway", "-1"}});
    EXPECT_FALSE(car_reverse.forward);
    EXPECT_TRUE(car_reverse.backward);
    const auto walk = rule_for("walk", {{"highway", "residential"}, {"oneway", "yes"}});
    EXPECT_TRUE(walk.forward);
    EXPECT_TRUE(walk.backward);
}

TEST(WayRule, ImpliedOnewayOfRoundaboutsAndReversibleRoadsForCars) {
    const auto roundabout = rule_for("car", {{"highway", "primary"}, {"junction", "roundabout"}});
    EXPECT_TRUE(roundabout.forward);
    EXPECT_FALSE(roundabout.backward);
    EXPECT_FALSE(rule_for("car", {{"highway", "primary"}, {"oneway", "reversible"}}).usable);
    EXPECT_TRUE(rule_for("walk", {{"highway", "primary"}, {"oneway", "reversible"}}).usable);
}

TEST(WayRule, TaggedMaxspeedReplacesTheClassSpeedForCarsOnly) {
    EXPECT_DOUBLE_EQ(rule_for("car", {{"highway", "primary"}, {"maxspeed", "50"}}).speed_kmh, 50.0);
    EXPECT_DOUBLE_EQ(
        rule_for("car", {{"highway", "residential"}, {"maxspeed", "LV:rural"}}).speed_kmh, 90.0);
    // Unparsable or unknown-zone maxspeed: class speed 80.
    EXPECT_DOUBLE_EQ(rule_for("car", {{"highway", "primary"}, {"maxspeed", "signals"}}).speed_kmh,
                     80.0);
    EXPECT_DOUBLE_EQ(rule_for("car", {{"highway", "primary"}, {"maxspeed", "XX:rural"}}).speed_kmh,
                     80.0);
    EXPECT_DOUBLE_EQ(rule_for("walk", {{"highway", "primary"}, {"maxspeed", "50"}}).speed_kmh, 5.0);
}

TEST(WayRule, MotorwaysAreForCarsOnlyAndOneWayByImplication) {
    const auto car = rule_for("car", {{"highway", "motorway"}});
    EXPECT_TRUE(car.usable);
    EXPECT_TRUE(car.forward);
    EXPECT_FALSE(car.backward);
    EXPECT_DOUBLE_EQ(car.speed_kmh, 110.0);
    EXPECT_DOUBLE_EQ(rule_for("car", {{"highway", "motorway_link"}}).speed_kmh, 110.0);
    EXPECT_FALSE(rule_for("walk", {{"highway", "motorway"}}).usable);
    EXPECT_FALSE(rule_for("walk_elderly", {{"highway", "trunk_link"}}).usable);
    EXPECT_FALSE(rule_for("wheelchair", {{"highway", "trunk"}}).usable);
}

TEST(WayRule, CarCannotUseFootwaysOrUnknownClasses) {
    EXPECT_FALSE(rule_for("car", {{"highway", "footway"}}).usable);
    EXPECT_FALSE(rule_for("car", {{"highway", "bus_stop"}}).usable);  // no class speed
    EXPECT_TRUE(rule_for("walk", {{"highway", "footway"}}).usable);
}

// One WayRules over many ways gives each way the rule of a fresh way_rule(): the class speed
// kept per highway value must not leak from one class to another (primary 90, its link
// inheriting 90, residential 30 or 50 by profile, a class the car cannot use, a missing tag).
TEST(WayRule, RulesOverManyWaysMatchOneWayAtATime) {
    reach::network::RoadTable table;
    const auto a = table.add_vertex(0.0, 0.0, 0.0, 0.0, 1);
    const auto b = table.add_vertex(100.0, 0.0, 0.001, 0.0, 2);
    table.add_way(1, {a, b}, {{"highway", "primary"}});
    table.add_way(2, {a, b}, {{"highway", "residential"}, {"maxspeed", "30"}});
    table.add_way(3, {a, b}, {{"highway", "footway"}});
    table.add_way(4, {a, b}, {{"highway", "primary_link"}, {"oneway", "-1"}});
    table.add_way(5, {a, b}, {{"name", "no highway tag"}});
    table.add_way(6, {a, b}, {{"highway", "primary"}, {"access", "no"}});
    table.add_way(7, {a, b}, {{"highway", "residential"}});
    for (const auto* name : {"car", "walk_elderly", "wheelchair"}) {
        const auto& profile = shipped().get(name);
        reach::network::WayRules rules(profile, table);
        int usable = 0;
        for (std::uint32_t way = 0; way < table.way_count(); ++way) {
            const auto many = rules(way);
            const auto one = reach::network::way_rule(profile, table, way);
            EXPECT_EQ(many.usable, one.usable) << name << " way " << way;
            EXPECT_EQ(many.forward, one.forward) << name << " way " << way;
            EXPECT_EQ(many.backward, one.backward) << name << " way " << way;
            EXPECT_EQ(many.speed_kmh, one.speed_kmh) << name << " way " << way;
            usable += many.usable ? 1 : 0;
        }
        EXPECT_GE(usable, 3) << name;
    }
    const auto& car = shipped().get("car");
    reach::network::WayRules rules(car, table);
    EXPECT_TRUE(rules(0).usable);
    EXPECT_EQ(rules(1).speed_kmh, 30.0);
    EXPECT_FALSE(rules(2).usable);  // footway
    EXPECT_EQ(rules(3).speed_kmh, rules(0).speed_kmh);  // the link inherits primary's speed
    EXPECT_FALSE(rules(3).forward);
    EXPECT_FALSE(rules(4).usable);
    EXPECT_FALSE(rules(5).usable);  // access=no
}
