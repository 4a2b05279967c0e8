#pragma once
// Tiny road networks for the snap tests, built the way real ones are: a RoadTable of
// vertices and tagged ways → build_road_graph → build_profile_graph. Residential roads at
// 36 km/h = 10 m/s (100 m = 10 s), oneway tags honoured, off-network leg at 3.6 km/h = 1 m/s.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/network/road_table.hpp"
#include "reach/routing/search.hpp"
#include "reach/snap/centres.hpp"
#include "reach/snap/snap.hpp"

namespace reach_snap_test {

using Tags = std::vector<std::pair<std::string_view, std::string_view>>;
inline const Tags two_way = {{"highway", "residential"}};
inline const Tags one_way = {{"highway", "residential"}, {"oneway", "yes"}};

struct Way {
    std::vector<std::int64_t> vertices;  // OSM ids: id k is points[k - 1]
    Tags tags;
};

inline reach::network::Profile test_profile() {
    reach::network::Profile profile;
    profile.name = "test";
    profile.speeds_kmh = {{"residential", 36.0}};
    profile.oneway = true;
    profile.off_network_kmh = 3.6;
    return profile;
}

struct Network {
    reach::network::RoadTable table;
    reach::network::RoadGraph roads;
    reach::network::ProfileGraph graph;

    [[nodiscard]] std::uint32_t node(std::int64_t osm_id) const {
        for (std::uint32_t v = 0; v < roads.node_count(); ++v) {
            if (roads.node_osm_id[v] == osm_id) {
                return v;
            }
        }
        ADD_FAILURE() << "no node with OSM id " << osm_id;
        return 0;
    }
    // The segment from node `from` to node `to` (OSM ids, way direction).
    [[nodiscard]] std::uint32_t segment(std::int64_t from, std::int64_t to) const {
        for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
            if (roads.segment_from[s] == node(from) && roads.segment_to[s] == node(to)) {
                return s;
            }
        }
        ADD_FAILURE() << "no segment " << from << " → " << to;
        return 0;
    }
};

// Note: returns by value; keep the Network alive while a SegmentIndex refers to its roads.
inline Network build_network(const std::vector<std::pair<double, double>>& points,
                             const std::vector<Way>& ways) {
    Network net;
    net.table.working_crs = "EPSG:3035";
    net.table.from_osm = true;
    for (std::size_t i = 0; i < points.size(); ++i) {
        net.table.add_vertex(points[i].first, points[i].second, 0.0, 0.0,
                             static_cast<std::int64_t>(i) + 1);
    }
    for (std::size_t w = 0; w < ways.size(); ++w) {
        std::vector<std::uint32_t> vertices;
        for (const auto osm : ways[w].vertices) {
            vertices.push_back(static_cast<std::uint32_t>(osm - 1));
        }
        net.table.add_way(static_cast<std::int64_t>(w) + 1, vertices, ways[w].tags);
    }
    net.roads = reach::network::build_road_graph(net.table);
    net.graph = reach::network::build_profile_graph(net.roads, net.table, test_profile());
    return net;
}

// Node times towards one centre at (x, y): nearest_centre() on the reverse graph from the
// centre's seeds (DESIGN.md: every time is home → centre).
inline std::vector<double> times_to_centre(const Network& net,
                                           const reach::snap::SegmentIndex& index, double x,
                                           double y, const reach::snap::SnapOptions& options) {
    const reach::snap::CentreLocation centre{"c", x, y};
    const auto centres = reach::snap::snap_centres(
        index, {&centre, 1}, options, reach::snap::OnUnsnappedCentre::error, "centres");
    std::vector<reach::routing::Source> sources;
    for (const auto& seed : centres.seeds) {
        sources.push_back({seed.node, seed.time_s, seed.rank});
    }
    return reach::routing::nearest_centre(net.graph.reverse, sources).time_s;
}

// Home (cx, cy) → centre (x, y): through the network, or along the shared segment when that
// is quicker.
inline double cell_time_s(const Network& net, const reach::snap::SegmentIndex& index, double cx,
                          double cy, double x, double y,
                          const reach::snap::SnapOptions& options) {
    using reach::snap::Role;
    const auto cell = reach::snap::snap_point(index, cx, cy, Role::origin, options);
    const auto centre = reach::snap::snap_point(index, x, y, Role::destination, options);
    return std::min(reach::snap::origin_time_s(cell, times_to_centre(net, index, x, y, options)),
                    reach::snap::direct_time_s(index, cell, centre));
}

}  // namespace reach_snap_test
