#include "reach/snap/segment_index.hpp"

#include <nanoflann.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "reach/core/assert.hpp"
#include "reach/core/units.hpp"

namespace reach::snap {
namespace {

// Sub-pieces of the usable polylines: midpoint, the piece they lie on (index of its first
// point in RoadGraph::point_x) and its segment. Built in segment order, so equal trees for
// equal graphs.
struct Pieces {
    std::vector<double> mid_x, mid_y;
    std::vector<std::uint32_t> first_point;
    std::vector<std::uint32_t> segment;

    [[nodiscard]] std::size_t kdtree_get_point_count() const { return mid_x.size(); }
    [[nodiscard]] double kdtree_get_pt(std::uint32_t index, std::size_t dim) const {
        return dim == 0 ? mid_x[index] : mid_y[index];
    }
    template <typename Bbox>
    bool kdtree_get_bbox(Bbox& /*bbox*/) const {
        return false;
    }
};

using KdTree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Pieces>,
                                                   Pieces, 2, std::uint32_t>;

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

struct IndexData {
    const network::RoadGraph& roads;
    std::vector<double> forward_s, backward_s;  // per RoadGraph segment; unreachable = no arc
    std::vector<std::uint8_t> indexed;          // per RoadGraph segment
    std::vector<double> along_m;                // per geometry point: length from segment start
    Pieces pieces;
    double max_half_m = 0.0;  // longest sub-piece / 2: the slack of the midpoint bound

    IndexData(const network::RoadGraph& road_graph, const network::ProfileGraph& graph,
              const IndexOptions& options);
};

// The best piece seen so far. nanoflann offers every midpoint strictly closer than
// worstDist(); that bound is (best exact distance + max half length)², widened a little so
// that pieces at an equal distance (and subtrees whose bound nanoflann accumulated with
// rounding) are still visited and the tie rule decides.
class NearestPiece {
public:
    using DistanceType = double;
    using IndexType = std::uint32_t;
    using CountType = std::size_t;

    NearestPiece(const IndexData& index, double x, double y) : m_index(index), m_x(x), m_y(y) {}

    // NOLINTNEXTLINE(readability-identifier-naming): nanoflann's result-set interface
    bool addPoint(double /*midpoint_distance_sq*/, std::uint32_t sub_piece) {
        const auto& roads = m_index.roads;
        const std::uint32_t p = m_index.pieces.first_point[sub_piece];
        const std::uint32_t segment = m_index.pieces.segment[sub_piece];
        const double x0 = roads.point_x[p];
        const double y0 = roads.point_y[p];
        const double dx = roads.point_x[p + 1] - x0;
        const double dy = roads.point_y[p + 1] - y0;
        const double length_sq = dx * dx + dy * dy;
        double t = 0.0;
        if (length_sq > 0.0) {
            t = std::clamp(((m_x - x0) * dx + (m_y - y0) * dy) / length_sq, 0.0, 1.0);
        }
        const double px = t == 1.0 ? roads.point_x[p + 1] : x0 + t * dx;
        const double py = t == 1.0 ? roads.point_y[p + 1] : y0 + t * dy;
        const double distance_sq = (m_x - px) * (m_x - px) + (m_y - py) * (m_y - py);
        if (m_segment == none || distance_sq < m_distance_sq ||
            (distance_sq == m_distance_sq &&
             (segment < m_segment || (segment == m_segment && p < m_point) ||
              (segment == m_segment && p == m_point && t < m_t)))) {
            m_distance_sq = distance_sq;
            m_segment = segment;
            m_point = p;
            m_t = t;
            m_x_on = px;
            m_y_on = py;
            const double reach_m = std::sqrt(distance_sq) + m_index.max_half_m;
            m_bound_sq = reach_m * reach_m * (1.0 + 1e-9) + 1e-9;
        }
        return true;
    }
    // NOLINTNEXTLINE(readability-identifier-naming): nanoflann's result-set interface
    [[nodiscard]] double worstDist() const { return m_bound_sq; }
    [[nodiscard]] bool full() const { return m_segment != none; }
    [[nodiscard]] std::size_t size() const { return full() ? 1 : 0; }

    [[nodiscard]] std::optional<SegmentPoint> result() const {
        if (m_segment == none) {
            return std::nullopt;
        }
        const auto& along = m_index.along_m;
        const double length_m = m_index.roads.segment_length_m[m_segment];
        const double at_m = along[m_point] + m_t * (along[m_point + 1] - along[m_point]);
        const double fraction = length_m > 0.0 ? std::clamp(at_m / length_m, 0.0, 1.0) : 0.0;
        return SegmentPoint{m_segment, fraction, std::sqrt(m_distance_sq), m_x_on, m_y_on};
    }

private:
    const IndexData& m_index;
    double m_x, m_y;
    double m_distance_sq = std::numeric_limits<double>::max();
    double m_bound_sq = std::numeric_limits<double>::max();
    std::uint32_t m_segment = none;
    std::uint32_t m_point = none;
    double m_t = 0.0;
    double m_x_on = 0.0, m_y_on = 0.0;
};

}  // namespace

IndexData::IndexData(const network::RoadGraph& road_graph, const network::ProfileGraph& graph,
                     const IndexOptions& options)
    : roads(road_graph),
      forward_s(road_graph.segment_count(), unreachable),
      backward_s(road_graph.segment_count(), unreachable),
      indexed(road_graph.segment_count(), 0),
      along_m(road_graph.point_x.size(), 0.0) {
    REACH_ASSERT(options.max_piece_m > 0.0 && std::isfinite(options.max_piece_m));
    REACH_ASSERT(road_graph.segment_first_point.size() ==
                 static_cast<std::size_t>(road_graph.segment_count()) + 1);
    const auto& forward = graph.forward;
    REACH_ASSERT(forward.segment.size() == forward.arc_count());
    REACH_ASSERT(forward.node_count() == road_graph.node_count() || forward.arc_count() == 0);

    // Arc → segment map: an arc whose tail is the segment's `from` runs along its way
    // direction. For a loop (from == to) both arcs look alike; a loop with only one arc is
    // left out below, so guessing its direction is never needed.
    std::vector<std::uint8_t> arc_count(road_graph.segment_count(), 0);
    for (std::uint32_t u = 0; u < forward.node_count(); ++u) {
        for (auto a = forward.first_out[u]; a < forward.first_out[u + 1]; ++a) {
            const std::uint32_t s = forward.segment[a];
            REACH_ASSERT(s < road_graph.segment_count());
            const double time_s = forward.time_s[a];
            ++arc_count[s];
            if (u == road_graph.segment_from[s] && forward_s[s] == unreachable) {
                forward_s[s] = time_s;
            } else {
                backward_s[s] = time_s;
            }
        }
    }

    for (std::uint32_t s = 0; s < road_graph.segment_count(); ++s) {
        const bool loop = road_graph.segment_from[s] == road_graph.segment_to[s];
        if (arc_count[s] == 0 || (loop && arc_count[s] < 2)) {
            forward_s[s] = backward_s[s] = unreachable;
            continue;
        }
        indexed[s] = 1;
        const auto first = road_graph.segment_first_point[s];
        const auto last = road_graph.segment_first_point[s + 1];
        REACH_ASSERT(last >= first + 2);
        // Lengths summed as build_road_graph sums them, so along_m at the last point is the
        // segment's length_m.
        for (auto p = first + 1; p < last; ++p) {
            const double dx = road_graph.point_x[p] - road_graph.point_x[p - 1];
            const double dy = road_graph.point_y[p] - road_graph.point_y[p - 1];
            const double length_m = std::hypot(dx, dy);
            along_m[p] = along_m[p - 1] + length_m;
            const double parts = std::max(1.0, std::ceil(length_m / options.max_piece_m));
            const auto count = static_cast<std::uint32_t>(parts);
            for (std::uint32_t k = 0; k < count; ++k) {
                const double t = (k + 0.5) / parts;
                pieces.mid_x.push_back(road_graph.point_x[p - 1] + t * dx);
                pieces.mid_y.push_back(road_graph.point_y[p - 1] + t * dy);
                pieces.first_point.push_back(p - 1);
                pieces.segment.push_back(s);
            }
            max_half_m = std::max(max_half_m, length_m / parts / 2.0);
        }
    }
    REACH_ASSERT(pieces.mid_x.size() < none);
}

struct SegmentIndex::Impl {
    IndexData data;
    KdTree tree;

    Impl(const network::RoadGraph& roads, const network::ProfileGraph& graph,
         const IndexOptions& options)
        : data(roads, graph, options),
          tree(2, data.pieces, nanoflann::KDTreeSingleIndexAdaptorParams(/*leaf_max_size=*/16)) {
        if (!data.pieces.mid_x.empty()) {
            tree.buildIndex();
        }
    }
};

SegmentIndex::SegmentIndex(const network::RoadGraph& roads, const network::ProfileGraph& graph,
                           IndexOptions options)
    : m_roads(&roads),
      m_profile(graph.profile),
      m_impl(std::make_unique<Impl>(roads, graph, options)) {
    m_segment_count = static_cast<std::uint32_t>(
        std::count(m_impl->data.indexed.begin(), m_impl->data.indexed.end(), std::uint8_t{1}));
}

SegmentIndex::~SegmentIndex() = default;

std::optional<SegmentPoint> SegmentIndex::nearest(double x, double y) const {
    if (m_impl->data.pieces.mid_x.empty() || !std::isfinite(x) || !std::isfinite(y)) {
        return std::nullopt;
    }
    const double query[2] = {x, y};
    NearestPiece result(m_impl->data, x, y);
    m_impl->tree.findNeighbors(result, query, nanoflann::SearchParams());
    return result.result();
}

SegmentTimes SegmentIndex::times(std::uint32_t segment) const {
    REACH_ASSERT(segment < m_impl->data.forward_s.size());
    return {m_impl->data.forward_s[segment], m_impl->data.backward_s[segment]};
}

bool SegmentIndex::indexed(std::uint32_t segment) const {
    REACH_ASSERT(segment < m_impl->data.indexed.size());
    return m_impl->data.indexed[segment] != 0;
}

std::size_t SegmentIndex::piece_count() const { return m_impl->data.pieces.mid_x.size(); }

}  // namespace reach::snap
