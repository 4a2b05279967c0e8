#include "reach/routing/search.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
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

// A (time, rank) label as nearest_centre() compares and passes them along chains.
struct NodeLabel {
    double time_s = unreachable;
    std::uint32_t rank = no_centre;
};

// (time, rank) beats `best`: on exactly equal time the smaller centre rank wins (DESIGN.md,
// Rules: Ties).
bool improves(double time_s, std::uint32_t rank, const NodeLabel& best) {
    return time_s < best.time_s || (time_s == best.time_s && rank < best.rank);
}

// Label of a chain or isolated node, kept in the result arrays.
NodeLabel chain_label(const NearestCentre& result, std::uint32_t v) {
    return {result.time_s[v], result.rank[v]};
}

// One pass along chain c: from `start` (the label of the node before the first position
// visited) node by node, each time the pass improves a node's label; then the pass goes on with
// that node's label. Forward passes walk the chain order with ahead_s, backward ones the reverse
// order with back_s (NaN arcs give NaN times, which improve nothing).
template <bool forward>
void pass_chain(const SearchGraph& graph, std::uint32_t c, NodeLabel start, double limit_s,
                NearestCentre& result) {
    const auto first = graph.chain_first[c];
    const auto end = graph.chain_first[c + 1];
    NodeLabel now = start;
    for (auto k = first; k < end; ++k) {
        const auto p = forward ? k : first + end - 1 - k;
        const auto v = graph.chain_node[p];
        const double t =
            now.time_s + static_cast<double>(forward ? graph.ahead_s[p] : graph.back_s[p]);
        if (t <= limit_s && improves(t, now.rank, chain_label(result, v))) {
            result.time_s[v] = t;
            result.rank[v] = now.rank;
        }
        now = chain_label(result, v);
    }
}

// Chain c with the labels of its end nodes (unreachable ones for a chain with a source, before
// the core search).
void fill_chain(const SearchGraph& graph, std::uint32_t c, NodeLabel from, NodeLabel to,
                double limit_s, NearestCentre& result) {
    pass_chain<true>(graph, c, from, limit_s, result);
    pass_chain<false>(graph, c, to, limit_s, result);
}

}  // namespace

NearestCentre nearest_centre(const network::CsrGraph& graph, std::span<const Source> sources,
                             double cutoff_s) {
    return nearest_centre(build_search_graph(graph), sources, cutoff_s);
}

NearestCentre nearest_centre(const SearchGraph& graph, std::span<const Source> sources,
                             double cutoff_s) {
    REACH_ASSERT(cutoff_s >= 0.0);  // also rejects NaN
    const auto node_count = graph.node_count;
    const double limit_s = cutoff_s + threshold_tolerance_s;

    NearestCentre result;
    result.time_s.assign(node_count, unreachable);
    result.rank.assign(node_count, no_centre);
    // A core node's label and the first of its arcs in one 16-byte entry (one more closes the
    // last range): popping a node reads its label and its arcs' range from one cache line, and
    // relaxing an arc reads and sets the head's label in one; the core search's time goes
    // mostly into these cache misses.
    struct CoreLabel {
        double time_s;
        std::uint32_t rank;
        std::uint32_t first_arc;  // graph.core_first_out[c]
    };
    std::vector<CoreLabel> core_labels(graph.core_count() + 1);
    for (std::uint32_t c = 0; c <= graph.core_count(); ++c) {
        core_labels[c] = {unreachable, no_centre, graph.core_first_out[c]};
    }
    detail::RadixHeap heap;
    CoreLabel* const core = core_labels.data();
    const auto label = [&](std::uint32_t c) { return NodeLabel{core[c].time_s, core[c].rank}; };
    const SearchGraph::CoreArc* const arc = graph.core_arc.data();
    const float* const weight = graph.weight.data();

    const auto improve_core = [&](std::uint32_t c, double t, std::uint32_t rank) {
        auto& now = core[c];
        if (t <= limit_s && (t < now.time_s || (t == now.time_s && rank < now.rank))) {
            now.time_s = t;
            now.rank = rank;
            heap.push({detail::radix_key(t), rank, c});
        }
    };

    // Sources on chain nodes: their chains are filled from the sources alone first, which gives
    // the labels the chain's sources pass on to its end nodes.
    std::vector<std::uint32_t> source_chains;
    for (const auto& source : sources) {
        check_source(source, node_count);
        const auto v = source.node;
        if (graph.core_of[v] != no_slot) {
            improve_core(graph.core_of[v], source.time_s, source.rank);
        } else if (source.time_s <= limit_s &&
                   improves(source.time_s, source.rank, chain_label(result, v))) {
            result.time_s[v] = source.time_s;
            result.rank[v] = source.rank;
            if (graph.chain_of[v] != no_slot) {  // else an isolated node: nothing to pass on
                source_chains.push_back(graph.chain_of[v]);
            }
        }
    }
    std::sort(source_chains.begin(), source_chains.end());
    source_chains.erase(std::unique(source_chains.begin(), source_chains.end()),
                        source_chains.end());
    for (const auto c : source_chains) {
        fill_chain(graph, c, {}, {}, limit_s, result);
        const auto first = chain_label(result, graph.chain_node[graph.chain_first[c]]);
        const auto last = chain_label(result, graph.chain_node[graph.chain_first[c + 1] - 1]);
        improve_core(graph.chain_from[c], first.time_s + graph.exit_back_s[c], first.rank);
        if (graph.chain_to[c] != no_slot) {
            improve_core(graph.chain_to[c], last.time_s + graph.exit_ahead_s[c], last.rank);
        }
    }

    // Dijkstra over the core nodes; a core arc adds its arc times one by one. Label-correcting
    // within equal times: an entry is stale unless it still is its node's (time, rank) label. A
    // node whose label later improves to the same time with a smaller rank (over arcs of 0 s)
    // is queued and relaxed again, so every node ends with the smallest (time, rank) label, as a
    // Dijkstra ordered by (time, rank) would give.
    while (!heap.empty()) {
        const auto entry = heap.pop();
        const double t_u = detail::radix_time(entry.key);
        const auto& u = core[entry.node];
        if (t_u != u.time_s || entry.rank != u.rank) {
            continue;
        }
        const auto begin = u.first_arc;
        const auto end = core[entry.node + 1].first_arc;
        for (auto a = begin; a < end; ++a) {
            // Partial sums never decrease: once one exceeds the head's time, the arc cannot
            // improve it, and the rest of a shortcut's times need not be read.
            const auto v = arc[a].head;
            const double bound_s = std::min(core[v].time_s, limit_s);
            double t = t_u;
            auto w = arc[a].first_weight;
            const auto w_end = arc[a + 1].first_weight;
            do {
                t += static_cast<double>(weight[w]);
            } while (++w < w_end && t <= bound_s);
            if (t <= bound_s) {
                improve_core(v, t, entry.rank);
            }
        }
    }

    // A chain gets labels from its ends (or had them from its sources, above): one whose ends
    // were not reached is left as it is, so a search bounded to a small area stays cheap. Chains
    // share no node and read only core labels, so they are filled side by side (a fifth of the
    // search's time on one thread), each exactly as alone: the same labels for any thread count.
    const auto fill_chains = [&](const tbb::blocked_range<std::uint32_t>& chains) {
        for (auto c = chains.begin(); c < chains.end(); ++c) {
            const auto from = label(graph.chain_from[c]);
            const auto to = graph.chain_to[c] == no_slot ? NodeLabel{} : label(graph.chain_to[c]);
            if (from.time_s != unreachable || to.time_s != unreachable) {
                fill_chain(graph, c, from, to, limit_s, result);
            }
        }
    };
    constexpr std::uint32_t chains_per_task = 4096;
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, graph.chain_count(), chains_per_task),
                      fill_chains);
    for (std::uint32_t c = 0; c < graph.core_count(); ++c) {
        result.time_s[graph.core_node[c]] = core[c].time_s;
        result.rank[graph.core_node[c]] = core[c].rank;
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
