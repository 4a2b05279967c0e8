#include "reach/routing/time_matrix.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <utility>
#include <vector>

#include "reach/core/units.hpp"
#include "reach/network/csr_graph.hpp"
#include "reach/routing/search.hpp"
#include "reach_test/boost_dijkstra.hpp"

namespace {

using reach::unreachable;
using reach::network::Arc;
using reach::network::CsrGraph;
using reach::routing::CellExits;
using reach::routing::no_centre;
using reach::routing::SameSegmentLeg;
using reach::routing::Source;
using Matrix = Eigen::SparseMatrix<double, Eigen::ColMajor, std::int32_t>;

struct Exit {
    std::uint32_t node;
    double time_s;
};

CellExits make_cells(const std::vector<std::vector<Exit>>& exits,
                     std::vector<SameSegmentLeg> same_segment = {}) {
    CellExits cells;
    for (const auto& cell : exits) {
        for (const auto& exit : cell) {
            cells.node.push_back(exit.node);
            cells.time_s.push_back(exit.time_s);
        }
        cells.first_exit.push_back(static_cast<std::uint32_t>(cells.node.size()));
    }
    cells.same_segment = std::move(same_segment);
    return cells;
}

// Every stored entry as (row, column, value), in storage order.
struct Stored {
    std::int32_t row;
    std::int32_t col;
    double time_s;
    bool operator==(const Stored&) const = default;
};
std::vector<Stored> stored(const Matrix& m) {
    std::vector<Stored> out;
    for (std::int32_t c = 0; c < m.outerSize(); ++c) {
        for (Matrix::InnerIterator it(m, c); it; ++it) {
            out.push_back({static_cast<std::int32_t>(it.index()), c, it.value()});
        }
    }
    return out;
}

// The stored value of (row, col), or reach::unreachable when no entry is stored.
double entry(const Matrix& m, std::int32_t row, std::int32_t col) {
    for (Matrix::InnerIterator it(m, col); it; ++it) {
        if (it.row() == row) {
            return it.value();
        }
    }
    return unreachable;
}

// Home → centre direction (forward arcs; the searches run on the reverse graph):
//
//   A ==60== B ==60== C ==30== D        E (isolated)
//    \________150_____^                  (A → C oneway, 150 s)
//
// Centre rank 0: seed at C, 0 s.            T0: C 0, B 60, A min(60+60, 150) = 120, D 30.
// Centre rank 1: seeds at A 0 s, B 20 s.    T1: A 0, B min(20, 60+0) = 20, C 60+20 = 80,
//                                               D 30+80 = 110.  E unreachable for both.
// Cells (exit node, home → node time):
//   cell 0: (A 10), (B 50)  c0 min(10+120, 50+60) = 110    c1 min(10+0, 50+20) = 10
//   cell 1: (D 15)          c0 15+30 = 45                  c1 min(15+110, same-segment 100) = 100
//   cell 2: (E 1)           unreachable for both
//   cell 3: no exit         unsnapped
//   cell 4: (C 0)           c0 0+0 = 0 (an explicit zero)  c1 0+80 = 80
enum Node : std::uint32_t { A, B, C, D, E };

struct HandCase {
    CsrGraph reverse;
    std::vector<std::vector<Source>> seeds;
    CellExits cells;
};

HandCase hand_case() {
    const auto forward = reach::network::make_csr(
        5, {Arc{A, B, 60.0F, 0}, Arc{B, A, 60.0F, 0}, Arc{B, C, 60.0F, 1}, Arc{C, B, 60.0F, 1},
            Arc{C, D, 30.0F, 2}, Arc{D, C, 30.0F, 2}, Arc{A, C, 150.0F, 3}});
    return {reach::network::make_reverse(forward),
            {{Source{C, 0.0, 0}}, {Source{A, 0.0, 1}, Source{B, 20.0, 1}}},
            make_cells({{{A, 10.0}, {B, 50.0}}, {{D, 15.0}}, {{E, 1.0}}, {}, {{C, 0.0}}},
                       {SameSegmentLeg{1, 1, 100.0}})};
}

TEST(TimeMatrix, HandNetworkTimesWithinTheBoundInclusive) {
    const auto hand = hand_case();
    // Bound 110 s: cell 0 → c0 at exactly 110 s is kept (inclusive).
    const auto m =
        reach::routing::build_time_matrix(hand.reverse, hand.seeds, hand.cells, 110.0, 1).time_s;
    EXPECT_EQ(m.rows(), 5);
    EXPECT_EQ(m.cols(), 2);
    const std::vector<Stored> expected = {{0, 0, 110.0}, {1, 0, 45.0},  {4, 0, 0.0},
                                          {0, 1, 10.0},  {1, 1, 100.0}, {4, 1, 80.0}};
    EXPECT_EQ(stored(m), expected);
}

TEST(TimeMatrix, BoundIsInclusiveWithTheToleranceOnly) {
    const auto hand = hand_case();
    // 110 <= 109.9999995 + 1e-6: still kept.
    const auto within =
        reach::routing::build_time_matrix(hand.reverse, hand.seeds, hand.cells, 109.9999995, 1);
    EXPECT_DOUBLE_EQ(entry(within.time_s, 0, 0), 110.0);
    // 110 > 109.99 + 1e-6: dropped; the other entries stay.
    const auto below =
        reach::routing::build_time_matrix(hand.reverse, hand.seeds, hand.cells, 109.99, 1);
    EXPECT_EQ(below.bound_s, 109.99);
    EXPECT_EQ(entry(below.time_s, 0, 0), unreachable);
    EXPECT_EQ(below.time_s.nonZeros(), 5);
    // Bound 80: c1's 100 s same-segment leg is beyond it, cell 4's 80 s is at it.
    const auto eighty =
        reach::routing::build_time_matrix(hand.reverse, hand.seeds, hand.cells, 80.0, 1);
    const std::vector<Stored> expected = {{1, 0, 45.0}, {4, 0, 0.0}, {0, 1, 10.0}, {4, 1, 80.0}};
    EXPECT_EQ(stored(eighty.time_s), expected);
}

TEST(TimeMatrix, UnsnappedCellHasAnEmptyRowAndNoNearestCentre) {
    const auto hand = hand_case();
    const auto m =
        reach::routing::build_time_matrix(hand.reverse, hand.seeds, hand.cells, 1e9, 1).time_s;
    for (const auto& s : stored(m)) {
        EXPECT_NE(s.row, 3);  // unsnapped
        EXPECT_NE(s.row, 2);  // snapped onto an isolated node: unreachable
    }
    std::vector<Source> all;
    for (const auto& seeds : hand.seeds) {
        all.insert(all.end(), seeds.begin(), seeds.end());
    }
    const auto nearest = reach::routing::nearest_for_cells(
        reach::routing::nearest_centre(hand.reverse, all), hand.cells);
    EXPECT_EQ(nearest.time_s[3], unreachable);
    EXPECT_EQ(nearest.rank[3], no_centre);
    EXPECT_EQ(nearest.time_s[2], unreachable);
    EXPECT_EQ(nearest.rank[2], no_centre);
}

// Same hand case: cell 0 → (10 s, c1); cell 1 → (45 s, c0), not its 100 s same-segment leg
// to c1; cell 4 → (0 s, c0). With cutoff 44 s cell 1 is beyond every centre.
TEST(NearestForCells, HandNetworkNearestTimeAndRank) {
    const auto hand = hand_case();
    std::vector<Source> all;
    for (const auto& seeds : hand.seeds) {
        all.insert(all.end(), seeds.begin(), seeds.end());
    }
    const auto node_result = reach::routing::nearest_centre(hand.reverse, all);
    const auto nearest = reach::routing::nearest_for_cells(node_result, hand.cells);
    EXPECT_EQ(nearest.time_s, (std::vector<double>{10.0, 45.0, unreachable, unreachable, 0.0}));
    EXPECT_EQ(nearest.rank, (std::vector<std::uint32_t>{1, 0, no_centre, no_centre, 0}));
    const auto cut = reach::routing::nearest_for_cells(node_result, hand.cells, 44.0);
    EXPECT_EQ(cut.time_s[1], unreachable);
    EXPECT_EQ(cut.rank[1], no_centre);
    EXPECT_EQ(cut.time_s[0], 10.0);
}

//   X ==10== Y ==10== Z      (two-way)
// Rank 0 at Z, rank 1 at X. Cell 0 exits at Y (0 s): 10 s to both → rank 0, although X has
// the smaller node id. Cell 1 exits at X (5 s) and Z (5 s): 5 s to each → rank 0. Cell 2 has a
// same-segment leg of 5 s to rank 1 and exits at Y 0 s (10 s) → rank 1 at 5 s.
TEST(NearestForCells, EqualTimesGoToTheSmallerRank) {
    enum : std::uint32_t { X, Y, Z };
    const auto reverse = reach::network::make_reverse(reach::network::make_csr(
        3, {Arc{X, Y, 10.0F, 0}, Arc{Y, X, 10.0F, 0}, Arc{Y, Z, 10.0F, 1}, Arc{Z, Y, 10.0F, 1}}));
    const std::vector<Source> all = {Source{Z, 0.0, 0}, Source{X, 0.0, 1}};
    const auto cells =
        make_cells({{{Y, 0.0}}, {{X, 5.0}, {Z, 5.0}}, {{Y, 0.0}}}, {SameSegmentLeg{2, 1, 5.0}});
    const auto nearest =
        reach::routing::nearest_for_cells(reach::routing::nearest_centre(reverse, all), cells);
    EXPECT_EQ(nearest.time_s, (std::vector<double>{10.0, 5.0, 5.0}));
    EXPECT_EQ(nearest.rank, (std::vector<std::uint32_t>{0, 0, 1}));
}

// ---- random cross-checks -------------------------------------------------------------------

struct RandomCase {
    CsrGraph reverse;
    std::vector<std::vector<Source>> seeds;  // per rank
    CellExits cells;
};

// A random road-like graph (two-way and oneway arcs, parallel arcs, zero times, isolated
// nodes), 1–7 centres with 0–3 seeds each, cells with 0–3 exits and a few same-segment legs.
// Even seeds: integer times (many exact ties); odd: arbitrary float times.
RandomCase random_case(std::uint32_t seed, std::uint32_t max_nodes, std::uint32_t max_cells,
                       std::uint32_t max_centres) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto below = [&](std::uint32_t n) {
        return std::uniform_int_distribution<std::uint32_t>(0, n - 1)(rng);
    };
    const bool integer_times = seed % 2 == 0;
    auto random_time = [&](double scale) {
        if (unit(rng) < 0.05) {
            return 0.0;
        }
        return integer_times ? std::floor(1.0 + unit(rng) * scale) : unit(rng) * scale;
    };
    const std::uint32_t node_count = 5 + below(max_nodes);
    const std::uint32_t connected = node_count - node_count / 10;
    std::vector<Arc> arcs;
    for (std::uint32_t i = 0; i < connected * 2; ++i) {
        const auto u = below(connected);
        const auto v = below(connected);
        const auto t = static_cast<float>(random_time(60.0));
        arcs.push_back({u, v, t, i});
        if (unit(rng) < 0.7) {
            arcs.push_back({v, u, unit(rng) < 0.5 ? t : static_cast<float>(random_time(60.0)), i});
        }
    }
    RandomCase rc;
    rc.reverse = reach::network::make_reverse(reach::network::make_csr(node_count, arcs));
    const std::uint32_t centre_count = 1 + below(max_centres);
    rc.seeds.resize(centre_count);
    for (std::uint32_t r = 0; r < centre_count; ++r) {
        // 0 seeds: a skipped centre, an empty column (never the first, so some are reached)
        const auto seed_count = r == 0 ? 1 + below(3) : below(4);
        for (std::uint32_t s = 0; s < seed_count; ++s) {
            rc.seeds[r].push_back({below(node_count), random_time(20.0), r});
        }
    }
    const std::uint32_t cell_count = 1 + below(max_cells);
    std::vector<std::vector<Exit>> exits(cell_count);
    std::vector<SameSegmentLeg> legs;
    for (std::uint32_t c = 0; c < cell_count; ++c) {
        const auto exit_count = below(4);  // 0: unsnapped
        for (std::uint32_t e = 0; e < exit_count; ++e) {
            exits[c].push_back({below(node_count), random_time(30.0)});
        }
        if (unit(rng) < 0.05) {
            legs.push_back({c, below(centre_count), random_time(100.0)});
        }
    }
    rc.cells = make_cells(exits, std::move(legs));
    return rc;
}

// Dense reference: a full Boost.Graph Dijkstra per centre, then the minimum over each cell's
// exits and same-segment legs. [cell][rank], reach::unreachable where not reached.
std::vector<std::vector<double>> reference_matrix(const RandomCase& rc) {
    const auto& cells = rc.cells;
    std::vector<std::vector<double>> ref(cells.cell_count(),
                                         std::vector<double>(rc.seeds.size(), unreachable));
    for (std::uint32_t r = 0; r < rc.seeds.size(); ++r) {
        std::vector<reach::test::BoostSeed> seeds;
        for (const auto& s : rc.seeds[r]) {
            seeds.push_back({s.node, s.time_s});
        }
        const auto dist = reach::test::boost_distances(rc.reverse, seeds);
        for (std::uint32_t c = 0; c < cells.cell_count(); ++c) {
            for (auto e = cells.first_exit[c]; e < cells.first_exit[c + 1]; ++e) {
                ref[c][r] = std::min(ref[c][r], cells.time_s[e] + dist[cells.node[e]]);
            }
        }
    }
    for (const auto& leg : cells.same_segment) {
        ref[leg.cell][leg.rank] = std::min(ref[leg.cell][leg.rank], leg.time_s);
    }
    return ref;
}

constexpr double agreement_s = 1e-6;  // DESIGN.md, Rules: Agreement

TEST(TimeMatrix, EqualsBoostReferenceOnRandomGraphsWithinTheBound) {
    for (std::uint32_t seed = 1; seed <= 30; ++seed) {
        SCOPED_TRACE(seed);
        const auto rc = random_case(seed, 300, 200, 7);
        const auto ref = reference_matrix(rc);
        // A bound that cuts: the median of the finite reference times.
        std::vector<double> finite;
        for (const auto& row : ref) {
            for (const double t : row) {
                if (t != unreachable) {
                    finite.push_back(t);
                }
            }
        }
        std::sort(finite.begin(), finite.end());
        const double bound_s = finite.empty() ? 50.0 : finite[finite.size() / 2];
        const auto m =
            reach::routing::build_time_matrix(rc.reverse, rc.seeds, rc.cells, bound_s, 2).time_s;
        ASSERT_EQ(m.rows(), static_cast<std::int32_t>(rc.cells.cell_count()));
        ASSERT_EQ(m.cols(), static_cast<std::int32_t>(rc.seeds.size()));
        std::size_t expected_entries = 0;
        for (std::uint32_t c = 0; c < rc.cells.cell_count(); ++c) {
            for (std::uint32_t r = 0; r < rc.seeds.size(); ++r) {
                const double got =
                    entry(m, static_cast<std::int32_t>(c), static_cast<std::int32_t>(r));
                if (ref[c][r] <= bound_s + reach::threshold_tolerance_s) {
                    ++expected_entries;
                    EXPECT_NEAR(got, ref[c][r], agreement_s) << "cell " << c << " centre " << r;
                } else {
                    EXPECT_EQ(got, unreachable) << "cell " << c << " centre " << r;
                }
            }
        }
        EXPECT_EQ(static_cast<std::size_t>(m.nonZeros()), expected_entries);
        EXPECT_GT(expected_entries, 0U);
    }
}

TEST(NearestForCells, EqualsTheRowMinimumOfTheUnboundedMatrix) {
    for (std::uint32_t seed = 101; seed <= 125; ++seed) {
        SCOPED_TRACE(seed);
        const auto rc = random_case(seed, 300, 200, 7);
        const auto m =
            reach::routing::build_time_matrix(rc.reverse, rc.seeds, rc.cells, 1e300, 1).time_s;
        std::vector<Source> all;
        for (const auto& seeds : rc.seeds) {
            all.insert(all.end(), seeds.begin(), seeds.end());
        }
        const auto nearest = reach::routing::nearest_for_cells(
            reach::routing::nearest_centre(rc.reverse, all), rc.cells);
        // Row minimum by (time, rank): columns are visited in rank order, so `<` keeps the
        // smaller rank on equal time.
        std::vector<double> row_time(rc.cells.cell_count(), unreachable);
        std::vector<std::uint32_t> row_rank(rc.cells.cell_count(), no_centre);
        for (const auto& s : stored(m)) {
            if (s.time_s < row_time[s.row]) {
                row_time[s.row] = s.time_s;
                row_rank[s.row] = static_cast<std::uint32_t>(s.col);
            }
        }
        EXPECT_EQ(nearest.time_s, row_time);
        EXPECT_EQ(nearest.rank, row_rank);
    }
}

TEST(TimeMatrix, IdenticalForOneTwoAndEightThreads) {
    for (std::uint32_t seed = 201; seed <= 204; ++seed) {
        SCOPED_TRACE(seed);
        const auto rc = random_case(seed, 3000, 3000, 24);
        const double bound_s = 150.0;
        const auto one =
            reach::routing::build_time_matrix(rc.reverse, rc.seeds, rc.cells, bound_s, 1).time_s;
        ASSERT_GT(one.nonZeros(), 0);
        for (const int threads : {2, 8}) {
            const auto other =
                reach::routing::build_time_matrix(rc.reverse, rc.seeds, rc.cells, bound_s, threads)
                    .time_s;
            ASSERT_EQ(other.nonZeros(), one.nonZeros());
            ASSERT_EQ(other.outerSize(), one.outerSize());
            EXPECT_TRUE(std::equal(one.outerIndexPtr(), one.outerIndexPtr() + one.outerSize() + 1,
                                   other.outerIndexPtr()));
            EXPECT_TRUE(std::equal(one.innerIndexPtr(), one.innerIndexPtr() + one.nonZeros(),
                                   other.innerIndexPtr()));
            // Bitwise equal values (== would also accept +0 vs -0).
            EXPECT_EQ(std::memcmp(one.valuePtr(), other.valuePtr(),
                                  sizeof(double) * static_cast<std::size_t>(one.nonZeros())),
                      0);
        }
    }
}

}  // namespace
