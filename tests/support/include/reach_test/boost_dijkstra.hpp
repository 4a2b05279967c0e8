#pragma once
// Reference shortest-path times from Boost.Graph, to cross-check reach::routing on real
// graphs. Header-only so that only the tests that include it need Boost (Boost::boost).
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "reach/network/csr_graph.hpp"

namespace reach::test {

// A source node and the time already spent when the search enters it.
struct BoostSeed {
    std::uint32_t node;
    double time_s;
};

// Multi-source distances with Boost.Graph: a virtual super-source with an arc of the seed's
// time to each seed node, on a CSR graph built from the same float weights (as double). Per
// node of `graph`; +infinity (== reach::unreachable) where no seed reaches it.
inline std::vector<double> boost_distances(const network::CsrGraph& graph,
                                           const std::vector<BoostSeed>& seeds) {
    using Edge = std::pair<std::uint32_t, std::uint32_t>;
    struct Weight {
        double w;
    };
    std::vector<Edge> edges;
    std::vector<Weight> weights;
    const std::uint32_t super = graph.node_count();
    for (std::uint32_t u = 0; u < graph.node_count(); ++u) {
        for (auto a = graph.first_out[u]; a < graph.first_out[u + 1]; ++a) {
            edges.emplace_back(u, graph.head[a]);
            weights.push_back({static_cast<double>(graph.time_s[a])});
        }
    }
    for (const auto& seed : seeds) {
        edges.emplace_back(super, seed.node);
        weights.push_back({seed.time_s});
    }
    using BoostGraph =
        boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, Weight>;
    const BoostGraph bg(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                        weights.begin(), super + 1);
    std::vector<double> dist(super + 1);
    boost::dijkstra_shortest_paths(bg, super,
                                   boost::weight_map(boost::get(&Weight::w, bg))
                                       .distance_map(boost::make_iterator_property_map(
                                           dist.begin(), boost::get(boost::vertex_index, bg)))
                                       .distance_inf(std::numeric_limits<double>::infinity()));
    dist.pop_back();
    return dist;
}

// The same with every source entered at time 0.
inline std::vector<double> boost_distances(const network::CsrGraph& graph,
                                           const std::vector<std::uint32_t>& sources) {
    std::vector<BoostSeed> seeds;
    seeds.reserve(sources.size());
    for (const auto node : sources) {
        seeds.push_back({node, 0.0});
    }
    return boost_distances(graph, seeds);
}

}  // namespace reach::test
