#pragma once
// build_search_graph(): the SearchGraph (reach/network/search_graph.hpp: junction core, chain
// shortcuts) that nearest_centre() searches. The graph cache stores it (CachedGraph::search), so
// a graph loaded from the cache does not build it again.
#include <cstdint>
#include <optional>

#include "reach/network/csr_graph.hpp"
#include "reach/network/search_graph.hpp"

namespace reach::routing {

using network::no_slot;
using network::SearchGraph;

// Deterministic: depends only on `graph`. O(n + m).
[[nodiscard]] SearchGraph build_search_graph(const network::CsrGraph& graph);

// `stored` (moved out, e.g. CachedGraph::search as the graph cache loaded it), which must have
// been built from `graph`, or build_search_graph(graph) when there is none: what a caller
// holding a CachedGraph uses instead of building. A stored one of another node count is a bug.
[[nodiscard]] SearchGraph take_or_build_search_graph(std::optional<SearchGraph>& stored,
                                                     const network::CsrGraph& graph);

}  // namespace reach::routing
