// Real OpenStreetMap extracts through the whole pipeline (ingest → profile graphs → routing),
// © OpenStreetMap contributors, ODbL 1.0 (tests/data/README.md):
//  - liechtenstein.osm.pbf: a whole small country, villages and Alpine tracks;
//  - harrisburg.osm.pbf: Harrisburg PA, maxspeed in mph and oneway motorway links;
//  - poa_osm.pbf: central Porto Alegre with r5r's 15 points of interest and H3 hexagon
//    population (poa_*.csv, MIT © 2020 Ipea) as a small synthetic-population run.
// Graph sizes and km by class were observed with `reach inspect tests/data/<file>` and checked
// for plausibility against the way counts of tests/data/README.md; routing is cross-checked
// against Boost.Graph's Dijkstra on the same arc weights.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "reach/core/units.hpp"
#include "reach/io/centres_reader.hpp"
#include "reach/io/road_reader.hpp"
#include "reach/network/nearest_node.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/routing/search.hpp"
#include "reach_test/boost_dijkstra.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::network::ProfileGraph;

struct Extract {
    reach::network::RoadTable table;
    reach::network::RoadGraph roads;
    ProfileGraph car;
    ProfileGraph walk;
};

const reach::network::ProfileSet& profiles() {
    static const auto set =
        reach::network::load_profiles(reach::test::source_path("data/profiles.yaml").string());
    return set;
}

Extract load(const std::string& file) {
    Extract e;
    e.table = reach::io::read_osm_roads(reach::test::data_path(file).string(), "EPSG:3035");
    e.roads = reach::network::build_road_graph(e.table);
    e.car = reach::network::build_profile_graph(e.roads, e.table, profiles().get("car"));
    e.walk = reach::network::build_profile_graph(e.roads, e.table, profiles().get("walk"));
    return e;
}

const Extract& liechtenstein() {
    static const Extract e = load("liechtenstein.osm.pbf");
    return e;
}
const Extract& harrisburg() {
    static const Extract e = load("harrisburg.osm.pbf");
    return e;
}
const Extract& porto_alegre() {
    static const Extract e = load("poa_osm.pbf");
    return e;
}

double total_km(const reach::network::RoadGraph& roads) {
    double km = 0.0;
    for (const double length_m : roads.segment_length_m) {
        km += length_m / 1000.0;
    }
    return km;
}

// class → (total km, km usable by car, km usable on foot)
struct ClassKm {
    double total = 0.0, car = 0.0, walk = 0.0;
};
std::map<std::string, ClassKm> km_by_class(const Extract& e) {
    std::map<std::string, ClassKm> km;
    const auto car = reach::network::length_by_class(e.roads, e.table, &profiles().get("car"));
    const auto walk = reach::network::length_by_class(e.roads, e.table, &profiles().get("walk"));
    EXPECT_EQ(car.size(), walk.size());
    for (std::size_t i = 0; i < car.size() && i < walk.size(); ++i) {
        km[car[i].highway] = {car[i].length_km, car[i].usable_km, walk[i].usable_km};
    }
    return km;
}

// Our multi-source nearest-centre times on the reverse graph must equal Boost.Graph's
// Dijkstra from the same sources, node by node; returns the number of nodes reached.
std::size_t expect_equal_to_boost(const ProfileGraph& graph,
                                  const std::vector<std::uint32_t>& centres) {
    std::vector<reach::routing::Source> sources;
    for (std::uint32_t rank = 0; rank < centres.size(); ++rank) {
        sources.push_back({centres[rank], 0.0, rank});
    }
    const auto ours = reach::routing::nearest_centre(graph.reverse, sources);
    const auto expected = reach::test::boost_distances(graph.reverse, centres);
    std::size_t reached = 0, mismatches = 0;
    for (std::uint32_t v = 0; v < graph.reverse.node_count(); ++v) {
        const bool same = expected[v] == std::numeric_limits<double>::infinity()
                              ? ours.time_s[v] == reach::unreachable
                              : std::abs(ours.time_s[v] - expected[v]) <= 1e-6;
        if (!same && mismatches++ == 0) {  // report the first one, not thousands
            ADD_FAILURE() << "node " << v << ": ours " << ours.time_s[v] << " s, Boost "
                          << expected[v] << " s";
        }
        if (expected[v] != std::numeric_limits<double>::infinity()) {
            ++reached;
        }
    }
    EXPECT_EQ(mismatches, 0U);
    return reached;
}

// Three centres spread over the kept component: its first, middle and last node by id
// (node ids follow a Hilbert curve, so these lie in different parts of the area).
std::vector<std::uint32_t> three_centres(const ProfileGraph& graph) {
    std::vector<std::uint32_t> component;
    for (std::uint32_t v = 0; v < graph.in_component.size(); ++v) {
        if (graph.in_component[v] != 0) {
            component.push_back(v);
        }
    }
    if (component.empty()) {
        return {};
    }
    return {component.front(), component[component.size() / 2], component.back()};
}

void expect_car_times_equal_boost(const Extract& e) {
    const auto centres = three_centres(e.car);
    ASSERT_EQ(centres.size(), 3U);
    // Every node of the strongly connected component reaches a centre, and only those.
    EXPECT_EQ(expect_equal_to_boost(e.car, centres), e.car.component_nodes);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Liechtenstein. README: 4,660 highway ways; the reader keeps 4,658 (two are area=yes
// polygons). 1,141 km of lines over a 160 km² country is plausible because 453 km are
// tracks and 175 km paths (Alpine farm and forest ways); the public roads (primary to
// residential) add up to ~353 km.
TEST(RealExtracts, LiechtensteinIngestGivesTheObservedGraphSizeAndKmByClass) {
    const auto& e = liechtenstein();
    EXPECT_EQ(e.table.way_count(), 4658U);
    EXPECT_EQ(e.roads.node_count(), 6256U);
    EXPECT_EQ(e.roads.segment_count(), 7882U);
    EXPECT_NEAR(total_km(e.roads), 1141.292, 0.001);

    auto km = km_by_class(e);
    EXPECT_EQ(km.size(), 16U);
    EXPECT_NEAR(km["track"].total, 453.586, 0.001);
    EXPECT_NEAR(km["track"].car, 342.112, 0.001);  // agricultural/forestry/no access excluded
    EXPECT_NEAR(km["residential"].total, 210.920, 0.001);
    EXPECT_NEAR(km["primary"].car, 27.694, 0.001);
    EXPECT_NEAR(km["path"].car, 0.0, 1e-9);
    EXPECT_NEAR(km["path"].walk, 175.349, 0.001);

    EXPECT_EQ(e.car.forward.arc_count(), 11055U);
    EXPECT_EQ(e.car.component_nodes, 4932U);
    EXPECT_EQ(e.car.dropped_nodes, 314U);
    EXPECT_EQ(e.car.unusable_nodes, 1010U);
    EXPECT_EQ(e.walk.forward.arc_count(), 15478U);
    EXPECT_EQ(e.walk.component_nodes, 6133U);
}

TEST(RealExtracts, LiechtensteinCarTimesFromThreeCentresEqualBoostDijkstra) {
    expect_car_times_equal_boost(liechtenstein());
}

// ---------------------------------------------------------------------------------------------
// Harrisburg. README: 2,514 highway ways; one has a single node in the file and is dropped.
// 147 motorway ways → 77 km of motorway; residential dominates (1,676 ways, 556 km).
TEST(RealExtracts, HarrisburgIngestGivesTheObservedGraphSizeAndKmByClass) {
    const auto& e = harrisburg();
    EXPECT_EQ(e.table.way_count(), 2513U);
    EXPECT_EQ(e.roads.node_count(), 4628U);
    EXPECT_EQ(e.roads.segment_count(), 6521U);
    EXPECT_NEAR(total_km(e.roads), 950.800, 0.001);

    auto km = km_by_class(e);
    EXPECT_EQ(km.size(), 15U);
    EXPECT_NEAR(km["motorway"].total, 77.080, 0.001);
    EXPECT_NEAR(km["motorway"].car, 77.080, 0.001);
    EXPECT_NEAR(km["motorway"].walk, 0.0, 1e-9);  // no walking on motorways
    EXPECT_NEAR(km["motorway_link"].total, 33.938, 0.001);
    EXPECT_NEAR(km["residential"].total, 555.826, 0.001);
    EXPECT_NEAR(km["service"].car, 70.233, 0.001);

    EXPECT_EQ(e.car.forward.arc_count(), 12078U);
    EXPECT_EQ(e.car.component_nodes, 4432U);
    EXPECT_EQ(e.car.dropped_nodes, 147U);
    EXPECT_EQ(e.car.unusable_nodes, 49U);
    EXPECT_EQ(e.walk.forward.arc_count(), 12212U);
    EXPECT_EQ(e.walk.component_nodes, 4299U);
}

TEST(RealExtracts, HarrisburgCarTimesFromThreeCentresEqualBoostDijkstra) {
    expect_car_times_equal_boost(harrisburg());
}

// maxspeed="65 mph" → 65 × 1.609344 = 104.60736 km/h; "55 mph" → 88.51392 km/h (the car
// profile's motorway class speed is 110, so a match proves the tag was used). Each arc's
// speed is recomputed from its segment length and stored float time.
TEST(RealExtracts, HarrisburgMaxspeedInMphSetsTheMotorwayArcSpeed) {
    const auto& e = harrisburg();
    std::map<std::string, std::pair<std::size_t, double>> seen;  // maxspeed → (arcs, max error)
    const std::map<std::string, double> expected_kmh{{"65 mph", 104.60736}, {"55 mph", 88.51392}};
    const auto& g = e.car.forward;
    for (std::uint32_t a = 0; a < g.arc_count(); ++a) {
        const auto way = e.roads.segment_way[g.segment[a]];
        if (e.table.tag(way, "highway") != "motorway") {
            continue;
        }
        const std::string maxspeed(e.table.tag(way, "maxspeed"));
        const auto it = expected_kmh.find(maxspeed);
        if (it == expected_kmh.end()) {
            continue;
        }
        const double speed_kmh = e.roads.segment_length_m[g.segment[a]] / g.time_s[a] * 3.6;
        auto& [arcs, error] = seen[maxspeed];
        ++arcs;
        error = std::max(error, std::abs(speed_kmh - it->second));
    }
    ASSERT_EQ(seen.size(), 2U);
    for (const auto& [maxspeed, stats] : seen) {
        EXPECT_LT(stats.second, 0.001) << maxspeed;  // float time_s: ~1e-7 relative
    }
    // Arc counts (observed): of the 28 segments tagged 65 mph (24.7 km) only 4 lie in the
    // car's largest strongly connected component (the others are not connected both ways to
    // it); of the 94 segments tagged 55 mph, 77 do. Motorway
    // carriageways are oneway: one arc per segment.
    EXPECT_EQ(seen["65 mph"].first, 4U);
    EXPECT_EQ(seen["55 mph"].first, 77U);
}

// ---------------------------------------------------------------------------------------------
// Porto Alegre (central area). README: 15,886 highway ways; the reader keeps 15,852 (34 are
// area=yes: 33 pedestrian squares, 1 rest area). 2,281 km of lines in ~13 × 14 km of dense city.
TEST(RealExtracts, PortoAlegreIngestGivesTheObservedGraphSizeAndKmByClass) {
    const auto& e = porto_alegre();
    EXPECT_EQ(e.table.way_count(), 15852U);
    EXPECT_EQ(e.roads.node_count(), 20690U);
    EXPECT_EQ(e.roads.segment_count(), 29139U);
    EXPECT_NEAR(total_km(e.roads), 2280.554, 0.001);

    auto km = km_by_class(e);
    EXPECT_EQ(km.size(), 23U);
    EXPECT_NEAR(km["residential"].total, 695.348, 0.001);
    EXPECT_NEAR(km["service"].car, 271.690, 0.001);
    EXPECT_NEAR(km["secondary"].walk, 242.881, 0.001);  // 259.723 km in total
    EXPECT_NEAR(km["footway"].walk, 100.984, 0.001);

    EXPECT_EQ(e.car.forward.arc_count(), 34644U);
    EXPECT_EQ(e.car.component_nodes, 16175U);
    EXPECT_EQ(e.walk.forward.arc_count(), 53440U);
    EXPECT_EQ(e.walk.component_nodes, 19514U);
}

TEST(RealExtracts, PortoAlegreCarTimesFromThreeCentresEqualBoostDijkstra) {
    expect_car_times_equal_boost(porto_alegre());
}

namespace {

struct PoaPoints {
    std::vector<reach::io::Centre> pois;   // 15 points of interest
    std::vector<reach::io::Centre> hexes;  // 1,227 H3 hexagon centroids
    std::vector<double> hex_population;    // same order as hexes
};

const PoaPoints& poa_points() {
    static const PoaPoints p = [] {
        PoaPoints points;
        reach::io::CentreReadOptions options;
        points.pois = reach::io::read_centres(
            reach::test::data_path("poa_points_of_interest.csv").string(), options);
        const auto hexgrid = reach::test::data_path("poa_hexgrid.csv").string();
        points.hexes = reach::io::read_centres(hexgrid, options);
        // The population column, in file order, straight from GDAL's CSV driver.
        const std::unique_ptr<GDALDataset> csv(
            GDALDataset::Open(hexgrid.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (csv) {
            for (const auto& feature : *csv->GetLayer(0)) {
                points.hex_population.push_back(feature->GetFieldAsDouble("population"));
            }
        }
        return points;
    }();
    return p;
}

std::vector<std::uint32_t> snap(const reach::network::NearestNodeIndex& index,
                                const std::vector<reach::io::Centre>& points,
                                double max_distance_m) {
    std::vector<std::uint32_t> nodes;
    for (const auto& p : points) {
        const auto hit = index.nearest(p.x, p.y);
        nodes.push_back(hit && hit->distance_m <= max_distance_m ? hit->node
                                                                 : reach::routing::no_centre);
    }
    return nodes;
}

}  // namespace

// The 15 r5r landmarks all lie inside the extract. 13 snap to a car node within 70 m; the two
// far ones are a park (farroupilha_park, 152 m) and a train station set in its tracks
// (farrapos_station, 199 m). Car times from all 15 equal Boost.Graph's and reach the whole
// component.
TEST(RealExtracts, PortoAlegreCarTimesFromFifteenPointsOfInterestEqualBoostDijkstra) {
    const auto& e = porto_alegre();
    const auto& points = poa_points();
    ASSERT_EQ(points.pois.size(), 15U);
    const reach::network::NearestNodeIndex index(e.roads, e.car);
    std::vector<std::uint32_t> centres;
    double worst_m = 0.0;
    std::size_t near = 0;
    for (const auto& poi : points.pois) {
        const auto hit = index.nearest(poi.x, poi.y);
        ASSERT_TRUE(hit.has_value()) << poi.id;
        worst_m = std::max(worst_m, hit->distance_m);
        near += hit->distance_m <= 70.0 ? 1 : 0;
        centres.push_back(hit->node);
    }
    EXPECT_EQ(near, 13U);
    EXPECT_NEAR(worst_m, 198.6, 0.1);
    EXPECT_EQ(expect_equal_to_boost(e.car, centres), e.car.component_nodes);
}

// A synthetic-population run: hexagon centroids snapped to the walk graph (≤ 500 m), centres
// at the 15 points of interest, 15 min on foot. The population within 15 min is computed twice:
// (a) from the per-node times of the multi-source nearest-centre search, and (b) as the union
// of the 15 single-centre catchments of BoundedSearch with the same cutoff. Both must agree,
// and the result must lie strictly between 0 and the snapped total.
TEST(RealExtracts, PortoAlegrePopulationWithinFifteenMinutesOnFootAgreesTwoWays) {
    const auto& e = porto_alegre();
    const auto& points = poa_points();
    ASSERT_EQ(points.hexes.size(), 1227U);
    ASSERT_EQ(points.hex_population.size(), points.hexes.size());
    const reach::network::NearestNodeIndex index(e.roads, e.walk);
    const auto poi_nodes = snap(index, points.pois, 500.0);
    const auto hex_nodes = snap(index, points.hexes, 500.0);
    const double cutoff_s = 15 * 60.0;

    std::vector<reach::routing::Source> sources;
    for (std::uint32_t rank = 0; rank < poi_nodes.size(); ++rank) {
        ASSERT_NE(poi_nodes[rank], reach::routing::no_centre) << points.pois[rank].id;
        sources.push_back({poi_nodes[rank], 0.0, rank});
    }
    const auto times = reach::routing::nearest_centre(e.walk.reverse, sources);

    std::vector<std::uint8_t> in_catchment(e.roads.node_count(), 0);
    reach::routing::BoundedSearch search(e.roads.node_count());
    for (const auto& source : sources) {
        const std::vector<reach::routing::Source> one{source};
        for (const auto& r : search.run(e.walk.reverse, one, cutoff_s)) {
            in_catchment[r.node] = 1;
        }
    }

    double total = 0.0, snapped = 0.0, by_times = 0.0, by_catchments = 0.0;
    std::size_t hexes_reached = 0;
    for (std::size_t h = 0; h < hex_nodes.size(); ++h) {
        const double pop = points.hex_population[h];
        total += pop;
        if (hex_nodes[h] == reach::routing::no_centre) {
            continue;  // outside the extract: not snapped
        }
        snapped += pop;
        if (reach::within(times.time_s[hex_nodes[h]], cutoff_s)) {
            by_times += pop;
            ++hexes_reached;
        }
        if (in_catchment[hex_nodes[h]] != 0) {
            by_catchments += pop;
        }
    }
    EXPECT_DOUBLE_EQ(by_times, by_catchments);
    EXPECT_GT(by_times, 0.0);
    EXPECT_LT(by_times, snapped);
    EXPECT_LE(snapped, total);
    // Observed values (regression): a change in snapping, profiles or routing moves them.
    // ΣT of the file 812,935 (r5r's central-area sample, not the whole city of ~1.3 M); the
    // hexagons beyond 500 m of the walk network hold 1,224 persons; 192 hexagons (H3
    // resolution 9, ~0.105 km² each: ~20 km², a sixth of the hexagons) with 143,750 persons
    // (18 %) lie within 15 min on foot of a landmark.
    EXPECT_DOUBLE_EQ(total, 812935.0);
    EXPECT_DOUBLE_EQ(snapped, 811711.0);
    EXPECT_DOUBLE_EQ(by_times, 143750.0);
    EXPECT_EQ(hexes_reached, 192U);
}
