#pragma once
// ProfileGraph: the routing graph of one profile over a RoadGraph. Node ids are the RoadGraph's
// (so nodes.csv rows are the same for every profile). Each usable direction of a segment
// becomes one arc with time_s = length_m / speed. Only the largest strongly connected
// component (by node count, ties by smallest node id) keeps its arcs; nodes outside it have
// no arcs and in_component == 0, and are counted in dropped_nodes.
#include <cstdint>
#include <string>
#include <vector>

#include "reach/network/csr_graph.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/road_graph.hpp"

namespace reach::network {

struct ProfileGraph {
    std::string profile;
    CsrGraph forward;   // arc u→v: travel from u to v
    CsrGraph reverse;   // arc v→u for each forward arc u→v (searches towards a centre)
    std::vector<std::uint8_t> in_component;  // per node: 1 = in the kept component
    std::uint32_t component_nodes = 0;       // nodes kept
    std::uint32_t dropped_nodes = 0;         // nodes with usable roads outside the component
    std::uint32_t unusable_nodes = 0;        // nodes with no usable road for this profile
};

[[nodiscard]] ProfileGraph build_profile_graph(const RoadGraph& roads, const RoadTable& table,
                                               const Profile& profile);

// Per-class statistics for `reach inspect`: km of road per highway class, and km excluded.
// Sorted by class name; the list of classes does not depend on `profile`. With
// profile == nullptr usable_km is 0.
struct ClassLength {
    std::string highway;
    double length_km = 0.0;
    double usable_km = 0.0;  // usable by the profile (either direction)
};
[[nodiscard]] std::vector<ClassLength> length_by_class(const RoadGraph& roads,
                                                       const RoadTable& table,
                                                       const Profile* profile);

}  // namespace reach::network
