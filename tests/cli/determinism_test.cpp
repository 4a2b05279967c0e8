// Determinism (DESIGN.md, Rules; issue 10): the regional baseline run with 1, 2 and 8 threads,
// and with 1 thread twice, gives identical outputs — every file of the run folder, compared as
// DESIGN.md defines: JSON, CSV and GeoJSON by bytes; report.html by bytes but for its run-time
// line; GeoTIFFs by size, geotransform, CRS, nodata and pixels; the GeoPackage by a canonical
// dump (every layer's metadata, fields, and each feature's values and geometry as WKB) with
// GDAL's OGR_CURRENT_DATE fixed (the date of gpkg_contents and of the QGIS styles' rows).
// manifest.json records the thread count and is left out.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>
#include <memory>
#include <string>

#include "hand_scenario.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach_test/support.hpp"
#include "written_polygons.hpp"

namespace fs = std::filesystem;

namespace {

using reach::test::reach_cmd;
using reach::test::run_command;
using reach::test::TempDir;

// `reach <args>` with the GeoPackage dates fixed.
std::string fixed_date_cmd(const std::string& args) {
    return "OGR_CURRENT_DATE=2000-01-01T00:00:00Z " + reach_cmd(args);
}

std::unique_ptr<GDALDataset> open(const fs::path& path, unsigned flags) {
    reach::geo::gdal_init();
    return std::unique_ptr<GDALDataset>(
        GDALDataset::Open(path.c_str(), flags | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

std::string metadata_text(GDALMajorObject& object) {
    std::string out;
    for (char** item = object.GetMetadata(); item != nullptr && *item != nullptr; ++item) {
        out += fmt::format("{}\n", *item);
    }
    return out;
}

// Layers in order: name, metadata, fields, then per feature its fields and WKB (hex).
std::string gpkg_dump(const fs::path& path) {
    const auto ds = open(path, GDAL_OF_VECTOR);
    if (!ds) return "cannot open " + path.string();
    std::string out;
    for (int l = 0; l < ds->GetLayerCount(); ++l) {
        auto& layer = *ds->GetLayer(l);
        out += fmt::format("layer {}\n{}", layer.GetName(), metadata_text(layer));
        for (auto& feature : layer) {
            out += fmt::format("fid {}:", feature->GetFID());
            for (int f = 0; f < feature->GetFieldCount(); ++f) {
                out += fmt::format(" {}", feature->IsFieldSetAndNotNull(f)
                                              ? feature->GetFieldAsString(f)
                                              : "NULL");
            }
            if (const auto* g = feature->GetGeometryRef()) {
                std::string wkb(static_cast<std::size_t>(g->WkbSize()), '\0');
                g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
                out += " ";
                for (const unsigned char c : wkb) out += fmt::format("{:02x}", c);
            }
            out += "\n";
        }
    }
    return out;
}

std::string tiff_dump(const fs::path& path) {
    const auto ds = open(path, GDAL_OF_RASTER);
    if (!ds) return "cannot open " + path.string();
    double transform[6] = {};
    ds->GetGeoTransform(transform);
    auto* band = ds->GetRasterBand(1);
    const int width = ds->GetRasterXSize();
    const int height = ds->GetRasterYSize();
    std::vector<float> pixels(static_cast<std::size_t>(width) * height);
    if (band->RasterIO(GF_Read, 0, 0, width, height, pixels.data(), width, height, GDT_Float32, 0,
                       0) != CE_None) {
        return "cannot read " + path.string();
    }
    const auto* srs = ds->GetSpatialRef();
    std::string out = fmt::format("{} x {}, {} {} {} {} {} {}, nodata {}, crs {}\n", width, height,
                                  transform[0], transform[1], transform[2], transform[3],
                                  transform[4], transform[5], band->GetNoDataValue(),
                                  srs != nullptr && srs->GetAuthorityCode(nullptr) != nullptr
                                      ? srs->GetAuthorityCode(nullptr)
                                      : "none");
    out.append(reinterpret_cast<const char*>(pixels.data()), pixels.size() * sizeof(float));
    return out;
}

// Every file of a run folder but manifest.json, in its canonical form.
std::map<std::string, std::string> canonical_outputs(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        const auto ext = entry.path().extension().string();
        if (name == "manifest.json") continue;
        if (ext == ".gpkg") {
            out[name] = gpkg_dump(entry.path());
        } else if (ext == ".tif") {
            out[name] = tiff_dump(entry.path());
        } else if (ext == ".html") {
            out[name] = reach::test::without_run_time(reach::test::read_text(entry.path()));
        } else {
            out[name] = reach::test::read_text(entry.path());
        }
    }
    return out;
}

TEST(Determinism, BaselineOutputsAreIdenticalForOneTwoEightThreadsAndTwice) {
    const TempDir dir;
    const auto scenario = reach::test::source_path("scenarios/baseline.yaml");
    std::map<std::string, std::string> first;
    int run = 0;
    for (const int threads : {1, 2, 8, 1}) {
        const auto out = dir / fmt::format("run{}-t{}", ++run, threads);
        const auto command = run_command(fixed_date_cmd(
            fmt::format("run {} --out {} --cache-dir {} --threads {}", scenario.string(),
                        out.string(), (dir / "cache").string(), threads)));
        ASSERT_EQ(command.exit_code, 0) << command.err;
        auto outputs = canonical_outputs(out);
        if (first.empty()) {
            // Every output of the default formats is there and compared.
            for (const char* name : {"summary.json", "cells.csv", "reach.gpkg",
                                     "catchments.geojson", "travel_time_car.tif", "report.html"}) {
                EXPECT_EQ(outputs.count(name), 1U) << name;
            }
            // Every polygon written is valid, in EPSG:3035 and after the transform and
            // rounding of GeoJSON (issue 10).
            for (const char* name : {"reach.gpkg", "catchments.geojson"}) {
                const auto polygons = reach::test::check_written_polygons(out / name);
                EXPECT_GT(polygons.polygons, 0U) << name;
                EXPECT_TRUE(polygons.invalid.empty())
                    << name << ": " << fmt::format("{}", fmt::join(polygons.invalid, "; "));
            }
            first = std::move(outputs);
            continue;
        }
        ASSERT_EQ(outputs.size(), first.size());
        for (const auto& [name, text] : first) {
            EXPECT_TRUE(outputs[name] == text)
                << name << " differs in run " << run << " (" << threads << " threads)";
        }
    }
}

// The canonical dump sees a changed pixel, feature value and report figure (the comparison
// can fail): two hand runs with different target_min differ in every compared file kind.
TEST(Determinism, CanonicalDumpSeesADifferentRun) {
    const TempDir dir;
    const auto five = reach::test::write_hand_scenario(dir);
    const auto a = dir / "a";
    ASSERT_EQ(
        run_command(fixed_date_cmd("run " + five.string() + " --out " + a.string() + " --no-cache"))
            .exit_code,
        0);
    std::string text = reach::test::read_text(five);
    text.replace(text.find("target_min: 5"), 13, "target_min: 1");
    text.replace(text.find("thresholds_min: [1, 5, 10]"), 26, "thresholds_min: [1, 4, 10]");
    reach::test::write_text(dir / "other.yaml", text);
    const auto b = dir / "b";
    ASSERT_EQ(run_command(fixed_date_cmd("run " + (dir / "other.yaml").string() + " --out " +
                                         b.string() + " --no-cache"))
                  .exit_code,
              0);
    const auto first = canonical_outputs(a);
    auto second = canonical_outputs(b);
    for (const char* name : {"summary.json", "reach.gpkg", "report.html"}) {
        EXPECT_NE(first.at(name), second[name]) << name;
    }
    // Same run twice: equal although GDAL may stamp times in the GeoPackage.
    const auto c = dir / "c";
    ASSERT_EQ(
        run_command(fixed_date_cmd("run " + five.string() + " --out " + c.string() + " --no-cache"))
            .exit_code,
        0);
    EXPECT_TRUE(canonical_outputs(c) == first);
}

}  // namespace
