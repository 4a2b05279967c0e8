// The run folder read back through GDAL (issue 6, "Round trip"): every exported file opens,
// with the layer names, field names and types, feature counts and CRS the contract gives,
// layer_styles rows for the styled layers, valid polygons, isochrone bands that do not
// overlap and cumulative zones that nest; and a failed run (an injected write failure at any
// file, an impossible output path) leaves the previous run folder exactly as it was and no
// staging folder behind. The hand scenario: tests/cli/hand_scenario.hpp.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hand_scenario.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach_test/support.hpp"
#include "written_polygons.hpp"

namespace fs = std::filesystem;
using reach::test::reach_cmd;
using reach::test::run_command;
using reach::test::TempDir;

namespace {

std::unique_ptr<GDALDataset> open(const fs::path& path, unsigned flags) {
    reach::geo::gdal_init();
    return std::unique_ptr<GDALDataset>(GDALDataset::Open(
        path.c_str(), flags | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

// "name:S" / "name:R" / "name:I" per field, in order.
std::string field_signature(OGRLayer& layer) {
    std::string out;
    const auto& defn = *layer.GetLayerDefn();
    for (int f = 0; f < defn.GetFieldCount(); ++f) {
        const auto* field = defn.GetFieldDefn(f);
        const char type = field->GetType() == OFTString    ? 'S'
                          : field->GetType() == OFTReal    ? 'R'
                          : field->GetType() == OFTInteger64 ? 'I'
                                                             : '?';
        out += fmt::format("{}{}:{}", f == 0 ? "" : " ", field->GetNameRef(), type);
    }
    return out;
}

std::string epsg(OGRLayer& layer) {
    const auto* srs = layer.GetSpatialRef();
    return srs != nullptr && srs->GetAuthorityCode(nullptr) != nullptr
               ? srs->GetAuthorityCode(nullptr)
               : std::string();
}

double area(const OGRGeometry* g) {
    return g == nullptr || g->IsEmpty() || g->getDimension() != 2
               ? 0.0
               : OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(g)));
}

// Every file of the folder with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        files[entry.path().filename().string()] = reach::test::read_text(entry.path());
    }
    return files;
}

std::vector<std::string> leftovers(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir.parent_path())) {
        const auto name = entry.path().filename().string();
        if (name.starts_with(dir.filename().string() + ".tmp-") ||
            name.starts_with(dir.filename().string() + ".old-")) {
            out.push_back(name);
        }
    }
    return out;
}

}  // namespace

TEST(ExportRoundTrip, EveryFileOpensWithTheContractedLayersFieldsCountsAndCrs) {
    const TempDir dir;
    const auto scenario = reach::test::write_hand_scenario(dir);
    const auto r = run_command(reach_cmd("run " + scenario.string() + " --out " +
                                         (dir / "out").string() + " --no-cache"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary =
        nlohmann::json::parse(reach::test::read_text(dir / "out" / "summary.json"));

    const auto gpkg = open(dir / "out" / "reach.gpkg", GDAL_OF_VECTOR);
    ASSERT_NE(gpkg, nullptr);
    std::set<std::string> names;
    for (int l = 0; l < gpkg->GetLayerCount(); ++l) names.insert(gpkg->GetLayer(l)->GetName());
    EXPECT_EQ(names, (std::set<std::string>{"areas", "catchments", "cells", "centres", "gaps",
                                            "layer_styles", "reached_network"}));
    // name → (fields, features): P (Q closed); 4 populated cells; the gaps summary.json
    // lists; 2 areas × 3 profile-group pairs; 2 profiles × 3 thresholds × (band, cumulative).
    const std::map<std::string, std::pair<std::string, long long>> expected = {
        {"centres",
         {"id:S name:S operator:S capacity:R country:S load_car:R nearest_car_total:R "
          "unique_car_total:R load_walk_elderly:R nearest_walk_elderly_total:R "
          "unique_walk_elderly_total:R nearest_walk_elderly_age65plus:R "
          "unique_walk_elderly_age65plus:R",
          1}},
        {"cells",
         {"cell_id:S area_id:S country:S total:R age65plus:R time_min_car:R centre_id_car:S "
          "e2sfca_car_total:R gap_car_total:I time_min_walk_elderly:R "
          "centre_id_walk_elderly:S e2sfca_walk_elderly_total:R "
          "e2sfca_walk_elderly_age65plus:R gap_walk_elderly_total:I "
          "gap_walk_elderly_age65plus:I",
          4}},
        {"gaps",
         {"profile:S group:S rank:I score:R unreachable:R area_km2:R cells:I areas:S "
          "persons_total:R persons_age65plus:R",
          static_cast<long long>(summary["gaps"].size())}},
        {"areas",
         {"id:S name:S country:S profile:S group:S population:R covered_1:R share_1:R "
          "covered_5:R share_5:R covered_10:R share_10:R mean_time_min:R median_time_min:R "
          "p90_time_min:R beyond_target:R e2sfca_mean:R gini:R palma:R",
          6}},
        {"catchments",
         {"profile:S centre_id:S kind:S threshold_min:I from_min:I area_km2:R "
          "persons_total:R persons_age65plus:R",
          12}},
    };
    for (const auto& [name, fields_count] : expected) {
        OGRLayer* layer = gpkg->GetLayerByName(name.c_str());
        ASSERT_NE(layer, nullptr) << name;
        EXPECT_EQ(field_signature(*layer), fields_count.first) << name;
        EXPECT_EQ(layer->GetFeatureCount(), fields_count.second) << name;
        EXPECT_EQ(epsg(*layer), "3035") << name;
        EXPECT_NE(layer->GetMetadataItem("attribution"), nullptr) << name;
        EXPECT_NE(layer->GetMetadataItem("stand_ins"), nullptr) << name;
    }
    OGRLayer* reached = gpkg->GetLayerByName("reached_network");
    EXPECT_EQ(field_signature(*reached),
              "profile:S threshold_min:I from_min:I segment:I highway:S time_from_min:R "
              "time_to_min:R from_fraction:R to_fraction:R");
    EXPECT_GT(reached->GetFeatureCount(), 0);
    EXPECT_EQ(epsg(*reached), "3035");

    OGRLayer* styles = gpkg->GetLayerByName("layer_styles");
    std::multiset<std::string> styled;
    for (auto& row : *styles) styled.insert(row->GetFieldAsString("f_table_name"));
    EXPECT_EQ(styled, (std::multiset<std::string>{"areas", "catchments", "cells", "centres",
                                                   "gaps", "reached_network"}));

    // Catchments: valid; persons of a cumulative zone = covered; bands of a profile do not
    // overlap; each cumulative zone contains the one below and its area does not shrink.
    OGRLayer* catchments = gpkg->GetLayerByName("catchments");
    std::map<std::pair<std::string, std::string>, std::map<int, std::unique_ptr<OGRGeometry>>>
        zones;  // (profile, kind) → threshold → geometry
    for (auto& f : *catchments) {
        const auto* g = f->GetGeometryRef();
        ASSERT_NE(g, nullptr);
        EXPECT_TRUE(g->IsValid());
        const std::string profile = f->GetFieldAsString("profile");
        const std::string kind = f->GetFieldAsString("kind");
        const int t = f->GetFieldAsInteger("threshold_min");
        EXPECT_NEAR(area(g) / 1e6, f->GetFieldAsDouble("area_km2"), 1e-9);
        if (kind == "cumulative") {
            EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("persons_total"),
                             summary["totals"][profile]["total"]["covered"][std::to_string(t)]
                                 .get<double>())
                << profile << " " << t;
        }
        zones[{profile, kind}][t].reset(g->clone());
    }
    for (const auto& [key, by_t] : zones) {
        const OGRGeometry* below = nullptr;
        for (const auto& [t, g] : by_t) {
            if (key.second == "band") {
                for (const auto& [u, other] : by_t) {
                    if (u < t) {
                        const std::unique_ptr<OGRGeometry> overlap(g->Intersection(other.get()));
                        EXPECT_LT(area(overlap.get()), 0.1) << key.first << " " << u << "/" << t;
                    }
                }
            } else if (below != nullptr) {
                const std::unique_ptr<OGRGeometry> outside(below->Difference(g.get()));
                EXPECT_LT(area(outside.get()), 0.1) << key.first << " " << t;
                EXPECT_GE(area(g.get()), area(below)) << key.first << " " << t;
            }
            below = g.get();
        }
    }
    for (const char* layer : {"gaps", "areas"}) {
        for (auto& f : *gpkg->GetLayerByName(layer)) {
            EXPECT_TRUE(f->GetGeometryRef() == nullptr || f->GetGeometryRef()->IsValid()) << layer;
        }
    }

    // catchments.geojson: the bands only, on WGS 84 with longitude first (the hand network
    // lies near 26.23° E, 55.78° N).
    const auto geojson = open(dir / "out" / "catchments.geojson", GDAL_OF_VECTOR);
    ASSERT_NE(geojson, nullptr);
    OGRLayer& bands = *geojson->GetLayer(0);
    EXPECT_EQ(bands.GetFeatureCount(), 6);
    EXPECT_EQ(epsg(bands), "4326");
    OGREnvelope box;
    ASSERT_EQ(bands.GetExtent(&box), OGRERR_NONE);
    EXPECT_GT(box.MinX, 26.2);
    EXPECT_LT(box.MaxX, 26.3);
    EXPECT_GT(box.MinY, 55.7);
    EXPECT_LT(box.MaxY, 55.8);

    // One GeoTIFF per profile: one Float32 band, nodata −9999, EPSG:3035.
    for (const char* profile : {"car", "walk_elderly"}) {
        const auto tif = open(dir / "out" / fmt::format("travel_time_{}.tif", profile),
                              GDAL_OF_RASTER);
        ASSERT_NE(tif, nullptr) << profile;
        EXPECT_EQ(tif->GetRasterCount(), 1);
        auto* band = tif->GetRasterBand(1);
        EXPECT_EQ(band->GetRasterDataType(), GDT_Float32);
        int has_nodata = 0;
        EXPECT_EQ(band->GetNoDataValue(&has_nodata), -9999.0);
        EXPECT_TRUE(has_nodata);
        EXPECT_STREQ(tif->GetSpatialRef()->GetAuthorityCode(nullptr), "3035");
    }

    // Every polygon written is valid (issue 10): cells, gaps, areas and catchments in the
    // GeoPackage, the catchments again in lon/lat with GeoJSON's 7 decimals.
    for (const char* name : {"reach.gpkg", "catchments.geojson"}) {
        const auto polygons = reach::test::check_written_polygons(dir / "out" / name);
        EXPECT_GT(polygons.polygons, 0U) << name;
        EXPECT_TRUE(polygons.invalid.empty())
            << name << ": " << fmt::format("{}", fmt::join(polygons.invalid, "; "));
    }

    // cells.csv: SCENARIO.md's columns.
    const auto csv = reach::test::read_text(dir / "out" / "cells.csv");
    EXPECT_EQ(csv.substr(0, csv.find('\n')),
              "cell_id,x,y,area_id,country,total,age65plus,time_min_car,centre_id_car,"
              "e2sfca_car_total,gap_car_total,time_min_walk_elderly,centre_id_walk_elderly,"
              "e2sfca_walk_elderly_total,e2sfca_walk_elderly_age65plus,"
              "gap_walk_elderly_total,gap_walk_elderly_age65plus");
}

// A write failure injected at each file of the folder in turn (io/staged_dir.hpp's test hook):
// exit 1, one error line naming the file, the previous run folder byte for byte as it was, no
// staging folder left. Then an output folder under a regular file: nothing created.
TEST(ExportRoundTrip, FailedRunLeavesThePreviousFolderAndNoPartialFile) {
    const TempDir dir;
    const auto scenario = reach::test::write_hand_scenario(dir);
    const auto out = dir / "out";
    const auto base = "run " + scenario.string() + " --out " + out.string() + " --no-cache";
    ASSERT_EQ(run_command(reach_cmd(base)).exit_code, 0);
    const auto before = snapshot(out);
    ASSERT_EQ(before.size(), 8U);  // summary, cells, gpkg, geojson, 2 tif, report, manifest
    for (const auto& [name, bytes] : before) {
        const auto r = run_command("REACH_INJECT_WRITE_FAILURE=" + name + " " +
                                   reach_cmd(base + " --overwrite"));
        EXPECT_EQ(r.exit_code, 1) << name;
        EXPECT_NE(r.err.find(name + ": cannot write (failure injected"), std::string::npos)
            << name << ": " << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_EQ(snapshot(out), before) << name;
        EXPECT_TRUE(leftovers(out).empty()) << name;
    }
    reach::test::write_text(dir / "plain.txt", "a file, not a folder\n");
    const auto r = run_command(reach_cmd("run " + scenario.string() + " --out " +
                                         (dir / "plain.txt" / "out").string() + " --no-cache"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("plain.txt"), std::string::npos) << r.err;
    EXPECT_EQ(reach::test::read_text(dir / "plain.txt"), "a file, not a folder\n");
}
