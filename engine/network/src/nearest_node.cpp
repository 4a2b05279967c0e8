#include "reach/network/nearest_node.hpp"

#include <nanoflann.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "reach/core/assert.hpp"

namespace reach::network {
namespace {

// The kept nodes in increasing node id, so a smaller point index is a smaller node id.
struct NodePoints {
    std::vector<double> x, y;
    std::vector<std::uint32_t> node;

    [[nodiscard]] std::size_t kdtree_get_point_count() const { return node.size(); }
    [[nodiscard]] double kdtree_get_pt(std::uint32_t index, std::size_t dim) const {
        return dim == 0 ? x[index] : y[index];
    }
    template <typename Bbox>
    bool kdtree_get_bbox(Bbox& /*bbox*/) const {
        return false;
    }
};

using KdTree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, NodePoints>,
                                                   NodePoints, 2, std::uint32_t>;

// Keeps the single best point by (squared distance, index). nanoflann only offers a point
// whose distance is strictly below worstDist(), so worstDist() is widened a little above the
// best distance: points at an equal distance (and the subtrees that may hold them, whose
// bound nanoflann accumulates with rounding) are still visited and the smaller index wins.
class NearestTieSmallest {
public:
    using DistanceType = double;
    using IndexType = std::uint32_t;
    using CountType = std::size_t;

    // NOLINTNEXTLINE(readability-identifier-naming): nanoflann's result-set interface
    bool addPoint(double distance_sq, std::uint32_t index) {
        if (distance_sq < m_distance_sq || (distance_sq == m_distance_sq && index < m_index)) {
            m_distance_sq = distance_sq;
            m_index = index;
        }
        return true;
    }
    // NOLINTNEXTLINE(readability-identifier-naming): nanoflann's result-set interface
    [[nodiscard]] double worstDist() const {
        if (m_index == none) {
            return std::numeric_limits<double>::max();
        }
        return m_distance_sq * (1.0 + 1e-9) + std::numeric_limits<double>::min();
    }
    [[nodiscard]] bool full() const { return m_index != none; }
    [[nodiscard]] std::size_t size() const { return m_index == none ? 0 : 1; }

    [[nodiscard]] bool found() const { return m_index != none; }
    [[nodiscard]] std::uint32_t index() const { return m_index; }
    [[nodiscard]] double distance_sq() const { return m_distance_sq; }

private:
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    double m_distance_sq = std::numeric_limits<double>::max();
    std::uint32_t m_index = none;
};

}  // namespace

struct NearestNodeIndex::Impl {
    NodePoints points;
    KdTree tree;

    explicit Impl(NodePoints nodes)
        : points(std::move(nodes)),
          tree(2, points, nanoflann::KDTreeSingleIndexAdaptorParams(/*leaf_max_size=*/16)) {
        if (!points.node.empty()) {
            tree.buildIndex();
        }
    }
};

namespace {

NodePoints component_points(const RoadGraph& roads, const ProfileGraph& graph) {
    REACH_ASSERT(graph.in_component.size() == roads.node_count());
    NodePoints points;
    points.x.reserve(graph.component_nodes);
    points.y.reserve(graph.component_nodes);
    points.node.reserve(graph.component_nodes);
    for (std::uint32_t v = 0; v < roads.node_count(); ++v) {
        if (graph.in_component[v] != 0) {
            points.x.push_back(roads.node_x[v]);
            points.y.push_back(roads.node_y[v]);
            points.node.push_back(v);
        }
    }
    return points;
}

}  // namespace

NearestNodeIndex::NearestNodeIndex(const RoadGraph& roads, const ProfileGraph& graph)
    : m_impl(std::make_unique<Impl>(component_points(roads, graph))) {}

NearestNodeIndex::~NearestNodeIndex() = default;

std::optional<NearestNode> NearestNodeIndex::nearest(double x, double y) const {
    if (m_impl->points.node.empty()) {
        return std::nullopt;
    }
    const double query[2] = {x, y};
    NearestTieSmallest result;
    m_impl->tree.findNeighbors(result, query, nanoflann::SearchParams());
    if (!result.found()) {
        return std::nullopt;  // only for a non-finite query point
    }
    return NearestNode{m_impl->points.node[result.index()], std::sqrt(result.distance_sq())};
}

}  // namespace reach::network
