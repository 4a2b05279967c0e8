#include "synth_roads.hpp"

#include <gtest/gtest.h>

#include <osmium/io/pbf_input.hpp>
#include <osmium/io/reader.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/io/road_reader.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach_test/support.hpp"

namespace reach::bench {
namespace {

const network::Profile& car() {
    static const auto profiles =
        network::load_profiles(reach::test::source_path("data/profiles.yaml").string());
    return profiles.get("car");
}

bool same(const network::RoadTable& a, const network::RoadTable& b) {
    if (a.strings.size() != b.strings.size()) {
        return false;
    }
    for (std::uint32_t s = 0; s < a.strings.size(); ++s) {
        if (a.strings.get(s) != b.strings.get(s)) {
            return false;
        }
    }
    return a.x == b.x && a.y == b.y && a.lon == b.lon && a.lat == b.lat &&
           a.osm_node_id == b.osm_node_id && a.way_first_vertex == b.way_first_vertex &&
           a.way_vertex == b.way_vertex && a.way_source_id == b.way_source_id &&
           a.way_first_tag == b.way_first_tag && a.tag_key == b.tag_key &&
           a.tag_value == b.tag_value && a.working_crs == b.working_crs;
}

// Nodes of the largest connected component of the undirected road graph (all ways).
std::uint32_t largest_component(const network::RoadGraph& roads) {
    std::vector<std::uint32_t> parent(roads.node_count());
    std::iota(parent.begin(), parent.end(), 0U);
    const auto find = [&](std::uint32_t v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    };
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        parent[find(roads.segment_from[s])] = find(roads.segment_to[s]);
    }
    std::vector<std::uint32_t> size(roads.node_count(), 0);
    for (std::uint32_t v = 0; v < roads.node_count(); ++v) {
        ++size[find(v)];
    }
    return size.empty() ? 0 : *std::max_element(size.begin(), size.end());
}

struct Stats {
    std::uint32_t nodes = 0;
    std::uint32_t arcs = 0;
    std::uint32_t largest = 0;      // undirected, all ways
    std::uint32_t car_usable = 0;   // nodes with a car road
    std::uint32_t car_component = 0;
};

Stats stats(const network::RoadTable& table) {
    const auto roads = network::build_road_graph(table);
    const auto graph = network::build_profile_graph(roads, table, car());
    return {roads.node_count(), graph.forward.arc_count(), largest_component(roads),
            roads.node_count() - graph.unusable_nodes, graph.component_nodes};
}

TEST(SynthRoads, SameSeedSameTableOtherSeedOtherTable) {
    const auto a = make_synthetic_roads({.nodes = 3000, .seed = 7});
    const auto b = make_synthetic_roads({.nodes = 3000, .seed = 7});
    const auto c = make_synthetic_roads({.nodes = 3000, .seed = 8});
    EXPECT_TRUE(same(a, b));
    EXPECT_FALSE(same(a, c));
    EXPECT_EQ(a.working_crs, "EPSG:3035");
    ASSERT_GT(a.vertex_count(), 0U);
    EXPECT_EQ(a.osm_node_id.front(), 1);
    EXPECT_EQ(a.osm_node_id.back(), static_cast<std::int64_t>(a.vertex_count()));
    EXPECT_EQ(a.way_source_id.back(), static_cast<std::int64_t>(a.way_count()));
    // Latvia / Lithuania.
    for (std::uint32_t v = 0; v < a.vertex_count(); ++v) {
        ASSERT_GT(a.lon[v], 20.0);
        ASSERT_LT(a.lon[v], 29.0);
        ASSERT_GT(a.lat[v], 53.5);
        ASSERT_LT(a.lat[v], 58.5);
    }
    EXPECT_EQ(a.tag(0, "highway").empty(), false);
}

TEST(SynthRoads, GraphShapeLikeARoadNetwork) {
    for (const std::uint32_t target : {2'000U, 20'000U}) {
        SCOPED_TRACE(target);
        const auto s = stats(make_synthetic_roads({.nodes = target, .seed = 1}));
        EXPECT_NEAR(s.nodes, target, 0.03 * target);
        const double arcs_per_node = static_cast<double>(s.arcs) / s.nodes;
        EXPECT_GE(arcs_per_node, 1.75);
        EXPECT_LE(arcs_per_node, 2.05);
        EXPECT_GE(s.largest, 0.95 * s.nodes);
        EXPECT_GE(s.car_component, 0.95 * s.car_usable);
    }
}

TEST(SynthRoads, OtherSeedsAndSizesHitTheTarget) {
    for (const std::uint64_t seed : {2U, 3U, 99U}) {
        for (const std::uint32_t target : {2'500U, 7'000U}) {
            const auto roads = network::build_road_graph(
                make_synthetic_roads({.nodes = target, .seed = seed}));
            EXPECT_NEAR(roads.node_count(), target, 0.03 * target) << seed;
        }
    }
}

std::string generator_of(const std::string& path) {
    osmium::io::Reader reader(path, osmium::osm_entity_bits::nothing);
    auto generator = reader.header().get("generator");
    reader.close();
    return generator;
}

TEST(SynthRoads, PbfAndGpkgReadBackToTheSameGraph) {
    const reach::test::TempDir dir;
    const auto table = make_synthetic_roads({.nodes = 5000, .seed = 3});
    const auto graph_nodes = network::build_road_graph(table).node_count();

    const auto pbf = (dir / "roads.osm.pbf").string();
    write_roads_pbf(table, pbf);
    EXPECT_EQ(generator_of(pbf), synthetic_generator);
    const auto from_pbf = io::read_osm_roads(pbf, "EPSG:3035");
    EXPECT_EQ(from_pbf.vertex_count(), table.vertex_count());
    EXPECT_EQ(from_pbf.way_count(), table.way_count());
    EXPECT_EQ(network::build_road_graph(from_pbf).node_count(), graph_nodes);
    // Read back, the file is labelled as not surveyed like a stand-in (every output says so).
    EXPECT_EQ(from_pbf.stand_in_note, std::string(synthetic_generator));
    EXPECT_EQ(table.stand_in_note, std::string(synthetic_generator));
    const auto first = reach::test::read_text(pbf);
    write_roads_pbf(table, pbf);
    EXPECT_EQ(reach::test::read_text(pbf), first);

    const auto gpkg = (dir / "roads.gpkg").string();
    write_roads_gpkg(table, gpkg);
    const auto from_gpkg = io::read_gdal_roads(gpkg, {});
    EXPECT_EQ(from_gpkg.vertex_count(), table.vertex_count());
    EXPECT_EQ(from_gpkg.way_count(), table.way_count());
    EXPECT_EQ(network::build_road_graph(from_gpkg).node_count(), graph_nodes);
    // Same car graph from both files and from the table.
    const auto arcs = stats(table).arcs;
    EXPECT_EQ(stats(from_pbf).arcs, arcs);
    EXPECT_EQ(stats(from_gpkg).arcs, arcs);
    for (const std::uint32_t w : {0U, table.way_count() / 2, table.way_count() - 1}) {
        for (const char* key : {"highway", "maxspeed", "oneway", "name"}) {
            EXPECT_EQ(from_gpkg.tag(w, key), table.tag(w, key)) << w << key;
            EXPECT_EQ(from_pbf.tag(w, key), table.tag(w, key)) << w << key;
        }
    }
}

TEST(SynthRoads, UnwritablePathThrowsOutputError) {
    const reach::test::TempDir dir;
    const auto table = make_synthetic_roads({.nodes = 2000, .seed = 1});
    const auto missing = dir / "no" / "such" / "folder";
    EXPECT_THROW(write_roads_pbf(table, (missing / "roads.osm.pbf").string()), OutputError);
    EXPECT_THROW(write_roads_gpkg(table, (missing / "roads.gpkg").string()), OutputError);
}

// Measurements for tools/bench/README.md (run with --gtest_also_run_disabled_tests).
TEST(SynthRoads, DISABLED_Measure) {
    for (const std::uint32_t target : {10'000U, 100'000U, 1'000'000U}) {
        const auto start = std::chrono::steady_clock::now();
        const auto table = make_synthetic_roads({.nodes = target, .seed = 1});
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const auto s = stats(table);
        std::printf("target %u: %.3f s, vertices %u, ways %u, nodes %u, car arcs %u "
                    "(%.3f per node), largest component %.4f, car component %.4f of usable\n",
                    target, seconds, table.vertex_count(), table.way_count(), s.nodes, s.arcs,
                    static_cast<double>(s.arcs) / s.nodes,
                    static_cast<double>(s.largest) / s.nodes,
                    static_cast<double>(s.car_component) / s.car_usable);
    }
}

}  // namespace
}  // namespace reach::bench
