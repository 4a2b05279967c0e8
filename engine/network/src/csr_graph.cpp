#include "reach/network/csr_graph.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "reach/core/assert.hpp"

namespace reach::network {

bool CsrGraph::valid() const {
    if (first_out.empty() || first_out.front() != 0 || first_out.back() != head.size()) {
        return false;
    }
    if (time_s.size() != head.size() || segment.size() != head.size()) {
        return false;
    }
    if (!std::is_sorted(first_out.begin(), first_out.end())) {
        return false;
    }
    const auto n = node_count();
    return std::all_of(head.begin(), head.end(), [n](std::uint32_t h) { return h < n; }) &&
           std::all_of(time_s.begin(), time_s.end(),
                       [](float t) { return std::isfinite(t) && t >= 0.0F; });
}

CsrGraph make_csr(std::uint32_t node_count, std::vector<Arc> arcs) {
    // Bucket by tail in linear time, then sort each (short) bucket by (head, time, segment):
    // the same order as one global sort, at a fraction of its cost on millions of arcs.
    CsrGraph graph;
    graph.first_out.assign(static_cast<std::size_t>(node_count) + 1, 0);
    for (const auto& arc : arcs) {
        REACH_ASSERT(arc.tail < node_count && arc.head < node_count);
        ++graph.first_out[arc.tail + 1];
    }
    for (std::uint32_t u = 0; u < node_count; ++u) {
        graph.first_out[u + 1] += graph.first_out[u];
    }
    std::vector<Arc> sorted(arcs.size());
    {
        std::vector<std::uint32_t> next(graph.first_out.begin(), graph.first_out.end() - 1);
        for (const auto& arc : arcs) {
            sorted[next[arc.tail]++] = arc;
        }
    }
    arcs.clear();
    arcs.shrink_to_fit();
    for (std::uint32_t u = 0; u < node_count; ++u) {
        const auto begin = sorted.begin() + graph.first_out[u];
        const auto end = sorted.begin() + graph.first_out[u + 1];
        if (end - begin > 1) {
            std::sort(begin, end, [](const Arc& a, const Arc& b) {
                return std::tie(a.head, a.time_s, a.segment) <
                       std::tie(b.head, b.time_s, b.segment);
            });
        }
    }
    graph.head.resize(sorted.size());
    graph.time_s.resize(sorted.size());
    graph.segment.resize(sorted.size());
    for (std::size_t a = 0; a < sorted.size(); ++a) {
        graph.head[a] = sorted[a].head;
        graph.time_s[a] = sorted[a].time_s;
        graph.segment[a] = sorted[a].segment;
    }
    REACH_ASSERT(graph.valid());
    return graph;
}

CsrGraph make_reverse(const CsrGraph& graph) {
    std::vector<Arc> arcs;
    arcs.reserve(graph.arc_count());
    for (std::uint32_t u = 0; u < graph.node_count(); ++u) {
        for (auto a = graph.first_out[u]; a < graph.first_out[u + 1]; ++a) {
            arcs.push_back({graph.head[a], u, graph.time_s[a], graph.segment[a]});
        }
    }
    return make_csr(graph.node_count(), std::move(arcs));
}

}  // namespace reach::network
