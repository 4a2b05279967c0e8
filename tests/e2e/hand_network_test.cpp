// The hand-drawn network of tests/data/hand_network.osm, read with libosmium and routed with
// the shipped profiles (data/profiles.yaml). Coordinates were made by inverse-projecting a
// 100 m grid in EPSG:3035 (origin x 5 330 000, y 3 745 000, near Zarasai) to 7-decimal lon/lat,
// so every length below is a round number to within 1 cm (0.003 s at 30 km/h).
//
//                 Y (50,150)
//                 :                      ':' = bridge X–Y, secondary 70 km/h, 250 m,
//   D (0,100) ===>:=== E (100,100) ===> F (200,100)      crossing D–E and A–B WITHOUT
//   |steps        :    |                |                shared nodes
//   |             :    |residential     |primary, maxspeed=50
//   A (0,0) ------:--- B (100,0) ------ C (200,0) ------ G (300,0)
//    \            :                        service, access=no
//     \___________X (50,-100)   A–X residential, surface=gravel, √(50²+100²) = 111.803 m
//
// D→E→F is oneway (D→F). Centre at F; every time is home → F.
#include <gtest/gtest.h>

#include <map>

#include "reach/core/units.hpp"
#include "reach/io/road_reader.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/routing/search.hpp"
#include "reach_test/support.hpp"

namespace {

constexpr double inf = reach::unreachable;
enum Osm : std::int64_t { A = 1, B, C, D, E, F, X, Y, G };

struct Routed {
    reach::network::ProfileGraph graph;
    std::map<std::int64_t, double> time_s;  // by OSM node id
};

Routed route_to_f(const std::string& profile_name) {
    const auto table = reach::io::read_osm_roads(
        reach::test::data_path("hand_network.osm").string(), "EPSG:3035");
    const auto roads = reach::network::build_road_graph(table);
    const auto profiles =
        reach::network::load_profiles(reach::test::source_path("data/profiles.yaml").string());
    Routed routed;
    routed.graph = reach::network::build_profile_graph(roads, table, profiles.get(profile_name));
    std::uint32_t f_node = 0;
    for (std::uint32_t v = 0; v < roads.node_count(); ++v) {
        if (roads.node_osm_id[v] == F) {
            f_node = v;
        }
    }
    const reach::routing::Source source{f_node, 0.0, 0};
    const auto result = reach::routing::nearest_centre(routed.graph.reverse, {&source, 1});
    for (std::uint32_t v = 0; v < roads.node_count(); ++v) {
        routed.time_s[roads.node_osm_id[v]] = result.time_s[v];
    }
    return routed;
}

void expect_times(const Routed& routed, const std::map<std::int64_t, double>& expected) {
    for (const auto& [node, time_s] : expected) {
        SCOPED_TRACE("OSM node " + std::to_string(node));
        if (time_s == inf) {
            EXPECT_EQ(routed.time_s.at(node), inf);
        } else {
            EXPECT_NEAR(routed.time_s.at(node), time_s, 0.01);
        }
    }
}

}  // namespace

TEST(HandNetwork, ReadsNineNodesAndEightWaysWithTheBridgeUnconnected) {
    const auto table = reach::io::read_osm_roads(
        reach::test::data_path("hand_network.osm").string(), "EPSG:3035");
    EXPECT_EQ(table.vertex_count(), 9U);
    EXPECT_EQ(table.way_count(), 8U);
    const auto roads = reach::network::build_road_graph(table);
    EXPECT_EQ(roads.node_count(), 9U);
    // A–B–C splits at B (shared with B–E); D–E–F splits at E: 2 + 2 + 6 single-piece ways.
    EXPECT_EQ(roads.segment_count(), 10U);
    double total_m = 0.0;
    for (const double length_m : roads.segment_length_m) {
        total_m += length_m;
    }
    // 4×100 (A–B–C, D–E–F) + 100 (B–E) + 100 (C–F) + 100 (A–D) + 250 (X–Y) + 111.803 (A–X)
    // + 100 (C–G) = 1161.803 m.
    EXPECT_NEAR(total_m, 1161.803, 0.05);
}

// Car: residential 30 km/h (100 m = 12 s), primary with maxspeed=50 (100 m = 7.2 s),
// secondary 70 km/h (X–Y 250 m = 12.857 s), A–X 111.803 m = 13.416 s; steps and the
// access=no service road are excluded; D–E–F only one way.
//   C: C→F 7.2           E: E→F 12          B: min(B→E→F 24, B→C→F 19.2) = 19.2
//   A: A→B→C→F 31.2      X: 13.416 + 31.2 = 44.616      Y: 12.857 + 44.616 = 57.473
//   D: D→E exists but nothing enters D (steps excluded): not strongly connected, dropped.
//   G: only the access=no road: unusable. If the bridge shared a node with A–B, Y would be
//   100 + 50 m of residential + 150 m of secondary from B: far less than 57.473 s.
TEST(HandNetwork, CarTimesHonourOnewayMaxspeedAccessAndSteps) {
    const auto routed = route_to_f("car");
    expect_times(routed, {{F, 0.0}, {C, 7.2}, {E, 12.0}, {B, 19.2}, {A, 31.2},
                          {X, 44.616}, {Y, 57.473}, {D, inf}, {G, inf}});
    EXPECT_EQ(routed.graph.dropped_nodes, 1U);   // D
    EXPECT_EQ(routed.graph.unusable_nodes, 1U);  // G
    EXPECT_EQ(routed.graph.component_nodes, 7U);
}

// Walk: 5 km/h everywhere (100 m = 72 s), oneway ignored, steps allowed, access=no excluded.
//   C, E: 72    B, D: 144 (D→E→F against nothing: walkers ignore oneway)    A: 216
//   X: 216 + 111.803/1.3889 = 216 + 80.498 = 296.498    Y: 296.498 + 250/1.3889 = 476.498
TEST(HandNetwork, WalkTimesIgnoreOnewayAndUseSteps) {
    const auto routed = route_to_f("walk");
    expect_times(routed, {{F, 0.0}, {C, 72.0}, {E, 72.0}, {B, 144.0}, {D, 144.0},
                          {A, 216.0}, {X, 296.498}, {Y, 476.498}, {G, inf}});
    EXPECT_EQ(routed.graph.dropped_nodes, 0U);
}

// Elderly walking: 3.6 km/h = 1 m/s, so times equal metres.
TEST(HandNetwork, ElderlyWalkingTimesAreMetresAtOneMetrePerSecond) {
    const auto routed = route_to_f("walk_elderly");
    expect_times(routed, {{F, 0.0}, {C, 100.0}, {E, 100.0}, {B, 200.0}, {D, 200.0},
                          {A, 300.0}, {X, 411.803}, {Y, 661.803}, {G, inf}});
}

// Wheelchair: 3.0 km/h (100 m = 120 s); steps and the gravel A–X road excluded, so the
// X–Y pair is its own component and dropped; D reaches F via D–E–F (oneway ignored).
TEST(HandNetwork, WheelchairAvoidsStepsAndGravel) {
    const auto routed = route_to_f("wheelchair");
    expect_times(routed, {{F, 0.0}, {C, 120.0}, {E, 120.0}, {B, 240.0}, {D, 240.0},
                          {A, 360.0}, {X, inf}, {Y, inf}, {G, inf}});
    EXPECT_EQ(routed.graph.dropped_nodes, 2U);  // X, Y
}
