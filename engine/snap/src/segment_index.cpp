#include "reach/snap/segment_index.hpp"

#include <nanoflann.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

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

// Per RoadGraph segment: the times of its directions and whether it is indexed. Cheap (one
// pass over the arcs); the tree and the scan both use it.
struct SegmentData {
    const network::RoadGraph& roads;
    std::vector<double> forward_s, backward_s;  // per RoadGraph segment; unreachable = no arc
    std::vector<std::uint8_t> indexed;          // per RoadGraph segment

    SegmentData(const network::RoadGraph& road_graph, const network::ProfileGraph& graph);
};

// Bounding boxes of blocks of consecutive segment ids (of their indexed segments' points),
// for the scan: a block whose box is farther than the best piece so far is skipped. Segment
// ids follow the Hilbert-ordered nodes, so a block is a small area; any order stays exact.
struct Blocks {
    static constexpr std::uint32_t segments = 64;
    std::vector<double> min_x, min_y, max_x, max_y;  // per block; no indexed segment: +inf/-inf

    explicit Blocks(const SegmentData& data);
    // Squared distance from (x, y) to block b's box (+inf for an empty block).
    [[nodiscard]] double distance_sq(std::size_t b, double x, double y) const {
        const double dx = std::max({0.0, min_x[b] - x, x - max_x[b]});
        const double dy = std::max({0.0, min_y[b] - y, y - max_y[b]});
        return dx * dx + dy * dy;
    }
};

// The k-d tree and what it needs: built with the index or on demand.
struct TreeData {
    std::vector<double> along_m;  // per geometry point: length from segment start
    Pieces pieces;
    double max_half_m = 0.0;  // longest sub-piece / 2: the slack of the midpoint bound
    KdTree tree;

    TreeData(const SegmentData& segments, const IndexOptions& options);
};

// The exact nearest point of the straight piece p → p + 1 (of `segment`) to (x, y). The tree
// and the scan compute every candidate here, so they agree bit for bit.
struct Candidate {
    double distance_sq = std::numeric_limits<double>::max();
    std::uint32_t segment = none;
    std::uint32_t point = none;
    double t = 0.0;
    double x_on = 0.0, y_on = 0.0;
};

inline Candidate piece_candidate(const network::RoadGraph& roads, std::uint32_t p,
                                 std::uint32_t segment, double x, double y) {
    const double x0 = roads.point_x[p];
    const double y0 = roads.point_y[p];
    const double dx = roads.point_x[p + 1] - x0;
    const double dy = roads.point_y[p + 1] - y0;
    const double length_sq = dx * dx + dy * dy;
    double t = 0.0;
    if (length_sq > 0.0) {
        t = std::clamp(((x - x0) * dx + (y - y0) * dy) / length_sq, 0.0, 1.0);
    }
    const double px = t == 1.0 ? roads.point_x[p + 1] : x0 + t * dx;
    const double py = t == 1.0 ? roads.point_y[p + 1] : y0 + t * dy;
    const double distance_sq = (x - px) * (x - px) + (y - py) * (y - py);
    return {distance_sq, segment, p, t, px, py};
}

// Whether a comes before the best so far b: smaller distance, then smaller segment id, then
// earlier piece, then nearer the piece start (a total order over distinct candidates, so the
// answer never depends on the visiting order).
inline bool before(const Candidate& a, const Candidate& b) {
    return b.segment == none || a.distance_sq < b.distance_sq ||
           (a.distance_sq == b.distance_sq &&
            (a.segment < b.segment || (a.segment == b.segment && a.point < b.point) ||
             (a.segment == b.segment && a.point == b.point && a.t < b.t)));
}

// The answer for the best candidate, given the length along its segment at the piece's two
// ends.
SegmentPoint point_of(const network::RoadGraph& roads, const Candidate& best, double along_0,
                      double along_1) {
    const double length_m = roads.segment_length_m[best.segment];
    const double at_m = along_0 + best.t * (along_1 - along_0);
    const double fraction = length_m > 0.0 ? std::clamp(at_m / length_m, 0.0, 1.0) : 0.0;
    return SegmentPoint{best.segment, fraction, std::sqrt(best.distance_sq), best.x_on,
                        best.y_on};
}

// The best piece seen so far. nanoflann offers every midpoint strictly closer than
// worstDist(); that bound is (best exact distance + max half length)², widened a little so
// that pieces at an equal distance (and subtrees whose bound nanoflann accumulated with
// rounding) are still visited and the tie rule decides.
class NearestPiece {
public:
    using DistanceType = double;
    using IndexType = std::uint32_t;
    using CountType = std::size_t;

    NearestPiece(const network::RoadGraph& roads, const TreeData& tree, double x, double y)
        : m_roads(roads), m_tree(tree), m_x(x), m_y(y) {}

    // NOLINTNEXTLINE(readability-identifier-naming): nanoflann's result-set interface
    bool addPoint(double /*midpoint_distance_sq*/, std::uint32_t sub_piece) {
        const auto candidate = piece_candidate(m_roads, m_tree.pieces.first_point[sub_piece],
                                               m_tree.pieces.segment[sub_piece], m_x, m_y);
        if (before(candidate, m_best)) {
            m_best = candidate;
            const double reach_m = std::sqrt(candidate.distance_sq) + m_tree.max_half_m;
            m_bound_sq = reach_m * reach_m * (1.0 + 1e-9) + 1e-9;
        }
        return true;
    }
    // NOLINTNEXTLINE(readability-identifier-naming): nanoflann's result-set interface
    [[nodiscard]] double worstDist() const { return m_bound_sq; }
    [[nodiscard]] bool full() const { return m_best.segment != none; }
    [[nodiscard]] std::size_t size() const { return full() ? 1 : 0; }

    [[nodiscard]] std::optional<SegmentPoint> result() const {
        if (m_best.segment == none) {
            return std::nullopt;
        }
        const auto& along = m_tree.along_m;
        return point_of(m_roads, m_best, along[m_best.point], along[m_best.point + 1]);
    }

private:
    const network::RoadGraph& m_roads;
    const TreeData& m_tree;
    double m_x, m_y;
    Candidate m_best;
    double m_bound_sq = std::numeric_limits<double>::max();
};

}  // namespace

SegmentData::SegmentData(const network::RoadGraph& road_graph, const network::ProfileGraph& graph)
    : roads(road_graph),
      forward_s(road_graph.segment_count(), unreachable),
      backward_s(road_graph.segment_count(), unreachable),
      indexed(road_graph.segment_count(), 0) {
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
        REACH_ASSERT(road_graph.segment_first_point[s + 1] >=
                     road_graph.segment_first_point[s] + 2);
        indexed[s] = 1;
    }
}

Blocks::Blocks(const SegmentData& data) {
    const auto& roads = data.roads;
    const std::uint32_t count = (roads.segment_count() + segments - 1) / segments;
    constexpr double inf = std::numeric_limits<double>::infinity();
    min_x.assign(count, inf);
    min_y.assign(count, inf);
    max_x.assign(count, -inf);
    max_y.assign(count, -inf);
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, count, 256),
                      [&](const tbb::blocked_range<std::uint32_t>& range) {
                          for (auto b = range.begin(); b != range.end(); ++b) {
                              const std::uint32_t end =
                                  std::min(roads.segment_count(), (b + 1) * segments);
                              for (std::uint32_t s = b * segments; s < end; ++s) {
                                  if (data.indexed[s] == 0) {
                                      continue;
                                  }
                                  for (auto p = roads.segment_first_point[s];
                                       p < roads.segment_first_point[s + 1]; ++p) {
                                      min_x[b] = std::min(min_x[b], roads.point_x[p]);
                                      max_x[b] = std::max(max_x[b], roads.point_x[p]);
                                      min_y[b] = std::min(min_y[b], roads.point_y[p]);
                                      max_y[b] = std::max(max_y[b], roads.point_y[p]);
                                  }
                              }
                          }
                      });
}

TreeData::TreeData(const SegmentData& segments, const IndexOptions& options)
    : along_m(segments.roads.point_x.size(), 0.0),
      tree(2, pieces, nanoflann::KDTreeSingleIndexAdaptorParams(/*leaf_max_size=*/16)) {
    REACH_ASSERT(options.max_piece_m > 0.0 && std::isfinite(options.max_piece_m));
    const auto& road_graph = segments.roads;
    for (std::uint32_t s = 0; s < road_graph.segment_count(); ++s) {
        if (segments.indexed[s] == 0) {
            continue;
        }
        const auto first = road_graph.segment_first_point[s];
        const auto last = road_graph.segment_first_point[s + 1];
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
    if (!pieces.mid_x.empty()) {
        tree.buildIndex();
    }
}

struct SegmentIndex::Tree {
    TreeData data;
    Tree(const SegmentData& segments, const IndexOptions& options) : data(segments, options) {}
};

struct SegmentIndex::Impl {
    SegmentData segments;
    IndexOptions options;
    std::unique_ptr<Tree> tree;  // set once, under m_tree_once
    bool any_piece = false;      // some segment is indexed (then it has a piece)
    std::once_flag blocks_once;
    std::unique_ptr<Blocks> blocks;  // set once, under blocks_once, by the first scan

    const Blocks& scan_blocks() {
        std::call_once(blocks_once, [this] { blocks = std::make_unique<Blocks>(segments); });
        return *blocks;
    }

    Impl(const network::RoadGraph& roads, const network::ProfileGraph& graph,
         const IndexOptions& index_options)
        : segments(roads, graph), options(index_options) {
        any_piece = std::find(segments.indexed.begin(), segments.indexed.end(),
                              std::uint8_t{1}) != segments.indexed.end();
    }
};

SegmentIndex::SegmentIndex(const network::RoadGraph& roads, const network::ProfileGraph& graph,
                           IndexOptions options)
    : m_roads(&roads),
      m_profile(graph.profile),
      m_scan_queries(options.tree == IndexOptions::TreeBuild::now ? 0 : options.scan_queries),
      m_impl(std::make_unique<Impl>(roads, graph, options)) {
    REACH_ASSERT(options.max_piece_m > 0.0 && std::isfinite(options.max_piece_m));
    m_segment_count = static_cast<std::uint32_t>(std::count(
        m_impl->segments.indexed.begin(), m_impl->segments.indexed.end(), std::uint8_t{1}));
    if (options.tree == IndexOptions::TreeBuild::now) {
        build_tree();
    }
}

SegmentIndex::~SegmentIndex() = default;

void SegmentIndex::build_tree() const {
    if (m_tree.load(std::memory_order_acquire) != nullptr) {
        return;
    }
    std::call_once(m_tree_once, [this] {
        m_impl->tree = std::make_unique<Tree>(m_impl->segments, m_impl->options);
        m_tree.store(m_impl->tree.get(), std::memory_order_release);
    });
}

bool SegmentIndex::has_tree() const { return m_tree.load(std::memory_order_acquire) != nullptr; }

void SegmentIndex::prepare_for(std::size_t queries) const {
    if (!has_tree() && m_scans.load(std::memory_order_relaxed) + queries > m_scan_queries) {
        build_tree();
    }
}

std::optional<SegmentPoint> SegmentIndex::nearest(double x, double y) const {
    if (!m_impl->any_piece || !std::isfinite(x) || !std::isfinite(y)) {
        return std::nullopt;
    }
    const Tree* tree = m_tree.load(std::memory_order_acquire);
    if (tree == nullptr) {
        if (m_scans.fetch_add(1, std::memory_order_relaxed) < m_scan_queries) {
            return nearest_by_scan(x, y);
        }
        build_tree();
        tree = m_tree.load(std::memory_order_acquire);
    }
    const double query[2] = {x, y};
    NearestPiece result(*m_roads, tree->data, x, y);
    tree->data.tree.findNeighbors(result, query, nanoflann::SearchParams());
    return result.result();
}

std::optional<SegmentPoint> SegmentIndex::nearest_by_scan(double x, double y) const {
    if (!m_impl->any_piece || !std::isfinite(x) || !std::isfinite(y)) {
        return std::nullopt;
    }
    const auto& roads = *m_roads;
    const auto& indexed = m_impl->segments.indexed;
    const auto& blocks = m_impl->scan_blocks();
    const auto block_count = blocks.min_x.size();
    Candidate best;
    const auto scan_block = [&](std::size_t b) {
        const auto end = std::min<std::size_t>(roads.segment_count(), (b + 1) * Blocks::segments);
        for (auto s = static_cast<std::uint32_t>(b * Blocks::segments); s < end; ++s) {
            if (indexed[s] == 0) {
                continue;
            }
            const auto last = roads.segment_first_point[s + 1] - 1;
            for (auto p = roads.segment_first_point[s]; p < last; ++p) {
                const auto candidate = piece_candidate(roads, p, s, x, y);
                if (before(candidate, best)) {
                    best = candidate;
                }
            }
        }
    };
    // Start from the nearest box, then every box within the best distance so far (with a
    // micrometre of slack for rounding, so that an equal distance is still compared and the
    // tie rule decides). The best is the minimum of before() over every piece not skipped,
    // and a skipped piece is farther: the answer does not depend on the visiting order.
    std::size_t first = 0;
    double first_sq = std::numeric_limits<double>::infinity();
    for (std::size_t b = 0; b < block_count; ++b) {
        const double d = blocks.distance_sq(b, x, y);
        if (d < first_sq) {
            first_sq = d;
            first = b;
        }
    }
    scan_block(first);
    for (std::size_t b = 0; b < block_count; ++b) {
        const double reach_m = std::sqrt(best.distance_sq) * (1.0 + 1e-9) + 1e-6;
        if (b != first && blocks.distance_sq(b, x, y) <= reach_m * reach_m) {
            scan_block(b);
        }
    }
    REACH_ASSERT(best.segment != none);
    // Lengths along the winning segment summed as TreeData (and build_road_graph) sum them.
    double along_0 = 0.0;
    double along_1 = 0.0;
    for (auto p = roads.segment_first_point[best.segment] + 1; p <= best.point + 1; ++p) {
        const double dx = roads.point_x[p] - roads.point_x[p - 1];
        const double dy = roads.point_y[p] - roads.point_y[p - 1];
        along_0 = along_1;
        along_1 = along_1 + std::hypot(dx, dy);
    }
    return point_of(roads, best, along_0, along_1);
}

SegmentTimes SegmentIndex::times(std::uint32_t segment) const {
    REACH_ASSERT(segment < m_impl->segments.forward_s.size());
    return {m_impl->segments.forward_s[segment], m_impl->segments.backward_s[segment]};
}

bool SegmentIndex::indexed(std::uint32_t segment) const {
    REACH_ASSERT(segment < m_impl->segments.indexed.size());
    return m_impl->segments.indexed[segment] != 0;
}

std::size_t SegmentIndex::piece_count() const {
    build_tree();
    return m_tree.load(std::memory_order_acquire)->data.pieces.mid_x.size();
}

}  // namespace reach::snap
