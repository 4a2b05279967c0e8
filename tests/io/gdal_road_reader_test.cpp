// read_gdal_roads: tiny.osm (drawn in tests/data/README.md and osm_reader_test.cpp) written
// by the test as GeoPackage / GeoJSON / Shapefile layers through OGR, with the same vertex
// sequences and tags, must give the same road graph as the OSM XML itself.
//
//   1 ===== 2 ===== 3      10 ways, 10 distinct vertices, 12 segments (101 and 102 are cut
//   |       |  \    |      at 2 and 5 where other ways join); the bridge 9→10 crosses
//   4 ----#-5 ------6      4-5 without a common vertex, so it stays unconnected there.
//   |     #         |
//   7 ---10         8
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>

#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/io/road_reader.hpp"
#include "reach/network/road_graph.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::network::RoadGraph;
using reach::network::RoadTable;
using reach::test::TempDir;

const RoadTable& tiny() {
    static const RoadTable table =
        reach::io::read_osm_roads(reach::test::data_path("tiny.osm").string(), "EPSG:3035");
    return table;
}

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Dataset create(const std::string& driver, const std::filesystem::path& path) {
    reach::geo::gdal_init();
    auto* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
    EXPECT_NE(drv, nullptr) << driver;
    return Dataset(drv->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
}

// Writes every way of `table` as one LineString feature (in way order) with one string field
// per tag key; coordinates are the tables's lon/lat, transformed to `crs` if it is not
// EPSG:4326. `renames` maps tag keys to other field names (e.g. highway → fclass).
void write_ways(GDALDataset& dataset, const RoadTable& table, const std::string& crs,
                const std::map<std::string, std::string>& renames = {},
                const std::string& layer_name = "roads", bool with_srs = true) {
    auto srs = reach::geo::make_srs(crs);
    auto* layer =
        dataset.CreateLayer(layer_name.c_str(), with_srs ? &srs : nullptr, wkbLineString, nullptr);
    ASSERT_NE(layer, nullptr);
    std::set<std::string> keys;
    for (std::size_t t = 0; t < table.tag_key.size(); ++t) {
        keys.emplace(table.strings.get(table.tag_key[t]));
    }
    const auto field_of = [&](const std::string& key) {
        const auto it = renames.find(key);
        return it == renames.end() ? key : it->second;
    };
    for (const auto& key : keys) {
        OGRFieldDefn field(field_of(key).c_str(), OFTString);
        ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
    }
    const reach::geo::Reprojector to_crs(reach::geo::make_srs(reach::geo::wgs84), srs);
    for (std::uint32_t w = 0; w < table.way_count(); ++w) {
        OGRFeature feature(layer->GetLayerDefn());
        for (auto t = table.way_first_tag[w]; t < table.way_first_tag[w + 1]; ++t) {
            const std::string key(table.strings.get(table.tag_key[t]));
            feature.SetField(field_of(key).c_str(),
                             std::string(table.strings.get(table.tag_value[t])).c_str());
        }
        OGRLineString line;
        for (auto i = table.way_first_vertex[w]; i < table.way_first_vertex[w + 1]; ++i) {
            double x = table.lon[table.way_vertex[i]];
            double y = table.lat[table.way_vertex[i]];
            ASSERT_TRUE(to_crs.transform(x, y));
            line.addPoint(x, y);
        }
        feature.SetGeometry(&line);
        ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    }
}

std::string write_tiny(const TempDir& dir, const std::string& driver, const std::string& name,
                       const std::string& crs = "EPSG:4326") {
    const auto path = dir / name;
    auto dataset = create(driver, path);
    write_ways(*dataset, tiny(), crs);
    return path.string();
}

void expect_same_graph(const RoadGraph& a, const RoadGraph& b) {
    ASSERT_EQ(a.node_count(), b.node_count());
    ASSERT_EQ(a.segment_count(), b.segment_count());
    for (std::uint32_t v = 0; v < a.node_count(); ++v) {
        EXPECT_NEAR(a.node_x[v], b.node_x[v], 1e-6) << "node " << v;
        EXPECT_NEAR(a.node_y[v], b.node_y[v], 1e-6) << "node " << v;
    }
    EXPECT_EQ(a.segment_from, b.segment_from);
    EXPECT_EQ(a.segment_to, b.segment_to);
    for (std::uint32_t s = 0; s < a.segment_count(); ++s) {
        EXPECT_NEAR(a.segment_length_m[s], b.segment_length_m[s], 1e-6) << "segment " << s;
    }
}

double total_length_m(const RoadGraph& g) {
    return std::accumulate(g.segment_length_m.begin(), g.segment_length_m.end(), 0.0);
}

using reach::test::input_error_message;

reach::io::RoadReadOptions options() { return {}; }

}  // namespace

TEST(GdalRoadReader, GeoPackageGivesTheSameGraphAsOsmXml) {
    const TempDir dir;
    const auto path = write_tiny(dir, "GPKG", "tiny.gpkg");
    const auto table = reach::io::read_gdal_roads(path, options());
    EXPECT_EQ(table.vertex_count(), 10U);
    EXPECT_EQ(table.way_count(), 10U);
    EXPECT_FALSE(table.from_osm);
    const auto graph = reach::network::build_road_graph(table);
    EXPECT_EQ(graph.node_count(), 10U);
    EXPECT_EQ(graph.segment_count(), 12U);
    expect_same_graph(graph, reach::network::build_road_graph(tiny()));
}

TEST(GdalRoadReader, GeoJsonGivesTheSameGraphAsOsmXml) {
    const TempDir dir;
    const auto path = write_tiny(dir, "GeoJSON", "tiny.geojson");
    const auto table = reach::io::read_gdal_roads(path, options());
    expect_same_graph(reach::network::build_road_graph(table),
                      reach::network::build_road_graph(tiny()));
}

TEST(GdalRoadReader, FieldsBecomeTagsAndNullFieldsAreOmitted) {
    const TempDir dir;
    const auto table = reach::io::read_gdal_roads(write_tiny(dir, "GPKG", "tiny.gpkg"), options());
    // Way 0 is OSM way 101: highway=secondary, maxspeed=50, name=Main; its other fields
    // (access, bridge, layer, motor_vehicle, oneway) are NULL.
    EXPECT_EQ(table.way_first_tag[1] - table.way_first_tag[0], 3U);
    EXPECT_EQ(table.tag(0, "highway"), "secondary");
    EXPECT_EQ(table.tag(0, "maxspeed"), "50");
    EXPECT_EQ(table.tag(0, "name"), "Main");
    EXPECT_EQ(table.tag(2, "oneway"), "yes");   // OSM way 103
    EXPECT_EQ(table.tag(7, "bridge"), "yes");   // OSM way 108
    EXPECT_EQ(table.way_source_id.front(), 1);  // GPKG FIDs start at 1
    EXPECT_EQ(table.way_source_id.back(), 10);
    EXPECT_EQ(table.osm_node_id.front(), reach::network::no_osm_id);
}

TEST(GdalRoadReader, ColumnMappingRenamesClassMaxspeedAndOneway) {
    const TempDir dir;
    const auto path = dir / "mapped.gpkg";
    {
        auto dataset = create("GPKG", path);
        write_ways(*dataset, tiny(), "EPSG:4326",
                   {{"highway", "fclass"}, {"maxspeed", "vmax"}, {"oneway", "one_way"}});
    }
    reach::io::RoadReadOptions mapped;
    mapped.columns = {"fclass", "vmax", "one_way"};
    const auto table = reach::io::read_gdal_roads(path.string(), mapped);
    EXPECT_EQ(table.tag(0, "highway"), "secondary");
    EXPECT_EQ(table.tag(0, "maxspeed"), "50");
    EXPECT_EQ(table.tag(2, "oneway"), "yes");
    EXPECT_EQ(table.tag(0, "fclass"), "");
}

// The same lines in EPSG:4326 and in EPSG:3059 (LKS-92, transformed by the test) both end up
// in EPSG:3035; their total lengths agree to 0.1 %. By hand (0.002° lon ≈ 125.3 m, 0.001° lat
// ≈ 111.3 m): 101 + 102 = 4 × 125.3, six 0.001° lat ways = 6 × 111.3, 109 and 110 each
// √(62.6² + 55.7²) = 83.8: 501.2 + 667.8 + 167.6 = 1336.6 m (EPSG:3035 reads 1338.7 m).
TEST(GdalRoadReader, LayersInDifferentCrsGiveTheSameTotalLength) {
    const TempDir dir;
    const auto geographic =
        reach::io::read_gdal_roads(write_tiny(dir, "GPKG", "a.gpkg"), options());
    const auto lks =
        reach::io::read_gdal_roads(write_tiny(dir, "GPKG", "b.gpkg", "EPSG:3059"), options());
    const double a = total_length_m(reach::network::build_road_graph(geographic));
    const double b = total_length_m(reach::network::build_road_graph(lks));
    std::printf("tiny total length: %.3f m (4326), %.3f m (3059)\n", a, b);
    EXPECT_NEAR(a, 1336.6, 15.0);
    EXPECT_NEAR(b, a, a * 1e-3);
    EXPECT_NEAR(lks.lon[0], 26.25, 1e-8);
    EXPECT_NEAR(lks.lat[0], 55.732, 1e-8);
}

TEST(GdalRoadReader, HashLayerPicksTheNamedLayer) {
    const TempDir dir;
    const auto path = dir / "two.gpkg";
    {
        auto dataset = create("GPKG", path);
        RoadTable one_way = tiny();
        one_way.way_first_vertex.resize(2);
        one_way.way_first_tag.resize(2);
        write_ways(*dataset, one_way, "EPSG:4326", {}, "first");
        write_ways(*dataset, tiny(), "EPSG:4326", {}, "second");
    }
    EXPECT_EQ(reach::io::read_gdal_roads(path.string(), options()).way_count(), 1U);
    EXPECT_EQ(reach::io::read_gdal_roads(path.string() + "#second", options()).way_count(), 10U);
    const auto message = input_error_message(
        [&] { (void)reach::io::read_gdal_roads(path.string() + "#third", options()); });
    EXPECT_NE(message.find("no layer \"third\""), std::string::npos) << message;
}

// One MultiLineString of two parts (a-b, b-c) is two ways sharing vertex b, both with the
// feature's FID 0 and tags; a feature with no geometry is skipped with a warning.
TEST(GdalRoadReader, MultiLineStringPartsAreWaysAndEmptyGeometriesAreSkipped) {
    const TempDir dir;
    const auto path = dir / "multi.geojson";
    reach::test::write_text(path, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"highway":"track"},"geometry":{"type":"MultiLineString",
 "coordinates":[[[26.25,55.73],[26.26,55.73]],[[26.26,55.73],[26.26,55.74]]]}},
{"type":"Feature","properties":{"highway":"track"},"geometry":null}]})");
    testing::internal::CaptureStderr();
    const auto table = reach::io::read_gdal_roads(path.string(), options());
    const auto err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(table.way_count(), 2U);
    EXPECT_EQ(table.vertex_count(), 3U);
    EXPECT_EQ(table.way_vertex, (std::vector<std::uint32_t>{0, 1, 1, 2}));
    EXPECT_EQ(table.way_source_id, (std::vector<std::int64_t>{0, 0}));
    EXPECT_EQ(table.tag(1, "highway"), "track");
    EXPECT_NE(err.find("1 feature(s) with an empty or NULL geometry"), std::string::npos) << err;
}

TEST(GdalRoadReader, EmptyLayerIsAnInputError) {
    const TempDir dir;
    const auto path = dir / "empty.gpkg";
    {
        auto dataset = create("GPKG", path);
        RoadTable none = tiny();
        none.way_first_vertex.resize(1);
        none.way_first_tag.resize(1);
        write_ways(*dataset, none, "EPSG:4326");
    }
    const auto message =
        input_error_message([&] { (void)reach::io::read_gdal_roads(path.string(), options()); });
    EXPECT_EQ(message, path.string() + "#roads: empty layer (no features; expected road lines)");
}

TEST(GdalRoadReader, MissingClassColumnIsAnInputErrorNamingTheColumn) {
    const TempDir dir;
    const auto path = dir / "fclass.gpkg";
    {
        auto dataset = create("GPKG", path);
        write_ways(*dataset, tiny(), "EPSG:4326", {{"highway", "fclass"}});
    }
    const auto message =
        input_error_message([&] { (void)reach::io::read_gdal_roads(path.string(), options()); });
    EXPECT_EQ(message, path.string() +
                           "#roads: no column \"highway\" (expected the road class; map another "
                           "column with columns.class)");
}

TEST(GdalRoadReader, LayerWithoutCrsIsAnInputError) {
    const TempDir dir;
    const auto path = dir / "nocrs.shp";
    {
        auto dataset = create("ESRI Shapefile", path);
        write_ways(*dataset, tiny(), "EPSG:4326", {}, "nocrs", /*with_srs=*/false);
    }
    ASSERT_FALSE(std::filesystem::exists(dir / "nocrs.prj"));
    const auto message =
        input_error_message([&] { (void)reach::io::read_gdal_roads(path.string(), options()); });
    EXPECT_NE(message.find(path.string() + "#nocrs: no CRS"), std::string::npos) << message;
}

TEST(GdalRoadReader, ShapefileWithCrsIsRead) {
    const TempDir dir;
    const auto path = dir / "roads.shp";
    {
        auto dataset = create("ESRI Shapefile", path);
        write_ways(*dataset, tiny(), "EPSG:4326", {}, "roads");
    }
    const auto table = reach::io::read_gdal_roads(path.string(), options());
    expect_same_graph(reach::network::build_road_graph(table),
                      reach::network::build_road_graph(tiny()));
}
