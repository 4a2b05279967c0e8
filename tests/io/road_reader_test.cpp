// detect_road_format / read_roads: the choice of reader and the errors for files that are
// not road networks at all. Every message names the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "reach/core/error.hpp"
#include "reach/io/road_reader.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::io::RoadFormat;
using reach::test::TempDir;

using reach::test::input_error_message;

}  // namespace

TEST(RoadReader, OsmExtensionsAreOsmAndVectorFilesAreGdal) {
    const TempDir dir;
    for (const char* name :
         {"a.osm", "a.osm.pbf", "a.pbf", "a.osm.bz2", "a.osm.gz", "a.osm.xml", "A.OSM.PBF"}) {
        reach::test::write_text(dir / name, "x");
        EXPECT_EQ(reach::io::detect_road_format((dir / name).string()), RoadFormat::osm) << name;
    }
    reach::test::write_text(dir / "r.geojson", R"({"type":"FeatureCollection","features":[]})");
    EXPECT_EQ(reach::io::detect_road_format((dir / "r.geojson").string()), RoadFormat::gdal);
}

TEST(RoadReader, ReadRoadsDispatchesOnTheFormat) {
    const auto table = reach::io::read_roads(reach::test::data_path("tiny.osm").string(), {});
    EXPECT_TRUE(table.from_osm);
    EXPECT_EQ(table.way_count(), 10U);
}

TEST(RoadReader, MissingFileIsAnInputError) {
    const TempDir dir;
    const auto path = (dir / "nope.osm.pbf").string();
    const auto message = input_error_message([&] { (void)reach::io::read_roads(path, {}); });
    EXPECT_EQ(message, path + ": no such file");
}

TEST(RoadReader, MissingFileWithLayerNamesTheFile) {
    const TempDir dir;
    const auto path = (dir / "nope.gpkg").string();
    const auto message =
        input_error_message([&] { (void)reach::io::read_roads(path + "#roads", {}); });
    EXPECT_EQ(message, path + ": no such file");
}

TEST(RoadReader, DirectoryIsAnInputError) {
    const TempDir dir;
    const auto message =
        input_error_message([&] { (void)reach::io::read_roads(dir.path().string(), {}); });
    EXPECT_NE(message.find(dir.path().string() + ": is a directory"), std::string::npos) << message;
}

TEST(RoadReader, TextFileIsAnUnsupportedFormat) {
    const TempDir dir;
    const auto path = (dir / "roads.txt").string();
    reach::test::write_text(path, "just some text\n");
    const auto message = input_error_message([&] { (void)reach::io::read_roads(path, {}); });
    EXPECT_EQ(message, path +
                           ": unsupported road format (expected OSM PBF/XML or a GDAL vector "
                           "layer: .gpkg, .shp, .geojson, …)");
}
