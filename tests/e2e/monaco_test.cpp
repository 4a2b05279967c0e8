// The real OpenStreetMap extract of Monaco (tests/data/monaco.osm.pbf, © OpenStreetMap
// contributors, ODbL 1.0): ingest figures, km by class, and car times that must equal
// Boost.Graph's own Dijkstra on the same stored arc weights.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <string>
#include <utility>

#include "reach/core/units.hpp"
#include "reach/io/road_reader.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/routing/search.hpp"
#include "reach_test/boost_dijkstra.hpp"
#include "reach_test/support.hpp"

namespace {

struct Monaco {
    reach::network::RoadTable table;
    reach::network::RoadGraph roads;
    reach::network::ProfileSet profiles;
};

const Monaco& monaco() {
    static const Monaco data = [] {
        Monaco m;
        m.table = reach::io::read_osm_roads(reach::test::data_path("monaco.osm.pbf").string(),
                                            "EPSG:3035");
        m.roads = reach::network::build_road_graph(m.table);
        m.profiles =
            reach::network::load_profiles(reach::test::source_path("data/profiles.yaml").string());
        return m;
    }();
    return data;
}

}  // namespace

TEST(Monaco, CarTimesFromThreeCentresEqualBoostDijkstra) {
    const auto& m = monaco();
    const auto graph = reach::network::build_profile_graph(m.roads, m.table, m.profiles.get("car"));
    // Three centres spread over the component: its first, middle and last node by id.
    std::vector<std::uint32_t> component;
    for (std::uint32_t v = 0; v < m.roads.node_count(); ++v) {
        if (graph.in_component[v] != 0) {
            component.push_back(v);
        }
    }
    ASSERT_GT(component.size(), 1000U);
    const std::vector<std::uint32_t> centres{component.front(), component[component.size() / 2],
                                             component.back()};
    std::vector<reach::routing::Source> sources;
    for (std::uint32_t rank = 0; rank < centres.size(); ++rank) {
        sources.push_back({centres[rank], 0.0, rank});
    }
    const auto ours = reach::routing::nearest_centre(graph.reverse, sources);
    const auto expected = reach::test::boost_distances(graph.reverse, centres);
    std::size_t reached = 0;
    for (std::uint32_t v = 0; v < m.roads.node_count(); ++v) {
        if (expected[v] == std::numeric_limits<double>::infinity()) {
            ASSERT_EQ(ours.time_s[v], reach::unreachable) << "node " << v;
        } else {
            ASSERT_NEAR(ours.time_s[v], expected[v], 1e-6) << "node " << v;
            ++reached;
        }
    }
    // Every node of the strongly connected component reaches a centre, and only those.
    EXPECT_EQ(reached, component.size());
}

// Figures observed on this extract with `reach inspect tests/data/monaco.osm.pbf` and checked
// for plausibility: Monaco's public road network is ~128 km of OSM highway lines of which
// ~64 km carry cars (primary, residential, service, tertiary dominate). A change in the
// reader (lost ways, split segments, wrong lengths) moves one of these numbers.
TEST(Monaco, IngestGivesTheObservedGraphSizeAndKmByClass) {
    const auto& m = monaco();
    EXPECT_EQ(m.roads.node_count(), 3521U);
    EXPECT_EQ(m.roads.segment_count(), 4625U);
    double total_km = 0.0;
    for (const double length_m : m.roads.segment_length_m) {
        total_km += length_m / 1000.0;
    }
    EXPECT_NEAR(total_km, 127.865, 0.001);

    const auto& car = m.profiles.get("car");
    const auto by_class = reach::network::length_by_class(m.roads, m.table, &car);
    std::map<std::string, std::pair<double, double>> km;  // class → (total, usable by car)
    for (const auto& c : by_class) {
        km[c.highway] = {c.length_km, c.usable_km};
    }
    EXPECT_EQ(km.size(), 18U);
    EXPECT_NEAR(km["primary"].first, 20.490, 0.001);
    EXPECT_NEAR(km["primary"].second, 20.490, 0.001);
    EXPECT_NEAR(km["residential"].first, 23.225, 0.001);
    EXPECT_NEAR(km["residential"].second, 22.660, 0.001);  // access=private parts excluded
    EXPECT_NEAR(km["service"].first, 17.070, 0.001);
    EXPECT_NEAR(km["service"].second, 13.038, 0.001);
    EXPECT_NEAR(km["footway"].first, 47.281, 0.001);
    EXPECT_NEAR(km["footway"].second, 0.0, 1e-9);  // not a car class
    EXPECT_NEAR(km["steps"].first, 5.955, 0.001);
    EXPECT_NEAR(km["tertiary"].second, 5.291, 0.001);

    const auto graph = reach::network::build_profile_graph(m.roads, m.table, car);
    EXPECT_EQ(graph.forward.arc_count(), 2240U);
    EXPECT_EQ(graph.component_nodes, 1360U);
    EXPECT_EQ(graph.dropped_nodes, 178U);
    EXPECT_EQ(graph.unusable_nodes, 1983U);
}
