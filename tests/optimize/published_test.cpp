// The OR-Library p-median instance pmed1 (tests/data/orlib/README.md): published optimum 5819
// for p = 5. Shortest paths by Boost.Graph's Floyd–Warshall; every vertex is a demand point
// of weight 1 and a candidate site.
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/floyd_warshall_shortest.hpp>
#include <boost/graph/exterior_property.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "reach/optimize/exact.hpp"
#include "reach/optimize/heuristic.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::optimize::Objective;
using reach::optimize::Problem;

// pmed1 as a p-median problem: all 100 × 100 pairs listed (times = path lengths).
Problem pmed1() {
    std::ifstream in(reach::test::data_path("orlib/pmed1.txt"));
    int vertices = 0, edges = 0, p = 0;
    in >> vertices >> edges >> p;
    std::map<std::pair<int, int>, double> cost;  // an edge given twice keeps its last cost
    for (int e = 0; e < edges; ++e) {
        int i = 0, j = 0;
        double c = 0.0;
        in >> i >> j >> c;
        cost[{std::min(i, j) - 1, std::max(i, j) - 1}] = c;
    }
    EXPECT_TRUE(in) << "pmed1.txt truncated";
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                        boost::no_property,
                                        boost::property<boost::edge_weight_t, double>>;
    Graph g(static_cast<std::size_t>(vertices));
    for (const auto& [ends, c] : cost) {
        boost::add_edge(static_cast<std::size_t>(ends.first),
                        static_cast<std::size_t>(ends.second), c, g);
    }
    std::vector<std::vector<double>> d(static_cast<std::size_t>(vertices),
                                       std::vector<double>(static_cast<std::size_t>(vertices)));
    EXPECT_TRUE(boost::floyd_warshall_all_pairs_shortest_paths(g, d));
    Problem problem;
    problem.objective = Objective::pmedian;
    problem.weight.assign(static_cast<std::size_t>(vertices), 1.0);
    problem.cost.assign(static_cast<std::size_t>(vertices), 0.0);
    problem.fixed_open.assign(static_cast<std::size_t>(vertices), 0);
    for (int j = 0; j < vertices; ++j) {
        for (int i = 0; i < vertices; ++i) {
            problem.demand.push_back(static_cast<std::uint32_t>(i));
            problem.time_s.push_back(d[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
        }
        problem.first.push_back(static_cast<std::uint32_t>(problem.demand.size()));
    }
    problem.cap_s = 1e9;
    problem.k = p;
    return problem;
}

}  // namespace

TEST(PublishedInstances, OrLibraryPmed1ExactReachesThePublishedOptimum) {
    const auto problem = pmed1();
    ASSERT_EQ(problem.site_count(), 100U);
    const auto exact = reach::optimize::solve_exact(problem);
    ASSERT_TRUE(exact);
    EXPECT_DOUBLE_EQ(exact->value, 5819.0);
    EXPECT_EQ(exact->chosen.size(), 5U);
}

TEST(PublishedInstances, OrLibraryPmed1GreedyAndInterchangeFindTheOptimumToo) {
    const auto problem = pmed1();
    const auto heuristic = reach::optimize::solve_heuristic(problem);
    EXPECT_DOUBLE_EQ(heuristic.value, 5819.0);
    auto chosen = heuristic.chosen;
    std::sort(chosen.begin(), chosen.end());
    // Medians 7, 13, 65, 91, 99 (1-based), the set the independent Python check found.
    EXPECT_EQ(chosen, (std::vector<std::uint32_t>{6, 12, 64, 90, 98}));
}
