// Hand-checked searches on graphs small enough to draw. Times are home → centre: the searches
// run from the centres on the reverse graph (DESIGN.md, Rules: Direction).
#include "reach/routing/search.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "reach/core/units.hpp"
#include "reach/network/csr_graph.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::network::CsrGraph;
using reach::routing::BoundedSearch;
using reach::routing::nearest_centre;
using reach::routing::no_centre;
using reach::routing::Reached;
using reach::routing::Source;
using reach::test::TestArc;

enum Node : std::uint32_t { A, B, C, D, E, F };

// Both directions of every road, as drawn with "--".
std::vector<TestArc> two_way(const std::vector<TestArc>& roads) {
    std::vector<TestArc> arcs;
    for (const auto& road : roads) {
        arcs.push_back(road);
        arcs.push_back({road.head, road.tail, road.time_s});
    }
    return arcs;
}

CsrGraph reverse_graph(std::uint32_t node_count, const std::vector<TestArc>& arcs) {
    return reach::network::make_reverse(reach::test::make_graph(node_count, arcs));
}

//   A --60s-- B --60s-- C        D (isolated)
//    \_______150s______/
// Centre at C, cutoff 120 s. A reaches C via B in 60+60 = 120 s (inside, at the boundary);
// the direct 150 s road is not used. B: 60 s. D is unreachable.
const CsrGraph& model_graph() {
    static const CsrGraph graph = reverse_graph(4, two_way({{A, B, 60}, {B, C, 60}, {A, C, 150}}));
    return graph;
}

TEST(NearestCentre, ReachesExactlyAtCutoffViaShorterPath) {
    const Source centre{C, 0.0, 0};
    const auto r = nearest_centre(model_graph(), {&centre, 1}, /*cutoff_s=*/120.0);
    EXPECT_DOUBLE_EQ(r.time_s[A], 120.0);
    EXPECT_DOUBLE_EQ(r.time_s[B], 60.0);
    EXPECT_DOUBLE_EQ(r.time_s[C], 0.0);
    EXPECT_EQ(r.rank[A], 0U);
    EXPECT_EQ(r.time_s[D], reach::unreachable);
    EXPECT_EQ(r.rank[D], no_centre);
}

TEST(BoundedSearch, ReachesExactlyAtCutoffViaShorterPath) {
    BoundedSearch search(4);
    const Source centre{C, 0.0, 0};
    const auto reached = search.run(model_graph(), {&centre, 1}, /*cutoff_s=*/120.0);
    ASSERT_EQ(reached.size(), 3U);
    EXPECT_DOUBLE_EQ(search.time_s(A), 120.0);
    EXPECT_DOUBLE_EQ(search.time_s(B), 60.0);
    EXPECT_DOUBLE_EQ(search.time_s(C), 0.0);
    EXPECT_EQ(search.time_s(D), reach::unreachable);
}

//   A ───60s──► B          all three roads are oneway
//   ▲           │
//   └─50s── C ◄─50s┘
// Centre at B. Home → centre: A→B = 60 s; C→A→B = 50+60 = 110 s.
// Centre → home (the wrong direction): B→C = 50 s; B→C→A = 100 s.
TEST(NearestCentre, OnewayRoadsAreFollowedHomeToCentreOnTheReverseGraph) {
    const auto forward = reach::test::make_graph(3, {{A, B, 60}, {B, C, 50}, {C, A, 50}});
    const auto reverse = reach::network::make_reverse(forward);
    const Source centre{B, 0.0, 0};

    const auto towards = nearest_centre(reverse, {&centre, 1});
    EXPECT_DOUBLE_EQ(towards.time_s[A], 60.0);
    EXPECT_DOUBLE_EQ(towards.time_s[C], 110.0);

    const auto away = nearest_centre(forward, {&centre, 1});
    EXPECT_DOUBLE_EQ(away.time_s[A], 100.0);
    EXPECT_DOUBLE_EQ(away.time_s[C], 50.0);
}

//   A --10s-- C --90s-- D --10s-- F --90s-- B          D --50s-- E
// Centre X (rank 1) at A, centre Y (rank 0) at B. D is 10+90 = 100 s from X and 90+10 = 100 s
// from Y: an exact tie, won by the smaller rank 0, although X's label reaches D first (C
// settles at 10 s, F only at 90 s). E inherits the winner (150 s). C (X 10 s, Y 190 s) keeps
// rank 1; F (Y 90 s, X 110 s) rank 0.
TEST(NearestCentre, TieAtEqualTimeGoesToSmallerRankEvenIfReachedSecond) {
    const auto graph =
        reverse_graph(6, two_way({{A, C, 10}, {C, D, 90}, {D, F, 10}, {F, B, 90}, {D, E, 50}}));
    const std::vector<Source> centres{{A, 0.0, 1}, {B, 0.0, 0}};
    const auto r = nearest_centre(graph, centres);
    EXPECT_DOUBLE_EQ(r.time_s[D], 100.0);
    EXPECT_EQ(r.rank[D], 0U);
    EXPECT_DOUBLE_EQ(r.time_s[E], 150.0);
    EXPECT_EQ(r.rank[E], 0U);
    EXPECT_DOUBLE_EQ(r.time_s[C], 10.0);
    EXPECT_EQ(r.rank[C], 1U);
    EXPECT_DOUBLE_EQ(r.time_s[F], 90.0);
    EXPECT_EQ(r.rank[F], 0U);
    EXPECT_EQ(r.rank[A], 1U);
    EXPECT_EQ(r.rank[B], 0U);
}

// Arcs of 0 s (two nodes at one place) make ties the queue cannot order by time alone:
//   A(centre rank 1, 0 s) --5s-- C --0s-- D --0s-- E        B(centre rank 0, 5 s) --0s-- C
// C, D and E are at 5 s from both centres; rank 0 must win all three although rank 1's
// labels reach them first (nearest_centre corrects labels within one time).
TEST(NearestCentre, TieOverZeroTimeArcsGoesToSmallerRankAlongTheChain) {
    const auto graph = reverse_graph(5, two_way({{A, C, 5}, {C, D, 0}, {D, E, 0}, {B, C, 0}}));
    const std::vector<Source> centres{{A, 0.0, 1}, {B, 5.0, 0}};
    const auto r = nearest_centre(graph, centres);
    for (const auto node : {C, D, E}) {
        EXPECT_DOUBLE_EQ(r.time_s[node], 5.0) << node;
        EXPECT_EQ(r.rank[node], 0U) << node;
    }
    EXPECT_EQ(r.rank[A], 1U);
}

//   C --20s-- D
// Two centres snapped to C with the same 5 s leg: X (rank 1) pushed first, Y (rank 0) second.
// C (5 s) and D (25 s) go to rank 0.
TEST(NearestCentre, TieBetweenSourcesGoesToSmallerRankEvenIfPushedSecond) {
    const auto graph = reverse_graph(4, two_way({{C, D, 20}}));
    const std::vector<Source> centres{{C, 5.0, 1}, {C, 5.0, 0}};
    const auto r = nearest_centre(graph, centres);
    EXPECT_DOUBLE_EQ(r.time_s[D], 25.0);
    EXPECT_EQ(r.rank[C], 0U);
    EXPECT_EQ(r.rank[D], 0U);
}

//   A --50s-- C --100s-- B
// Centre 0 at A with an access leg of 60 s, centre 1 at B with none. C: via A 60+50 = 110 s,
// via B 100 s, so centre 1 wins C with 100 s; A itself keeps its own centre at 60 s
// (B would need 150 s).
TEST(NearestCentre, SourceOffsetTimeIsAddedToEveryPath) {
    const auto graph = reverse_graph(3, two_way({{A, C, 50}, {C, B, 100}}));
    const std::vector<Source> centres{{A, 60.0, 0}, {B, 0.0, 1}};
    const auto r = nearest_centre(graph, centres);
    EXPECT_DOUBLE_EQ(r.time_s[A], 60.0);
    EXPECT_EQ(r.rank[A], 0U);
    EXPECT_DOUBLE_EQ(r.time_s[C], 100.0);
    EXPECT_EQ(r.rank[C], 1U);
    EXPECT_DOUBLE_EQ(r.time_s[B], 0.0);
}

//   A --40s-- B
// Three centres snapped to A: rank 2 with leg 10 s, rank 1 with leg 20 s, rank 0 with leg
// 10 s. Best label at A is (10 s, rank 0); B gets 50 s, rank 0.
TEST(NearestCentre, SourcesSharingANodeKeepTheBestLabel) {
    const auto graph = reverse_graph(2, two_way({{A, B, 40}}));
    const std::vector<Source> centres{{A, 10.0, 2}, {A, 20.0, 1}, {A, 10.0, 0}};
    const auto r = nearest_centre(graph, centres);
    EXPECT_DOUBLE_EQ(r.time_s[A], 10.0);
    EXPECT_EQ(r.rank[A], 0U);
    EXPECT_DOUBLE_EQ(r.time_s[B], 50.0);
    EXPECT_EQ(r.rank[B], 0U);
}

//   A --60s-- B --60s-- C
// Centre at C; A is 120 s away. Cutoff 120 s and 120 s − 1e-7 (within the 1e-6 tolerance)
// reach A; cutoff 120 s − 1e-5 (A then lies 1e-5 s beyond it) does not.
TEST(NearestCentre, CutoffIsInclusiveWithOneMicrosecondTolerance) {
    const auto graph = reverse_graph(3, two_way({{A, B, 60}, {B, C, 60}}));
    const Source centre{C, 0.0, 0};
    EXPECT_DOUBLE_EQ(nearest_centre(graph, {&centre, 1}, 120.0).time_s[A], 120.0);
    EXPECT_DOUBLE_EQ(nearest_centre(graph, {&centre, 1}, 120.0 - 1e-7).time_s[A], 120.0);
    const auto beyond = nearest_centre(graph, {&centre, 1}, 120.0 - 1e-5);
    EXPECT_EQ(beyond.time_s[A], reach::unreachable);
    EXPECT_EQ(beyond.rank[A], no_centre);
    EXPECT_DOUBLE_EQ(beyond.time_s[B], 60.0);
}

TEST(BoundedSearch, CutoffIsInclusiveWithOneMicrosecondTolerance) {
    const auto graph = reverse_graph(3, two_way({{A, B, 60}, {B, C, 60}}));
    const Source centre{C, 0.0, 0};
    BoundedSearch search(3);
    EXPECT_EQ(search.run(graph, {&centre, 1}, 120.0).size(), 3U);
    EXPECT_DOUBLE_EQ(search.time_s(A), 120.0);
    EXPECT_EQ(search.run(graph, {&centre, 1}, 120.0 - 1e-7).size(), 3U);
    EXPECT_DOUBLE_EQ(search.time_s(A), 120.0);
    EXPECT_EQ(search.run(graph, {&centre, 1}, 120.0 - 1e-5).size(), 2U);
    EXPECT_EQ(search.time_s(A), reach::unreachable);
}

//   A ──30s──► B     C --10s-- D
// Centre at B. A reaches B (30 s). B cannot reach A (oneway) — irrelevant here, since times
// are home → centre. C and D have no road to B: unreachable, no centre.
TEST(NearestCentre, NodesWithoutARoadToAnyCentreAreUnreachable) {
    const auto graph = reverse_graph(4, {{A, B, 30}, {C, D, 10}, {D, C, 10}});
    const Source centre{B, 0.0, 0};
    const auto r = nearest_centre(graph, {&centre, 1});
    EXPECT_DOUBLE_EQ(r.time_s[A], 30.0);
    for (const auto node : {C, D}) {
        EXPECT_EQ(r.time_s[node], reach::unreachable) << node;
        EXPECT_EQ(r.rank[node], no_centre) << node;
    }
}

TEST(NearestCentre, WithoutSourcesEveryNodeIsUnreachable) {
    const auto r = nearest_centre(model_graph(), {});
    ASSERT_EQ(r.time_s.size(), 4U);
    for (std::uint32_t node = 0; node < 4; ++node) {
        EXPECT_EQ(r.time_s[node], reach::unreachable);
        EXPECT_EQ(r.rank[node], no_centre);
    }
}

// Model graph. A centre whose access leg alone (130 s) exceeds the cutoff (120 s) reaches
// nothing, not even its own node.
TEST(NearestCentre, SourceBeyondCutoffIsIgnored) {
    const Source centre{C, 130.0, 0};
    const auto r = nearest_centre(model_graph(), {&centre, 1}, 120.0);
    EXPECT_EQ(r.time_s[C], reach::unreachable);
    EXPECT_EQ(r.rank[C], no_centre);
}

//   A --10s-- B --20s-- C --30s-- D --40s-- E        F (isolated)
// Run 1 from A, cutoff 60: A 0, B 10, C 30, D 60 (E at 100 is beyond).
// Run 2 from E, cutoff 75: E 0, D 40, C 70 (B at 90 is beyond); A and B must no longer carry
// run 1's times.
TEST(BoundedSearch, ReusedStateGivesIndependentResults) {
    const auto graph = reverse_graph(6, two_way({{A, B, 10}, {B, C, 20}, {C, D, 30}, {D, E, 40}}));
    BoundedSearch search(6);

    const Source first{A, 0.0, 0};
    const auto run1 = search.run(graph, {&first, 1}, 60.0);
    const std::vector<Reached> copy1(run1.begin(), run1.end());
    ASSERT_EQ(copy1.size(), 4U);
    EXPECT_EQ(copy1[3].node, D);
    EXPECT_DOUBLE_EQ(copy1[3].time_s, 60.0);
    EXPECT_EQ(search.time_s(E), reach::unreachable);

    const Source second{E, 0.0, 0};
    const auto run2 = search.run(graph, {&second, 1}, 75.0);
    ASSERT_EQ(run2.size(), 3U);
    EXPECT_EQ(run2[0].node, E);
    EXPECT_EQ(run2[1].node, D);
    EXPECT_EQ(run2[2].node, C);
    EXPECT_DOUBLE_EQ(search.time_s(E), 0.0);
    EXPECT_DOUBLE_EQ(search.time_s(D), 40.0);
    EXPECT_DOUBLE_EQ(search.time_s(C), 70.0);
    EXPECT_EQ(search.time_s(A), reach::unreachable);
    EXPECT_EQ(search.time_s(B), reach::unreachable);
    EXPECT_EQ(search.time_s(F), reach::unreachable);
}

//        B
//   5s /   \ 5s
//     A     D --1s-- F          A --0s-- E (a zero-time road)
//   9s \   / 1s
//        C
// Centre at A: A 0, E 0, B 5, C 9, D 10 (5+5 and 9+1 alike), F 11. Settle order A, E, B, C, D,
// F (A before E: equal times settle by node id).
TEST(BoundedSearch, SettlesNodesInNonDecreasingTimeOrder) {
    const auto graph = reverse_graph(
        6, two_way({{A, B, 5}, {B, D, 5}, {A, C, 9}, {C, D, 1}, {D, F, 1}, {A, E, 0}}));
    BoundedSearch search(6);
    const Source centre{A, 0.0, 0};
    const auto reached = search.run(graph, {&centre, 1}, 1000.0);
    const std::vector<std::uint32_t> expected_nodes{A, E, B, C, D, F};
    const std::vector<double> expected_times{0, 0, 5, 9, 10, 11};
    ASSERT_EQ(reached.size(), expected_nodes.size());
    for (std::size_t i = 0; i < reached.size(); ++i) {
        EXPECT_EQ(reached[i].node, expected_nodes[i]) << i;
        EXPECT_DOUBLE_EQ(reached[i].time_s, expected_times[i]) << i;
    }
}

// Broken invariants are bugs: REACH_ASSERT aborts with the failed condition.
TEST(NearestCentreDeathTest, SourceOutsideTheGraphIsABug) {
    const Source centre{7, 0.0, 0};
    EXPECT_DEATH((void)nearest_centre(model_graph(), {&centre, 1}),
                 "assertion failed: source.node < node_count");
}

TEST(NearestCentreDeathTest, NegativeSourceTimeIsABug) {
    const Source centre{A, -1.0, 0};
    EXPECT_DEATH((void)nearest_centre(model_graph(), {&centre, 1}),
                 "assertion failed: std::isfinite");
}

TEST(BoundedSearchDeathTest, GraphOfAnotherSizeIsABug) {
    BoundedSearch search(3);
    const Source centre{A, 0.0, 0};
    EXPECT_DEATH((void)search.run(model_graph(), {&centre, 1}, 10.0),
                 "assertion failed: graph.node_count\\(\\) == node_count");
}

}  // namespace
