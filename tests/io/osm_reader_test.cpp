// read_osm_roads on tests/data/tiny.osm (hand-written, drawn below) and on the real Monaco
// extract (tests/data/monaco.osm.pbf, © OpenStreetMap contributors, ODbL 1.0).
//
//  lat \ lon  26.2500          26.2510          26.2520                  26.2540
//  55.7330    11 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~ 12   120 stream
//  55.7320    1 ================================ 2 ========================== 3   101 secondary
//             |                               /  |                           |       maxspeed=50
//  55.7315    |104 residential     109     9     |105 steps          103     |
//             |                            #     |               oneway=yes  |
//  55.7310    4 --------------------------#----- 5 ------------------------- 6   102 residential
//             |                            #  108 bridge 9→10, layer=1:      |
//  55.7305    |106 service, access=no     10     crosses 102 with no node    |107 track,
//             |                       /  110                                 |  motor_vehicle=no
//  55.7300    7 ------------------                                           8
//
// 121 (highway=pedestrian, area=yes, 1-2-5-4-1) and 120 (no highway tag) are not roads.
// Kept: 10 ways 101..110 in file order, 3+3+8×2 = 22 way vertices, vertices = nodes 1..10.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "reach/core/error.hpp"
#include "reach/io/road_reader.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::network::RoadTable;
using reach::test::TempDir;

const RoadTable& tiny() {
    static const RoadTable table =
        reach::io::read_osm_roads(reach::test::data_path("tiny.osm").string(), "EPSG:3035");
    return table;
}

std::uint32_t way_with_id(const RoadTable& t, std::int64_t id) {
    const auto it = std::find(t.way_source_id.begin(), t.way_source_id.end(), id);
    EXPECT_NE(it, t.way_source_id.end()) << "way " << id;
    return static_cast<std::uint32_t>(it - t.way_source_id.begin());
}

std::vector<std::int64_t> way_nodes(const RoadTable& t, std::int64_t id) {
    const auto w = way_with_id(t, id);
    std::vector<std::int64_t> nodes;
    for (auto i = t.way_first_vertex[w]; i < t.way_first_vertex[w + 1]; ++i) {
        nodes.push_back(t.osm_node_id[t.way_vertex[i]]);
    }
    return nodes;
}

std::size_t tag_count(const RoadTable& t, std::uint32_t way) {
    return t.way_first_tag[way + 1] - t.way_first_tag[way];
}

using reach::test::input_error_message;

}  // namespace

TEST(OsmReader, TinyNetworkHasOneVertexPerUsedNodeAndTenRoadWays) {
    const auto& t = tiny();
    EXPECT_EQ(t.vertex_count(), 10U);
    EXPECT_EQ(t.way_count(), 10U);
    EXPECT_EQ(t.way_vertex.size(), 22U);
    EXPECT_TRUE(t.from_osm);
    EXPECT_EQ(t.working_crs, "EPSG:3035");
    std::set<std::int64_t> ids(t.osm_node_id.begin(), t.osm_node_id.end());
    EXPECT_EQ(ids, (std::set<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST(OsmReader, WaysKeepFileOrderAndNodeOrder) {
    const auto& t = tiny();
    EXPECT_EQ(t.way_source_id,
              (std::vector<std::int64_t>{101, 102, 103, 104, 105, 106, 107, 108, 109, 110}));
    EXPECT_EQ(way_nodes(t, 101), (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(way_nodes(t, 103), (std::vector<std::int64_t>{3, 6}));
    EXPECT_EQ(way_nodes(t, 110), (std::vector<std::int64_t>{10, 7}));
}

TEST(OsmReader, KeepsEveryTagOfTheKeptWays) {
    const auto& t = tiny();
    const auto main = way_with_id(t, 101);
    EXPECT_EQ(tag_count(t, main), 3U);
    EXPECT_EQ(t.tag(main, "highway"), "secondary");
    EXPECT_EQ(t.tag(main, "maxspeed"), "50");
    EXPECT_EQ(t.tag(main, "name"), "Main");
    EXPECT_EQ(t.tag(way_with_id(t, 103), "oneway"), "yes");
    EXPECT_EQ(t.tag(way_with_id(t, 105), "highway"), "steps");
    EXPECT_EQ(t.tag(way_with_id(t, 106), "access"), "no");
    EXPECT_EQ(t.tag(way_with_id(t, 107), "motor_vehicle"), "no");
    EXPECT_EQ(t.tag(way_with_id(t, 108), "bridge"), "yes");
    EXPECT_EQ(t.tag(way_with_id(t, 108), "layer"), "1");
    EXPECT_EQ(t.tag(main, "oneway"), "");  // absent
}

TEST(OsmReader, AreasAndWaysWithoutHighwayTagAreNotRoads) {
    const auto& t = tiny();
    EXPECT_EQ(std::count(t.way_source_id.begin(), t.way_source_id.end(), 120), 0);
    EXPECT_EQ(std::count(t.way_source_id.begin(), t.way_source_id.end(), 121), 0);
}

TEST(OsmReader, BridgeSharesNoVertexWithTheRoadItCrosses) {
    const auto& t = tiny();
    const auto bridge = way_nodes(t, 108);
    const auto lake = way_nodes(t, 102);
    for (const auto node : bridge) {
        EXPECT_EQ(std::count(lake.begin(), lake.end(), node), 0) << "node " << node;
    }
    // The bridge at lon 26.2510 spans lat 55.7315..55.7305, across 102 at lat 55.7310.
    const auto w = way_with_id(t, 108);
    const auto a = t.way_vertex[t.way_first_vertex[w]];
    const auto b = t.way_vertex[t.way_first_vertex[w] + 1];
    EXPECT_DOUBLE_EQ(t.lat[a], 55.7315);
    EXPECT_DOUBLE_EQ(t.lat[b], 55.7305);
}

// Node 2 at 26.2520 E 55.7320 N; EPSG:3035 of 26.25 E 55.73 N is (5332445.225, 3740023.384)
// by `echo "26.25 55.73" | gdaltransform -s_srs "+proj=longlat +ellps=GRS80" -t_srs
// "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m"`.
// Node 2 is 0.002° (≈ 125 m) east and 0.002° (≈ 222 m) north of that point.
TEST(OsmReader, VerticesCarryLonLatAndWorkingCrsCoordinates) {
    const auto& t = tiny();
    const auto v = static_cast<std::size_t>(
        std::find(t.osm_node_id.begin(), t.osm_node_id.end(), 2) - t.osm_node_id.begin());
    ASSERT_LT(v, t.osm_node_id.size());
    EXPECT_DOUBLE_EQ(t.lon[v], 26.2520);
    EXPECT_DOUBLE_EQ(t.lat[v], 55.7320);
    const double dx = t.x[v] - 5332445.225;
    const double dy = t.y[v] - 3740023.384;
    EXPECT_NEAR(std::hypot(dx, dy), std::hypot(125.3, 222.6), 2.0);
}

TEST(OsmReader, GzippedXmlGivesTheSameRoads) {
    const TempDir dir;
    std::filesystem::copy_file(reach::test::data_path("tiny.osm"), dir / "tiny.osm");
    const auto result = reach::test::run_command("gzip " + (dir / "tiny.osm").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto gz = dir / "tiny.osm.gz";
    const auto t = reach::io::read_osm_roads(gz.string(), "EPSG:3035");
    EXPECT_EQ(t.vertex_count(), 10U);
    EXPECT_EQ(t.way_source_id, tiny().way_source_id);
    EXPECT_EQ(t.x, tiny().x);
}

// way 1: 1 - 2 - 99 - 3, node 99 is not in the file: its reference is skipped and counted.
// way 2: 98 - 97, neither node exists: fewer than 2 nodes left, dropped.
TEST(OsmReader, MissingNodeLocationsAreSkippedWithAWarning) {
    const TempDir dir;
    reach::test::write_text(dir / "gap.osm", R"(<?xml version="1.0"?>
<osm version="0.6">
  <node id="1" lat="55.73" lon="26.250"/>
  <node id="2" lat="55.73" lon="26.251"/>
  <node id="3" lat="55.73" lon="26.252"/>
  <way id="1"><nd ref="1"/><nd ref="2"/><nd ref="99"/><nd ref="3"/><tag k="highway" v="road"/></way>
  <way id="2"><nd ref="98"/><nd ref="97"/><tag k="highway" v="road"/></way>
</osm>
)");
    // The warning goes with the table (a run puts it into summary.json once), not to stderr.
    testing::internal::CaptureStderr();
    const auto t = reach::io::read_osm_roads((dir / "gap.osm").string(), "EPSG:3035");
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
    EXPECT_EQ(t.way_count(), 1U);
    EXPECT_EQ(way_nodes(t, 1), (std::vector<std::int64_t>{1, 2, 3}));
    ASSERT_EQ(t.warnings.size(), 1U);
    EXPECT_NE(t.warnings[0].find("3 node reference(s)"), std::string::npos) << t.warnings[0];
    EXPECT_NE(t.warnings[0].find("1 way(s)"), std::string::npos) << t.warnings[0];
}

TEST(OsmReader, FileWithoutHighwayWaysIsAnInputError) {
    const TempDir dir;
    const auto path = dir / "river.osm";
    reach::test::write_text(path, R"(<?xml version="1.0"?>
<osm version="0.6">
  <node id="1" lat="55.73" lon="26.250"/>
  <node id="2" lat="55.73" lon="26.251"/>
  <way id="1"><nd ref="1"/><nd ref="2"/><tag k="waterway" v="river"/></way>
</osm>
)");
    const auto message =
        input_error_message([&] { (void)reach::io::read_osm_roads(path.string(), "EPSG:3035"); });
    EXPECT_EQ(message, path.string() + ": no roads (no way with a highway tag)");
}

TEST(OsmReader, TruncatedPbfIsAnInputErrorNamingTheFile) {
    const TempDir dir;
    const auto path = dir / "half.osm.pbf";
    {
        std::ifstream in(reach::test::data_path("monaco.osm.pbf"), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
    }
    const auto message =
        input_error_message([&] { (void)reach::io::read_osm_roads(path.string(), "EPSG:3035"); });
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("cannot read OSM data"), std::string::npos) << message;
}

// libosmium 2.19 reads "26.23E21270" by multiplying by 10 21,278 times: a signed overflow
// that left node 1 at lon 0° (tools/fuzz/README.md, finding 3). reach refuses the file first.
TEST(OsmReader, CoordinateWithAHugeExponentIsAnInputErrorNamingTheLine) {
    const TempDir dir;
    const auto path = dir / "exponent.osm";
    reach::test::write_text(path, R"(<?xml version="1.0"?>
<osm version="0.6">
  <node id="1" lat="55.73" lon="26.23E21270"/>
  <node id="2" lat="55.73" lon="26.251"/>
  <way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="road"/></way>
</osm>
)");
    const auto message =
        input_error_message([&] { (void)reach::io::read_osm_roads(path.string(), "EPSG:3035"); });
    EXPECT_EQ(message, path.string() +
                           ": line 3: <node> has lon=\"26.23E21270\" (expected decimal degrees "
                           "within ±180)");
}

// The same guard reads compressed XML through libosmium's decompressors, and knows every
// coordinate attribute: lat=95 is outside ±90, the <bounds> maxlon=1e300 outside ±180.
TEST(OsmReader, OutOfRangeCoordinatesInGzippedXmlAndBoundsAreInputErrors) {
    const TempDir dir;
    reach::test::write_text(dir / "lat.osm", R"(<?xml version="1.0"?>
<osm version="0.6">
  <node id="1" lat="55.73" lon="26.250"/>
  <node id="2" lat="95" lon="26.251"/>
  <way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="road"/></way>
</osm>
)");
    ASSERT_EQ(reach::test::run_command("gzip " + (dir / "lat.osm").string()).exit_code, 0);
    const auto gz = (dir / "lat.osm.gz").string();
    EXPECT_EQ(input_error_message([&] { (void)reach::io::read_osm_roads(gz, "EPSG:3035"); }),
              gz + ": line 4: <node> has lat=\"95\" (expected decimal degrees within ±90)");

    const auto bounds = (dir / "bounds.osm").string();
    std::string text = reach::test::read_text(reach::test::data_path("tiny.osm"));
    const auto osm_start = text.find('>', text.find("<osm")) + 1;
    text.insert(osm_start, "\n<bounds minlat=\"55\" minlon=\"26\" maxlat=\"56\" maxlon=\"1e300\"/>");
    reach::test::write_text(bounds, text);
    EXPECT_NE(input_error_message([&] { (void)reach::io::read_osm_roads(bounds, "EPSG:3035"); })
                  .find("<bounds> has maxlon=\"1e300\" (expected decimal degrees within ±180)"),
              std::string::npos);
}

// Exponents within range are fine (2623.02037E-2 = 26.2302037) and give the same location.
TEST(OsmReader, SmallExponentsAreReadAsDecimalDegrees) {
    const TempDir dir;
    const auto path = dir / "small.osm";
    reach::test::write_text(path, R"(<?xml version="1.0"?>
<osm version="0.6">
  <node id="1" lat="5.573E1" lon="2623.02037E-2"/>
  <node id="2" lat="55.73" lon="26.251"/>
  <way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="road"/></way>
</osm>
)");
    const auto t = reach::io::read_osm_roads(path.string(), "EPSG:3035");
    ASSERT_EQ(t.vertex_count(), 2U);
    EXPECT_DOUBLE_EQ(t.lon[0], 26.2302037);
    EXPECT_DOUBLE_EQ(t.lat[0], 55.73);
}

TEST(OsmReader, UnknownWorkingCrsIsAnInputError) {
    const auto message = input_error_message([] {
        (void)reach::io::read_osm_roads(reach::test::data_path("tiny.osm").string(), "EPSG:0");
    });
    EXPECT_NE(message.find("EPSG:0"), std::string::npos) << message;
}

// Observed on tests/data/monaco.osm.pbf (sha256 59fbdfde…1ecc). Cross-check of the way count:
//   osmium tags-filter -R tests/data/monaco.osm.pbf w/highway -o hw.osm.pbf
//   osmium tags-filter -i -R hw.osm.pbf w/area=yes -f opl -o - | grep -c '^w'
// gives 2682 highway ways, 20 of them area=yes: 2682 - 20 = 2662, as read here (no way loses
// nodes: every node of the extract's highway ways is in the file).
TEST(OsmReader, MonacoCountsAndEveryWayHasAHighwayTag) {
    const auto t =
        reach::io::read_osm_roads(reach::test::data_path("monaco.osm.pbf").string(), "EPSG:3035");
    std::printf("monaco: %u vertices, %u ways, %zu way vertices\n", t.vertex_count(), t.way_count(),
                t.way_vertex.size());
    EXPECT_EQ(t.vertex_count(), 11153U);
    EXPECT_EQ(t.way_count(), 2662U);
    EXPECT_EQ(t.way_vertex.size(), 14919U);
    for (std::uint32_t w = 0; w < t.way_count(); ++w) {
        ASSERT_FALSE(t.tag(w, "highway").empty()) << "way " << t.way_source_id[w];
        ASSERT_NE(t.tag(w, "area"), "yes") << "way " << t.way_source_id[w];
    }
}

// Node lookups take a flat array by id for ascending ids over a narrow range, and libosmium's
// index otherwise: ids out of order, repeated, negative, far apart, or nodes after ways all give
// the answers of libosmium's index (a repeated id keeps its first location).
TEST(OsmReader, NodeIdsInAnyOrderOrRangeFindTheirLocations) {
    const TempDir dir;
    reach::test::write_text(dir / "order.osm", R"(<?xml version="1.0"?>
<osm version="0.6">
  <node id="1" lat="55.73" lon="26.250"/>
  <node id="1" lat="55.74" lon="26.260"/>
  <node id="2" lat="55.75" lon="26.252"/>
  <node id="-3" lat="55.76" lon="26.253"/>
  <node id="70000000" lat="55.78" lon="26.254"/>
  <node id="5" lat="55.79" lon="26.255"/>
  <way id="1"><nd ref="1"/><nd ref="2"/><nd ref="-3"/><nd ref="70000000"/><nd ref="5"/><tag k="highway" v="road"/></way>
  <node id="9" lat="55.80" lon="26.256"/>
  <node id="3000000000" lat="55.81" lon="26.257"/>
  <way id="2"><nd ref="9"/><nd ref="3000000000"/><nd ref="2"/><tag k="highway" v="road"/></way>
</osm>
)");
    const auto t = reach::io::read_osm_roads((dir / "order.osm").string(), "EPSG:3035");
    EXPECT_TRUE(t.warnings.empty());
    EXPECT_EQ(way_nodes(t, 1), (std::vector<std::int64_t>{1, 2, -3, 70000000, 5}));
    EXPECT_EQ(way_nodes(t, 2), (std::vector<std::int64_t>{9, 3000000000, 2}));
    const std::vector<double> lon{26.250, 26.252, 26.253, 26.254, 26.255, 26.256, 26.257};
    ASSERT_EQ(t.vertex_count(), lon.size());
    for (std::size_t v = 0; v < lon.size(); ++v) {
        EXPECT_DOUBLE_EQ(t.lon[v], lon[v]) << "vertex " << v;
    }
}
