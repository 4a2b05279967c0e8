#include "reach/network/graph_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "reach/core/error.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::network::CachedGraph;

//   D (0,100) ---- C (100,100)
//   |              |              E (300,0) --- F (400,0)   (a dropped pair)
//   A (0,0) ------ B (100,0)
// Ways A-B, B-C-D (C is only geometry), D-A, E-F: nodes A, B, D, E, F; 4 segments. The
// profile graph is made by hand (two-way arcs of 10 s on the first 3 segments, E and F
// dropped) so this test depends only on the cache code.
CachedGraph make_cached() {
    reach::network::RoadTable table;
    table.working_crs = "EPSG:3035";
    const std::vector<std::pair<double, double>> points = {{0, 0},   {100, 0}, {100, 100},
                                                           {0, 100}, {300, 0}, {400, 0}};
    for (std::size_t i = 0; i < points.size(); ++i) {
        table.add_vertex(points[i].first, points[i].second, 26.0 + 0.001 * points[i].first,
                         55.0 + 0.001 * points[i].second, static_cast<std::int64_t>(i) + 1);
    }
    table.add_way(10, {0, 1}, {{"highway", "residential"}});
    table.add_way(11, {1, 2, 3}, {{"highway", "primary"}});
    table.add_way(12, {3, 0}, {{"highway", "residential"}});
    table.add_way(13, {4, 5}, {{"highway", "track"}});

    CachedGraph cached;
    cached.roads = reach::network::build_road_graph(table);
    const auto n = cached.roads.node_count();
    std::vector<reach::network::Arc> arcs;
    for (std::uint32_t s = 0; s < 3; ++s) {
        const auto from = cached.roads.segment_from[s];
        const auto to = cached.roads.segment_to[s];
        arcs.push_back({from, to, 10.0F, s});
        arcs.push_back({to, from, 10.0F, s});
    }
    auto& graph = cached.graph;
    graph.profile = "car";
    graph.forward = reach::network::make_csr(n, arcs);
    graph.reverse = reach::network::make_reverse(graph.forward);
    graph.in_component.assign(n, 0);
    for (const auto& arc : arcs) {
        graph.in_component[arc.tail] = 1;
    }
    graph.component_nodes = 3;
    graph.dropped_nodes = 2;
    graph.unusable_nodes = 0;
    for (std::uint32_t s = 0; s < cached.roads.segment_count(); ++s) {
        cached.segment_highway.emplace_back(table.tag(cached.roads.segment_way[s], "highway"));
    }
    return cached;
}

void expect_equal(const reach::network::CsrGraph& a, const reach::network::CsrGraph& b) {
    EXPECT_EQ(a.first_out, b.first_out);
    EXPECT_EQ(a.head, b.head);
    EXPECT_EQ(a.time_s, b.time_s);
    EXPECT_EQ(a.segment, b.segment);
}

std::vector<char> read_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& file, const std::vector<char>& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

const std::string key = "0123456789abcdef-car-feedface-EPSG3035-v1";

}  // namespace

TEST(GraphCache, RoundTripKeepsEveryArray) {
    const reach::test::TempDir dir;
    const auto original = make_cached();
    ASSERT_EQ(original.roads.node_count(), 5U);
    ASSERT_EQ(original.roads.segment_count(), 4U);  // A-B, B-C-D, D-A, E-F
    reach::network::save_graph_cache(dir / "g.rgc", key, original);
    const auto loaded = reach::network::load_graph_cache(dir / "g.rgc", key);
    ASSERT_TRUE(loaded.has_value());

    const auto& a = original.roads;
    const auto& b = loaded->roads;
    EXPECT_EQ(a.node_x, b.node_x);
    EXPECT_EQ(a.node_y, b.node_y);
    EXPECT_EQ(a.node_lon, b.node_lon);
    EXPECT_EQ(a.node_lat, b.node_lat);
    EXPECT_EQ(a.node_osm_id, b.node_osm_id);
    EXPECT_EQ(a.segment_from, b.segment_from);
    EXPECT_EQ(a.segment_to, b.segment_to);
    EXPECT_EQ(a.segment_way, b.segment_way);
    EXPECT_EQ(a.segment_length_m, b.segment_length_m);
    EXPECT_EQ(a.segment_first_point, b.segment_first_point);
    EXPECT_EQ(a.point_x, b.point_x);
    EXPECT_EQ(a.point_y, b.point_y);
    EXPECT_EQ(b.working_crs, "EPSG:3035");

    EXPECT_EQ(loaded->graph.profile, "car");
    expect_equal(original.graph.forward, loaded->graph.forward);
    expect_equal(original.graph.reverse, loaded->graph.reverse);
    EXPECT_EQ(loaded->graph.forward.arc_count(), 6U);
    EXPECT_EQ(original.graph.in_component, loaded->graph.in_component);
    EXPECT_EQ(loaded->graph.component_nodes, 3U);
    EXPECT_EQ(loaded->graph.dropped_nodes, 2U);
    EXPECT_EQ(loaded->graph.unusable_nodes, 0U);
    EXPECT_EQ(loaded->segment_highway,
              (std::vector<std::string>{"residential", "primary", "residential", "track"}));
    // Written atomically: only the final file is left.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                            std::filesystem::directory_iterator()),
              1);
}

TEST(GraphCache, SavingAgainReplacesTheFile) {
    const reach::test::TempDir dir;
    auto cached = make_cached();
    reach::network::save_graph_cache(dir / "g.rgc", key, cached);
    cached.graph.profile = "walk";
    reach::network::save_graph_cache(dir / "g.rgc", key, cached);
    const auto loaded = reach::network::load_graph_cache(dir / "g.rgc", key);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(loaded->graph.profile, "walk");
}

// A cached stand-in network must still be labelled as one when it is loaded again.
TEST(GraphCache, RoundTripKeepsTheStandInNote) {
    const reach::test::TempDir dir;
    auto cached = make_cached();
    EXPECT_EQ(cached.stand_in_note, "");
    cached.stand_in_note = "reach-standin-roads 1 (test)";
    reach::network::save_graph_cache(dir / "g.rgc", key, cached);
    const auto loaded = reach::network::load_graph_cache(dir / "g.rgc", key);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(loaded->stand_in_note, "reach-standin-roads 1 (test)");
}

// The roads file's read warnings survive the cache, so a cached run's summary lists them too.
TEST(GraphCache, RoundTripKeepsTheReadWarnings) {
    const reach::test::TempDir dir;
    auto cached = make_cached();
    cached.warnings = {"roads.osm: 1 node reference(s) …", "second"};
    reach::network::save_graph_cache(dir / "g.rgc", key, cached);
    const auto loaded = reach::network::load_graph_cache(dir / "g.rgc", key);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(loaded->warnings, cached.warnings);
}

TEST(GraphCache, OtherKeyIsAMiss) {
    const reach::test::TempDir dir;
    reach::network::save_graph_cache(dir / "g.rgc", key, make_cached());
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "g.rgc", key + "x").has_value());
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "g.rgc", "").has_value());
}

TEST(GraphCache, MissingFileIsAMiss) {
    const reach::test::TempDir dir;
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "none.rgc", key).has_value());
    EXPECT_FALSE(reach::network::load_graph_cache(dir.path(), key).has_value());  // a folder
}

// Every possible truncation, from 0 bytes to one byte short, is rejected.
TEST(GraphCache, TruncatedFileIsAMiss) {
    const reach::test::TempDir dir;
    reach::network::save_graph_cache(dir / "g.rgc", key, make_cached());
    const auto bytes = read_bytes(dir / "g.rgc");
    ASSERT_GT(bytes.size(), 100U);
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        write_bytes(dir / "t.rgc", {bytes.begin(), bytes.begin() + static_cast<long>(size)});
        ASSERT_FALSE(reach::network::load_graph_cache(dir / "t.rgc", key).has_value())
            << "truncated to " << size << " of " << bytes.size() << " bytes";
    }
}

TEST(GraphCache, TrailingBytesAreAMiss) {
    const reach::test::TempDir dir;
    reach::network::save_graph_cache(dir / "g.rgc", key, make_cached());
    auto bytes = read_bytes(dir / "g.rgc");
    bytes.push_back('\0');
    write_bytes(dir / "g.rgc", bytes);
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "g.rgc", key).has_value());
}

// Flipping any single byte (header, a length, an id, a coordinate) is detected.
TEST(GraphCache, EveryFlippedByteIsAMiss) {
    const reach::test::TempDir dir;
    reach::network::save_graph_cache(dir / "g.rgc", key, make_cached());
    const auto bytes = read_bytes(dir / "g.rgc");
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        auto damaged = bytes;
        damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
        write_bytes(dir / "d.rgc", damaged);
        ASSERT_FALSE(reach::network::load_graph_cache(dir / "d.rgc", key).has_value())
            << "byte " << i << " flipped";
    }
}

// Garbage, including a right header followed by absurd lengths, is rejected without
// allocating or reading past the end.
TEST(GraphCache, GarbageFileIsAMiss) {
    const reach::test::TempDir dir;
    reach::test::write_text(dir / "text.rgc", "this is not a graph cache\n");
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "text.rgc", key).has_value());
    reach::test::write_text(dir / "empty.rgc", "");
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "empty.rgc", key).has_value());

    reach::network::save_graph_cache(dir / "g.rgc", key, make_cached());
    auto bytes = read_bytes(dir / "g.rgc");
    // After magic (8), version (4), key length (8) and key: the node_x count.
    const std::size_t count_at = 8 + 4 + 8 + key.size();
    for (std::size_t i = 0; i < 8; ++i) {
        bytes[count_at + i] = '\xff';
    }
    write_bytes(dir / "huge.rgc", bytes);
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "huge.rgc", key).has_value());
}

// A well-formed file whose content breaks an invariant (an arc head beyond the last node, as
// a buggy writer could produce) is rejected rather than handed to the router.
TEST(GraphCache, ContentBreakingInvariantsIsAMiss) {
    const reach::test::TempDir dir;
    auto broken_head = make_cached();
    broken_head.graph.forward.head[0] = 99;
    reach::network::save_graph_cache(dir / "head.rgc", key, broken_head);
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "head.rgc", key).has_value());

    auto broken_counts = make_cached();
    broken_counts.graph.dropped_nodes = 0;  // 3 + 0 + 0 != 5 nodes
    reach::network::save_graph_cache(dir / "counts.rgc", key, broken_counts);
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "counts.rgc", key).has_value());

    auto broken_classes = make_cached();
    broken_classes.segment_highway.pop_back();  // 3 classes for 4 segments
    reach::network::save_graph_cache(dir / "classes.rgc", key, broken_classes);
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "classes.rgc", key).has_value());
}

TEST(GraphCache, UnwritableFolderThrowsOutputError) {
    const reach::test::TempDir dir;
    try {
        reach::network::save_graph_cache(dir / "missing" / "g.rgc", key, make_cached());
        FAIL() << "expected OutputError";
    } catch (const reach::OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("g.rgc.tmp-"), std::string::npos) << e.what();
    }
}

TEST(GraphCache, KeyNamesHashProfileSettingsCrsAndVersion) {
    reach::network::Profile car;
    car.name = "car";
    car.speeds_kmh = {{"residential", 30.0}};
    const auto key1 = reach::network::graph_cache_key("00ff00ff00ff00ff", car, "EPSG:3035");
    EXPECT_EQ(key1.rfind("00ff00ff00ff00ff-car-", 0), 0U) << key1;
    EXPECT_EQ(key1.substr(key1.size() - 12), "-EPSG3035-v3") << key1;
    // "<hash>-car-<16 hex digits>-EPSG3035-v3"
    EXPECT_EQ(key1.size(), 16 + 5 + 16 + 12) << key1;

    auto faster = car;
    faster.speeds_kmh["residential"] = 50.0;
    EXPECT_NE(reach::network::graph_cache_key("00ff00ff00ff00ff", faster, "EPSG:3035"), key1);
    EXPECT_NE(reach::network::graph_cache_key("00ff00ff00ff00ff", car, "EPSG:3059"), key1);
}
