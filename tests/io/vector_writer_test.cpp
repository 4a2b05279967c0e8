// write_vector_layers: files written, then read back with GDAL.
#include "reach/io/vector_writer.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/geo/cell_polygons.hpp"
#include "reach/io/gdal_helpers.hpp"
#include "reach_test/support.hpp"

namespace {

namespace fs = std::filesystem;
using reach::io::Field;
using reach::io::FieldType;
using reach::io::FieldValue;
using reach::io::GeometryType;
using reach::io::VectorLayer;
using reach::io::write_vector_layers;
using reach::test::TempDir;

std::vector<unsigned char> wkb_of(const char* wkt) {
    OGRGeometry* geometry = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &geometry), OGRERR_NONE);
    std::vector<unsigned char> wkb(geometry->WkbSize());
    geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    OGRGeometryFactory::destroyGeometry(geometry);
    return wkb;
}

reach::io::gdal::DatasetPtr open_written(const fs::path& path) {
    auto dataset = reach::io::gdal::open_dataset(path.string(), GDAL_OF_VECTOR);
    EXPECT_NE(dataset, nullptr) << path;
    return dataset;
}

// A 2 km × 1 km rectangle (area 2e6 m²) and an L of three 1 km cells from dissolve_cells
// (area 3e6 m², a Polygon promoted to a one-part MultiPolygon), both in EPSG:3035.
VectorLayer gaps_layer() {
    VectorLayer layer;
    layer.name = "gaps";
    layer.crs = "EPSG:3035";
    layer.geometry_type = GeometryType::multipolygon;
    layer.fields = {{"gap_id", FieldType::integer},
                    {"persons", FieldType::real},
                    {"municipality", FieldType::text}};
    layer.wkb.push_back(
        wkb_of("POLYGON ((5330000 3750000, 5332000 3750000, 5332000 3751000, "
               "5330000 3751000, 5330000 3750000))"));
    layer.values.push_back({std::int64_t{7}, 1234.5, std::string("Daugavpils")});
    const std::vector<double> x = {5330500, 5330500, 5331500};
    const std::vector<double> y = {3752500, 3753500, 3752500};
    layer.wkb.push_back(reach::geo::dissolve_cells(x, y, 1000.0, {{0, 1, 2}}).at(0).wkb);
    // Built element by element: the braced list trips GCC 12's -Wfree-nonheap-object (a false
    // positive on the variant's 8000000000) once this function is inlined.
    std::vector<FieldValue> with_nulls(3);
    with_nulls[0] = std::int64_t{8000000000};
    layer.values.push_back(std::move(with_nulls));
    layer.metadata = {{"attribution", "GHS-POP 2020, JRC"}, {"stand_ins", "none"}};
    return layer;
}

VectorLayer one_point_layer(const char* name, double x, double y) {
    VectorLayer layer;
    layer.name = name;
    layer.crs = "EPSG:3035";
    layer.geometry_type = GeometryType::point;
    layer.fields = {{"id", FieldType::integer}};
    layer.wkb.push_back(wkb_of(fmt::format("POINT ({} {})", x, y).c_str()));
    layer.values.emplace_back(1, FieldValue{std::int64_t{1}});
    return layer;
}

}  // namespace

TEST(VectorWriter, GpkgKeepsLayersFieldsNullsCrsAndMetadata) {
    const TempDir dir;
    const auto path = dir / "gaps.gpkg";
    const std::vector<VectorLayer> layers = {gaps_layer(),
                                             one_point_layer("centres", 5.33e6, 3.75e6)};
    write_vector_layers(path, layers);

    const auto dataset = open_written(path);
    ASSERT_NE(dataset, nullptr);
    EXPECT_EQ(dataset->GetLayerCount(), 2);
    OGRLayer* gaps = dataset->GetLayerByName("gaps");
    ASSERT_NE(gaps, nullptr);
    EXPECT_EQ(gaps->GetFeatureCount(), 2);
    EXPECT_EQ(wkbFlatten(gaps->GetGeomType()), wkbMultiPolygon);
    ASSERT_NE(gaps->GetSpatialRef(), nullptr);
    EXPECT_STREQ(gaps->GetSpatialRef()->GetAuthorityCode(nullptr), "3035");
    ASSERT_NE(gaps->GetMetadataItem("attribution"), nullptr);
    EXPECT_STREQ(gaps->GetMetadataItem("attribution"), "GHS-POP 2020, JRC");

    gaps->ResetReading();
    std::unique_ptr<OGRFeature> first(gaps->GetNextFeature());
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->GetFieldAsInteger64("gap_id"), 7);
    EXPECT_DOUBLE_EQ(first->GetFieldAsDouble("persons"), 1234.5);
    EXPECT_STREQ(first->GetFieldAsString("municipality"), "Daugavpils");
    // 2000 m × 1000 m = 2e6 m²
    EXPECT_DOUBLE_EQ(first->GetGeometryRef()->toMultiPolygon()->get_Area(), 2e6);

    std::unique_ptr<OGRFeature> second(gaps->GetNextFeature());
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->GetFieldAsInteger64("gap_id"), 8000000000);  // needs 64 bits
    EXPECT_TRUE(second->IsFieldNull(second->GetFieldIndex("persons")));
    EXPECT_TRUE(second->IsFieldNull(second->GetFieldIndex("municipality")));
    // 3 cells × 1000 m × 1000 m, one part
    const auto* l_shape = second->GetGeometryRef()->toMultiPolygon();
    EXPECT_EQ(l_shape->getNumGeometries(), 1);
    EXPECT_DOUBLE_EQ(l_shape->get_Area(), 3e6);

    OGRLayer* centres = dataset->GetLayerByName("centres");
    ASSERT_NE(centres, nullptr);
    EXPECT_EQ(centres->GetFeatureCount(), 1);
    EXPECT_EQ(wkbFlatten(centres->GetGeomType()), wkbPoint);
}

// Daugavpils (26.5333 E, 55.8833 N) is x = 5345716.704, y = 3760709.615 in EPSG:3035
// (tests/geo/crs_test.cpp, checked there against a PROJ string). Written as GeoJSON it must
// come back as longitude first: [26.5333, 55.8833], not swapped (DESIGN.md, axis order).
TEST(VectorWriter, GeoJsonIsLongitudeLatitudeOnWgs84) {
    const TempDir dir;
    const auto path = dir / "centres.geojson";
    const std::vector<VectorLayer> layers = {one_point_layer("centres", 5345716.704, 3760709.615)};
    write_vector_layers(path, layers);

    const auto text = reach::test::read_text(path);
    const auto lon_at = text.find("26.5333");
    const auto lat_at = text.find("55.8833");
    ASSERT_NE(lon_at, std::string::npos) << text;
    ASSERT_NE(lat_at, std::string::npos) << text;
    EXPECT_LT(lon_at, lat_at) << text;

    const auto dataset = open_written(path);
    ASSERT_NE(dataset, nullptr);
    OGRLayer& layer = *dataset->GetLayer(0);
    std::unique_ptr<OGRFeature> feature(layer.GetNextFeature());
    ASSERT_NE(feature, nullptr);
    const auto* point = feature->GetGeometryRef()->toPoint();
    EXPECT_NEAR(point->getX(), 26.5333, 1e-6);  // 1e-6 degree ≈ 0.1 m
    EXPECT_NEAR(point->getY(), 55.8833, 1e-6);
    EXPECT_EQ(feature->GetFieldAsInteger64("id"), 1);
}

// Every polygon written is valid (issue 10). A hole 4e-8° from its shell is valid in the
// engine's coordinates, but GeoJSON keeps 7 decimals (RFC 7946), which would put the hole's
// edge on the shell's: the writer rounds as the driver will, sees that, and writes the repair
// (the hole opened into a notch, area 1 − 0.5 × 0.2 = 0.9 square degrees). GeoPackage keeps
// the coordinates and the polygon as they were.
TEST(VectorWriter, PolygonThatRoundingWouldBreakIsWrittenValid) {
    const TempDir dir;
    VectorLayer layer;
    layer.name = "catchments";
    layer.crs = "EPSG:4326";
    layer.geometry_type = GeometryType::multipolygon;
    layer.fields = {{"id", FieldType::integer}};
    layer.wkb.push_back(wkb_of("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0), "
                               "(0.5 0.4, 0.5 0.6, 0.99999996 0.6, 0.99999996 0.4, 0.5 0.4))"));
    layer.values.emplace_back(1, FieldValue{std::int64_t{1}});
    for (const char* name : {"zones.geojson", "zones.gpkg"}) {
        SCOPED_TRACE(name);
        write_vector_layers(dir / name, {&layer, 1});
        const auto dataset = open_written(dir / name);
        ASSERT_NE(dataset, nullptr);
        std::unique_ptr<OGRFeature> feature(dataset->GetLayer(0)->GetNextFeature());
        ASSERT_NE(feature, nullptr);
        const auto* geometry = feature->GetGeometryRef();
        ASSERT_NE(geometry, nullptr);
        EXPECT_TRUE(geometry->IsValid());
        // GDAL's RFC 7946 writer gives a one-part MultiPolygon back as a Polygon.
        const std::unique_ptr<OGRMultiPolygon> parts(
            OGRGeometryFactory::forceToMultiPolygon(geometry->clone())->toMultiPolygon());
        EXPECT_NEAR(parts->get_Area(), 0.9, 1e-6);
        ASSERT_EQ(parts->getNumGeometries(), 1);
        const bool geojson = std::string(name) == "zones.geojson";
        EXPECT_EQ(parts->getGeometryRef(0)->getNumInteriorRings(), geojson ? 0 : 1);
    }
}

// Each one-layer format reads back the 2e6 m² rectangle (gap 7) and the 3e6 m² L shape (gap
// 8000000000). FlatGeobuf sorts features along its spatial index, so they are matched by id.
TEST(VectorWriter, ShapefileFlatGeobufAndCsvKeepGeometryAndFields) {
    const TempDir dir;
    const std::vector<VectorLayer> layers = {gaps_layer()};
    for (const char* name : {"gaps.shp", "gaps.fgb", "gaps.csv"}) {
        const auto path = dir / name;
        write_vector_layers(path, layers);
        const auto dataset = open_written(path);
        ASSERT_NE(dataset, nullptr) << name;
        OGRLayer& layer = *dataset->GetLayer(0);
        EXPECT_EQ(layer.GetFeatureCount(), 2) << name;
        std::map<std::int64_t, double> area_by_id;
        for (const auto& feature : layer) {
            ASSERT_NE(feature->GetGeometryRef(), nullptr) << name;
            area_by_id[feature->GetFieldAsInteger64("gap_id")] =
                OGR_G_Area(OGRGeometry::ToHandle(feature->GetGeometryRef()));
        }
        EXPECT_EQ(area_by_id, (std::map<std::int64_t, double>{{7, 2e6}, {8000000000, 3e6}}))
            << name;
    }
    // The CSV carries the geometry as WKT in its first column.
    const auto csv = reach::test::read_text(dir / "gaps.csv");
    EXPECT_TRUE(csv.starts_with("WKT,gap_id,persons,municipality")) << csv;
    EXPECT_NE(csv.find("\"MULTIPOLYGON (((5330000 3750000,"), std::string::npos) << csv;
}

// Runs write into a staging folder, so an existing file is replaced, not appended to.
TEST(VectorWriter, ExistingFileIsReplaced) {
    const TempDir dir;
    const auto path = dir / "gaps.gpkg";
    const std::vector<VectorLayer> two = {gaps_layer(), one_point_layer("centres", 5.33e6, 3.75e6)};
    write_vector_layers(path, two);
    const std::vector<VectorLayer> one = {one_point_layer("other", 5.33e6, 3.75e6)};
    write_vector_layers(path, one);
    const auto dataset = open_written(path);
    ASSERT_NE(dataset, nullptr);
    EXPECT_EQ(dataset->GetLayerCount(), 1);
    EXPECT_STREQ(dataset->GetLayer(0)->GetName(), "other");
}

std::string output_error_message(const fs::path& path, const std::vector<VectorLayer>& layers) {
    try {
        write_vector_layers(path, layers);
    } catch (const reach::OutputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no OutputError thrown";
    return {};
}

TEST(VectorWriter, UnwritablePathIsAnOutputErrorNamingIt) {
    const TempDir dir;
    const auto path = dir / "no_such_folder" / "gaps.gpkg";
    const auto message = output_error_message(path, {gaps_layer()});
    EXPECT_TRUE(message.starts_with(path.string() + ": cannot create (")) << message;
    EXPECT_FALSE(fs::exists(path));
}

TEST(VectorWriter, TwoLayersInGeoJsonAreRefused) {
    const TempDir dir;
    const auto path = dir / "out.geojson";
    const auto message = output_error_message(
        path, {one_point_layer("a", 5.33e6, 3.75e6), one_point_layer("b", 5.33e6, 3.75e6)});
    EXPECT_EQ(message,
              path.string() + ": 2 layers given, but a GeoJSON file holds one (use .gpkg)");
    EXPECT_FALSE(fs::exists(path));
}

TEST(VectorWriter, UnknownExtensionIsRefused) {
    const TempDir dir;
    const auto path = dir / "out.xyz";
    const auto message = output_error_message(path, {gaps_layer()});
    EXPECT_EQ(message, path.string() +
                           ": unknown vector format \".xyz\" (expected .gpkg, .geojson, .csv, "
                           ".shp, .fgb or another extension a GDAL vector driver writes)");
    EXPECT_FALSE(reach::io::vector_format(path));
}

// Any other extension goes to the GDAL driver that lists it: SQLite holds both layers, GML
// one; the areas survive the round trip.
TEST(VectorWriter, OtherExtensionsFollowTheirGdalDriver) {
    const TempDir dir;
    EXPECT_EQ(reach::io::vector_format(dir / "a.sqlite")->driver, "SQLite");
    EXPECT_TRUE(reach::io::vector_format(dir / "a.sqlite")->many_layers);
    EXPECT_EQ(reach::io::vector_format(dir / "a.GPKG")->driver, "GPKG");
    const std::vector<VectorLayer> two = {gaps_layer(), one_point_layer("centres", 5330000, 3750000)};
    write_vector_layers(dir / "out.sqlite", two);
    const auto sqlite = open_written(dir / "out.sqlite");
    ASSERT_NE(sqlite, nullptr);
    EXPECT_EQ(sqlite->GetLayerCount(), 2);
    OGRLayer* gaps = sqlite->GetLayerByName("gaps");
    ASSERT_NE(gaps, nullptr);
    double area_m2 = 0.0;
    for (const auto& feature : *gaps) {
        area_m2 += OGR_G_Area(OGRGeometry::ToHandle(feature->GetGeometryRef()));
    }
    EXPECT_DOUBLE_EQ(area_m2, 5e6);
    const std::vector<VectorLayer> one = {gaps_layer()};
    write_vector_layers(dir / "out.gml", one);
    const auto gml = open_written(dir / "out.gml");
    ASSERT_NE(gml, nullptr);
    EXPECT_EQ(gml->GetLayer(0)->GetFeatureCount(), 2);
}
