#pragma once
// Dijkstra searches towards centres on the reverse graph (DESIGN.md, Rules: every reported
// time is home → centre). All sums in double; arc times are the graph's stored floats.
//
// nearest_centre(): multi-source search. Each source is a node with an initial time (e.g. the
// access leg) and the rank of its centre (centres sorted bytewise by id, rank 0 = smallest).
// Labels are compared as (time, rank), so on equal time the smaller centre id wins.
// Runs on a SearchGraph (search_graph.hpp): a radix-heap Dijkstra over the junctions, then the
// chains between them; bit-identical to a plain Dijkstra. Allocates its result and labels.
//
// BoundedSearch: from the sources of one centre, settles nodes with time <= cutoff_s
// (inclusive, 1e-6 s tolerance); state is reused across calls (only touched entries reset).
#include <cstdint>
#include <span>
#include <vector>

#include "reach/network/csr_graph.hpp"
#include "reach/routing/search_graph.hpp"

namespace reach::routing {

struct Source {
    std::uint32_t node = 0;
    double time_s = 0.0;     // initial time at the node (>= 0)
    std::uint32_t rank = 0;  // centre rank (order of centre ids, bytewise)
};

inline constexpr std::uint32_t no_centre = 0xffffffffU;

struct NearestCentre {
    std::vector<double> time_s;       // per node; reach::unreachable when not reached
    std::vector<std::uint32_t> rank;  // per node; no_centre when not reached
};

// `graph` must be the reverse graph when times towards the centres are wanted.
// cutoff_s: nodes with time > cutoff_s + 1e-6 are left unreachable (default: no bound).
// Sources: node < node_count, time finite and >= 0 (asserted); several may share a node
// (the best (time, rank) label wins); a source beyond the cutoff is ignored.
[[nodiscard]] NearestCentre nearest_centre(const network::CsrGraph& graph,
                                           std::span<const Source> sources,
                                           double cutoff_s = 1e300);
// The same search on a SearchGraph built once (build_search_graph(graph)): what callers that
// search one graph many times use. Results are bit-identical to the CsrGraph overload.
[[nodiscard]] NearestCentre nearest_centre(const SearchGraph& graph,
                                           std::span<const Source> sources,
                                           double cutoff_s = 1e300);

struct Reached {
    std::uint32_t node = 0;
    double time_s = 0.0;
};

class BoundedSearch {
public:
    explicit BoundedSearch(std::uint32_t node_count);
    // Nodes reached within cutoff_s, in settle order (non-decreasing time; equal times by
    // node id). The span is valid until the next run(). Source ranks are ignored; sources obey
    // the rules of nearest_centre(). `graph.node_count()` must equal node_count.
    std::span<const Reached> run(const network::CsrGraph& graph, std::span<const Source> sources,
                                 double cutoff_s);
    // Time of `node` in the last run (reach::unreachable if not reached).
    [[nodiscard]] double time_s(std::uint32_t node) const;

private:
    std::vector<double> m_time_s;           // per node; finite only for the last run's nodes
    std::vector<std::uint32_t> m_heap_pos;  // per node; index in m_heap (src/quaternary_heap)
    std::vector<Reached> m_heap;            // heap entries; capacity node_count
    std::vector<Reached> m_reached;         // the last run's nodes: the result and what to reset
};

}  // namespace reach::routing
