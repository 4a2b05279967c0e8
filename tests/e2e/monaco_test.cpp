// The real OpenStreetMap extract of Monaco (tests/data/monaco.osm.pbf, © OpenStreetMap
// contributors, ODbL 1.0): ingest figures, km by class, and car times that must equal
// Boost.Graph's own Dijkstra on the same stored arc weights.
#include <gtest/gtest.h>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <map>

#include "reach/core/units.hpp"
#include "reach/io/road_reader.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/routing/search.hpp"
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
        m.profiles = reach::network::load_profiles(
            reach::test::source_path("data/profiles.yaml").string());
        return m;
    }();
    return data;
}

// Multi-source distances with Boost.Graph: a virtual super-source with zero-time arcs to the
// sources, on a CSR graph built from the same float weights (as double).
std::vector<double> boost_distances(const reach::network::CsrGraph& graph,
                                    const std::vector<std::uint32_t>& sources) {
    using Edge = std::pair<std::uint32_t, std::uint32_t>;
    std::vector<Edge> edges;
    std::vector<double> weights;
    const std::uint32_t super = graph.node_count();
    for (std::uint32_t u = 0; u < graph.node_count(); ++u) {
        for (auto a = graph.first_out[u]; a < graph.first_out[u + 1]; ++a) {
            edges.emplace_back(u, graph.head[a]);
            weights.push_back(static_cast<double>(graph.time_s[a]));
        }
    }
    for (const auto s : sources) {
        edges.emplace_back(super, s);
        weights.push_back(0.0);
    }
    struct Weight {
        double w;
    };
    using BoostGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                          Weight>;
    std::vector<Weight> props;
    for (const double w : weights) {
        props.push_back({w});
    }
    const BoostGraph bg(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                        props.begin(), super + 1);
    std::vector<double> dist(super + 1);
    boost::dijkstra_shortest_paths(
        bg, super,
        boost::weight_map(boost::get(&Weight::w, bg))
            .distance_map(boost::make_iterator_property_map(dist.begin(),
                                                            boost::get(boost::vertex_index, bg)))
            .distance_inf(std::numeric_limits<double>::infinity()));
    dist.pop_back();
    return dist;
}

}  // namespace

TEST(Monaco, CarTimesFromThreeCentresEqualBoostDijkstra) {
    const auto& m = monaco();
    const auto graph =
        reach::network::build_profile_graph(m.roads, m.table, m.profiles.get("car"));
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
    const auto expected = boost_distances(graph.reverse, centres);
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
