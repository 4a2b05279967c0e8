#include "reach/routing/search.hpp"

#include <cmath>

#include "quaternary_heap.hpp"
#include "radix_heap.hpp"
#include "reach/core/assert.hpp"
#include "reach/core/units.hpp"

namespace reach::routing {

namespace {

// (time, node): ties settle by node id, so the settle order does not depend on heap internals.
struct ReachedLess {
    bool operator()(const Reached& a, const Reached& b) const {
        return a.time_s < b.time_s || (a.time_s == b.time_s && a.node < b.node);
    }
};

void check_source(const Source& source, std::uint32_t node_count) {
    REACH_ASSERT(source.node < node_count);
    REACH_ASSERT(std::isfinite(source.time_s) && source.time_s >= 0.0);
}

}  // namespace

namespace {

// A node's best label during nearest_centre(): time and rank side by side, so checking and
// updating a node touches one cache line, not two arrays.
struct NodeLabel {
    double time_s = unreachable;
    std::uint32_t rank = no_centre;
};

// (time, rank) beats `best`: on exactly equal time the smaller centre rank wins (DESIGN.md,
// Rules: Ties).
bool improves(double time_s, std::uint32_t rank, const NodeLabel& best) {
    return time_s < best.time_s || (time_s == best.time_s && rank < best.rank);
}

// An arc with its head and time side by side (the graph keeps them in two arrays): the
// relaxation loop reads one stream instead of two. Built per search; a sequential pass.
struct PackedArc {
    std::uint32_t head;
    float time_s;
};

std::vector<PackedArc> packed_arcs(const network::CsrGraph& graph) {
    std::vector<PackedArc> arcs(graph.arc_count());
    for (std::uint32_t a = 0; a < graph.arc_count(); ++a) {
        arcs[a] = {graph.head[a], graph.time_s[a]};
    }
    return arcs;
}

}  // namespace

NearestCentre nearest_centre(const network::CsrGraph& graph, std::span<const Source> sources,
                             double cutoff_s) {
    REACH_ASSERT(cutoff_s >= 0.0);  // also rejects NaN
    const auto node_count = graph.node_count();
    const double limit_s = cutoff_s + threshold_tolerance_s;

    std::vector<NodeLabel> labels(node_count);
    const auto arcs = packed_arcs(graph);
    detail::RadixHeap heap;
    NodeLabel* const label = labels.data();
    const std::uint32_t* const first_out = graph.first_out.data();
    const PackedArc* const arc = arcs.data();

    for (const auto& source : sources) {
        check_source(source, node_count);
        auto& best = label[source.node];
        if (source.time_s <= limit_s && improves(source.time_s, source.rank, best)) {
            best = {source.time_s, source.rank};
            heap.push({detail::radix_key(source.time_s), source.rank, source.node});
        }
    }

    // Label-correcting within equal times: an entry is stale unless it still is its node's
    // (time, rank) label. A node whose label later improves to the same time with a smaller
    // rank (over arcs of 0 s) is queued and relaxed again, so every node ends with the
    // smallest (time, rank) label, as a Dijkstra ordered by (time, rank) would give.
    while (!heap.empty()) {
        const auto entry = heap.pop();
        const double t_u = detail::radix_time(entry.key);
        if (t_u != label[entry.node].time_s || entry.rank != label[entry.node].rank) {
            continue;
        }
        const auto end = first_out[entry.node + 1];
        for (auto a = first_out[entry.node]; a < end; ++a) {
            const auto v = arc[a].head;
            const double t = t_u + static_cast<double>(arc[a].time_s);
            auto& best = label[v];
            if (improves(t, entry.rank, best) && t <= limit_s) {
                best = {t, entry.rank};
                heap.push({detail::radix_key(t), entry.rank, v});
            }
        }
    }

    NearestCentre result;
    result.time_s.resize(node_count);
    result.rank.resize(node_count);
    for (std::uint32_t v = 0; v < node_count; ++v) {
        result.time_s[v] = labels[v].time_s;
        result.rank[v] = labels[v].rank;
    }
    return result;
}

BoundedSearch::BoundedSearch(std::uint32_t node_count)
    : m_time_s(node_count, unreachable), m_heap_pos(node_count, detail::not_in_heap) {
    m_heap.reserve(node_count);
    m_reached.reserve(node_count);
}

std::span<const Reached> BoundedSearch::run(const network::CsrGraph& graph,
                                            std::span<const Source> sources, double cutoff_s) {
    const auto node_count = static_cast<std::uint32_t>(m_time_s.size());
    REACH_ASSERT(graph.node_count() == node_count);
    REACH_ASSERT(cutoff_s >= 0.0);
    const double limit_s = cutoff_s + threshold_tolerance_s;

    // Every node given a time in the last run was settled, so m_reached lists them all.
    for (const auto& reached : m_reached) {
        m_time_s[reached.node] = unreachable;
    }
    m_reached.clear();
    detail::QuaternaryHeap<Reached, ReachedLess> heap(m_heap, m_heap_pos);

    double* const time_s = m_time_s.data();
    const std::uint32_t* const first_out = graph.first_out.data();
    const std::uint32_t* const head = graph.head.data();
    const float* const arc_time_s = graph.time_s.data();

    for (const auto& source : sources) {
        check_source(source, node_count);
        if (source.time_s <= limit_s && source.time_s < time_s[source.node]) {
            time_s[source.node] = source.time_s;
            heap.push_or_decrease(Reached{source.node, source.time_s});
        }
    }

    while (!heap.empty()) {
        const Reached u = heap.pop();
        m_reached.push_back(u);
        const auto end = first_out[u.node + 1];
        for (auto a = first_out[u.node]; a < end; ++a) {
            const auto v = head[a];
            const double t = u.time_s + static_cast<double>(arc_time_s[a]);
            if (t < time_s[v] && t <= limit_s) {
                time_s[v] = t;
                heap.push_or_decrease(Reached{v, t});
            }
        }
    }
    return m_reached;
}

double BoundedSearch::time_s(std::uint32_t node) const {
    REACH_ASSERT(node < m_time_s.size());
    return m_time_s[node];
}

}  // namespace reach::routing
