#include "reach/routing/search_graph.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "reach/core/assert.hpp"

namespace reach::routing {

namespace {

constexpr float no_arc_s = std::numeric_limits<float>::quiet_NaN();

// The time of the arc from → to, NaN if there is none (chain nodes have one arc per neighbour).
float arc_time_s(const network::CsrGraph& graph, std::uint32_t from, std::uint32_t to) {
    for (auto a = graph.first_out[from]; a < graph.first_out[from + 1]; ++a) {
        if (graph.head[a] == to) return graph.time_s[a];
    }
    return no_arc_s;
}

constexpr std::uint8_t core_kind = 0;
constexpr std::uint8_t chain_kind = 1;
constexpr std::uint8_t isolated_kind = 2;

// Per node: chain_kind as defined in search_graph.hpp, isolated_kind for a node without arcs,
// else core_kind.
std::vector<std::uint8_t> node_kinds(const network::CsrGraph& graph) {
    const auto node_count = graph.node_count();
    std::vector<std::uint32_t> in_degree(node_count, 0);
    for (const auto v : graph.head) {
        ++in_degree[v];
    }
    std::vector<std::uint8_t> chain(node_count, core_kind);
    for (std::uint32_t v = 0; v < node_count; ++v) {
        const auto first = graph.first_out[v];
        const auto out_degree = graph.first_out[v + 1] - first;
        if (out_degree == 0 && in_degree[v] == 0) {
            chain[v] = isolated_kind;
        } else if (out_degree == 1) {
            chain[v] = in_degree[v] == 1 && graph.head[first] != v ? chain_kind : core_kind;
        } else if (out_degree == 2 && in_degree[v] == 2) {
            const auto x = graph.head[first];
            const auto y = graph.head[first + 1];
            const bool two_way = x != y && x != v && y != v &&
                                 arc_time_s(graph, x, v) == arc_time_s(graph, x, v) &&
                                 arc_time_s(graph, y, v) == arc_time_s(graph, y, v);
            chain[v] = two_way ? chain_kind : core_kind;
        }
    }
    return chain;
}

// The node after `at` on a walk that came from `previous`: its out-neighbour other than
// `previous`, or no_slot at a dead end. Chain nodes have one or two out-arcs.
std::uint32_t next_on_walk(const network::CsrGraph& graph, std::uint32_t previous,
                           std::uint32_t at) {
    for (auto a = graph.first_out[at]; a < graph.first_out[at + 1]; ++a) {
        if (graph.head[a] != previous) return graph.head[a];
    }
    return no_slot;
}

// Walks from core node `from` over its arc `first_arc` through chain nodes until a core node
// or a dead end. Calls visit(node, time of the arc into it) per chain node; returns the core
// node reached (no_slot after a dead end) and the time of the arc into it.
template <class Visit>
std::pair<std::uint32_t, float> walk_chain(const network::CsrGraph& graph,
                                           const std::vector<std::uint8_t>& chain,
                                           std::uint32_t from, std::uint32_t first_arc,
                                           Visit&& visit) {
    std::uint32_t previous = from;
    std::uint32_t at = graph.head[first_arc];
    float time_s = graph.time_s[first_arc];
    while (chain[at] == chain_kind) {
        visit(at, time_s);
        const auto next = next_on_walk(graph, previous, at);
        if (next == no_slot) return {no_slot, no_arc_s};
        time_s = arc_time_s(graph, at, next);
        previous = at;
        at = next;
    }
    return {at, time_s};
}

// Records the chain that starts with arc `first_arc` of core node `from` (its first visit).
void add_chain(SearchGraph& result, const network::CsrGraph& graph,
               const std::vector<std::uint8_t>& chain, std::uint32_t from,
               std::uint32_t first_arc) {
    const auto index = result.chain_count();
    const auto first = static_cast<std::uint32_t>(result.chain_node.size());
    const auto [to, exit_s] =
        walk_chain(graph, chain, from, first_arc, [&](std::uint32_t v, float time_s) {
            result.chain_of[v] = index;
            result.chain_node.push_back(v);
            result.ahead_s.push_back(time_s);
        });
    const auto end = static_cast<std::uint32_t>(result.chain_node.size());
    for (auto p = first; p < end; ++p) {
        const auto next = p + 1 < end ? result.chain_node[p + 1] : to;
        result.back_s.push_back(next == no_slot ? no_arc_s
                                                : arc_time_s(graph, next, result.chain_node[p]));
    }
    result.chain_first.push_back(end);
    result.chain_from.push_back(result.core_of[from]);
    result.chain_to.push_back(to == no_slot ? no_slot : result.core_of[to]);
    result.exit_ahead_s.push_back(exit_s);
    result.exit_back_s.push_back(arc_time_s(graph, result.chain_node[first], from));
}

// Core arcs of core node u, appended to the CSR (and the chains its walks see first).
void add_core_arcs(SearchGraph& result, const network::CsrGraph& graph,
                   const std::vector<std::uint8_t>& chain, std::uint32_t u) {
    for (auto a = graph.first_out[u]; a < graph.first_out[u + 1]; ++a) {
        const auto first = result.weight.size();
        const auto [to, exit_s] = walk_chain(graph, chain, u, a, [&](std::uint32_t, float time_s) {
            result.weight.push_back(time_s);
        });
        if (chain[graph.head[a]] == chain_kind && result.chain_of[graph.head[a]] == no_slot) {
            add_chain(result, graph, chain, u, a);
        }
        // A walk back to its start or into a dead end gives no shortcut.
        if (to == no_slot || to == u) {
            result.weight.resize(first);
            continue;
        }
        result.weight.push_back(exit_s);
        result.core_arc.push_back({result.core_of[to], static_cast<std::uint32_t>(first)});
    }
    result.core_first_out.push_back(static_cast<std::uint32_t>(result.core_arc.size()));
}

}  // namespace

SearchGraph build_search_graph(const network::CsrGraph& graph) {
    const auto node_count = graph.node_count();
    auto chain = node_kinds(graph);

    SearchGraph result;
    result.node_count = node_count;
    result.core_of.assign(node_count, no_slot);
    result.chain_of.assign(node_count, no_slot);
    for (std::uint32_t v = 0; v < node_count; ++v) {
        if (chain[v] == core_kind) {
            result.core_of[v] = result.core_count();
            result.core_node.push_back(v);
        }
    }
    result.core_first_out.reserve(result.core_count() + 1);
    result.weight.reserve(graph.arc_count());
    result.isolated_count = static_cast<std::uint32_t>(
        std::count(chain.begin(), chain.end(), isolated_kind));
    result.chain_node.reserve(node_count - result.core_count() - result.isolated_count);
    const auto junctions = result.core_count();
    for (std::uint32_t c = 0; c < junctions; ++c) {
        add_core_arcs(result, graph, chain, result.core_node[c]);
    }
    // Pieces no walk from a core node reached (rings and paths without a junction): their
    // smallest node becomes a core node, after the others. No walk from the other core nodes
    // enters such a piece, and its own walks end at itself or in dead ends: no core arcs.
    for (std::uint32_t v = 0; v < node_count; ++v) {
        if (chain[v] == chain_kind && result.chain_of[v] == no_slot) {
            chain[v] = core_kind;
            result.core_of[v] = result.core_count();
            result.core_node.push_back(v);
            add_core_arcs(result, graph, chain, v);
        }
    }
    result.core_arc.push_back({no_slot, static_cast<std::uint32_t>(result.weight.size())});
    REACH_ASSERT(result.chain_node.size() + result.core_count() + result.isolated_count ==
                 node_count);
    return result;
}

SearchGraph take_or_build_search_graph(std::optional<SearchGraph>& stored,
                                       const network::CsrGraph& graph) {
    if (!stored) {
        return build_search_graph(graph);
    }
    REACH_ASSERT(stored->node_count == graph.node_count());
    SearchGraph taken = std::move(*stored);
    stored.reset();
    return taken;
}

}  // namespace reach::routing
