#include "reach/network/graph_cache.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "reach/core/error.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::network::CachedGraph;
using reach::network::no_slot;
using reach::network::SearchGraph;

// A SearchGraph of `graph` with every node that has arcs a core node and every arc a core arc
// (no chains): valid, though not what routing::build_search_graph() would make, so this test
// needs no routing code (tests/routing/search_graph_test.cpp round-trips a built one).
SearchGraph all_core_search(const reach::network::CsrGraph& graph) {
    SearchGraph search;
    search.node_count = graph.node_count();
    search.core_of.assign(graph.node_count(), no_slot);
    search.chain_of.assign(graph.node_count(), no_slot);
    for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
        if (graph.first_out[v + 1] > graph.first_out[v]) {
            search.core_of[v] = search.core_count();
            search.core_node.push_back(v);
        } else {
            ++search.isolated_count;  // every arc here has its reverse: no arcs in either
        }
    }
    for (const auto v : search.core_node) {
        for (auto a = graph.first_out[v]; a < graph.first_out[v + 1]; ++a) {
            search.core_arc.push_back({search.core_of[graph.head[a]],
                                       static_cast<std::uint32_t>(search.weight.size())});
            search.weight.push_back(graph.time_s[a]);
        }
        search.core_first_out.push_back(static_cast<std::uint32_t>(search.core_arc.size()));
    }
    search.core_arc.push_back({no_slot, static_cast<std::uint32_t>(search.weight.size())});
    return search;
}

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
    cached.search = all_core_search(graph.reverse);
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
    ASSERT_TRUE(loaded->search.has_value());
    const auto& s = *original.search;
    const auto& t = *loaded->search;
    EXPECT_EQ(t.node_count, 5U);
    EXPECT_EQ(t.core_count(), 3U);
    EXPECT_EQ(t.isolated_count, 2U);
    EXPECT_EQ(s.core_of, t.core_of);
    EXPECT_EQ(s.chain_of, t.chain_of);
    EXPECT_EQ(s.core_node, t.core_node);
    EXPECT_EQ(s.core_first_out, t.core_first_out);
    ASSERT_EQ(t.core_arc.size(), 7U);  // 6 arcs and the sentinel
    for (std::size_t arc = 0; arc < s.core_arc.size(); ++arc) {
        EXPECT_EQ(s.core_arc[arc].head, t.core_arc[arc].head);
        EXPECT_EQ(s.core_arc[arc].first_weight, t.core_arc[arc].first_weight);
    }
    EXPECT_EQ(s.weight, t.weight);
    EXPECT_EQ(t.chain_first, (std::vector<std::uint32_t>{0}));
    EXPECT_TRUE(t.chain_node.empty() && t.ahead_s.empty() && t.exit_back_s.empty());
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

// A graph saved without a SearchGraph loads without one (its user builds it).
TEST(GraphCache, RoundTripWithoutASearchGraph) {
    const reach::test::TempDir dir;
    auto cached = make_cached();
    cached.search.reset();
    reach::network::save_graph_cache(dir / "g.rgc", key, cached);
    const auto loaded = reach::network::load_graph_cache(dir / "g.rgc", key);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_FALSE(loaded->search.has_value());
    EXPECT_EQ(loaded->graph.reverse.arc_count(), 6U);
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

    // SearchGraphs that would send nearest_centre() out of its arrays.
    const auto rejected = [&dir](const std::function<void(SearchGraph&)>& damage) {
        auto cached = make_cached();
        damage(*cached.search);
        reach::network::save_graph_cache(dir / "search.rgc", key, cached);
        std::string why;
        const bool loaded = reach::network::load_graph_cache(dir / "search.rgc", key, &why)
                                .has_value();
        return !loaded && why.find("inconsistent content") != std::string::npos;
    };
    EXPECT_TRUE(rejected([](SearchGraph& g) { g.core_arc[0].head = 3; }));  // 3 core nodes
    EXPECT_TRUE(rejected([](SearchGraph& g) { g.core_arc.back().first_weight = 7; }));  // 6
    EXPECT_TRUE(rejected([](SearchGraph& g) { g.core_arc[1].first_weight = 0; }));  // no time
    EXPECT_TRUE(rejected([](SearchGraph& g) { g.core_node[2] = 5; }));  // 5 nodes
    EXPECT_TRUE(rejected([](SearchGraph& g) { g.core_of[0] = 3; }));
    EXPECT_TRUE(rejected([](SearchGraph& g) { g.chain_of[4] = 0; }));  // no chains
    EXPECT_TRUE(rejected([](SearchGraph& g) { g.core_first_out.back() = 5; }));
    EXPECT_TRUE(rejected([](SearchGraph& g) { g.isolated_count = 1; }));  // 3 + 0 + 1 != 5
    EXPECT_TRUE(rejected([](SearchGraph& g) {  // of another graph
        g.node_count = 6;
        g.core_of.push_back(no_slot);
        g.chain_of.push_back(no_slot);
        ++g.isolated_count;
    }));
    EXPECT_TRUE(rejected([](SearchGraph& g) {  // a chain without nodes
        g.chain_first.push_back(0);
        g.chain_from.push_back(0);
        g.chain_to.push_back(no_slot);
        g.exit_ahead_s.push_back(1.0F);
        g.exit_back_s.push_back(1.0F);
    }));
    EXPECT_FALSE(rejected([](SearchGraph&) {}));  // the undamaged one loads
}

// Why a file that exists is not used, for the message before it is rebuilt.
TEST(GraphCache, RejectedFileSaysWhy) {
    const reach::test::TempDir dir;
    reach::network::save_graph_cache(dir / "g.rgc", key, make_cached());
    const auto bytes = read_bytes(dir / "g.rgc");
    const auto why = [&dir](const std::vector<char>& content) {
        write_bytes(dir / "x.rgc", content);
        std::string reason = "not cleared";
        EXPECT_FALSE(reach::network::load_graph_cache(dir / "x.rgc", key, &reason).has_value());
        return reason;
    };
    // A cache of format 4 (arrays unaligned, one checksum over the whole file).
    auto old = bytes;
    const std::uint32_t four = 4;
    std::memcpy(old.data() + 8, &four, sizeof four);
    EXPECT_EQ(why(old), "format version 4, this build reads version 5");
    auto damaged = bytes;
    damaged.back() = static_cast<char>(damaged.back() ^ 0x01);  // in the checksum
    EXPECT_EQ(why(damaged), "damaged (checksum mismatch or trailing bytes)");
    EXPECT_EQ(why({bytes.begin(), bytes.begin() + 200}), "truncated or damaged");
    EXPECT_EQ(why({'n', 'o', 't'}), "not a graph cache file");

    std::string reason = "not cleared";
    EXPECT_TRUE(reach::network::load_graph_cache(dir / "g.rgc", key, &reason).has_value());
    EXPECT_EQ(reason, "");
    reason = "not cleared";
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "none.rgc", key, &reason).has_value());
    EXPECT_EQ(reason, "");  // a miss, nothing to report
    EXPECT_FALSE(reach::network::load_graph_cache(dir / "g.rgc", key + "x", &reason).has_value());
    EXPECT_EQ(reason, "made for another roads file, profile or CRS");
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
    EXPECT_EQ(key1.substr(key1.size() - 12), "-EPSG3035-v5") << key1;
    // "<hash>-car-<16 hex digits>-EPSG3035-v5"
    EXPECT_EQ(key1.size(), 16 + 5 + 16 + 12) << key1;

    auto faster = car;
    faster.speeds_kmh["residential"] = 50.0;
    EXPECT_NE(reach::network::graph_cache_key("00ff00ff00ff00ff", faster, "EPSG:3035"), key1);
    EXPECT_NE(reach::network::graph_cache_key("00ff00ff00ff00ff", car, "EPSG:3059"), key1);
}
