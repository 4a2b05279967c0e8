#include "reach/routing/search.hpp"

#include <cmath>

#include "quaternary_heap.hpp"
#include "reach/core/assert.hpp"
#include "reach/core/units.hpp"

namespace reach::routing {

namespace {

// A tentative label of nearest_centre(); 16 bytes, so four siblings fill one cache line.
struct Label {
    double time_s;
    std::uint32_t rank;
    std::uint32_t node;
};

// (time, rank): on exactly equal time the smaller centre rank wins (DESIGN.md, Rules: Ties).
struct LabelLess {
    bool operator()(const Label& a, const Label& b) const {
        return a.time_s < b.time_s || (a.time_s == b.time_s && a.rank < b.rank);
    }
};

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

NearestCentre nearest_centre(const network::CsrGraph& graph, std::span<const Source> sources,
                             double cutoff_s) {
    REACH_ASSERT(cutoff_s >= 0.0);  // also rejects NaN
    const auto node_count = graph.node_count();
    const double limit_s = cutoff_s + threshold_tolerance_s;

    NearestCentre result;
    result.time_s.assign(node_count, unreachable);
    result.rank.assign(node_count, no_centre);
    std::vector<Label> entries;
    entries.reserve(node_count);
    std::vector<std::uint32_t> position(node_count, detail::not_in_heap);
    detail::QuaternaryHeap<Label, LabelLess> heap(entries, position);

    // Raw pointers keep the loop free of bounds-checking and vector indirection.
    double* const time_s = result.time_s.data();
    std::uint32_t* const rank = result.rank.data();
    const std::uint32_t* const first_out = graph.first_out.data();
    const std::uint32_t* const head = graph.head.data();
    const float* const arc_time_s = graph.time_s.data();
    const LabelLess less;

    for (const auto& source : sources) {
        check_source(source, node_count);
        const Label label{source.time_s, source.rank, source.node};
        if (source.time_s <= limit_s &&
            less(label, Label{time_s[source.node], rank[source.node], source.node})) {
            time_s[source.node] = source.time_s;
            rank[source.node] = source.rank;
            heap.push_or_decrease(label);
        }
    }

    while (!heap.empty()) {
        const Label u = heap.pop();
        const auto end = first_out[u.node + 1];
        for (auto a = first_out[u.node]; a < end; ++a) {
            const auto v = head[a];
            const double t = u.time_s + static_cast<double>(arc_time_s[a]);
            if (t < time_s[v] || (t == time_s[v] && u.rank < rank[v])) {
                if (t > limit_s) {
                    continue;
                }
                time_s[v] = t;
                rank[v] = u.rank;
                heap.push_or_decrease(Label{t, u.rank, v});
            }
        }
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
