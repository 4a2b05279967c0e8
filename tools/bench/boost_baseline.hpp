#pragma once
// The baseline `reach bench` measures reach's searches against (issue 11): Boost.Graph's
// dijkstra_shortest_paths on a compressed_sparse_row_graph built from the same arcs (float
// times as double), plus virtual super-sources: one per centre with an arc of each seed's
// initial time to its node, and one above them all (arcs of 0 s) for the nearest-centre
// search. Construction is timed apart from the searches, which are what the ratios compare.
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <vector>

#include "reach/network/csr_graph.hpp"
#include "reach/routing/search.hpp"

namespace reach::bench {

class BoostBaseline {
public:
    // `graph` is the graph the searches run on (the reverse graph for times towards centres).
    // centre_seeds[c]: the seeds of centre c (their rank fields are ignored).
    BoostBaseline(const network::CsrGraph& graph,
                  const std::vector<std::vector<routing::Source>>& centre_seeds);

    // Time from the nearest centre to every node of `graph` (reach::unreachable when none).
    [[nodiscard]] std::vector<double> nearest_times() const;
    // The search from centre c alone, stopped once the next node to settle is beyond
    // cutoff_s: nodes within cutoff_s + 1e-6 have their time, the others reach::unreachable.
    [[nodiscard]] std::vector<double> bounded_times(std::uint32_t centre, double cutoff_s) const;

private:
    struct Weight {
        double time_s;
    };
    using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, Weight>;

    [[nodiscard]] std::vector<double> search(std::uint32_t from, double cutoff_s) const;

    std::uint32_t m_node_count;    // nodes of the input graph; then one per centre, then one
    std::uint32_t m_centre_count;  // for all centres
    Graph m_graph;
};

}  // namespace reach::bench
