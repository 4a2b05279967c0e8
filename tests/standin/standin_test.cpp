// The stand-in road generator (tools/standin) on a 38 x 33 km sub-area around Daugavpils and
// Zarasai: byte-identical output, read through the same OSM loader as real data, connected
// for cars, every populated cell on a road, labelled as a stand-in by the reader and the CLI.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/io/road_reader.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach_test/support.hpp"

namespace fs = std::filesystem;
using reach::test::run_command;
using reach::test::TempDir;

namespace {

// lon_min, lat_min, lon_max, lat_max: Daugavpils (26.53 E 55.88 N) and Zarasai (26.25 E
// 55.73 N) with the E262 trunk link between them.
constexpr double bbox[4] = {26.1, 55.65, 26.7, 55.95};
const std::string bbox_arg = "26.1,55.65,26.7,55.95";

std::string generator_cmd(const fs::path& out) {
    return std::string(REACH_STANDIN_BINARY) + " --census " +
           reach::test::source_path("data/population/census2021_1km.csv.gz").string() +
           " --places " + reach::test::source_path("data/places/places_lv_lt.csv").string() +
           " --countries " +
           reach::test::source_path("data/boundaries/countries_lv_lt.geojson").string() +
           " --bbox " + bbox_arg + " --out " + out.string();
}

class StandIn : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir();
        const auto result = run_command(generator_cmd(*s_dir / "a.osm.pbf"));
        ASSERT_EQ(result.exit_code, 0) << result.err;
        s_summary = result.out;
        s_table = new reach::network::RoadTable(
            reach::io::read_osm_roads((*s_dir / "a.osm.pbf").string(), "EPSG:3035"));
    }
    static void TearDownTestSuite() {
        delete s_table;
        delete s_dir;
    }
    static fs::path file() { return *s_dir / "a.osm.pbf"; }
    static const reach::network::RoadTable& table() { return *s_table; }

    static TempDir* s_dir;
    static reach::network::RoadTable* s_table;
    static std::string s_summary;
};
TempDir* StandIn::s_dir = nullptr;
reach::network::RoadTable* StandIn::s_table = nullptr;
std::string StandIn::s_summary;

reach::network::ProfileSet shipped_profiles() {
    return reach::network::load_profiles(reach::test::source_path("data/profiles.yaml").string());
}

}  // namespace

TEST_F(StandIn, SecondRunWritesTheSameBytes) {
    const auto again = run_command(generator_cmd(*s_dir / "b.osm.pbf"));
    ASSERT_EQ(again.exit_code, 0) << again.err;
    const auto a = reach::test::read_text(file());
    const auto b = reach::test::read_text(*s_dir / "b.osm.pbf");
    EXPECT_GT(a.size(), 10000U);
    EXPECT_EQ(a, b);
}

TEST_F(StandIn, ReaderSetsTheStandInNoteFromTheHeader) {
    EXPECT_TRUE(table().from_osm);
    EXPECT_EQ(table().stand_in_note.rfind("reach-standin-roads 1 (stand-in road network, "
                                          "not surveyed",
                                          0),
              0U)
        << table().stand_in_note;
    EXPECT_NE(s_summary.find("road network: stand-in (not surveyed)"), std::string::npos);
}

TEST(StandInNote, SurveyedOsmFileHasNone) {
    const auto tiny =
        reach::io::read_osm_roads(reach::test::data_path("tiny.osm").string(), "EPSG:3035");
    EXPECT_EQ(tiny.stand_in_note, "");
    const auto monaco =
        reach::io::read_osm_roads(reach::test::data_path("monaco.osm.pbf").string(), "EPSG:3035");
    EXPECT_EQ(monaco.stand_in_note, "");
}

TEST_F(StandIn, EveryWayHasAClassAndTheSourceTagAndSpeedsFollowTheClass) {
    std::map<std::string, std::set<std::string>> maxspeeds;  // class -> maxspeed values
    std::size_t oneway = 0;
    for (std::uint32_t w = 0; w < table().way_count(); ++w) {
        EXPECT_EQ(table().tag(w, "source"), "reach stand-in (not surveyed)");
        maxspeeds[std::string(table().tag(w, "highway"))].insert(
            std::string(table().tag(w, "maxspeed")));
        oneway += table().tag(w, "oneway") == "yes" ? 1 : 0;
    }
    using Set = std::set<std::string>;
    // Rural 90/70, 50 where both ends are in a built-up cell (where a trunk road becomes a
    // primary street); residential always 50, unclassified never tagged (the profile's class
    // speed applies).
    EXPECT_EQ(maxspeeds["trunk"], (Set{"90"}));
    EXPECT_EQ(maxspeeds["primary"], (Set{"50", "90"}));
    EXPECT_EQ(maxspeeds["secondary"], (Set{"50", "70"}));
    EXPECT_EQ(maxspeeds["tertiary"], (Set{"50", "70"}));
    EXPECT_EQ(maxspeeds["residential"], (Set{"50"}));
    EXPECT_EQ(maxspeeds["unclassified"], (Set{""}));
    EXPECT_EQ(maxspeeds.size(), 6U);
    EXPECT_GT(oneway, 0U);
}

// The real E262 crossing: one national road named after its towns, trunk outside the towns.
// Straight line Zarasai (26.25115 E 55.73225 N) – Daugavpils (26.53333 E 55.88333 N) is
// 24.3 km (16.8 km north, 17.6 km east); the lattice path starts and ends within a cell of
// each place and may detour, but not by more than a third.
TEST_F(StandIn, ZarasaiDaugavpilsIsOneTrunkRoad) {
    const reach::geo::Reprojector to_working(reach::geo::make_srs("EPSG:4326"),
                                             reach::geo::make_srs("EPSG:3035"));
    double zx = 26.25115, zy = 55.73225, dx = 26.53333, dy = 55.88333;
    ASSERT_TRUE(to_working.transform(zx, zy));
    ASSERT_TRUE(to_working.transform(dx, dy));
    const double straight_m = std::hypot(dx - zx, dy - zy);
    EXPECT_NEAR(straight_m, 24300.0, 200.0);
    std::map<std::string, double> length_m;  // highway -> length of the named road
    for (std::uint32_t w = 0; w < table().way_count(); ++w) {
        if (table().tag(w, "name") != "Zarasai – Daugavpils") continue;
        for (auto k = table().way_first_vertex[w] + 1; k < table().way_first_vertex[w + 1]; ++k) {
            const auto a = table().way_vertex[k - 1];
            const auto b = table().way_vertex[k];
            length_m[std::string(table().tag(w, "highway"))] +=
                std::hypot(table().x[a] - table().x[b], table().y[a] - table().y[b]);
        }
    }
    EXPECT_GT(length_m["trunk"], 0.5 * straight_m);
    const double total = length_m["trunk"] + length_m["primary"];
    EXPECT_GT(total, straight_m - 2000.0);
    EXPECT_LT(total, straight_m * 4.0 / 3.0);
    EXPECT_EQ(length_m.size(), 2U);  // trunk, and primary through built-up cells
}

// maxspeed is parsed by the car profile: a trunk segment tagged 90 takes length / 25 m/s.
TEST_F(StandIn, CarTimesUseTheMaxspeedTag) {
    const auto roads = reach::network::build_road_graph(table());
    const auto profiles = shipped_profiles();
    const auto graph = reach::network::build_profile_graph(roads, table(), profiles.get("car"));
    std::map<std::string, std::size_t> checked;
    for (std::uint32_t a = 0; a < graph.forward.arc_count(); ++a) {
        const auto segment = graph.forward.segment[a];
        const auto way = roads.segment_way[segment];
        const auto maxspeed = table().tag(way, "maxspeed");
        const auto highway = std::string(table().tag(way, "highway"));
        // unclassified: no tag, the profile's 50 km/h
        const double kmh = maxspeed.empty() ? 50.0 : std::stod(std::string(maxspeed));
        EXPECT_NEAR(graph.forward.time_s[a], roads.segment_length_m[segment] / (kmh / 3.6),
                    1e-3 * graph.forward.time_s[a])
            << highway << " " << maxspeed;
        ++checked[highway + "@" + std::string(maxspeed)];
    }
    EXPECT_GT(checked["trunk@90"], 0U);
    EXPECT_GT(checked["secondary@70"], 0U);
    EXPECT_GT(checked["residential@50"], 0U);
    EXPECT_GT(checked["unclassified@"], 0U);
}

// Oneways only form rings of four streets, so the car graph is strongly connected: the
// largest SCC keeps every node (0 dropped). Walkers may not use trunk roads (profile), but
// the generator links every fragment without them, so walkers keep every node too.
TEST_F(StandIn, CarGraphIsStronglyConnected) {
    const auto roads = reach::network::build_road_graph(table());
    const auto profiles = shipped_profiles();
    const auto car = reach::network::build_profile_graph(roads, table(), profiles.get("car"));
    EXPECT_EQ(car.dropped_nodes, 0U);
    EXPECT_EQ(car.unusable_nodes, 0U);
    EXPECT_EQ(car.component_nodes, roads.node_count());
    EXPECT_GT(roads.node_count(), 600U);
    const auto walk = reach::network::build_profile_graph(roads, table(), profiles.get("walk"));
    EXPECT_EQ(walk.dropped_nodes, 0U);
    EXPECT_EQ(walk.unusable_nodes, 0U);
    EXPECT_LT(walk.forward.arc_count(), car.forward.arc_count());  // trunk arcs are missing
}

// Lattice nodes (graph nodes) sit within ±150 m per axis of a cell centre or a cell corner
// of the 1 km EPSG:3035 grid (plus < 1 cm from 1e-7 degree OSM coordinates).
TEST_F(StandIn, GraphNodesAreDisplacedLatticePoints) {
    const auto roads = reach::network::build_road_graph(table());
    for (std::uint32_t v = 0; v < roads.node_count(); ++v) {
        const auto offset = [](double c, double phase) {
            const double r = std::fmod(c - phase, 1000.0);
            return std::min(std::abs(r), 1000.0 - std::abs(r));
        };
        const double centre = std::max(offset(roads.node_x[v], 500), offset(roads.node_y[v], 500));
        const double corner = std::max(offset(roads.node_x[v], 0), offset(roads.node_y[v], 0));
        EXPECT_LE(std::min(centre, corner), 150.01) << v;
    }
}

// Every populated census cell inside the box has a road vertex at its displaced centre, at
// most 150 * sqrt(2) = 212.1 m from the true centre (a shape vertex may be nearer). Census
// read here with GDAL directly.
TEST_F(StandIn, EveryPopulatedCellHasARoadVertexNearItsCentre) {
    reach::geo::gdal_init();
    const std::string census =
        "/vsigzip/" + reach::test::source_path("data/population/census2021_1km.csv.gz").string();
    const auto close = [](GDALDataset* d) { GDALClose(d); };
    std::unique_ptr<GDALDataset, decltype(close)> dataset(
        GDALDataset::Open(census.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY), close);
    ASSERT_NE(dataset, nullptr);
    const reach::geo::Reprojector to_wgs84(reach::geo::make_srs("EPSG:3035"),
                                           reach::geo::make_srs("EPSG:4326"));
    std::size_t cells = 0;
    for (auto& feature : *dataset->GetLayer(0)) {
        const double cx = feature->GetFieldAsDouble("x_ll") + 500;
        const double cy = feature->GetFieldAsDouble("y_ll") + 500;
        double lon = cx;
        double lat = cy;
        ASSERT_TRUE(to_wgs84.transform(lon, lat));
        if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3]) continue;
        ++cells;
        double best = 1e9;
        for (std::uint32_t v = 0; v < table().vertex_count(); ++v) {
            best = std::min(best, std::hypot(table().x[v] - cx, table().y[v] - cy));
        }
        EXPECT_LE(best, 150.0 * std::sqrt(2.0) + 0.01) << cx << " " << cy;
    }
    EXPECT_GT(cells, 700U);
}

TEST_F(StandIn, InspectAndRoutePrintTheLabel) {
    const auto label = std::string("road network: stand-in (not surveyed)");
    const auto reach_cmd = reach::test::reach_binary().string() + " --quiet ";
    const auto inspect = run_command(reach_cmd + "inspect " + file().string() + " --profile car");
    ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
    EXPECT_NE(inspect.out.find(label), std::string::npos) << inspect.out;

    const auto centres = *s_dir / "centres.csv";
    reach::test::write_text(centres, "id,lon,lat\nZarasai,26.25115,55.73225\n");
    const auto route = reach_cmd + "route --roads " + file().string() + " --centres " +
                       centres.string() + " --cache-dir " + (*s_dir / "cache").string() + " --out ";
    const auto first = run_command(route + (*s_dir / "r1").string());
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find(label), std::string::npos) << first.out;
    // The second run loads the graph cache, which must carry the note.
    const auto second = run_command(route + (*s_dir / "r2").string());
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("from cache"), std::string::npos) << second.out;
    EXPECT_NE(second.out.find(label), std::string::npos) << second.out;
}

TEST(StandInLabel, InspectOfASurveyedFileHasNoLabel) {
    const auto inspect = run_command(reach::test::reach_binary().string() + " --quiet inspect " +
                                     reach::test::data_path("tiny.osm").string());
    ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
    EXPECT_EQ(inspect.out.find("stand-in"), std::string::npos) << inspect.out;
}

TEST(StandInGenerator, MissingCensusFileIsAnInputErrorNamingIt) {
    const TempDir dir;
    const auto result =
        run_command(std::string(REACH_STANDIN_BINARY) + " --census " +
                    (dir / "none.csv.gz").string() + " --out " + (dir / "x.osm.pbf").string());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("none.csv.gz: no such file (expected the Census 2021 1 km grid"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(fs::exists(dir / "x.osm.pbf"));
}
