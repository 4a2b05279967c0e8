// tools/fetch-osm on the real Monaco extract (tests/data/monaco.osm.pbf, © OpenStreetMap
// contributors, ODbL 1.0): only the clipping step, since the download needs internet.
//
// Sub-box lon 7.418–7.422, lat 43.732–43.736 (≈ 320 × 445 m of La Condamine). With
// --strategy smart every way with a node in the box is kept with ALL its nodes. Way 159170540
// (highway=residential, oneway=yes, Rue Louis Auréglia) has 24 nodes of which 8 lie in the
// box, so the clip must hold all 24; way 4097656 (highway=primary, 17 nodes) has none in the
// box and must be absent. (Both counted with `osmium cat -f opl` and awk.) A small box keeps
// the test fast: osmium extract's id sets take ~1 GB and 0.5 s here, 1.8 GB and 1.7 s for a
// 0.8 × 1.1 km box, because Monaco's node ids are spread over 10^10.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "reach/core/error.hpp"
#include "reach/io/road_reader.hpp"
#include "reach_test/support.hpp"

namespace {

const std::string sub_box = "7.418,43.732,7.422,43.736";

std::string fetch_osm() { return reach::test::source_path("tools/fetch-osm").string(); }

// OSM way id → number of vertices, for the road ways of a file.
std::map<std::int64_t, std::uint32_t> way_sizes(const std::filesystem::path& file) {
    const auto table = reach::io::read_osm_roads(file.string(), "EPSG:3035");
    std::map<std::int64_t, std::uint32_t> sizes;
    for (std::uint32_t w = 0; w < table.way_count(); ++w) {
        sizes[table.way_source_id[w]] = table.way_first_vertex[w + 1] - table.way_first_vertex[w];
    }
    return sizes;
}

}  // namespace

TEST(FetchOsm, ClipsMonacoToTheBoxKeepingWaysThatCrossItsEdgeComplete) {
    const reach::test::TempDir dir;
    const auto input = reach::test::data_path("monaco.osm.pbf");
    const auto out = dir / "clip.osm.pbf";
    const auto result = reach::test::run_command(fetch_osm() + " --input " + input.string() +
                                                 " --bbox " + sub_box + " --out " + out.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    ASSERT_TRUE(std::filesystem::exists(out));
    EXPECT_LT(std::filesystem::file_size(out), std::filesystem::file_size(input));
    // Written to a temporary name and moved: nothing else is left in the folder.
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        EXPECT_EQ(entry.path().filename(), "clip.osm.pbf");
        ++files;
    }
    EXPECT_EQ(files, 1U);

    const auto full = way_sizes(input);
    const auto clip = way_sizes(out);
    EXPECT_LT(clip.size(), full.size() / 4);  // the box is a small part of Monaco
    EXPECT_GT(clip.size(), 50U);
    ASSERT_EQ(full.count(159170540), 1U);
    EXPECT_EQ(full.at(159170540), 24U);
    ASSERT_EQ(clip.count(159170540), 1U);
    EXPECT_EQ(clip.at(159170540), 24U);  // 16 of its nodes lie outside the box
    EXPECT_EQ(full.count(4097656), 1U);
    EXPECT_EQ(clip.count(4097656), 0U);  // no node in the box
    // Every kept way has exactly the nodes it has in the full file.
    for (const auto& [id, size] : clip) {
        ASSERT_EQ(full.count(id), 1U) << "way " << id;
        EXPECT_EQ(size, full.at(id)) << "way " << id;
    }
}

TEST(FetchOsm, MissingInputFileFailsWithAMessageAndWritesNothing) {
    const reach::test::TempDir dir;
    const auto out = dir / "clip.osm.pbf";
    const auto missing = (dir / "nowhere.osm.pbf").string();
    const auto result = reach::test::run_command(fetch_osm() + " --input " + missing + " --bbox " +
                                                 sub_box + " --out " + out.string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("--input: file \"" + missing + "\" does not exist"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(FetchOsm, MalformedBoxFailsWithAMessage) {
    const reach::test::TempDir dir;
    const auto input = reach::test::data_path("monaco.osm.pbf");
    // lon1 > lon2
    const auto result = reach::test::run_command(fetch_osm() + " --input " + input.string() +
                                                 " --bbox 7.43,43.73,7.42,43.74 --out " +
                                                 (dir / "x.osm.pbf").string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("--bbox \"7.43,43.73,7.42,43.74\": expected LON1,LAT1,LON2,LAT2"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "x.osm.pbf"));
}

// Default box: the places of data/places/places_lv_lt.csv (lon 21.84417 Plungė – 27.16799
// Krāslava, lat 55.49764 Utena – 56.65 Jelgava) plus 20 km. Latitude margin 20 / 111.32 =
// 0.179662°; longitude margin at the box's north edge (56.82966°, cos = 0.547130):
// 20 / (111.32 × 0.547130) = 0.328372°. Monaco lies outside it, so the clip has no road.
TEST(FetchOsm, DefaultBoxIsTheStudyPlacesPlusTwentyKilometres) {
    const reach::test::TempDir dir;
    const auto input = reach::test::data_path("monaco.osm.pbf");
    const auto out = dir / "region.osm.pbf";
    const auto result = reach::test::run_command(fetch_osm() + " --input " + input.string() +
                                                 " --out " + out.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("clipping to 21.51580,55.31798,27.49636,56.82966"), std::string::npos)
        << result.out;
    // A valid OSM file without a single road: the reader says so.
    EXPECT_THROW((void)way_sizes(out), reach::InputError);
}
