// reach run end to end on the hand network of tests/data/hand_network.osm (drawn and timed in
// tests/e2e/hand_network_test.cpp; EPSG:3035 origin x 5 330 000, y 3 745 000, 100 m grid):
//
//                 Y (50,150)   c4 (60,150)
//                 :
//   D (0,100) ===>:=== E (100,100) ===> F (200,100)
//   |steps        :    |                P (200,90)   centre P on C–F, 10 m below F
//   A (0,0) ------:--- B (100,0) ------ C (200,0)    (and centre Q at A, closed)
//     c2 (20,10)  :          c1 (150,-20)
//                 X (50,-100)                        c3 (1000,1000): 1 204 m from F
//
// Car: residential 12 s per 100 m, C–F primary at 50 km/h 7.2 s per 100 m, so P is entered
// from C at 0.9·7.2 = 6.48 s and from F at 0.72 s. Node times to P: C 6.48, F 0.72,
// E 12.72, B min(12 + 6.48, 24.72) = 18.48, A 30.48, X 13.416 + 30.48 = 43.896,
// Y 12.857 + 43.896 = 56.753 s. Elderly walking, 1 m/s: C 90, F 10, E 110, B 190, A 290,
// X 401.803, Y 651.803 s. Off-network legs: car 4 km/h (1.1111 m/s), walk_elderly 2.5 km/h
// (0.69444 m/s).
//   c1 on B–C at f = 0.5, 20 m off: car 18 + min(6 + 6.48, 6 + 18.48) = 30.48 s (0.51 min);
//      walk 28.8 + min(50 + 90, 50 + 190) = 168.8 s (2.81 min).
//   c2 on A–B at f = 0.2, 10 m off: car 9 + min(9.6 + 18.48, 2.4 + 30.48) = 37.08 s
//      (0.62 min); walk 14.4 + min(80 + 190, 20 + 290) = 284.4 s (4.74 min).
//   c4 at Y on the bridge, 10 m off: car 9 + 56.753 = 65.753 s (1.10 min);
//      walk 14.4 + 651.803 = 666.203 s (11.10 min).
//   c3: nothing within snap.max_distance_m = 500: unsnapped.
// Persons (total / age65plus): c1 100/10, c2 200/40, c3 50/5, c4 30/15. Thresholds 1, 5,
// 10 min, target 5. Area west (LV) holds c2 and c4, east (LT) c1 and c3.
// E2SFCA, step zones [0, 1] min weight 1 and (1, 5] weight 0.5, demand total, P 10 places:
//   car: D = 100 + 200 + 0.5·30 = 315, so c1 = c2 = 1000·10/315 = 31.746032, c4 = 15.873016;
//   walk_elderly: c1 2.81 and c2 4.74 min weigh 0.5: D = 150, c1 = c2 = 1000·0.5·10/150 =
//   33.333333, c4 0. c3 is 0 everywhere. Σ persons·E2SFCA = 1000·10 whenever all of D is
//   counted, so the car/total mean is 10000/380 = 26.315789.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "reach/geo/gdal_init.hpp"
#include "hand_scenario.hpp"
#include "reach_test/support.hpp"

namespace fs = std::filesystem;
using reach::test::run_command;
using reach::test::TempDir;
using reach::test::write_text;

namespace {

using reach::test::reach_cmd;

fs::path write_scenario(const TempDir& dir, const std::string& extra = "") {
    return reach::test::write_hand_scenario(dir, extra);
}

struct Run {
    reach::test::CommandResult command;
    fs::path out;
};

Run run(const TempDir& dir, const fs::path& scenario, const std::string& name,
        const std::string& flags = "") {
    Run r;
    r.out = dir / name;
    r.command = run_command(reach_cmd("run " + scenario.string() + " --out " + r.out.string() +
                                      " --no-cache " + flags));
    return r;
}

nlohmann::json read_json(const fs::path& file) {
    return nlohmann::json::parse(reach::test::read_text(file));
}

}  // namespace

TEST(ReachRun, TotalsMatchTheHandComputedTimes) {
    const TempDir dir;
    const auto r = run(dir, write_scenario(dir), "out");
    ASSERT_EQ(r.command.exit_code, 0) << r.command.err;
    const auto s = read_json(r.out / "summary.json");
    EXPECT_EQ(s["scenario"], "hand");
    EXPECT_EQ(s["totals_scope"], "all cells");
    EXPECT_EQ(s["stand_ins"], nlohmann::json::array());
    ASSERT_EQ(s["warnings"].size(), 2U);  // c3 unsnapped for car and for walk_elderly
    EXPECT_EQ(s["warnings"][0],
              "car: 50.00 persons in 1 cells farther than 500 m from a usable road (unsnapped)");

    // car/total: within 1 min c1 + c2 = 300; c4 (1.10 min) within 5 and 10: 330; c3 never.
    // mean (100·30.48 + 200·37.08 + 30·65.753) / 330 = 37.687 s = 0.63 min; median and p90
    // (ranks 165 and 297 of 330 persons) fall on c2: 37.08 s = 0.62 min.
    const auto& car = s["totals"]["car"]["total"];
    EXPECT_DOUBLE_EQ(car["population"], 380.0);
    EXPECT_DOUBLE_EQ(car["covered"]["1"], 300.0);
    EXPECT_DOUBLE_EQ(car["covered"]["5"], 330.0);
    EXPECT_DOUBLE_EQ(car["covered"]["10"], 330.0);
    EXPECT_DOUBLE_EQ(car["share_covered"]["1"], 0.789474);  // 300 / 380
    EXPECT_DOUBLE_EQ(car["share_covered"]["5"], 0.868421);  // 330 / 380
    EXPECT_DOUBLE_EQ(car["mean_time_min"], 0.63);
    EXPECT_DOUBLE_EQ(car["median_time_min"], 0.62);
    EXPECT_DOUBLE_EQ(car["p90_time_min"], 0.62);
    EXPECT_DOUBLE_EQ(car["beyond_target"], 50.0);
    EXPECT_DOUBLE_EQ(car["unreachable"], 0.0);
    EXPECT_DOUBLE_EQ(car["unsnapped"], 50.0);
    EXPECT_DOUBLE_EQ(car["imputed_persons"], 0.0);
    EXPECT_DOUBLE_EQ(car["e2sfca_mean"], 26.315789);
    // age65plus travels only with walk_elderly.
    EXPECT_FALSE(s["totals"]["car"].contains("age65plus"));

    // walk_elderly/total: c1 2.81 and c2 4.74 min within 5 and 10; c4 11.10 min beyond all.
    // mean (100·168.8 + 200·284.4 + 30·666.203) / 330 = 284.079 s = 4.73 min; median on c2.
    const auto& walk = s["totals"]["walk_elderly"]["total"];
    EXPECT_DOUBLE_EQ(walk["covered"]["1"], 0.0);
    EXPECT_DOUBLE_EQ(walk["covered"]["5"], 300.0);
    EXPECT_DOUBLE_EQ(walk["covered"]["10"], 300.0);
    EXPECT_DOUBLE_EQ(walk["mean_time_min"], 4.73);
    EXPECT_DOUBLE_EQ(walk["median_time_min"], 4.74);
    EXPECT_DOUBLE_EQ(walk["beyond_target"], 80.0);  // c4 30 + c3 50

    // walk_elderly/age65plus: 10 + 40 covered of 70; reachable 65 persons: mean
    // (10·168.8 + 40·284.4 + 15·666.203) / 65 = 354.724 s = 5.91 min; median rank 32.5 → c2
    // 4.74; p90 rank 58.5 → c4 11.10.
    const auto& old = s["totals"]["walk_elderly"]["age65plus"];
    EXPECT_DOUBLE_EQ(old["population"], 70.0);
    EXPECT_DOUBLE_EQ(old["covered"]["5"], 50.0);
    EXPECT_DOUBLE_EQ(old["share_covered"]["5"], 0.714286);
    EXPECT_DOUBLE_EQ(old["mean_time_min"], 5.91);
    EXPECT_DOUBLE_EQ(old["median_time_min"], 4.74);
    EXPECT_DOUBLE_EQ(old["p90_time_min"], 11.10);
    EXPECT_DOUBLE_EQ(old["beyond_target"], 20.0);
    EXPECT_DOUBLE_EQ(old["unsnapped"], 5.0);
    // E2SFCA over the 70 persons: 50 at 33.333333 and 20 at 0: mean 1666.67/70 = 23.809524;
    // Gini 2·20·50·33.33 / (2·70²·23.81) = 20/70 = 0.285714; Palma: the best 7 persons have
    // 33.33, the worst 28 are 20 at 0 and 8 at 33.33 (mean 9.5238): 3.5.
    EXPECT_DOUBLE_EQ(old["e2sfca_mean"], 23.809524);
    EXPECT_DOUBLE_EQ(old["gini"], 0.285714);
    EXPECT_DOUBLE_EQ(old["palma"], 3.5);

    // Areas sorted by id; countries from the areas' country field (LT = east: c1 + c3).
    ASSERT_EQ(s["areas"].size(), 2U);
    EXPECT_EQ(s["areas"][0]["id"], "east");
    EXPECT_EQ(s["areas"][1]["id"], "west");
    EXPECT_EQ(s["areas"][1]["country"], "LV");
    // west car/total: c2 200 + c4 30; within 1 min only c2; mean (200·37.08 + 30·65.753) /
    // 230 = 40.820 s = 0.68 min.
    const auto& west = s["areas"][1]["profiles"]["car"]["total"];
    EXPECT_DOUBLE_EQ(west["population"], 230.0);
    EXPECT_DOUBLE_EQ(west["covered"]["1"], 200.0);
    EXPECT_DOUBLE_EQ(west["mean_time_min"], 0.68);
    const auto& lt = s["countries"]["LT"]["car"]["total"];
    EXPECT_DOUBLE_EQ(lt["population"], 150.0);
    EXPECT_DOUBLE_EQ(lt["covered"]["1"], 100.0);
    EXPECT_DOUBLE_EQ(lt["unsnapped"], 50.0);

    // Centres (Q closed): P is every reachable cell's nearest (c1 + c2 + c4 = 330) and the
    // only centre, so all it covers within 5 min is unique: car 330, walk c1 + c2 = 300.
    // Load = weighted demand / capacity: car 315 / 10 = 31.5, walk 150 / 10 = 15.
    ASSERT_EQ(s["centres"].size(), 1U);
    const auto& p = s["centres"][0];
    EXPECT_EQ(p["id"], "P");
    EXPECT_DOUBLE_EQ(p["capacity"], 10.0);
    EXPECT_DOUBLE_EQ(p["profiles"]["car"]["nearest"]["total"], 330.0);
    EXPECT_DOUBLE_EQ(p["profiles"]["car"]["unique_covered"]["total"], 330.0);
    EXPECT_DOUBLE_EQ(p["profiles"]["car"]["load"], 31.5);
    EXPECT_DOUBLE_EQ(p["profiles"]["walk_elderly"]["unique_covered"]["total"], 300.0);
    EXPECT_DOUBLE_EQ(p["profiles"]["walk_elderly"]["unique_covered"]["age65plus"], 50.0);
    EXPECT_DOUBLE_EQ(p["profiles"]["walk_elderly"]["load"], 15.0);
    EXPECT_FALSE(p["profiles"]["car"]["nearest"].contains("age65plus"));

    // Cross-border: P (lon ≈ 26.2336) lies in east (LT), so the west (LV) cells c2 and c4 are
    // served from abroad; with the border closed LV has no centre and only c1 stays covered.
    const auto& cross = s["cross_border"];
    EXPECT_DOUBLE_EQ(cross["car"]["total"]["nearest_abroad"], 230.0);  // c2 200 + c4 30
    EXPECT_DOUBLE_EQ(cross["car"]["total"]["covered_if_border_closed"]["1"], 100.0);
    EXPECT_DOUBLE_EQ(cross["car"]["total"]["covered_if_border_closed"]["10"], 100.0);
    EXPECT_DOUBLE_EQ(cross["walk_elderly"]["age65plus"]["nearest_abroad"], 55.0);  // 40 + 15
    EXPECT_DOUBLE_EQ(cross["walk_elderly"]["age65plus"]["covered_if_border_closed"]["1"], 0.0);
    EXPECT_DOUBLE_EQ(cross["walk_elderly"]["age65plus"]["covered_if_border_closed"]["5"], 10.0);

    // Fixed decimals as SCENARIO.md, Rules, Numbers say.
    const auto text = reach::test::read_text(r.out / "summary.json");
    EXPECT_NE(text.find("\"population\": 380.00,"), std::string::npos);
    EXPECT_NE(text.find("\"1\": 0.789474"), std::string::npos);
    EXPECT_NE(text.find("\"mean_time_min\": 4.73,"), std::string::npos);
    EXPECT_TRUE(fs::exists(r.out / "manifest.json"));
}

TEST(ReachRun, CellsCsvHasOneSortedRowPerCellWithTimesCentresE2sfcaAndGaps) {
    const TempDir dir;
    const auto r = run(dir, write_scenario(dir), "out");
    ASSERT_EQ(r.command.exit_code, 0) << r.command.err;
    EXPECT_EQ(reach::test::read_text(r.out / "cells.csv"),
              "cell_id,x,y,area_id,country,total,age65plus,time_min_car,centre_id_car,"
              "e2sfca_car_total,gap_car_total,time_min_walk_elderly,centre_id_walk_elderly,"
              "e2sfca_walk_elderly_total,e2sfca_walk_elderly_age65plus,"
              "gap_walk_elderly_total,gap_walk_elderly_age65plus\n"
              "c1,5330150.00,3744980.00,east,LT,100.00,10.00,0.51,P,31.746032,0,"
              "2.81,P,33.333333,33.333333,0,0\n"
              "c2,5330020.00,3745010.00,west,LV,200.00,40.00,0.62,P,31.746032,0,"
              "4.74,P,33.333333,33.333333,0,0\n"
              "c3,5331000.00,3746000.00,east,LT,50.00,5.00,,,0.000000,1,,,0.000000,0.000000,1,1\n"
              "c4,5330060.00,3745150.00,west,LV,30.00,15.00,1.10,P,15.873016,0,"
              "11.10,P,0.000000,0.000000,1,1\n");
}

// A group with its own access-leg speed: `slow` (the total persons, car, 1 km/h from the door,
// 0.27778 m/s): c1 20 m off: 72 + 12.48 = 84.48 s (1.41 min); c2 10 m: 36 + 28.08 = 64.08 s
// (1.07 min); c4: 36 + 56.753 = 92.753 s (1.55 min). Nobody within 1 min, 330 within 5.
// E2SFCA: P's crowding stays that of the demand group (10 / 315 places per person); every
// reached cell is now in zone (1, 5] of weight 0.5: 1000·0.5·10/315 = 15.873016 for c1, c2,
// c4; mean over 380 persons 330·15.873016/380 = 13.784461. The profile's own columns (total)
// are unchanged.
TEST(ReachRun, GroupWithItsOwnAccessSpeedGetsItsOwnTimesAndE2sfca) {
    const TempDir dir;
    auto scenario = write_scenario(dir);
    std::string text = reach::test::read_text(scenario);
    text.replace(text.find("    age65plus:"), 0,
                 "    slow: {column: T, profiles: [car], off_network_kmh: 1.0}\n");
    write_text(scenario, text);
    const auto r = run(dir, scenario, "out");
    ASSERT_EQ(r.command.exit_code, 0) << r.command.err;
    const auto s = read_json(r.out / "summary.json");
    const auto& slow = s["totals"]["car"]["slow"];
    EXPECT_DOUBLE_EQ(slow["covered"]["1"], 0.0);
    EXPECT_DOUBLE_EQ(slow["covered"]["5"], 330.0);
    EXPECT_DOUBLE_EQ(slow["median_time_min"], 1.07);
    EXPECT_DOUBLE_EQ(slow["e2sfca_mean"], 13.784461);
    EXPECT_DOUBLE_EQ(s["totals"]["car"]["total"]["e2sfca_mean"], 26.315789);
    const auto cells = reach::test::read_text(r.out / "cells.csv");
    EXPECT_NE(cells.find("c1,5330150.00,3744980.00,east,LT,100.00,100.00,10.00,0.51,P,31.746032,"
                         "15.873016,0,0,"),
              std::string::npos)
        << cells;
}

// Gap areas: with a 10 m grid, c5 (70,150) joins c4 (60,150) by a shared edge. c5 snaps to Y
// 20 m away: walk 28.8 + 651.803 = 680.603 s (11.34 min). walk_elderly/total gaps (target
// 5 min): c3 (50 persons, unsnapped) ranks first; then c4 + c5, score 30·(11.10338 − 5) +
// 20·(11.34338 − 5) = 183.10 + 126.87 = 309.97 person-minutes, 2 cells of 100 m².
TEST(ReachRun, GapAreasJoinNeighbouringCellsAndRankUnreachableFirst) {
    const TempDir dir;
    const auto scenario = write_scenario(dir);
    std::string text = reach::test::read_text(scenario);
    text.replace(text.find("  crs: EPSG:3035\n"), 17, "  crs: EPSG:3035\n  cell_size_m: 10\n");
    write_text(scenario, text);
    write_text(dir / "population.csv",
               reach::test::read_text(dir / "population.csv") + "c5,5330070,3745150,20,0\n");
    const auto r = run(dir, scenario, "out");
    ASSERT_EQ(r.command.exit_code, 0) << r.command.err;
    const auto s = read_json(r.out / "summary.json");
    std::vector<nlohmann::json> walk;
    for (const auto& gap : s["gaps"]) {
        if (gap["profile"] == "walk_elderly" && gap["group"] == "total") {
            walk.push_back(gap);
        }
    }
    ASSERT_EQ(walk.size(), 2U);
    EXPECT_EQ(walk[0]["first_cell"], "c3");
    EXPECT_DOUBLE_EQ(walk[0]["unreachable"], 50.0);
    EXPECT_EQ(walk[1]["rank"], 2);
    EXPECT_EQ(walk[1]["first_cell"], "c4");
    EXPECT_EQ(walk[1]["cells"], 2);
    EXPECT_NEAR(walk[1]["score"].get<double>(), 309.97, 0.02);
    EXPECT_DOUBLE_EQ(walk[1]["population"]["total"], 50.0);
    EXPECT_DOUBLE_EQ(walk[1]["population"]["age65plus"], 15.0);
    EXPECT_EQ(walk[1]["areas"], nlohmann::json::array({"west"}));

    // reach.gpkg: the same gap dissolved into one 20 m × 10 m rectangle (c4 and c5 share an
    // edge at x = 5 330 065): area 200 m², envelope x 5 330 055 … 5 330 075,
    // y 3 745 145 … 3 745 155; the layers carry the stand-in and attribution metadata.
    reach::geo::gdal_init();
    const std::unique_ptr<GDALDataset> gpkg(GDALDataset::Open(
        (r.out / "reach.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr,
        nullptr));
    ASSERT_NE(gpkg, nullptr);
    OGRLayer* gaps = gpkg->GetLayerByName("gaps");
    ASSERT_NE(gaps, nullptr);
    gaps->SetAttributeFilter("profile = 'walk_elderly' AND \"group\" = 'total' AND rank = 2");
    const std::unique_ptr<OGRFeature> feature(gaps->GetNextFeature());
    ASSERT_NE(feature, nullptr);
    const auto* geometry = feature->GetGeometryRef();
    ASSERT_NE(geometry, nullptr);
    EXPECT_NEAR(geometry->toMultiPolygon()->get_Area(), 200.0, 1e-6);
    OGREnvelope box;
    geometry->getEnvelope(&box);
    EXPECT_DOUBLE_EQ(box.MinX, 5330055.0);
    EXPECT_DOUBLE_EQ(box.MaxX, 5330075.0);
    EXPECT_DOUBLE_EQ(box.MinY, 3745145.0);
    EXPECT_DOUBLE_EQ(box.MaxY, 3745155.0);
    EXPECT_DOUBLE_EQ(feature->GetFieldAsDouble("persons_total"), 50.0);
    // Layers: the open centre P, the 5 populated cells, 2 areas × 3 profile-group pairs.
    EXPECT_EQ(gpkg->GetLayerByName("centres")->GetFeatureCount(), 1);
    EXPECT_EQ(gpkg->GetLayerByName("cells")->GetFeatureCount(), 5);
    EXPECT_EQ(gpkg->GetLayerByName("areas")->GetFeatureCount(), 6);
    const char* attribution = gpkg->GetLayerByName("cells")->GetMetadataItem("attribution");
    ASSERT_NE(attribution, nullptr);
    EXPECT_NE(std::string(attribution).find("Roads:"), std::string::npos);

    // reached_network, walking (1 m/s) on the primary C (200,0) – F (200,100), P 10 m below F:
    // a point at height y reaches P directly in |90 − y| s, so y ≥ 30 is within 1 min (70 m,
    // band 1) and y < 30 within 5 min (30 m, band 5).
    OGRLayer* reached = gpkg->GetLayerByName("reached_network");
    ASSERT_NE(reached, nullptr);
    const auto length_m = [&](int threshold_min) {
        reached->SetAttributeFilter(
            fmt::format("profile = 'walk_elderly' AND highway = 'primary' AND threshold_min = {}",
                        threshold_min)
                .c_str());
        double total = 0.0;
        for (auto& part : *reached) {
            total += part->GetGeometryRef()->toLineString()->get_Length();
        }
        return total;
    };
    // (The OSM nodes are stored in lon/lat with 7 decimals: the 100 m segment is off by ~2 mm.)
    EXPECT_NEAR(length_m(1), 70.0, 0.01);
    EXPECT_NEAR(length_m(5), 30.0, 0.01);
    EXPECT_NEAR(length_m(10), 0.0, 1e-9);

    // catchments: the persons of a zone are counted from cell-centre times, so the car zone
    // ≤ 1 min holds covered["1"] = 300 (c1 + c2) and the 1–5 min band c4 + c5 = 50.
    OGRLayer* catchments = gpkg->GetLayerByName("catchments");
    ASSERT_NE(catchments, nullptr);
    catchments->SetAttributeFilter("profile = 'car' AND kind = 'cumulative' AND threshold_min = 1");
    const std::unique_ptr<OGRFeature> zone(catchments->GetNextFeature());
    ASSERT_NE(zone, nullptr);
    EXPECT_DOUBLE_EQ(zone->GetFieldAsDouble("persons_total"), 300.0);
    catchments->SetAttributeFilter("profile = 'car' AND kind = 'band' AND threshold_min = 5");
    const std::unique_ptr<OGRFeature> band(catchments->GetNextFeature());
    ASSERT_NE(band, nullptr);
    EXPECT_DOUBLE_EQ(band->GetFieldAsDouble("persons_total"), 50.0);
    EXPECT_EQ(band->GetFieldAsInteger("from_min"), 1);
    EXPECT_TRUE(fs::exists(r.out / "travel_time_car.tif"));
    EXPECT_TRUE(fs::exists(r.out / "catchments.geojson"));

    // Every layer opens styled in QGIS: one default row per layer in layer_styles.
    OGRLayer* styles = gpkg->GetLayerByName("layer_styles");
    ASSERT_NE(styles, nullptr);
    std::set<std::string> styled;
    for (auto& row : *styles) {
        if (row->GetFieldAsInteger("useAsDefault") == 1) {
            styled.insert(row->GetFieldAsString("f_table_name"));
        }
    }
    EXPECT_EQ(styled, (std::set<std::string>{"areas", "catchments", "cells", "centres", "gaps",
                                              "reached_network"}));
}

// outputs.files renames (the driver follows the extension), the optional network layer and
// per-centre catchments. With Q closed, P is the only centre: its own catchments hold the
// persons of the all-centre ones (car ≤ 1 min c1 + c2 = 300, ≤ 5 min + c4 = 330; walking
// c1 2.81 and c2 4.74 min: 0 / 300 / 300, of them aged 65+ 0 / 50 / 50) and the same areas.
// network, car: A–B (residential, 100 m, 12 s = 0.2 min each way) from A (30.48 s) to B
// (18.48 s); C–F (primary, 50 km/h: 7.2 s) from C (6.48 s) to F (0.72 s).
TEST(ReachRun, RenamedFilesNetworkLayerAndPerCentreCatchments) {
    const TempDir dir;
    const auto scenario = write_scenario(
        dir,
        "catchments: {raster_resolution_m: 10, per_centre: true}\n"
        "outputs:\n"
        "  network_layer: true\n"
        "  files: {cells: cells.fgb, catchments: zones.gpkg, summary: s.json,\n"
        "          travel_time_car: car.tiff, report: r.htm}\n");
    const auto r = run(dir, scenario, "out");
    ASSERT_EQ(r.command.exit_code, 0) << r.command.err;
    const auto manifest = read_json(r.out / "manifest.json");
    EXPECT_EQ(manifest["files"],
              nlohmann::json::array({"s.json", "cells.fgb", "reach.gpkg", "zones.gpkg",
                                     "car.tiff", "travel_time_car_P.tif",
                                     "travel_time_walk_elderly.tif",
                                     "travel_time_walk_elderly_P.tif", "r.htm"}));
    std::set<std::string> on_disk;
    for (const auto& entry : fs::directory_iterator(r.out)) {
        on_disk.insert(entry.path().filename().string());
    }
    auto listed = manifest["files"].get<std::set<std::string>>();
    listed.insert("manifest.json");  // lists the others
    EXPECT_EQ(on_disk, listed);
    EXPECT_TRUE(r.command.out.find("wrote " + r.out.string() + " (s.json, cells.fgb,") !=
                std::string::npos)
        << r.command.out;

    reach::geo::gdal_init();
    const auto open = [](const fs::path& path) {
        return std::unique_ptr<GDALDataset>(GDALDataset::Open(
            path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    };
    const auto cells = open(r.out / "cells.fgb");
    ASSERT_NE(cells, nullptr);
    EXPECT_STREQ(cells->GetDriver()->GetDescription(), "FlatGeobuf");
    EXPECT_EQ(cells->GetLayer(0)->GetFeatureCount(), 4);
    const auto zones = open(r.out / "zones.gpkg");
    ASSERT_NE(zones, nullptr);
    // Bands only: 2 profiles × (all, P) × 3 thresholds.
    EXPECT_EQ(zones->GetLayer(0)->GetFeatureCount(), 12);

    const auto gpkg = open(r.out / "reach.gpkg");
    ASSERT_NE(gpkg, nullptr);
    OGRLayer* catchments = gpkg->GetLayerByName("catchments");
    ASSERT_NE(catchments, nullptr);
    EXPECT_EQ(catchments->GetFeatureCount(), 24);
    const auto zone = [&](const char* profile, const char* centre, int threshold) {
        catchments->SetAttributeFilter(
            fmt::format("profile = '{}' AND centre_id = '{}' AND kind = 'cumulative' AND "
                        "threshold_min = {}",
                        profile, centre, threshold)
                .c_str());
        return std::unique_ptr<OGRFeature>(catchments->GetNextFeature());
    };
    const std::vector<std::tuple<const char*, int, double, double>> expected = {
        {"car", 1, 300.0, -1.0},        {"car", 5, 330.0, -1.0},
        {"car", 10, 330.0, -1.0},       {"walk_elderly", 1, 0.0, 0.0},
        {"walk_elderly", 5, 300.0, 50.0}, {"walk_elderly", 10, 300.0, 50.0}};
    for (const auto& [profile, threshold, total, elderly] : expected) {
        const auto own = zone(profile, "P", threshold);
        const auto all = zone(profile, "all", threshold);
        ASSERT_NE(own, nullptr) << profile << threshold;
        ASSERT_NE(all, nullptr) << profile << threshold;
        EXPECT_DOUBLE_EQ(own->GetFieldAsDouble("persons_total"), total) << profile << threshold;
        EXPECT_DOUBLE_EQ(all->GetFieldAsDouble("persons_total"), total) << profile << threshold;
        if (elderly < 0.0) {
            EXPECT_TRUE(own->IsFieldNull(own->GetFieldIndex("persons_age65plus")));
        } else {
            EXPECT_DOUBLE_EQ(own->GetFieldAsDouble("persons_age65plus"), elderly);
        }
        EXPECT_NEAR(own->GetFieldAsDouble("area_km2"), all->GetFieldAsDouble("area_km2"), 1e-9)
            << profile << threshold;
    }

    OGRLayer* network = gpkg->GetLayerByName("network");
    ASSERT_NE(network, nullptr);
    const auto edge = [&](const char* highway, double x0, double y0) {
        network->SetAttributeFilter(
            fmt::format("profile = 'car' AND highway = '{}'", highway).c_str());
        for (auto& feature : *network) {
            const auto* line = feature->GetGeometryRef()->toLineString();
            if (std::abs(line->getX(0) - x0) < 0.1 && std::abs(line->getY(0) - y0) < 0.1) {
                return std::unique_ptr<OGRFeature>(feature.release());
            }
        }
        return std::unique_ptr<OGRFeature>();
    };
    const auto ab = edge("residential", 5330000.0, 3745000.0);
    ASSERT_NE(ab, nullptr);
    EXPECT_NEAR(ab->GetFieldAsDouble("length_m"), 100.0, 0.01);
    EXPECT_NEAR(ab->GetFieldAsDouble("traverse_fwd_min"), 0.2, 1e-4);
    EXPECT_NEAR(ab->GetFieldAsDouble("traverse_bwd_min"), 0.2, 1e-4);
    EXPECT_NEAR(ab->GetFieldAsDouble("time_from_min"), 30.48 / 60.0, 1e-4);
    EXPECT_NEAR(ab->GetFieldAsDouble("time_to_min"), 18.48 / 60.0, 1e-4);
    EXPECT_NEAR(ab->GetFieldAsDouble("time_min"), 18.48 / 60.0, 1e-4);
    const auto cf = edge("primary", 5330200.0, 3745000.0);
    ASSERT_NE(cf, nullptr);
    EXPECT_NEAR(cf->GetFieldAsDouble("traverse_fwd_min"), 7.2 / 60.0, 1e-4);
    EXPECT_NEAR(cf->GetFieldAsDouble("time_from_min"), 6.48 / 60.0, 1e-4);
    EXPECT_NEAR(cf->GetFieldAsDouble("time_to_min"), 0.72 / 60.0, 1e-4);
    const char* attribution = network->GetMetadataItem("attribution");
    ASSERT_NE(attribution, nullptr);
    OGRLayer* styles = gpkg->GetLayerByName("layer_styles");
    ASSERT_NE(styles, nullptr);
    styles->SetAttributeFilter("f_table_name = 'network'");
    EXPECT_EQ(styles->GetFeatureCount(), 1);
}

// reach compare on the hand network: reopening Q (at node A) serves c2 by car in 9 + 2.4 =
// 11.4 s instead of 37.08 s via P: −25.68 s = −0.428 min; the change layer of reach.gpkg
// holds it on c2's square, and class stays "1" (within 1 min both times).
TEST(ReachRun, CompareWritesAChangeLayerOnTheCells) {
    const TempDir dir;
    const auto scenario = write_scenario(dir);
    std::string text = reach::test::read_text(scenario);
    text.replace(text.find("  crs: EPSG:3035\n"), 17, "  crs: EPSG:3035\n  cell_size_m: 10\n");
    write_text(scenario, text);
    text.replace(text.find("close: [Q]"), 10, "close: []");
    text.replace(text.find("name: hand"), 10, "name: hand-q");
    write_text(dir / "open_q.yaml", text);
    const auto command = run_command(reach_cmd("compare " + scenario.string() + " " +
                                               (dir / "open_q.yaml").string() + " --out " +
                                               (dir / "cmp").string() + " --no-cache"));
    ASSERT_EQ(command.exit_code, 0) << command.err;
    reach::geo::gdal_init();
    const std::unique_ptr<GDALDataset> gpkg(GDALDataset::Open(
        (dir / "cmp" / "reach.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
        nullptr, nullptr));
    ASSERT_NE(gpkg, nullptr);
    OGRLayer* change = gpkg->GetLayerByName("change");
    ASSERT_NE(change, nullptr);
    change->SetAttributeFilter("cell_id = 'c2'");
    const std::unique_ptr<OGRFeature> c2(change->GetNextFeature());
    ASSERT_NE(c2, nullptr);
    EXPECT_NEAR(c2->GetFieldAsDouble("delta_min_car"), -25.68 / 60.0, 1e-3);
    EXPECT_STREQ(c2->GetFieldAsString("class_car_a"), "1");
    EXPECT_STREQ(c2->GetFieldAsString("class_car_b"), "1");
    EXPECT_NEAR(c2->GetGeometryRef()->toPolygon()->get_Area(), 100.0, 1e-6);
}

// measures.service: with Q open but offering only day_care, `service: respite` leaves P alone,
// so c2 keeps P (0.62 min by car) instead of Q at node A (9 + 2.4 = 11.4 s = 0.19 min).
TEST(ReachRun, ServiceKeepsOnlyTheCentresOfferingIt) {
    const TempDir dir;
    const auto scenario = write_scenario(dir);
    write_text(dir / "centres.csv",
               "id,x,y,capacity,services\n"
               "P,5330200,3745090,10,day_care;respite\n"
               "Q,5330000,3745000,5,day_care\n");
    std::string text = reach::test::read_text(scenario);
    text.replace(text.find("close: [Q]"), 10, "services_field: services");
    const std::string all = text;
    text.replace(text.find("measures: {"), 11, "measures: {service: respite, ");
    write_text(scenario, text);
    const auto r = run(dir, scenario, "respite");
    ASSERT_EQ(r.command.exit_code, 0) << r.command.err;
    const auto cells = reach::test::read_text(r.out / "cells.csv");
    EXPECT_NE(cells.find("\nc2,5330020.00,3745010.00,west,LV,200.00,40.00,0.62,P,"),
              std::string::npos)
        << cells;
    write_text(scenario, all);
    const auto every = run(dir, scenario, "every");
    ASSERT_EQ(every.command.exit_code, 0) << every.command.err;
    EXPECT_NE(reach::test::read_text(every.out / "cells.csv")
                  .find("\nc2,5330020.00,3745010.00,west,LV,200.00,40.00,0.19,Q,"),
              std::string::npos);
}

// cross_border: deny: the only open centre P is in LT, so the LV cells c2 and c4 have none:
// car/total keeps c1 (100) within every threshold and 230 persons become unreachable.
TEST(ReachRun, DenyingCrossBorderLeavesResidentsWithoutAForeignCentre) {
    const TempDir dir;
    const auto r = run(dir, write_scenario(dir, "cross_border: deny\n"), "out");
    ASSERT_EQ(r.command.exit_code, 0) << r.command.err;
    const auto s = read_json(r.out / "summary.json");
    const auto& car = s["totals"]["car"]["total"];
    EXPECT_DOUBLE_EQ(car["covered"]["1"], 100.0);
    EXPECT_DOUBLE_EQ(car["covered"]["10"], 100.0);
    EXPECT_DOUBLE_EQ(car["unreachable"], 230.0);
    EXPECT_DOUBLE_EQ(s["cross_border"]["car"]["total"]["nearest_abroad"], 0.0);
    // Only c1 (100 persons, weight 1) is left in P's car catchment: load 100 / 10 = 10 and
    // c1's E2SFCA 1000·10/100 = 100.
    EXPECT_DOUBLE_EQ(s["centres"][0]["profiles"]["car"]["load"], 10.0);
    const auto cells = reach::test::read_text(r.out / "cells.csv");
    EXPECT_NE(cells.find("\nc2,5330020.00,3745010.00,west,LV,200.00,40.00,,,0.000000,1,"),
              std::string::npos)
        << cells;
    EXPECT_NE(cells.find("\nc1,5330150.00,3744980.00,east,LT,100.00,10.00,0.51,P,100.000000,0,"),
              std::string::npos)
        << cells;
}

// centres.add in lon/lat: R at node A (26.2302037, 55.7783269, the OSM node's coordinates)
// serves c2 by car in 9 + 2.4 = 11.4 s (0.19 min), as Q would; its capacity comes from add.
TEST(ReachRun, AddedCentreInLonLatServesItsNeighbours) {
    const TempDir dir;
    const auto scenario = write_scenario(dir);
    std::string text = reach::test::read_text(scenario);
    text.replace(text.find("close: [Q]"), 10,
                 "close: [Q], add: [{id: R, lon: 26.2302037, lat: 55.7783269, capacity: 5}]");
    write_text(scenario, text);
    const auto r = run(dir, scenario, "out");
    ASSERT_EQ(r.command.exit_code, 0) << r.command.err;
    EXPECT_NE(reach::test::read_text(r.out / "cells.csv")
                  .find("\nc2,5330020.00,3745010.00,west,LV,200.00,40.00,0.19,R,"),
              std::string::npos);
    const auto s = read_json(r.out / "summary.json");
    ASSERT_EQ(s["centres"].size(), 2U);
    EXPECT_EQ(s["centres"][1]["id"], "R");
    EXPECT_DOUBLE_EQ(s["centres"][1]["capacity"], 5.0);
}

TEST(ReachRun, SelectedAreasScopeTheTotals) {
    const TempDir dir;
    const auto scenario = write_scenario(dir);
    std::string text = reach::test::read_text(scenario);
    text.replace(text.find("country_field: country}"), 23,
                 "country_field: country, select: [west]}");
    write_text(scenario, text);
    const auto r = run(dir, scenario, "out");
    ASSERT_EQ(r.command.exit_code, 0) << r.command.err;
    const auto s = read_json(r.out / "summary.json");
    EXPECT_EQ(s["totals_scope"], "areas: west");
    EXPECT_DOUBLE_EQ(s["totals"]["car"]["total"]["population"], 230.0);  // c2 + c4
    EXPECT_EQ(s["areas"].size(), 1U);
    EXPECT_TRUE(s["warnings"].empty());  // the unsnapped c3 lies in east
}

TEST(ReachRun, SummaryIsByteIdenticalForOneTwoAndEightThreads) {
    const TempDir dir;
    const auto scenario = write_scenario(dir);
    const auto one = run(dir, scenario, "one", "--threads 1");
    ASSERT_EQ(one.command.exit_code, 0) << one.command.err;
    EXPECT_EQ(read_json(one.out / "manifest.json")["threads"], 1);
    for (const int threads : {2, 8}) {
        const std::string count = std::to_string(threads);
        const auto many = run(dir, scenario, "t" + count, "--threads " + count);
        ASSERT_EQ(many.command.exit_code, 0) << many.command.err;
        EXPECT_EQ(reach::test::read_text(one.out / "summary.json"),
                  reach::test::read_text(many.out / "summary.json"));
        EXPECT_EQ(reach::test::read_text(one.out / "cells.csv"),
                  reach::test::read_text(many.out / "cells.csv"));
        EXPECT_EQ(read_json(many.out / "manifest.json")["threads"], threads);
    }
}


TEST(ReachRun, BadScenarioExitsOneAndWritesNothing) {
    const TempDir dir;
    const auto r = run(dir, write_scenario(dir, "target_min: 7\n"), "out");
    EXPECT_EQ(r.command.exit_code, 1) << r.command.err;
    EXPECT_NE(r.command.err.find("target_min"), std::string::npos) << r.command.err;
    EXPECT_FALSE(fs::exists(r.out));
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        EXPECT_EQ(entry.path().filename().string().find("out"), std::string::npos) << entry.path();
    }
}

TEST(ReachRun, ExistingOutputNeedsOverwrite) {
    const TempDir dir;
    const auto scenario = write_scenario(dir);
    fs::create_directories(dir / "out");
    write_text(dir / "out" / "keep.txt", "x");
    const auto refused = run(dir, scenario, "out");
    EXPECT_EQ(refused.command.exit_code, 1);
    EXPECT_NE(refused.command.err.find("--overwrite"), std::string::npos);
    EXPECT_TRUE(fs::exists(dir / "out" / "keep.txt"));
    const auto replaced = run(dir, scenario, "out", "--overwrite");
    EXPECT_EQ(replaced.command.exit_code, 0) << replaced.command.err;
    EXPECT_FALSE(fs::exists(dir / "out" / "keep.txt"));
    EXPECT_TRUE(fs::exists(dir / "out" / "summary.json"));
}
