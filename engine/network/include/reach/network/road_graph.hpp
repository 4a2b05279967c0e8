#pragma once
// RoadGraph: profile-independent topology built from a RoadTable.
// Nodes are the topological nodes: vertices at the end of a way or shared by two or more
// ways (or used twice by one way). A segment is the maximal piece of one way between two
// consecutive topological nodes; it keeps its full geometry, so lengths and (later) snapping
// stay exact although intermediate vertices are not graph nodes. Segments are undirected and
// stored in way direction (from → to); a profile decides which directions are usable.
// Node numbering is deterministic and depends only on geometry: nodes are sorted along a
// Hilbert curve (2^16 cells per axis) over the bounding box of the nodes (cache locality),
// ties broken by coordinates (x, then y), then by order of first appearance. Consecutive
// repeated vertices are ignored; ways with fewer than two distinct vertices are skipped.
// Segments are ordered by (way, position in way). Closed loops that start and end at the same
// node with no other topological node in between are kept (from == to).
#include <cstdint>
#include <string>
#include <vector>

#include "reach/network/road_table.hpp"

namespace reach::network {

struct RoadGraph {
    // --- nodes ---
    std::vector<double> node_x, node_y;        // working CRS, metres
    std::vector<double> node_lon, node_lat;    // EPSG:4326
    std::vector<std::int64_t> node_osm_id;     // no_osm_id for non-OSM inputs

    // --- segments ---
    std::vector<std::uint32_t> segment_from, segment_to;  // node ids, in way direction
    std::vector<std::uint32_t> segment_way;               // way index in the RoadTable
    std::vector<double> segment_length_m;                 // along the whole geometry
    std::vector<std::uint32_t> segment_first_point{0};    // segment_count + 1 entries
    std::vector<double> point_x, point_y;                 // geometry incl. both end nodes

    std::string working_crs;

    [[nodiscard]] std::uint32_t node_count() const {
        return static_cast<std::uint32_t>(node_x.size());
    }
    [[nodiscard]] std::uint32_t segment_count() const {
        return static_cast<std::uint32_t>(segment_from.size());
    }
};

[[nodiscard]] RoadGraph build_road_graph(const RoadTable& table);

// The highway class of every segment (its way's tag), for inspect and the exports.
[[nodiscard]] std::vector<std::string> segment_classes(const RoadGraph& roads,
                                                       const RoadTable& table);

}  // namespace reach::network
