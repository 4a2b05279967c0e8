#include "boost_baseline.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <limits>
#include <utility>

#include "reach/core/units.hpp"

namespace reach::bench {
namespace {

// Ends Boost's search at the first node beyond the cutoff (nodes settle in time order).
struct CutoffReached {};

template <typename DistanceMap>
class StopBeyond : public boost::default_dijkstra_visitor {
public:
    StopBeyond(DistanceMap distance, double cutoff_s) : m_distance(distance), m_cutoff_s(cutoff_s) {}
    template <typename Vertex, typename Graph>
    void examine_vertex(Vertex u, const Graph& /*graph*/) const {
        if (m_distance[u] > m_cutoff_s + 1e-6) throw CutoffReached{};
    }

private:
    DistanceMap m_distance;
    double m_cutoff_s;
};

}  // namespace

BoostBaseline::BoostBaseline(const network::CsrGraph& graph,
                             const std::vector<std::vector<routing::Source>>& centre_seeds)
    : m_node_count(graph.node_count()),
      m_centre_count(static_cast<std::uint32_t>(centre_seeds.size())) {
    using Edge = std::pair<std::uint32_t, std::uint32_t>;
    std::vector<Edge> edges;
    std::vector<Weight> weights;
    edges.reserve(graph.arc_count() + 2 * centre_seeds.size());
    weights.reserve(edges.capacity());
    for (std::uint32_t u = 0; u < graph.node_count(); ++u) {
        for (auto a = graph.first_out[u]; a < graph.first_out[u + 1]; ++a) {
            edges.emplace_back(u, graph.head[a]);
            weights.push_back({static_cast<double>(graph.time_s[a])});
        }
    }
    for (std::uint32_t c = 0; c < m_centre_count; ++c) {
        for (const auto& seed : centre_seeds[c]) {
            edges.emplace_back(m_node_count + c, seed.node);
            weights.push_back({seed.time_s});
        }
    }
    for (std::uint32_t c = 0; c < m_centre_count; ++c) {
        edges.emplace_back(m_node_count + m_centre_count, m_node_count + c);
        weights.push_back({0.0});
    }
    // Sources are in increasing order by construction, so Boost need not sort.
    m_graph = Graph(boost::edges_are_sorted, edges.begin(), edges.end(), weights.begin(),
                    m_node_count + m_centre_count + 1);
}

std::vector<double> BoostBaseline::search(std::uint32_t from, double cutoff_s) const {
    std::vector<double> distance(m_node_count + m_centre_count + 1);
    const auto distance_map =
        boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, m_graph));
    try {
        boost::dijkstra_shortest_paths(
            m_graph, from,
            boost::weight_map(boost::get(&Weight::time_s, m_graph))
                .distance_map(distance_map)
                .distance_inf(std::numeric_limits<double>::infinity())
                .visitor(StopBeyond<decltype(distance_map)>(distance_map, cutoff_s)));
    } catch (const CutoffReached&) {
        // Nodes discovered but not settled may hold times above the cutoff: dropped below.
    }
    distance.resize(m_node_count);
    for (auto& time_s : distance) {
        if (time_s > cutoff_s + 1e-6) time_s = unreachable;
    }
    return distance;
}

std::vector<double> BoostBaseline::nearest_times() const {
    return search(m_node_count + m_centre_count, std::numeric_limits<double>::infinity());
}

std::vector<double> BoostBaseline::bounded_times(std::uint32_t centre, double cutoff_s) const {
    return search(m_node_count + centre, cutoff_s);
}

}  // namespace reach::bench
