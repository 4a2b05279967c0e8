#include "reach/scenario/scenario.hpp"
#include "reach/scenario/output_files.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "reach_test/support.hpp"

namespace {

namespace fs = std::filesystem;
using reach::scenario::load_scenario;
using reach::scenario::Scenario;
using reach::test::input_error_message;

// Whether `text` contains `part` (the message shows both when not).
::testing::AssertionResult contains(const std::string& text, const std::string& part) {
    if (text.find(part) != std::string::npos) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "\"" << part << "\" not in:\n" << text;
}

fs::path fixture(const std::string& relative = "") {
    return reach::test::source_path("tests/scenario/data/" + relative).lexically_normal();
}

std::vector<std::string> ids(const auto& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) {
        out.push_back(e.id);
    }
    return out;
}

std::size_t line_count(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// The fixture text baseline-like.yaml with its relative paths made absolute, so that a copy
// elsewhere names the same files.
std::string with_absolute_paths(std::string text) {
    for (const char* name :
         {"areas.geojson#areas", "roads_absent.osm.pbf", "roads_standin.osm", "profiles.yaml",
          "population.csv", "rates.csv", "centres.csv", "../out/fixture"}) {
        const std::string n(name);
        const auto pos = text.find(": " + n);
        EXPECT_NE(pos, std::string::npos) << n;
        if (pos != std::string::npos) {
            text.replace(pos + 2, n.size(), fixture("").string() + n);
        }
    }
    return text;
}

// A what-if file in a temporary folder: "reach: 1", "base: <fixture>", then `lines` (so the
// first of `lines` is line 3).
class WhatIf {
public:
    fs::path write(const std::string& lines) {
        const auto path = m_dir / "whatif.yaml";
        reach::test::write_text(
            path, "reach: 1\nbase: " + fixture("baseline-like.yaml").string() + "\n" + lines);
        return path;
    }
    std::string error(const std::string& lines) {
        const auto path = write(lines);
        return input_error_message([&] { (void)load_scenario(path); });
    }
    [[nodiscard]] std::string file() const { return (m_dir / "whatif.yaml").string(); }

private:
    reach::test::TempDir m_dir;
};

TEST(LoadScenario, ShippedBaselineHasTheValuesWrittenInIt) {
    const auto source = reach::test::source_path("scenarios/baseline.yaml");
    const Scenario s = load_scenario(source);
    const auto data = [](const std::string& r) {
        return reach::test::source_path("data/" + r).lexically_normal();
    };
    EXPECT_EQ(s.schema, 1);
    EXPECT_EQ(s.name, "lv-lt-border-baseline");
    EXPECT_EQ(s.crs, "EPSG:3035");
    ASSERT_TRUE(s.area);
    EXPECT_EQ(s.area->boundaries.path, data("boundaries/areas.gpkg"));
    EXPECT_EQ(s.area->boundaries.layer, "areas");
    EXPECT_EQ(s.area->country_field, "country");
    EXPECT_EQ(s.area->select.size(), 8U);
    EXPECT_EQ(s.area->select.front(), "auce");
    ASSERT_TRUE(s.roads);
    EXPECT_EQ(s.roads->file.path, data("roads/region.osm.pbf"));
    EXPECT_EQ(s.roads->standin.path, data("roads/region_standin.osm.pbf"));
    // The real extract takes over as soon as it exists (scenarios/README.md).
    const bool real = fs::exists(data("roads/region.osm.pbf"));
    EXPECT_EQ(s.roads->chosen_is_standin, !real);
    EXPECT_EQ(s.roads->chosen.path, real ? s.roads->file.path : s.roads->standin.path);
    EXPECT_FALSE(s.matrix);
    EXPECT_EQ(s.profiles.file.path, data("profiles.yaml"));
    EXPECT_EQ(s.profiles.use, (std::vector<std::string>{"car", "walk_elderly", "wheelchair"}));

    const auto& pop = s.population;
    EXPECT_EQ(pop.file.path, data("population/census2021_1km.csv.gz"));
    EXPECT_EQ(pop.id_field, "cell_id");
    EXPECT_EQ(pop.x_field, "x_ll");
    EXPECT_EQ(pop.point, reach::scenario::PointAnchor::lower_left);
    EXPECT_EQ(pop.cell_size_m, 1000.0);
    EXPECT_EQ(pop.country_field, "cntr_derived");
    ASSERT_EQ(pop.groups.size(), 6U);
    EXPECT_EQ(pop.groups[0].name, "total");
    EXPECT_EQ(pop.groups[0].column, "T");
    // No `profiles:` on the group: every profile of profiles.use.
    EXPECT_EQ(pop.groups[0].profiles, s.profiles.use);
    const auto* elderly = pop.find_group("age65plus");
    ASSERT_NE(elderly, nullptr);
    EXPECT_EQ(elderly->flag_column, "Y_GE65_CI");
    EXPECT_EQ(elderly->impute, reach::scenario::Impute::share_of_total_in_country);
    EXPECT_EQ(elderly->profiles, (std::vector<std::string>{"car", "walk_elderly"}));
    const auto* disabled = pop.find_group("disabled");
    ASSERT_NE(disabled, nullptr);
    EXPECT_EQ(disabled->rates.path, data("rates/disability.csv"));
    EXPECT_EQ(disabled->base, "total");
    EXPECT_EQ(disabled->profiles, (std::vector<std::string>{"car", "wheelchair"}));
    EXPECT_EQ(pop.groups[5].name, "families_disabled_children");

    EXPECT_EQ(s.centres.file.path, data("centres/existing.csv"));
    EXPECT_EQ(s.centres.services_field, "services");
    EXPECT_TRUE(s.centres.add.empty());
    EXPECT_EQ(s.thresholds_min, (std::vector<int>{15, 30, 45, 60}));
    EXPECT_EQ(s.target_min, 30);
    EXPECT_EQ(s.cross_border, reach::scenario::CrossBorder::allow);
    EXPECT_EQ(s.snap.max_distance_m, 1000.0);
    EXPECT_EQ(s.snap.on_unsnapped_centre, reach::scenario::OnUnsnappedCentre::error);
    EXPECT_FALSE(s.measures.service);
    EXPECT_EQ(s.measures.e2sfca.decay, reach::scenario::Decay::step);
    EXPECT_EQ(s.measures.e2sfca.breaks_min, (std::vector<double>{10, 20, 30}));
    EXPECT_EQ(s.measures.e2sfca.weights, (std::vector<double>{1.0, 0.68, 0.22}));
    EXPECT_EQ(s.measures.e2sfca.demand_group, "age65plus");
    EXPECT_EQ(s.catchments.raster_resolution_m, 100.0);
    EXPECT_FALSE(s.catchments.per_centre);
    ASSERT_TRUE(s.optimize);
    EXPECT_EQ(s.optimize->candidates.path, data("centres/candidates.csv"));
    EXPECT_EQ(s.optimize->objective, reach::scenario::Objective::mclp);
    EXPECT_EQ(s.optimize->group_weights.at("disabled"), 3.0);
    EXPECT_EQ(s.optimize->profile, "car");
    EXPECT_EQ(s.optimize->k, 7);
    EXPECT_EQ(s.optimize->budget_eur, 600000.0);
    EXPECT_EQ(s.optimize->max_time_min, 90.0);
    EXPECT_EQ(s.outputs.dir, reach::test::source_path("out/baseline").lexically_normal());
    EXPECT_EQ(s.outputs.formats.size(), 5U);
}

TEST(LoadScenario, FixtureValuesAndStandInWhenRoadFileIsAbsent) {
    const Scenario s = load_scenario(fixture("baseline-like.yaml"));
    EXPECT_EQ(s.name, "fixture-baseline");
    ASSERT_TRUE(s.roads);
    EXPECT_TRUE(s.roads->chosen_is_standin);
    EXPECT_EQ(s.roads->chosen.path, fixture("roads_standin.osm"));
    EXPECT_EQ(s.roads->chosen.at.line, 12U);
    EXPECT_EQ(s.population.find_group("age65plus")->off_network_kmh, 2.5);
    EXPECT_FALSE(s.population.find_group("total")->off_network_kmh);
    EXPECT_EQ(s.population.find_group("disabled")->profiles,
              (std::vector<std::string>{"car", "walk"}));
    ASSERT_EQ(s.centres.add.size(), 1U);
    EXPECT_EQ(s.centres.add[0].lon, 25.9);
    EXPECT_EQ(s.centres.add[0].services, (std::vector<std::string>{"day_care", "respite"}));
    EXPECT_EQ(s.centres.add[0].cost_eur, 90000.0);
    EXPECT_EQ(s.centres.add[0].operator_type, "ngo");
    EXPECT_EQ(s.cross_border, reach::scenario::CrossBorder::deny);
    EXPECT_EQ(s.snap.max_distance_m, 500.0);
    EXPECT_EQ(s.snap.on_unsnapped_centre, reach::scenario::OnUnsnappedCentre::warn);
    EXPECT_EQ(s.measures.service, "day_care");
    EXPECT_EQ(s.catchments.raster_resolution_m, 250.0);
    EXPECT_TRUE(s.catchments.per_centre);
    EXPECT_EQ(s.outputs.formats, (std::vector<std::string>{"csv", "gpkg"}));
    EXPECT_EQ(s.outputs.dir, fixture("../out/fixture").lexically_normal());
    EXPECT_FALSE(s.optimize);
}

TEST(LoadScenario, NullInAFlatFileMeansNotGiven) {
    // SCENARIO.md writes `service: null` and `equity_rank_column: null` in a flat file.
    reach::test::TempDir dir;
    auto flat = reach::test::read_text(fixture("baseline-like.yaml"));
    const auto at = flat.find("  service: day_care\n");
    ASSERT_NE(at, std::string::npos);
    flat.replace(at, 20, "  service: null\n  equity_rank_column: ~\n");
    reach::test::write_text(dir / "flat.yaml", with_absolute_paths(flat));
    const Scenario s = load_scenario(dir / "flat.yaml");
    EXPECT_FALSE(s.measures.service);
    EXPECT_FALSE(s.measures.equity_rank_column);
}

TEST(LoadScenario, WhatIfMergesWithItsBaseAsTheRulesSay) {
    const auto path = fixture("whatif/close_and_add.yaml");
    const Scenario s = load_scenario(path);
    EXPECT_EQ(s.name, "fixture-whatif");
    EXPECT_EQ(s.chain, (std::vector<fs::path>{path, fixture("baseline-like.yaml")}));
    // Maps merge key by key: area keeps boundaries and id_field of the base...
    ASSERT_TRUE(s.area);
    EXPECT_EQ(s.area->boundaries.path, fixture("areas.geojson"));
    EXPECT_EQ(s.area->boundaries.layer, "areas");
    // ...while lists replace.
    EXPECT_EQ(s.area->select, (std::vector<std::string>{"a2"}));
    EXPECT_EQ(s.thresholds_min, (std::vector<int>{15, 30, 60}));
    EXPECT_EQ(s.target_min, 30);
    // centres.add / close / modify append to the base's.
    EXPECT_EQ(ids(s.centres.add), (std::vector<std::string>{"N1", "N2"}));
    EXPECT_EQ(ids(s.centres.close), (std::vector<std::string>{"C1", "C3"}));
    EXPECT_EQ(ids(s.centres.modify), (std::vector<std::string>{"C2", "C1"}));
    EXPECT_EQ(s.centres.add[1].x, 5300000.0);
    EXPECT_FALSE(s.centres.add[1].lon);
    EXPECT_EQ(s.centres.close[1].at.file, path.string());
    EXPECT_EQ(s.centres.close[1].at.line, 10U);
    EXPECT_EQ(s.centres.close[0].at.file, fixture("baseline-like.yaml").string());
    EXPECT_EQ(s.centres.modify[1].services, (std::vector<std::string>{"respite"}));
    EXPECT_EQ(s.centres.modify[0].capacity, 60.0);
    // null deletes the base's key (back to the default: no service filter).
    EXPECT_FALSE(s.measures.service);
    EXPECT_EQ(s.measures.e2sfca.demand_group, "age65plus");
    // Paths resolve against the file that wrote them: the base's from data/, the child's
    // from data/whatif/.
    EXPECT_EQ(s.centres.file.path, fixture("centres.csv"));
    ASSERT_TRUE(s.optimize);
    EXPECT_EQ(s.optimize->candidates.path, fixture("whatif/candidates.csv"));
    EXPECT_EQ(s.optimize->profile, "walk");
    EXPECT_EQ(s.optimize->k, 2);
}

TEST(LoadScenario, ChildOverridingOneKeyEqualsTheEditedFlatFile) {
    reach::test::TempDir dir;
    auto flat = reach::test::read_text(fixture("baseline-like.yaml"));
    const auto at = flat.find("target_min: 30");
    ASSERT_NE(at, std::string::npos);
    flat.replace(at, 14, "target_min: 45");
    const auto flat_path = dir / "flat.yaml";
    reach::test::write_text(flat_path, with_absolute_paths(flat));
    WhatIf child;
    const Scenario a = load_scenario(child.write("target_min: 45\n"));
    const Scenario b = load_scenario(flat_path);
    EXPECT_EQ(a.target_min, 45);
    EXPECT_EQ(b.target_min, 45);
    // Every value, default and resolved path is the same (to_yaml writes them all).
    EXPECT_EQ(reach::scenario::to_yaml(a), reach::scenario::to_yaml(b));
}

// Writing the resolved scenario and reading it back is a fixed point: every value survives
// (defaults, merged lists, paths made absolute), and the text has no base: left.
TEST(ToYaml, ResolvedScenarioReadsBackToTheSameScenario) {
    for (const auto& path : {reach::test::source_path("scenarios/baseline.yaml"),
                             fixture("whatif/close_and_add.yaml")}) {
        const Scenario first = load_scenario(path);
        const auto text = reach::scenario::to_yaml(first);
        EXPECT_EQ(text.find("\nbase:"), std::string::npos);
        reach::test::TempDir dir;
        reach::test::write_text(dir / "resolved.yaml", text);
        const Scenario second = load_scenario(dir / "resolved.yaml");
        EXPECT_EQ(reach::scenario::to_yaml(second), text) << path;
        EXPECT_EQ(second.population.groups.size(), first.population.groups.size());
        EXPECT_EQ(ids(second.centres.close), ids(first.centres.close));
        EXPECT_EQ(second.measures.e2sfca.weights, first.measures.e2sfca.weights);
        EXPECT_EQ(second.roads->chosen.path, first.roads->chosen.path);
        EXPECT_EQ(second.description, first.description);
    }
}

TEST(ToYaml, WritesDefaultsOut) {
    const auto text = reach::scenario::to_yaml(load_scenario(fixture("baseline-like.yaml")));
    // Not written in the fixture: the defaults of SCENARIO.md.
    EXPECT_TRUE(contains(text, "id_field: cell_id"));
    EXPECT_TRUE(contains(text, "  capacity_field: capacity\n"));
    EXPECT_TRUE(contains(text, "disabled: {rates: " + fixture("rates.csv").string() +
                                   ", base: total, profiles: [car, walk]}"));
    EXPECT_TRUE(contains(text, "thresholds_min: [15, 30, 45]\n"));
    EXPECT_TRUE(contains(text, "weights: [1, 0.5]"));
}

// SCENARIO.md, "Using a travel-time matrix computed elsewhere": ids only, no roads, no
// profiles; the defaults fill the rest.
TEST(LoadScenario, MatrixVariantNeedsNoRoadsNorProfiles) {
    reach::test::TempDir dir;
    for (const char* name : {"od.csv", "demand.csv", "supply.csv", "candidates.csv"}) {
        reach::test::write_text(dir / name, "id,pop,capacity\n");
    }
    reach::test::write_text(dir / "m.yaml",
                            "reach: 1\n"
                            "name: matrix\n"
                            "matrix:\n"
                            "  file: od.csv\n"
                            "population: {file: demand.csv, id_field: id, groups: {total: "
                            "{column: pop}}}\n"
                            "centres:    {file: supply.csv, id_field: id, capacity_field: "
                            "capacity}\n"
                            "optimize:   {candidates: candidates.csv, objective: pmedian, k: 4}\n");
    const Scenario s = load_scenario(dir / "m.yaml");
    ASSERT_TRUE(s.matrix);
    EXPECT_EQ(s.matrix->file.path, dir / "od.csv");
    EXPECT_FALSE(s.roads);
    EXPECT_TRUE(s.profiles.use.empty());
    EXPECT_TRUE(s.population.groups[0].profiles.empty());
    EXPECT_EQ(s.measures.e2sfca.demand_group, "total");
    EXPECT_EQ(s.optimize->objective, reach::scenario::Objective::pmedian);
    EXPECT_EQ(s.optimize->k, 4);
    EXPECT_TRUE(s.optimize->keep_existing);
    EXPECT_EQ(s.thresholds_min, (std::vector<int>{15, 30, 45, 60}));
    EXPECT_EQ(s.target_min, 30);
    EXPECT_EQ(s.crs, "EPSG:3035");
    EXPECT_EQ(s.outputs.formats.size(), 5U);

    reach::test::write_text(
        dir / "both.yaml",
        "reach: 1\nbase: " + fixture("baseline-like.yaml").string() + "\nmatrix: {file: od.csv}\n");
    EXPECT_EQ(input_error_message([&] { (void)load_scenario(dir / "both.yaml"); }),
              (dir / "both.yaml").string() +
                  ":3:9: matrix: given together with roads (expected either roads or matrix, "
                  "not both)");
}

TEST(LoadScenario, GaussianDecayRasterGroupsAndRoadColumns) {
    WhatIf w;
    const auto roads = fixture("roads_standin.osm").string();
    const auto grid = fixture("population.csv").string();
    const Scenario s = load_scenario(
        w.write("measures:\n"
                "  e2sfca: {decay: gaussian, catchment_min: 25, breaks_min: null, weights: null,\n"
                "           demand_group: total}\n"
                "roads: {file: " +
                roads +
                ", standin: null, columns: {class: fclass}}\n"
                "population:\n"
                "  groups:\n"
                "    age65plus: null\n"
                "    disabled: null\n"
                "    total: {column: null, band: 1}\n"
                "    elderly: {band: 2, file: " +
                grid + ", off_network_kmh: 3}\n"));
    EXPECT_EQ(s.measures.e2sfca.decay, reach::scenario::Decay::gaussian);
    EXPECT_EQ(s.measures.e2sfca.catchment_min, 25.0);
    EXPECT_TRUE(s.measures.e2sfca.breaks_min.empty());
    ASSERT_TRUE(s.roads);
    EXPECT_FALSE(s.roads->chosen_is_standin);
    EXPECT_EQ(s.roads->chosen.path, fixture("roads_standin.osm"));
    EXPECT_EQ(s.roads->columns, (std::map<std::string, std::string>{{"class", "fclass"}}));
    ASSERT_EQ(s.population.groups.size(), 2U);
    EXPECT_EQ(s.population.groups[0].name, "total");
    EXPECT_EQ(s.population.groups[0].band, 1);
    EXPECT_TRUE(s.population.groups[0].column.empty());
    EXPECT_EQ(s.population.groups[1].name, "elderly");
    EXPECT_EQ(s.population.groups[1].band, 2);
    EXPECT_EQ(s.population.groups[1].file.path, fixture("population.csv"));
    EXPECT_EQ(s.population.groups[1].off_network_kmh, 3.0);
    EXPECT_EQ(s.population.groups[1].profiles, (std::vector<std::string>{"car", "walk"}));

    // Inherited breaks and weights do not fit a Gaussian decay: both are reported where the
    // base wrote them (line 44: "  e2sfca: {decay: step, breaks_min: [10, 20], weights: [").
    const auto msg = w.error("measures: {e2sfca: {decay: gaussian, catchment_min: 25}}\n");
    const auto base = fixture("baseline-like.yaml").string();
    EXPECT_EQ(msg, base +
                       ":44:37: measures.e2sfca.breaks_min: given with decay: gaussian (expected "
                       "catchment_min only (breaks_min and weights are for step))\n" +
                       base +
                       ":44:56: measures.e2sfca.weights: given with decay: gaussian (expected "
                       "catchment_min only (breaks_min and weights are for step))");
}

TEST(LoadScenarioErrors, UnknownKeyWithDidYouMeanHint) {
    WhatIf w;
    const auto msg = w.error("thresholds_mn: [15, 30]\n");
    EXPECT_TRUE(contains(msg, w.file() + ":3:1: thresholds_mn: unknown key (expected one of "
                                         "reach, name, description, base, crs,"));
    EXPECT_TRUE(contains(msg, "; did you mean \"thresholds_min\"?)"));
    EXPECT_EQ(line_count(msg), 1U);
}

TEST(LoadScenarioErrors, UnknownNestedKey) {
    WhatIf w;
    const auto msg = w.error("snap:\n  max_distance: 100\n");
    EXPECT_TRUE(contains(msg, w.file() + ":4:3: snap.max_distance: unknown key (expected one "
                                         "of max_distance_m, on_unsnapped_centre; did you "
                                         "mean \"max_distance_m\"?)"));
}

TEST(LoadScenarioErrors, DuplicateKeyNamesBothLines) {
    WhatIf w;
    const auto msg = w.error("target_min: 30\ncross_border: allow\ntarget_min: 45\n");
    EXPECT_EQ(msg, w.file() +
                       ":5:1: (top level): duplicate key \"target_min\", first at line 3 "
                       "(expected each key once per map)");
}

TEST(LoadScenarioErrors, TabsAreReportedPerLine) {
    WhatIf w;
    const auto msg = w.error("snap:\n\tmax_distance_m: 5\n  \ton_unsnapped_centre: warn\n");
    EXPECT_EQ(msg, w.file() +
                       ":4:1: tab character (expected spaces: YAML indentation cannot use "
                       "tabs)\n" +
                       w.file() +
                       ":5:3: tab character (expected spaces: YAML indentation cannot use "
                       "tabs)");
}

TEST(LoadScenarioErrors, WrongTypes) {
    WhatIf w;
    const auto msg = w.error(
        "snap:\n"
        "  max_distance_m: far\n"            // line 4, value at column 19
        "catchments: {per_centre: maybe}\n"  // line 5: "catchments: {per_centre: " = 25 chars
        "area: [a, b]\n");                   // line 6: a list where a map belongs
    EXPECT_TRUE(contains(
        msg, w.file() + ":4:19: snap.max_distance_m: found \"far\" (expected a number > 0)"));
    EXPECT_TRUE(contains(msg, w.file() + ":5:26: catchments.per_centre: found \"maybe\" "
                                         "(expected true or false)"));
    EXPECT_TRUE(contains(msg, w.file() + ":6:7: area: found a list (expected a map)"));
    EXPECT_EQ(line_count(msg), 3U);
}

// outputs.files (output_files.hpp): a known output, a plain file name, an extension its
// writer takes, each name once; every problem reported at its value.
TEST(LoadScenarioErrors, OutputRenamesNeedAKnownOutputAPlainNameAndAWritableExtension) {
    WhatIf w;
    const auto msg = w.error(
        "outputs:\n"                           // 3
        "  files:\n"                           // 4
        "    cells: sub/cells.csv\n"           // 5: value at column 12
        "    summary: summary.txt\n"           // 6: column 14
        "    reach: all.geojson\n"             // 7: column 12
        "    catchments: zones.xyz\n"          // 8: column 17
        "    travel_time_bike: bike.tif\n"     // 9: column 23
        "    travel_time_car: car.png\n"       // 10: column 22
        "    travel_time_walk: walk.tif\n"     // 11: fine
        "    report: manifest.json\n"         // 12: column 13
        "    atlas: atlas.pdf\n");             // 13: column 12
    const auto at = [&](int line, int column) {
        return fmt::format("{}:{}:{}: outputs.files.", w.file(), line, column);
    };
    EXPECT_TRUE(contains(msg, at(5, 12) + "cells: \"sub/cells.csv\" is not a plain file name "
                                          "(expected a name in the run folder, e.g. "
                                          "my_cells.csv)"))
        << msg;
    EXPECT_TRUE(contains(msg, at(6, 14) + "summary: \"summary.txt\" has the wrong extension "
                                          "(expected a .json file name)"));
    EXPECT_TRUE(contains(msg, at(7, 12) + "reach: a GeoJSON file holds one layer (expected a "
                                          "format with many layers (.gpkg))"));
    EXPECT_TRUE(contains(msg, at(8, 17) + "catchments: no GDAL vector driver writes \".xyz\" "
                                          "files"));
    EXPECT_TRUE(contains(msg, at(9, 23) + "travel_time_bike: unknown output "
                                          "\"travel_time_bike\" (expected one of summary, "
                                          "cells, reach, catchments, report, travel_time_car, "
                                          "travel_time_walk)"));
    EXPECT_TRUE(contains(msg, at(10, 22) + "travel_time_car: \"car.png\" has the wrong "
                                           "extension (expected a .tif or .tiff file name)"));
    EXPECT_TRUE(contains(msg, at(12, 13) + "report: manifest.json is reserved"));
    EXPECT_TRUE(contains(msg, at(13, 12) + "atlas: unknown output"));
    EXPECT_EQ(line_count(msg), 8U);
}

TEST(LoadScenarioErrors, OutputRenamesMayNotShareAFileNorTakeTheManifest) {
    WhatIf w;
    const auto msg = w.error(
        "outputs:\n"                                                      // 3
        "  files: {cells: a.gpkg, catchments: a.gpkg, summary: manifest.json}\n");  // 4
    EXPECT_TRUE(contains(msg, w.file() + ":4:38: outputs.files.catchments: \"a.gpkg\" is "
                                         "already the file of cells (expected a file name no "
                                         "other output uses)"))
        << msg;
    EXPECT_TRUE(contains(msg, w.file() + ":4:55: outputs.files.summary: manifest.json is "
                                         "reserved (it marks a complete run) (expected another "
                                         "file name)"));
    EXPECT_EQ(line_count(msg), 2U);
}

TEST(LoadScenario, OutputRenamesAndTheNetworkLayerAreRead) {
    WhatIf w;
    const auto s = load_scenario(w.write(
        "outputs:\n  network_layer: true\n  files: {cells: cells.fgb, reach: all.sqlite, "
        "travel_time_car: car.tiff}\n"));
    EXPECT_TRUE(s.outputs.network_layer);
    EXPECT_EQ(reach::scenario::output_file(s, "cells"), "cells.fgb");
    EXPECT_EQ(reach::scenario::output_file(s, "reach"), "all.sqlite");
    EXPECT_EQ(reach::scenario::output_file(s, "travel_time_car"), "car.tiff");
    EXPECT_EQ(reach::scenario::output_file(s, "summary"), "summary.json");
    EXPECT_EQ(reach::scenario::output_file(s, "travel_time_walk"), "travel_time_walk.tif");
    // The resolved scenario (manifest.json) keeps both.
    const reach::test::TempDir dir;
    reach::test::write_text(dir / "resolved.yaml", reach::scenario::to_yaml(s));
    const auto again = load_scenario(dir / "resolved.yaml");
    EXPECT_EQ(again.outputs.files, s.outputs.files);
    EXPECT_TRUE(again.outputs.network_layer);
}

TEST(LoadScenarioErrors, QuotedNumberIsText) {
    WhatIf w;
    const auto msg = w.error("target_min: \"30\"\n");
    EXPECT_EQ(msg, w.file() +
                       ":3:13: target_min: found \"30\" (expected a positive integer, "
                       "one of thresholds_min)");
}

TEST(LoadScenarioErrors, ThresholdsMustStrictlyIncrease) {
    WhatIf w;
    // "thresholds_min: [" is 17 characters: 15 at column 18, 45 at 22, 30 at 26.
    const auto msg = w.error("thresholds_min: [15, 45, 30]\n");
    EXPECT_EQ(msg, w.file() +
                       ":3:26: thresholds_min[2]: 30 is not greater than 45 (expected "
                       "strictly increasing positive integers, e.g. [15, 30])");
}

TEST(LoadScenarioErrors, ThresholdsMustBePositiveIntegers) {
    WhatIf w;
    const auto msg = w.error("thresholds_min: [0, 7.5, 30]\n");
    EXPECT_EQ(msg, w.file() +
                       ":3:18: thresholds_min[0]: found \"0\" (expected strictly "
                       "increasing positive integers, e.g. [15, 30])\n" +
                       w.file() +
                       ":3:21: thresholds_min[1]: found \"7.5\" (expected strictly "
                       "increasing positive integers, e.g. [15, 30])");
}

TEST(LoadScenarioErrors, TargetMustBeOneOfTheThresholds) {
    WhatIf w;
    const auto msg = w.error("target_min: 40\n");
    EXPECT_EQ(msg, w.file() +
                       ":3:13: target_min: 40 is not one of thresholds_min (expected "
                       "one of 15, 30, 45)");
}

TEST(LoadScenarioErrors, ThresholdsWithoutTheInheritedTargetPointAtTheThresholds) {
    WhatIf w;
    const auto msg = w.error("thresholds_min: [10, 20]\n");
    EXPECT_EQ(msg, w.file() +
                       ":3:17: target_min: 30 is not one of thresholds_min (expected "
                       "one of 10, 20)");
}

TEST(LoadScenarioErrors, GroupMayNameOnlyProfilesInUse) {
    WhatIf w;
    // "    age65plus: {profiles: [car, " is 32 characters: "bike" at column 33.
    const auto msg = w.error("population:\n  groups:\n    age65plus: {profiles: [car, bike]}\n");
    EXPECT_EQ(msg, w.file() +
                       ":5:33: population.groups.age65plus.profiles[1]: profile "
                       "\"bike\" is not in profiles.use (expected one of car, walk)");
}

TEST(LoadScenarioErrors, ProfilesUseMustExistInTheProfileFile) {
    WhatIf w;
    const auto msg = w.error("profiles:\n  use: [car, bus]\n");
    EXPECT_TRUE(contains(msg, w.file() + ":4:14: profiles.use[1]: no profile \"bus\" in " +
                                  fixture("profiles.yaml").string() +
                                  " (expected one of car, walk)"));
}

TEST(LoadScenarioErrors, CrossBorderAndOnUnsnappedCentreChoices) {
    WhatIf w;
    const auto msg = w.error("cross_border: closed\nsnap: {on_unsnapped_centre: ignore}\n");
    EXPECT_EQ(msg, w.file() +
                       ":3:15: cross_border: unknown value \"closed\" (expected one of "
                       "allow, deny)\n" +
                       w.file() +
                       ":4:29: snap.on_unsnapped_centre: unknown value \"ignore\" "
                       "(expected one of error, warn)");
}

TEST(LoadScenarioErrors, MissingFileIsResolvedAgainstTheNamingFile) {
    WhatIf w;
    const auto msg = w.error("centres: {file: nowhere.csv}\n");
    const auto expected = (fs::path(w.file()).parent_path() / "nowhere.csv").string();
    EXPECT_EQ(msg, w.file() + ":3:17: centres.file: file \"" + expected +
                       "\" not found (expected an existing file, relative to the scenario file "
                       "naming it)");
}

TEST(LoadScenarioErrors, MissingRoadFileIsAnErrorOnlyWithoutStandIn) {
    WhatIf w;
    // Deleting the inherited stand-in leaves the base's absent roads.file (line 11, col 9).
    const auto msg = w.error("roads: {standin: null}\n");
    EXPECT_EQ(msg, fixture("baseline-like.yaml").string() + ":11:9: roads.file: file \"" +
                       fixture("roads_absent.osm.pbf").string() +
                       "\" not found (expected an existing road file (or roads.standin for "
                       "when it is absent))");
}

TEST(LoadScenarioErrors, CrsPROJDoesNotKnowOrNotMetric) {
    WhatIf w;
    EXPECT_EQ(w.error("crs: EPSG:999999\n"),
              w.file() +
                  ":3:6: crs: unknown CRS \"EPSG:999999\" (PROJ does not know it) "
                  "(expected a CRS PROJ knows, e.g. EPSG:3035)");
    EXPECT_EQ(w.error("crs: EPSG:4326\n"),
              w.file() +
                  ":3:6: crs: CRS \"EPSG:4326\" is not projected in metres (expected a "
                  "metric projected CRS such as EPSG:3035)");
}

TEST(LoadScenarioErrors, SchemaVersionMissingOrUnsupported) {
    reach::test::TempDir dir;
    const auto missing = dir / "missing.yaml";
    reach::test::write_text(missing,
                            "name: x\nbase: " + fixture("baseline-like.yaml").string() + "\n");
    EXPECT_EQ(input_error_message([&] { (void)load_scenario(missing); }),
              missing.string() +
                  ":1:1: reach: missing schema version (expected \"reach: 1\" as the first "
                  "line)");
    const auto two = dir / "two.yaml";
    reach::test::write_text(two,
                            "reach: 2\nbase: " + fixture("baseline-like.yaml").string() + "\n");
    EXPECT_EQ(input_error_message([&] { (void)load_scenario(two); }),
              two.string() + ":1:8: reach: unsupported schema version \"2\" (expected 1)");
}

TEST(LoadScenarioErrors, SeveralErrorsOfOneFileAreAllReported) {
    WhatIf w;
    const auto msg = w.error(
        "crs: EPSG:999999\n"                   // 3
        "cross_border: maybe\n"                // 4
        "thresholds_min: [30, 15]\n"           // 5
        "centres:\n"                           // 6
        "  add:\n"                             // 7
        "    - {id: N1, lon: 200, lat: 55}\n"  // 8: duplicate of the base's N1, lon > 180
        "measures:\n"                          // 9
        "  e2sfca: {demand_group: teens}\n"    // 10
        "outputs: {formats: [csv, pdf]}\n");   // 11
    EXPECT_TRUE(contains(msg, w.file() + ":3:6: crs: unknown CRS"));
    EXPECT_TRUE(contains(msg, w.file() + ":4:15: cross_border: unknown value \"maybe\""));
    EXPECT_TRUE(contains(msg, w.file() + ":5:22: thresholds_min[1]: 15 is not greater than 30"));
    EXPECT_TRUE(contains(msg, w.file() + ":8:12: centres.add[1].id: centre \"N1\" added twice"));
    EXPECT_TRUE(contains(msg, w.file() + ":8:21: centres.add[1].lon: 200 is out of range"));
    EXPECT_TRUE(
        contains(msg, w.file() + ":10:26: measures.e2sfca.demand_group: no group \"teens\""));
    EXPECT_TRUE(contains(msg, w.file() + ":11:26: outputs.formats[1]: unknown format \"pdf\""));
    EXPECT_EQ(line_count(msg), 7U) << msg;
}

TEST(LoadScenarioErrors, CentreEditsMustNameCentresThatExist) {
    WhatIf w;
    // centres.csv holds C1, C2, C3; the base adds N1, closes C1, modifies C2.
    const auto msg = w.error(
        "centres:\n"
        "  add: [{id: C2, lon: 26, lat: 55}]\n"  // line 4: "  add: [{id: " = 13 characters
        "  close: [N1, C9]\n"                    // line 5: N1 (added by the base) is fine; C9 at 15
        "  modify: [{id: X, capacity: 1}]\n");   // line 6: "  modify: [{id: " = 16 characters
    const auto file = fixture("centres.csv").string();
    EXPECT_EQ(msg, w.file() + ":4:14: centres.add[1].id: centre \"C2\" already exists in " + file +
                       " (expected a new id; use modify to change it)\n" + w.file() +
                       ":5:15: centres.close[2]: no centre \"C9\" in " + file +
                       " or centres.add (expected the id of an existing centre)\n" + w.file() +
                       ":6:17: centres.modify[1].id: no centre \"X\" in " + file +
                       " or centres.add (expected the id of an existing centre)");
}

TEST(CheckCentreEdits, AcceptsEditsOfExistingAndAddedCentres) {
    const Scenario s = load_scenario(fixture("whatif/close_and_add.yaml"));
    EXPECT_NO_THROW(reach::scenario::check_centre_edits(s, {"C1", "C2", "C3"}));
    // Without C3 in the file, the what-if's close: [C3] (line 10, column 11) is reported.
    EXPECT_EQ(input_error_message([&] {
                  reach::scenario::check_centre_edits(s, {"C1", "C2"});
              }),
              fixture("whatif/close_and_add.yaml").string() +
                  ":10:11: centres.close[1]: no centre \"C3\" in " +
                  fixture("centres.csv").string() +
                  " or centres.add (expected the id of an existing centre)");
}

TEST(LoadScenarioErrors, AreaColumnsAndSelectedIdsMustExistInTheBoundaries) {
    WhatIf w;
    // areas.geojson (layer "areas") has columns id, name, country and areas a1, a2.
    const auto layer = fixture("areas.geojson").string() + "#areas";
    EXPECT_EQ(w.error("area: {select: [a1, a3]}\n"),
              w.file() + ":3:21: area.select[1]: no area \"a3\" in " + layer +
                  " (expected one of a1, a2; did you mean \"a1\"?)");
    EXPECT_EQ(w.error("area:\n  name_field: label\n  id_field: code\n"),
              w.file() + ":4:15: area.name_field: no column \"label\" in " + layer +
                  " (expected one of its columns: id, name, country)\n" + w.file() +
                  ":5:13: area.id_field: no column \"code\" in " + layer +
                  " (expected one of its columns: id, name, country)");
    EXPECT_EQ(w.error("area: {boundaries: " + fixture("areas.geojson").string() + "#districts}\n"),
              w.file() + ":3:20: area.boundaries: " + fixture("areas.geojson").string() +
                  ": no layer \"districts\" (layers: areas)");
}

TEST(LoadScenarioErrors, PopulationColumnsMustExistInTheGrid) {
    WhatIf w;
    // population.csv has cell_id,x,y,country,T,Y_GE65,Y_GE65_CI.
    const auto csv = fixture("population.csv").string();
    EXPECT_EQ(w.error("population:\n"
                      "  y_field: y_ll\n"  // line 4, value at column 12
                      "  groups:\n"
                      "    age65plus: {column: Y_GE_65}\n"),  // line 6, value at column 25
              w.file() + ":4:12: population.y_field: no column \"y_ll\" in " + csv +
                  " (expected one of its columns: cell_id, x, y, country, T, Y_GE65, "
                  "Y_GE65_CI)\n" +
                  w.file() +
                  ":6:25: population.groups.age65plus.column: no column \"Y_GE_65\" in " + csv +
                  " (expected one of its columns: cell_id, x, y, country, T, Y_GE65, "
                  "Y_GE65_CI)");
}

TEST(LoadScenarioErrors, BaseCycleNamesTheChain) {
    reach::test::TempDir dir;
    const auto a = dir / "a.yaml";
    const auto b = dir / "b.yaml";
    const auto c = dir / "c.yaml";
    reach::test::write_text(a, "reach: 1\nbase: b.yaml\n");
    reach::test::write_text(b, "reach: 1\nbase: c.yaml\n");
    reach::test::write_text(c, "reach: 1\nname: c\nbase: b.yaml\n");
    EXPECT_EQ(input_error_message([&] { (void)load_scenario(a); }),
              c.string() + ":3:7: base: cycle " + b.string() + " → " + c.string() + " → " +
                  b.string() + " (expected a chain of base files that ends)");
    const auto self = dir / "self.yaml";
    reach::test::write_text(self, "reach: 1\nbase: ./self.yaml\n");
    EXPECT_TRUE(contains(input_error_message([&] { (void)load_scenario(self); }),
                         "base: cycle " + self.string() + " → " + self.string()));
}

TEST(LoadScenarioErrors, MissingBaseFile) {
    reach::test::TempDir dir;
    const auto child = dir / "child.yaml";
    reach::test::write_text(child, "reach: 1\nbase: nothere.yaml\n");
    EXPECT_EQ(input_error_message([&] { (void)load_scenario(child); }),
              child.string() + ":2:7: base: file \"" + (dir / "nothere.yaml").string() +
                  "\" not found (expected an existing scenario file, relative to the file "
                  "naming it)");
}

TEST(LoadScenarioErrors, MissingScenarioFile) {
    EXPECT_EQ(input_error_message([] { (void)load_scenario("/nonexistent/s.yaml"); }),
              "/nonexistent/s.yaml: scenario file not found (expected an existing YAML file)");
}

}  // namespace
