#pragma once
// SearchGraph: the layout routing::nearest_centre() searches, built once per graph from a
// CsrGraph by routing::build_search_graph(). Declared here, as plain arrays, so the graph cache
// can store it with the graph it was built from.
//
// Most nodes of a road network lie inside a road between junctions (curve points, dead-end
// roads): on the synthetic 1M-node network 60 % of them. They are "chain nodes": a node whose
// in-neighbours are exactly its out-neighbours, at most two, one arc each way (two-way road,
// dead end), or with one arc in and one out to another node (oneway road). The other nodes are
// "core nodes". A chain is a maximal run of chain nodes c1…ck entered from core node `from`
// (arc from → c1) and left at core node `to` (arc ck → to), if the run does not end in a dead
// end. Nodes without any arc (e.g. on footways only, for a car graph) are neither: a source on
// one labels just that node. Isolated runs and rings without a junction get their smallest
// node promoted to core (numbered after the other core nodes).
//
// The search runs Dijkstra on the core nodes only: a core arc is either an original arc between
// two core nodes or a shortcut over a whole chain. A shortcut keeps the arc times of its chain
// and adds them one by one (time = ((t + w1) + w2) + …), exactly the sums the plain search
// forms along the same path, so times stay bit-identical. Chain nodes get their labels after
// the core search by one pass along the chain from each end (DESIGN.md, Rules: Ties hold since
// every comparison is the same (time, rank) rule).
#include <cstdint>
#include <vector>

namespace reach::network {

inline constexpr std::uint32_t no_slot = 0xffffffffU;

struct SearchGraph {
    std::uint32_t node_count = 0;
    std::uint32_t isolated_count = 0;  // nodes without arcs: neither core nor chain
    // Per node: its core index, or no_slot for a chain or isolated node.
    std::vector<std::uint32_t> core_of;
    // Per node: its chain index, or no_slot for a core or isolated node.
    std::vector<std::uint32_t> chain_of;
    // Per core index: the node.
    std::vector<std::uint32_t> core_node;

    // Core arcs in CSR form over core indices: core_arc[core_first_out[c] ..
    // core_first_out[c + 1]) leave core node c. Arc a runs to core_arc[a].head; its arc times
    // are weight[core_arc[a].first_weight .. core_arc[a + 1].first_weight) (one for an original
    // arc, k + 1 for a shortcut over k chain nodes). A last sentinel arc closes the final range.
    struct CoreArc {
        std::uint32_t head;
        std::uint32_t first_weight;
    };
    std::vector<std::uint32_t> core_first_out{0};
    std::vector<CoreArc> core_arc;
    std::vector<float> weight;

    // Chains: chain c holds chain_node[chain_first[c] .. chain_first[c + 1]) in walk order from
    // chain_from[c]. chain_to[c] is the core index left to, or no_slot after a dead end.
    std::vector<std::uint32_t> chain_first{0};
    std::vector<std::uint32_t> chain_node;
    std::vector<std::uint32_t> chain_from;
    std::vector<std::uint32_t> chain_to;
    // Per chain node position p (same index as chain_node): ahead_s[p] is the time of the arc
    // into it along the walk (from the previous node, or from `from`); back_s[p] the time of the
    // arc into it from the next node (or from `to`), NaN on a oneway chain or past a dead end.
    // Per chain c, exit_ahead_s[c] is the arc ck → to (NaN after a dead end) and exit_back_s[c]
    // the arc c1 → from (NaN on a oneway chain).
    std::vector<float> ahead_s;
    std::vector<float> back_s;
    std::vector<float> exit_ahead_s;
    std::vector<float> exit_back_s;

    [[nodiscard]] std::uint32_t core_count() const {
        return static_cast<std::uint32_t>(core_node.size());
    }
    [[nodiscard]] std::uint32_t chain_count() const {
        return static_cast<std::uint32_t>(chain_from.size());
    }
};

}  // namespace reach::network
