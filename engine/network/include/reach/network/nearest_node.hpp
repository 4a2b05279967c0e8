#pragma once
// NearestNodeIndex: k-d tree (nanoflann) over the nodes of a ProfileGraph's kept component,
// answering "which usable node is closest to (x, y)" in the working CRS. Ties go to the
// smaller node id. Built once, queried from any thread (read-only).
#include <cstdint>
#include <memory>
#include <optional>

#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"

namespace reach::network {

struct NearestNode {
    std::uint32_t node = 0;
    double distance_m = 0.0;
};

class NearestNodeIndex {
public:
    NearestNodeIndex(const RoadGraph& roads, const ProfileGraph& graph);
    ~NearestNodeIndex();
    NearestNodeIndex(const NearestNodeIndex&) = delete;
    NearestNodeIndex& operator=(const NearestNodeIndex&) = delete;
    // nullopt when the component is empty.
    [[nodiscard]] std::optional<NearestNode> nearest(double x, double y) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace reach::network
