#pragma once
// Builds the stand-in road network on the lattice (lattice.hpp) from the settlement pattern:
//  1. national roads (trunk/primary) along cheapest lattice paths between the places: a
//     minimum spanning tree, each place's two nearest neighbours within 60 km and the real
//     cross-border links; later roads are drawn to earlier ones, so they merge into corridors;
//  2. regional roads: secondary between hubs (villages of >= 200 people and the places),
//     tertiary between villages (cells of >= 30 people that are the largest within 3 km);
//  3. local roads between neighbouring populated cells (residential in towns, unclassified
//     elsewhere; some rural links are left out, so there are dead ends), both diagonals
//     through the corner where four dense cells meet;
//  4. every populated cell and every fragment is linked to the main network by an
//     unclassified road, without counting or using trunk roads, which walkers may not use
//     (fragments that cannot be reached over land are dropped); a trunk road through
//     built-up cells is a primary street there;
//  5. some squares of four residential streets in towns become one-way rings, which keeps
//     the network strongly connected.
// Edges of the same tags are chained into ways through nodes where nothing else meets; every
// lattice edge gets two or three shape vertices along a gentle seeded bend, so roads are not
// straight.
// Deterministic: all choices come from splitmix64 draws keyed by absolute cell indices and all
// iteration is in node-id order.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "inputs.hpp"

namespace reach::standin {

enum class RoadClass : std::uint8_t {
    unclassified,
    residential,
    tertiary,
    secondary,
    primary,
    trunk,
};
inline constexpr std::size_t road_class_count = 6;
[[nodiscard]] std::string_view highway_tag(RoadClass road_class);

struct StandinWay {
    std::vector<std::uint32_t> vertices;  // indices into StandinNetwork::x/y
    RoadClass road_class = RoadClass::unclassified;
    int maxspeed_kmh = 0;  // 0: no maxspeed tag
    bool oneway = false;   // oneway=yes in vertex order
    std::string name;      // empty: no name tag
};

struct StandinStats {
    std::size_t places_used = 0;
    std::size_t settlements_added = 0;  // large settlements missing from the places file
    std::size_t national_links = 0;
    std::size_t villages = 0;
    std::size_t hubs = 0;
    std::size_t regional_links = 0;
    std::size_t linked_fragments = 0;   // fragments joined by a connector road
    std::size_t dropped_fragments = 0;  // fragments that could not be reached over land
    std::size_t unreached_cells = 0;    // populated cells not linked without trunk roads
    std::int64_t unreached_population = 0;
    std::size_t lattice_nodes = 0;  // vertices that are lattice nodes
    std::size_t shape_nodes = 0;    // intermediate shape vertices
    std::size_t dead_ends = 0;      // lattice nodes with one road
    std::size_t oneway_ways = 0;
    std::size_t oneway_rings = 0;
    std::array<double, road_class_count> km_by_class{};
};

struct StandinNetwork {
    std::vector<double> x, y;  // EPSG:3035; the OSM node id of vertex v is v + 1
    std::vector<StandinWay> ways;
    StandinStats stats;
};

// Town thresholds (persons per 1 km cell): a cell of >= 300 people is built-up (Eurostat's
// urban-cluster density), one of >= 1000 is a dense town centre.
inline constexpr double town_population = 300.0;
inline constexpr double dense_population = 1000.0;

[[nodiscard]] StandinNetwork build_standin_network(const CensusGrid& grid, const LandMask& land,
                                                   const std::vector<Place>& places,
                                                   std::uint64_t seed);

}  // namespace reach::standin
