// The corpus table (README.md lists it). Every case breaks one input of the hand scenario.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "bad_inputs.hpp"
#include "reach/geo/gdal_init.hpp"

namespace fs = std::filesystem;

namespace reach::bad_inputs {
namespace {

using reach::test::data_path;
using reach::test::read_text;
using reach::test::write_text;

const std::string run_args = "run {dir}/hand.yaml --out {dir}/out --no-cache";
const std::string rerun_args = run_args + " --overwrite";

// Replaces the first `from` in `file` by `to` (a missing `from` is a broken fixture).
void patch(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = read_text(file);
    const auto at = text.find(from);
    if (at == std::string::npos) {
        throw std::runtime_error(file.string() + " lacks \"" + from + "\"");
    }
    text.replace(at, from.size(), to);
    write_text(file, text);
}

void yaml(const fs::path& dir, const std::string& from, const std::string& to) {
    patch(dir / "hand.yaml", from, to);
}

void append_yaml(const fs::path& dir, const std::string& text) {
    write_text(dir / "hand.yaml", read_text(dir / "hand.yaml") + text);
}

void use_roads(const fs::path& dir, const std::string& file) {
    yaml(dir, data_path("hand_network.osm").string(), file);
}

void population_row(const fs::path& dir, const std::string& to) {
    patch(dir / "population.csv", "c1,5330150,3744980,100,10", to);
}

void centre_row(const fs::path& dir, const std::string& to) {
    patch(dir / "centres.csv", "P,5330200,3745090,10", to);
}

void empty_file(const fs::path& file) { std::ofstream(file, std::ios::binary | std::ios::trunc); }

// A vector file through GDAL: `srs_epsg` 0 = no CRS; features are (id, WKT).
void write_vector(const fs::path& file, const char* driver_name, OGRwkbGeometryType type,
                  int srs_epsg, const std::vector<std::pair<std::string, std::string>>& features,
                  bool with_capacity) {
    reach::geo::gdal_init();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (driver == nullptr) throw std::runtime_error(std::string("no GDAL driver ") + driver_name);
    GDALDataset* ds = driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (ds == nullptr) throw std::runtime_error("cannot create " + file.string());
    OGRSpatialReference srs;
    if (srs_epsg != 0) {
        srs.importFromEPSG(srs_epsg);
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGRLayer* layer =
        ds->CreateLayer(file.stem().c_str(), srs_epsg != 0 ? &srs : nullptr, type, nullptr);
    for (const char* name : {"id", "name", "country", "highway"}) {
        OGRFieldDefn field(name, OFTString);
        layer->CreateField(&field);
    }
    if (with_capacity) {
        OGRFieldDefn field("capacity", OFTReal);
        layer->CreateField(&field);
    }
    for (const auto& [id, wkt] : features) {
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField("id", id.c_str());
        feature.SetField("name", id.c_str());
        feature.SetField("country", "LV");
        feature.SetField("highway", "residential");
        if (with_capacity) feature.SetField("capacity", 10.0);
        OGRGeometry* geometry = nullptr;
        OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry);
        feature.SetGeometryDirectly(geometry);
        if (layer->CreateFeature(&feature) != OGRERR_NONE) {
            throw std::runtime_error("cannot write a feature to " + file.string());
        }
    }
    GDALClose(ds);
}

// A 4 × 4 GeoTIFF of persons with no CRS, and no geotransform unless `with_geotransform`
// (then 1 km pixels over the hand network).
void write_raster_without_georeference(const fs::path& file, bool with_geotransform = false) {
    reach::geo::gdal_init();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDataset* ds = driver->Create(file.c_str(), 4, 4, 1, GDT_Float32, nullptr);
    if (ds == nullptr) throw std::runtime_error("cannot create " + file.string());
    if (with_geotransform) {
        double transform[6] = {5328000.0, 1000.0, 0.0, 3748000.0, 0.0, -1000.0};
        if (ds->SetGeoTransform(transform) != CE_None) {
            throw std::runtime_error("cannot georeference " + file.string());
        }
    }
    std::vector<float> persons(16, 10.0F);
    if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 4, 4, persons.data(), 4, 4, GDT_Float32, 0,
                                       0, nullptr) != CE_None) {
        throw std::runtime_error("cannot write " + file.string());
    }
    GDALClose(ds);
}

// `text` gzip-compressed into `file` (GDAL's /vsigzip/ writer).
void write_gzip(const fs::path& file, const std::string& text) {
    reach::geo::gdal_init();
    VSILFILE* out = VSIFOpenL(("/vsigzip/" + file.string()).c_str(), "wb");
    if (out == nullptr) throw std::runtime_error("cannot create " + file.string());
    const bool ok = VSIFWriteL(text.data(), 1, text.size(), out) == text.size();
    if (VSIFCloseL(out) != 0 || !ok) throw std::runtime_error("cannot write " + file.string());
}

const std::string west_polygon =
    "POLYGON ((26.20 55.77,26.232 55.77,26.232 55.80,26.20 55.80,26.20 55.77))";
const std::string east_polygon =
    "POLYGON ((26.232 55.77,26.30 55.77,26.30 55.80,26.232 55.80,26.232 55.77))";

// The hand network's roads with extra XML before `</osm>`.
std::string hand_osm_with(const std::string& extra) {
    std::string text = read_text(data_path("hand_network.osm"));
    text.replace(text.rfind("</osm>"), 6, extra + "</osm>");
    return text;
}

const std::string population_block_start = "population:\n";
const std::string population_block_end = "centres: {file";

// Replaces the whole population block of hand.yaml.
void population_block(const fs::path& dir, const std::string& block) {
    std::string text = read_text(dir / "hand.yaml");
    const auto b = text.find(population_block_start);
    const auto e = text.find(population_block_end);
    text.replace(b, e - b, block);
    write_text(dir / "hand.yaml", text);
}

// A one-profile file `prof.yaml` (car) replaces the shipped profiles.
void use_profiles(const fs::path& dir, const std::string& text) {
    write_text(dir / "prof.yaml", text);
    yaml(dir, "profiles: {use: [car, walk_elderly]}", "profiles: {file: prof.yaml, use: [car]}");
    yaml(dir, ", profiles: [walk_elderly]", "");
}

// A matrix scenario `m.yaml` (SCENARIO.md, travel-time matrix): cells a, b; centre S.
void matrix_scenario(const fs::path& dir, const std::string& od) {
    write_text(dir / "demand.csv", "id,pop\na,10\nb,20\n");
    write_text(dir / "supply.csv", "id,capacity\nS,5\n");
    write_text(dir / "od.csv", od);
    write_text(dir / "m.yaml",
               "reach: 1\nname: m\nmatrix: {file: od.csv}\n"
               "population: {file: demand.csv, id_field: id, groups: {total: {column: pop}}}\n"
               "centres: {file: supply.csv, id_field: id, capacity_field: capacity}\n"
               "thresholds_min: [5, 10]\ntarget_min: 5\n");
}

const std::string matrix_args = "run {dir}/m.yaml --out {dir}/out --no-cache";
const std::string od_header = "origin_id,destination_id,time_min\n";

Case make(std::string name, std::string input, std::string wrong,
          std::function<void(const fs::path&)> setup, std::string args, int exit_code,
          std::vector<std::string> fragments, bool previous_run = false) {
    Case c;
    c.name = std::move(name);
    c.input = std::move(input);
    c.wrong = std::move(wrong);
    c.setup = std::move(setup);
    c.args = std::move(args);
    c.exit_code = exit_code;
    c.fragments = std::move(fragments);
    c.previous_run = previous_run;
    return c;
}

// Marks the last case as an engine bug (registered DISABLED_): `what` reach does instead.
[[maybe_unused]] void engine_bug(std::vector<Case>& cases, std::string what) {
    cases.back().engine_bug = true;
    cases.back().bug = std::move(what);
}

std::vector<Case> make_cases() {
    std::vector<Case> c;
    // ---------------------------------------------------------------- roads
    c.push_back(make("roads_pbf_truncated", "roads.file (OSM PBF)",
                     "monaco.osm.pbf cut to half its bytes",
                     [](const fs::path& d) {
                         const auto bytes = read_text(data_path("monaco.osm.pbf"));
                         write_text(d / "roads.osm.pbf", bytes.substr(0, bytes.size() / 2));
                         use_roads(d, "roads.osm.pbf");
                     },
                     run_args, 1, {"{dir}/roads.osm.pbf"}));
    c.push_back(make("roads_pbf_garbage", "roads.file (OSM PBF)", "text bytes in a .osm.pbf file",
                     [](const fs::path& d) {
                         write_text(d / "roads.osm.pbf", "this is not a protocol buffer\n");
                         use_roads(d, "roads.osm.pbf");
                     },
                     run_args, 1, {"{dir}/roads.osm.pbf"}));
    c.push_back(make("roads_pbf_fuzz_blob_header", "roads.file (OSM PBF)",
                     "libFuzzer's find: a BlobHeader without its type (UBSan stopped in "
                     "libosmium; tests/data/README.md)",
                     [](const fs::path& d) {
                         fs::copy_file(data_path("fuzz_blob_header_without_type.osm.pbf"),
                                       d / "roads.osm.pbf");
                         use_roads(d, "roads.osm.pbf");
                     },
                     run_args, 1, {"{dir}/roads.osm.pbf", "PBF"}));
    c.push_back(make("roads_osm_fuzz_coordinate_exponent", "roads.file (OSM XML)",
                     "libFuzzer's find: lon=\"26.23E21270\" (a signed overflow in libosmium "
                     "that put the node at 0°; tests/data/README.md)",
                     [](const fs::path& d) {
                         fs::copy_file(data_path("fuzz_coordinate_exponent_overflow.osm"),
                                       d / "roads.osm");
                         use_roads(d, "roads.osm");
                     },
                     run_args, 1,
                     {"{dir}/roads.osm: line 7: <node> has lon=\"26.23E21270\" (expected "
                      "decimal degrees within ±180)"}));
    c.push_back(
        make("roads_osm_dangling_node_ref", "roads.file (OSM XML)",
             "a way refers to node 999, which the file lacks: a warning (the way is dropped)",
             [](const fs::path& d) {
                 write_text(d / "roads.osm",
                            hand_osm_with("  <way id=\"990\" version=\"1\">\n    <nd ref=\"1\"/>\n"
                                          "    <nd ref=\"999\"/>\n    <tag k=\"highway\" "
                                          "v=\"residential\"/>\n  </way>\n"));
                 use_roads(d, "roads.osm");
             },
             run_args, 0, {"roads.osm: 1 node reference(s) of highway ways have no location"}));
    c.push_back(make("roads_osm_truncated_xml", "roads.file (OSM XML)",
                     "the XML cut in the middle of an element",
                     [](const fs::path& d) {
                         const auto text = read_text(data_path("hand_network.osm"));
                         write_text(d / "roads.osm", text.substr(0, text.size() / 2));
                         use_roads(d, "roads.osm");
                     },
                     run_args, 1, {"{dir}/roads.osm"}));
    c.push_back(make("roads_empty_file", "roads.file", "a 0-byte .osm.pbf",
                     [](const fs::path& d) {
                         empty_file(d / "roads.osm.pbf");
                         use_roads(d, "roads.osm.pbf");
                     },
                     run_args, 1, {"{dir}/roads.osm.pbf"}));
    c.push_back(make("roads_directory", "roads.file", "a folder named roads.osm.pbf",
                     [](const fs::path& d) {
                         fs::create_directory(d / "roads.osm.pbf");
                         use_roads(d, "roads.osm.pbf");
                     },
                     run_args, 1, {"{dir}/roads.osm.pbf"}));
    c.push_back(make("roads_missing_file", "roads.file", "the file does not exist",
                     [](const fs::path& d) { use_roads(d, "missing.osm.pbf"); }, run_args, 1,
                     {"{dir}/missing.osm.pbf"}));
    c.push_back(make("roads_gpkg_no_crs", "roads.file (GDAL lines)",
                     "a GeoPackage line layer with no CRS (srs_id 0)",
                     [](const fs::path& d) {
                         write_vector(d / "roads.gpkg", "GPKG", wkbLineString, 0,
                                      {{"r1", "LINESTRING (26.2302 55.7783,26.2333 55.7779)"}},
                                      false);
                         use_roads(d, "roads.gpkg");
                     },
                     run_args, 1, {"{dir}/roads.gpkg", "CRS"}));
    c.push_back(make(
        "roads_shapefile_no_crs", "roads.file (GDAL lines)", "a Shapefile line layer without .prj",
        [](const fs::path& d) {
            write_vector(d / "roads.shp", "ESRI Shapefile", wkbLineString, 0,
                         {{"r1", "LINESTRING (26.2302 55.7783,26.2333 55.7779)"}}, false);
            use_roads(d, "roads.shp");
        },
        run_args, 1, {"{dir}/roads.shp", "no CRS"}));
    c.push_back(make("roads_gpkg_points", "roads.file (GDAL lines)",
                     "a point layer where lines are expected",
                     [](const fs::path& d) {
                         write_vector(d / "roads.gpkg", "GPKG", wkbPoint, 4326,
                                      {{"r1", "POINT (26.2302 55.7783)"}}, false);
                         use_roads(d, "roads.gpkg");
                     },
                     run_args, 1, {"{dir}/roads.gpkg"}));
    // ----------------------------------------------------------- population
    c.push_back(make("population_negative_count", "population.file (CSV)", "T = -100 in row c1",
                     [](const fs::path& d) { population_row(d, "c1,5330150,3744980,-100,10"); },
                     run_args, 1, {"{dir}/population.csv", "T"}));
    c.push_back(make("population_text_count", "population.file (CSV)", "T = \"many\" in row c1",
                     [](const fs::path& d) { population_row(d, "c1,5330150,3744980,many,10"); },
                     run_args, 1, {"{dir}/population.csv", "T", "many"}));
    c.push_back(make("population_nan_coordinate", "population.file (CSV)", "x = nan in row c1",
                     [](const fs::path& d) { population_row(d, "c1,nan,3744980,100,10"); },
                     run_args, 1, {"{dir}/population.csv", "x"}));
    c.push_back(make("population_inf_coordinate", "population.file (CSV)", "y = inf in row c1",
                     [](const fs::path& d) { population_row(d, "c1,5330150,inf,100,10"); },
                     run_args, 1, {"{dir}/population.csv", "y"}));
    c.push_back(make("population_latitude_95", "population.file (CSV, crs EPSG:4326)",
                     "lat 95 (outside the CRS domain) in row c1",
                     [](const fs::path& d) {
                         write_text(
                             d / "population.csv",
                             "cell_id,x,y,T,A65\nc2,26.2305,55.778,200,40\nc1,26.2325,95,100,10\n");
                         yaml(d, "crs: EPSG:3035", "crs: EPSG:4326");
                     },
                     run_args, 1, {"{dir}/population.csv", "95"}));
    c.push_back(make("population_missing_column", "population.file (CSV)",
                     "the group column T is not in the header",
                     [](const fs::path& d) {
                         patch(d / "population.csv", "cell_id,x,y,T,A65", "cell_id,x,y,TOTAL,A65");
                     },
                     run_args, 1, {"{dir}/population.csv", "T"}));
    c.push_back(make("population_short_row", "population.file (CSV)", "row c1 has 2 of 5 fields",
                     [](const fs::path& d) { population_row(d, "c1,5330150"); }, run_args, 1,
                     {"{dir}/population.csv"}));
    c.push_back(make("population_duplicate_cell_id", "population.file (CSV)", "cell c2 twice",
                     [](const fs::path& d) { population_row(d, "c2,5330150,3744980,100,10"); },
                     run_args, 1, {"{dir}/population.csv", "c2"}));
    c.push_back(make("population_non_utf8_bytes", "population.file (CSV)",
                     "cell id with byte 0xFF (not UTF-8)",
                     [](const fs::path& d) {
                         population_row(d,
                                        "c\xff"
                                        "1,5330150,3744980,100,10");
                     },
                     run_args, 1, {"{dir}/population.csv", "UTF-8"}));
    c.push_back(make("population_empty_file", "population.file", "a 0-byte CSV",
                     [](const fs::path& d) { empty_file(d / "population.csv"); }, run_args, 1,
                     {"{dir}/population.csv"}));
    c.push_back(make("population_directory", "population.file", "a folder named population.csv",
                     [](const fs::path& d) {
                         fs::remove(d / "population.csv");
                         fs::create_directory(d / "population.csv");
                     },
                     run_args, 1, {"{dir}/population.csv"}));
    c.push_back(make("population_non_utf8_file_name", "population.file",
                     "the file name has byte 0xFF (not UTF-8)",
                     [](const fs::path& d) {
                         fs::rename(d / "population.csv", d / "pop\xff.csv");
                         yaml(d, "file: population.csv", "file: pop\xff.csv");
                     },
                     run_args, 1, {"pop"}));
    c.push_back(make("population_raster_no_georeference", "population.file (GeoTIFF)",
                     "a GeoTIFF with no geotransform and no CRS",
                     [](const fs::path& d) {
                         write_raster_without_georeference(d / "population.tif");
                         population_block(d,
                                          "population:\n  file: population.tif\n"
                                          "  groups: {total: {band: 1}}\n");
                     },
                     run_args, 1, {"{dir}/population.tif"}));
    c.push_back(make("population_raster_no_crs", "population.file (GeoTIFF)",
                     "a georeferenced GeoTIFF with no CRS and no population.crs",
                     [](const fs::path& d) {
                         write_raster_without_georeference(d / "population.tif", true);
                         population_block(d,
                                          "population:\n  file: population.tif\n"
                                          "  groups: {total: {band: 1}}\n");
                     },
                     run_args, 1, {"{dir}/population.tif", "no CRS"}));
    c.push_back(make("population_csv_gz_truncated", "population.file (CSV.gz)",
                     "2000 cells gzip-compressed, the stream cut to half its bytes",
                     [](const fs::path& d) {
                         std::ostringstream csv;
                         csv << "cell_id,x,y,T,A65\n";
                         for (int i = 0; i < 2000; ++i) {
                             csv << 'c' << 10000 + i << ',' << 5330000 + (i * 37) % 300 << ','
                                 << 3745000 + (i * 53) % 150 << ',' << 1 + i % 50 << ",1\n";
                         }
                         write_gzip(d / "population.csv.gz", csv.str());
                         const auto bytes = read_text(d / "population.csv.gz");
                         write_text(d / "population.csv.gz", bytes.substr(0, bytes.size() / 2));
                         yaml(d, "file: population.csv", "file: population.csv.gz");
                     },
                     run_args, 1, {"{dir}/population.csv.gz:", "expected"}));
    c.push_back(make("cells_unsnapped_warning", "population.file (CSV)",
                     "cell c5 is 10 km from any road (c3 already is): a warning, not an error",
                     [](const fs::path& d) {
                         population_row(d, "c1,5330150,3744980,100,10\nc5,5340000,3745000,7,1");
                     },
                     run_args, 0, {"in 2 cells farther than 500 m"}));
    // -------------------------------------------------------------- centres
    c.push_back(
        make("centres_duplicate_id", "centres.file (CSV)", "centre id P twice",
             [](const fs::path& d) { centre_row(d, "P,5330200,3745090,10\nP,5330100,3745000,3"); },
             run_args, 1, {"{dir}/centres.csv", "P"}));
    c.push_back(make("centres_beyond_snap_distance", "centres.file (CSV)",
                     "centre P 5 km from the nearest road (snap 500 m)",
                     [](const fs::path& d) { centre_row(d, "P,5335000,3745090,10"); }, run_args, 1,
                     {"P", "500"}));
    c.push_back(make("centres_beyond_snap_distance_warn", "centres.file (CSV)",
                     "the same under snap.on_unsnapped_centre: warn: a warning",
                     [](const fs::path& d) {
                         centre_row(d, "P,5335000,3745090,10\nR,5330200,3745090,10");
                         yaml(d, "snap: {max_distance_m: 500}",
                              "snap: {max_distance_m: 500, on_unsnapped_centre: warn}");
                     },
                     run_args, 0, {"P"}));
    c.push_back(make(
        "centres_on_island", "centres.add",
        "centre I next to a road island not connected to the network",
        [](const fs::path& d) {
            write_text(
                d / "roads.osm",
                hand_osm_with("  <node id=\"901\" version=\"1\" lat=\"55.7783\" lon=\"26.2800\"/>\n"
                              "  <node id=\"902\" version=\"1\" lat=\"55.7783\" lon=\"26.2810\"/>\n"
                              "  <way id=\"901\" version=\"1\">\n    <nd ref=\"901\"/>\n"
                              "    <nd ref=\"902\"/>\n    <tag k=\"highway\" v=\"residential\"/>\n"
                              "  </way>\n"));
            use_roads(d, "roads.osm");
            yaml(d, "close: [Q]}",
                 "close: [Q], add: [{id: I, lon: 26.2805, lat: 55.7784, capacity: 5}]}");
        },
        run_args, 1, {"centres.add", "\"I\""}));
    c.push_back(make("centres_nan_coordinate", "centres.file (CSV)", "x = nan for centre P",
                     [](const fs::path& d) { centre_row(d, "P,nan,3745090,10"); }, run_args, 1,
                     {"{dir}/centres.csv", "x"}));
    c.push_back(make("centres_latitude_95", "centres.file (CSV id,lon,lat)", "lat 95 for centre P",
                     [](const fs::path& d) {
                         write_text(d / "centres.csv",
                                    "id,lon,lat,capacity\nP,26.2320,95,10\nQ,26.2302,55.7783,5\n");
                     },
                     run_args, 1, {"{dir}/centres.csv", "95"}));
    c.push_back(make("centres_text_capacity", "centres.file (CSV)", "capacity \"ten\" for centre P",
                     [](const fs::path& d) { centre_row(d, "P,5330200,3745090,ten"); }, run_args, 1,
                     {"{dir}/centres.csv", "capacity", "ten"}));
    c.push_back(make("centres_missing_capacity_column", "centres.file (CSV)",
                     "no capacity column while E2SFCA is asked for",
                     [](const fs::path& d) {
                         write_text(d / "centres.csv",
                                    "id,x,y\nP,5330200,3745090\nQ,5330000,3745000\n");
                     },
                     run_args, 1, {"{dir}/centres.csv", "capacity"}));
    c.push_back(make("centres_empty_file", "centres.file", "a 0-byte CSV",
                     [](const fs::path& d) { empty_file(d / "centres.csv"); }, run_args, 1,
                     {"{dir}/centres.csv"}));
    c.push_back(make("centres_directory", "centres.file", "a folder named centres.csv",
                     [](const fs::path& d) {
                         fs::remove(d / "centres.csv");
                         fs::create_directory(d / "centres.csv");
                     },
                     run_args, 1, {"{dir}/centres.csv"}));
    c.push_back(make(
        "centres_mixed_geometry", "centres.file (GeoJSON)", "a LineString feature among the points",
        [](const fs::path& d) {
            write_text(d / "centres.geojson",
                       R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "P", "capacity": 10}, "geometry": {"type": "Point", "coordinates": [26.2320, 55.7786]}},
{"type": "Feature", "properties": {"id": "L", "capacity": 5}, "geometry": {"type": "LineString", "coordinates": [[26.2302, 55.7783], [26.2333, 55.7779]]}}]}
)");
            yaml(d, "centres: {file: centres.csv, close: [Q]}", "centres: {file: centres.geojson}");
        },
        run_args, 1, {"{dir}/centres.geojson", "L"}));
    c.push_back(make(
        "centres_empty_geometry", "centres.file (GeoJSON)", "centre E has an empty point",
        [](const fs::path& d) {
            write_text(d / "centres.geojson",
                       R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "P", "capacity": 10}, "geometry": {"type": "Point", "coordinates": [26.2320, 55.7786]}},
{"type": "Feature", "properties": {"id": "E", "capacity": 5}, "geometry": {"type": "Point", "coordinates": []}}]}
)");
            yaml(d, "centres: {file: centres.csv, close: [Q]}", "centres: {file: centres.geojson}");
        },
        run_args, 1, {"{dir}/centres.geojson", "feature 1", "expected a point"}));
    c.push_back(make("centres_gpkg_no_crs", "centres.file (GeoPackage)",
                     "a GeoPackage point layer with no CRS (srs_id 0)",
                     [](const fs::path& d) {
                         write_vector(d / "centres.gpkg", "GPKG", wkbPoint, 0,
                                      {{"P", "POINT (26.2320 55.7786)"}}, true);
                         yaml(d, "centres: {file: centres.csv, close: [Q]}",
                              "centres: {file: centres.gpkg}");
                     },
                     run_args, 1, {"{dir}/centres.gpkg", "CRS"}));
    c.push_back(make(
        "centres_shapefile_no_crs", "centres.file (Shapefile)", "a point layer without .prj",
        [](const fs::path& d) {
            write_vector(d / "centres.shp", "ESRI Shapefile", wkbPoint, 0,
                         {{"P", "POINT (26.2320 55.7786)"}}, true);
            yaml(d, "centres: {file: centres.csv, close: [Q]}", "centres: {file: centres.shp}");
        },
        run_args, 1, {"{dir}/centres.shp", "no CRS"}));
    // ---------------------------------------------------------------- areas
    c.push_back(make("areas_mixed_geometry", "area.boundaries (GeoJSON)",
                     "a Point feature among the polygons",
                     [](const fs::path& d) {
                         patch(d / "areas.geojson", "\"features\": [",
                               R"("features": [
{"type": "Feature", "properties": {"id": "dot", "name": "Dot", "country": "LV"}, "geometry": {"type": "Point", "coordinates": [26.21, 55.78]}},)");
                     },
                     run_args, 1, {"{dir}/areas.geojson", "dot"}));
    c.push_back(make("areas_bow_tie", "area.boundaries (GeoJSON)",
                     "area west is a self-intersecting bow-tie",
                     [](const fs::path& d) {
                         patch(d / "areas.geojson",
                               "[[[26.20, 55.77], [26.232, 55.77],\n   [26.232, 55.80], [26.20, "
                               "55.80], [26.20, 55.77]]]",
                               "[[[26.20, 55.77], [26.232, 55.80],\n   [26.232, 55.77], [26.20, "
                               "55.80], [26.20, 55.77]]]");
                     },
                     run_args, 1, {"{dir}/areas.geojson", "west", "self-intersect"}));
    c.push_back(make("areas_empty_geometry", "area.boundaries (GeoJSON)",
                     "area void has an empty polygon",
                     [](const fs::path& d) {
                         patch(d / "areas.geojson", "\"features\": [",
                               R"("features": [
{"type": "Feature", "properties": {"id": "void", "name": "Void", "country": "LV"}, "geometry": {"type": "Polygon", "coordinates": []}},)");
                     },
                     run_args, 1, {"{dir}/areas.geojson", "void"}));
    c.push_back(make("areas_gpkg_no_crs", "area.boundaries (GeoPackage)",
                     "a GeoPackage polygon layer with no CRS (srs_id 0)",
                     [](const fs::path& d) {
                         write_vector(d / "areas.gpkg", "GPKG", wkbPolygon, 0,
                                      {{"west", west_polygon}, {"east", east_polygon}}, false);
                         yaml(d, "boundaries: areas.geojson", "boundaries: areas.gpkg");
                     },
                     run_args, 1, {"{dir}/areas.gpkg", "CRS"}));
    c.push_back(make("areas_shapefile_no_crs", "area.boundaries (Shapefile)",
                     "a polygon layer without .prj",
                     [](const fs::path& d) {
                         write_vector(d / "areas.shp", "ESRI Shapefile", wkbPolygon, 0,
                                      {{"west", west_polygon}, {"east", east_polygon}}, false);
                         yaml(d, "boundaries: areas.geojson", "boundaries: areas.shp");
                     },
                     run_args, 1, {"{dir}/areas.shp", "no CRS"}));
    c.push_back(make("areas_missing_id_field", "area.boundaries", "area.id_field names no column",
                     [](const fs::path& d) { yaml(d, "id_field: id,", "id_field: code,"); },
                     run_args, 1, {"{dir}/areas.geojson", "code"}));
    c.push_back(make("areas_empty_file", "area.boundaries", "a 0-byte GeoJSON",
                     [](const fs::path& d) { empty_file(d / "areas.geojson"); }, run_args, 1,
                     {"{dir}/areas.geojson"}));
    // ------------------------------------------------------------- scenario
    c.push_back(
        make("scenario_tab_indent", "scenario (YAML)", "a tab indents a key",
             [](const fs::path& d) { yaml(d, "\n  id_field: cell_id", "\n\tid_field: cell_id"); },
             run_args, 1, {"{dir}/hand.yaml:9:1", "tab", "expected spaces"}));
    c.push_back(make("scenario_duplicate_key", "scenario (YAML)", "the key name twice",
                     [](const fs::path& d) { append_yaml(d, "name: again\n"); }, run_args, 1,
                     {"{dir}/hand.yaml", "name"}));
    c.push_back(make("scenario_unknown_key", "scenario (YAML)", "a misspelt key thresholds_mins",
                     [](const fs::path& d) { append_yaml(d, "thresholds_mins: [1]\n"); }, run_args,
                     1, {"{dir}/hand.yaml", "thresholds_mins"}));
    c.push_back(make("scenario_unknown_nested_key", "scenario (YAML)", "snap.max_distance (no _m)",
                     [](const fs::path& d) {
                         yaml(d, "snap: {max_distance_m: 500}", "snap: {max_distance: 500}");
                     },
                     run_args, 1, {"{dir}/hand.yaml", "max_distance"}));
    c.push_back(make("scenario_wrong_type_list_item", "scenario (YAML)",
                     "thresholds_min: [one, 5, 10]",
                     [](const fs::path& d) {
                         yaml(d, "thresholds_min: [1, 5, 10]", "thresholds_min: [one, 5, 10]");
                     },
                     run_args, 1, {"{dir}/hand.yaml", "thresholds_min", "one"}));
    c.push_back(make("scenario_wrong_type_map", "scenario (YAML)",
                     "snap: 500 (a number, not a map)",
                     [](const fs::path& d) { yaml(d, "snap: {max_distance_m: 500}", "snap: 500"); },
                     run_args, 1, {"{dir}/hand.yaml", "snap"}));
    c.push_back(make("scenario_threshold_zero", "scenario (YAML)", "thresholds_min: [0, 5, 10]",
                     [](const fs::path& d) {
                         yaml(d, "thresholds_min: [1, 5, 10]", "thresholds_min: [0, 5, 10]");
                     },
                     run_args, 1, {"{dir}/hand.yaml", "thresholds_min"}));
    c.push_back(make("scenario_threshold_negative", "scenario (YAML)",
                     "thresholds_min: [-5, 5, 10]",
                     [](const fs::path& d) {
                         yaml(d, "thresholds_min: [1, 5, 10]", "thresholds_min: [-5, 5, 10]");
                     },
                     run_args, 1, {"{dir}/hand.yaml", "thresholds_min"}));
    c.push_back(make("scenario_target_not_a_threshold", "scenario (YAML)", "target_min: 7",
                     [](const fs::path& d) { yaml(d, "target_min: 5", "target_min: 7"); }, run_args,
                     1, {"{dir}/hand.yaml", "target_min"}));
    c.push_back(make("scenario_unknown_profile", "scenario (YAML)", "profiles.use names bicycle_x",
                     [](const fs::path& d) {
                         yaml(d, "use: [car, walk_elderly]", "use: [car, walk_elderly, bicycle_x]");
                     },
                     run_args, 1, {"bicycle_x"}));
    c.push_back(make("scenario_missing_version", "scenario (YAML)", "no reach: key",
                     [](const fs::path& d) { yaml(d, "reach: 1\n", ""); }, run_args, 1,
                     {"{dir}/hand.yaml", "reach"}));
    c.push_back(make("scenario_unclosed_bracket", "scenario (YAML)", "thresholds_min: [1, 5, 10",
                     [](const fs::path& d) {
                         yaml(d, "thresholds_min: [1, 5, 10]", "thresholds_min: [1, 5, 10");
                     },
                     run_args, 1, {"{dir}/hand.yaml"}));
    c.push_back(make("scenario_non_utf8_bytes", "scenario (YAML)",
                     "name with byte 0xFF (not UTF-8)",
                     [](const fs::path& d) {
                         yaml(d, "name: hand",
                              "name: h\xff"
                              "nd");
                     },
                     run_args, 1, {"{dir}/hand.yaml", "UTF-8"}));
    c.push_back(make("scenario_circular_base", "scenario (YAML)",
                     "a.yaml bases on b.yaml, b.yaml on a.yaml",
                     [](const fs::path& d) {
                         write_text(d / "a.yaml", "reach: 1\nname: a\nbase: b.yaml\n");
                         write_text(d / "b.yaml", "reach: 1\nname: b\nbase: a.yaml\n");
                     },
                     "run {dir}/a.yaml --out {dir}/out --no-cache", 1, {"a.yaml", "b.yaml"}));
    c.push_back(make("scenario_missing_base", "scenario (YAML)", "base: names a missing file",
                     [](const fs::path& d) { append_yaml(d, "base: nowhere.yaml\n"); }, run_args, 1,
                     {"nowhere.yaml"}));
    c.push_back(make("scenario_empty_file", "scenario", "a 0-byte scenario file",
                     [](const fs::path& d) { empty_file(d / "empty.yaml"); },
                     "run {dir}/empty.yaml --out {dir}/out --no-cache", 1, {"{dir}/empty.yaml"}));
    c.push_back(make("scenario_directory", "scenario", "a folder given as the scenario file",
                     [](const fs::path& d) { fs::create_directory(d / "folder.yaml"); },
                     "run {dir}/folder.yaml --out {dir}/out --no-cache", 1, {"{dir}/folder.yaml"}));
    c.push_back(make("scenario_two_errors", "scenario (YAML)",
                     "thresholds_min: [0, 5, 10] and an unknown key colour",
                     [](const fs::path& d) {
                         yaml(d, "thresholds_min: [1, 5, 10]", "thresholds_min: [0, 5, 10]");
                         append_yaml(d, "colour: red\n");
                     },
                     run_args, 1, {"{dir}/hand.yaml:17:18", "thresholds_min"}));
    c.back().problems = 2;  // every problem of a scenario at once, one line each
    // ------------------------------------------------------------- profiles
    c.push_back(make("profiles_negative_speed", "profiles.file (YAML)", "residential: -30 km/h",
                     [](const fs::path& d) {
                         use_profiles(d,
                                      "car:\n  speeds_kmh: {residential: -30, primary: 50}\n"
                                      "  oneway: true\n  off_network_kmh: 4\n");
                     },
                     run_args, 1,
                     {"{dir}/prof.yaml:2:29", "car.speeds_kmh.residential", "expected"}));
    c.push_back(make("profiles_wrong_type", "profiles.file (YAML)", "oneway: maybe",
                     [](const fs::path& d) {
                         use_profiles(d,
                                      "car:\n  speeds_kmh: {residential: 30}\n"
                                      "  oneway: maybe\n  off_network_kmh: 4\n");
                     },
                     run_args, 1,
                     {"{dir}/prof.yaml:3:11", "car.oneway", "expected true or false"}));
    c.push_back(make("profiles_unknown_key", "profiles.file (YAML)", "a key colour in car",
                     [](const fs::path& d) {
                         use_profiles(d,
                                      "car:\n  speeds_kmh: {residential: 30}\n"
                                      "  oneway: true\n  off_network_kmh: 4\n  colour: red\n");
                     },
                     run_args, 1, {"{dir}/prof.yaml:5:3", "car.colour", "unknown key"}));
    c.push_back(make("profiles_empty_file", "profiles.file", "a 0-byte profile file",
                     [](const fs::path& d) { use_profiles(d, ""); }, run_args, 1,
                     {"{dir}/prof.yaml", "expected"}));
    // --------------------------------------------------------------- matrix
    c.push_back(make("matrix_negative_time", "matrix.file (CSV)", "time_min -3 for a → S",
                     [](const fs::path& d) { matrix_scenario(d, od_header + "a,S,-3\n"); },
                     matrix_args, 1, {"{dir}/od.csv:2", "time_min", "expected"}));
    c.push_back(make("matrix_text_time", "matrix.file (CSV)", "time_min \"fast\"",
                     [](const fs::path& d) { matrix_scenario(d, od_header + "a,S,fast\n"); },
                     matrix_args, 1, {"{dir}/od.csv:2", "fast", "expected"}));
    c.push_back(make("matrix_nan_time", "matrix.file (CSV)", "time_min nan",
                     [](const fs::path& d) { matrix_scenario(d, od_header + "a,S,nan\n"); },
                     matrix_args, 1, {"{dir}/od.csv:2", "nan", "expected"}));
    c.push_back(make("matrix_unknown_destination", "matrix.file (CSV)",
                     "destination Z is not a centre",
                     [](const fs::path& d) { matrix_scenario(d, od_header + "a,Z,3\n"); },
                     matrix_args, 1, {"{dir}/od.csv:2", "\"Z\"", "expected"}));
    c.push_back(make("matrix_duplicate_pair", "matrix.file (CSV)", "pair a → S twice",
                     [](const fs::path& d) { matrix_scenario(d, od_header + "a,S,3\na,S,4\n"); },
                     matrix_args, 1, {"{dir}/od.csv:3", "twice"}));
    c.push_back(make("matrix_missing_column", "matrix.file (CSV)",
                     "header origin,dest,t instead of origin_id,destination_id,time_min",
                     [](const fs::path& d) { matrix_scenario(d, "origin,dest,t\na,S,3\n"); },
                     matrix_args, 1, {"{dir}/od.csv", "origin_id", "expected"}));
    // ---------------------------------------------------------------- output
    c.push_back(
        make("out_under_regular_file", "--out", "the output folder's parent is a regular file",
             [](const fs::path& d) { write_text(d / "plain.txt", "a file, not a folder\n"); },
             "run {dir}/hand.yaml --out {dir}/plain.txt/out --no-cache", 1, {"plain.txt"}));
    c.push_back(make(
        "out_exists_without_overwrite", "--out", "a previous run folder, no --overwrite",
        [](const fs::path&) {}, run_args, 1, {"{dir}/out", "--overwrite"}, true));
    c.push_back(make(
        "out_disk_full_at_summary", "--out (disk full)",
        "REACH_INJECT_WRITE_FAILURE=summary.json over a previous run", [](const fs::path&) {},
        "run {dir}/hand.yaml --out {dir}/out --no-cache --overwrite", 1,
        {"summary.json", "failure injected"}, true));
    c.back().env = "REACH_INJECT_WRITE_FAILURE=summary.json";
    c.push_back(make("out_disk_full_at_manifest", "--out (disk full)",
                     "REACH_INJECT_WRITE_FAILURE=manifest.json, no previous run",
                     [](const fs::path&) {}, run_args, 1, {"manifest.json", "failure injected"}));
    c.back().env = "REACH_INJECT_WRITE_FAILURE=manifest.json";
    c.push_back(make(
        "out_bad_input_over_previous_run", "population.file",
        "text count over a previous run folder (--overwrite)",
        [](const fs::path& d) { population_row(d, "c1,5330150,3744980,many,10"); }, rerun_args, 1,
        {"{dir}/population.csv", "many"}, true));
    // ------------------------------------------------------------------ usage
    c.push_back(make("usage_unknown_option", "command line", "an unknown option --bogus",
                     [](const fs::path&) {}, run_args + " --bogus", 2, {"--bogus"}));
    c.push_back(make("usage_no_scenario", "command line", "run without a scenario file",
                     [](const fs::path&) {}, "run --out {dir}/out --no-cache", 2, {"scenario"}));
    return c;
}

}  // namespace

const std::vector<Case>& cases() {
    static const std::vector<Case> all = make_cases();
    return all;
}

}  // namespace reach::bad_inputs
