// The on-demand SegmentIndex answers its first queries by a scan over every usable piece,
// without the k-d tree: it must give the tree's answers bit for bit (segment, fraction,
// distance, point; ties to the smaller segment id), and snap_points must give the same snaps.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "reach/snap/segment_index.hpp"
#include "reach/snap/snap.hpp"
#include "snap_network.hpp"

namespace {

using reach::snap::IndexOptions;
using reach::snap::SegmentIndex;
using reach::snap::SegmentPoint;
using reach_snap_test::one_way;
using reach_snap_test::two_way;

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

::testing::AssertionResult identical(const std::optional<SegmentPoint>& a,
                                     const std::optional<SegmentPoint>& b) {
    if (a.has_value() != b.has_value()) {
        return ::testing::AssertionFailure() << "one answer is empty";
    }
    if (!a) {
        return ::testing::AssertionSuccess();
    }
    if (a->segment != b->segment || !same_bits(a->fraction, b->fraction) ||
        !same_bits(a->distance_m, b->distance_m) || !same_bits(a->x, b->x) ||
        !same_bits(a->y, b->y)) {
        return ::testing::AssertionFailure()
               << "segment " << a->segment << " vs " << b->segment << ", fraction "
               << a->fraction << " vs " << b->fraction << ", distance " << a->distance_m
               << " vs " << b->distance_m;
    }
    return ::testing::AssertionSuccess();
}

// A 12 × 12 grid of nodes 100 m apart (OSM id 1 + i + 12 j at (100 i, 100 j)); every
// horizontal edge is its own way, every third one oneway, every fifth bent through a shape
// vertex 10 m off its middle; vertical edges likewise. Plus, on purpose: the bottom-left edge
// drawn twice (two ways on the same vertices: equidistant segments), a way with a zero-length
// piece, a one-direction closed loop (not indexed) and a two-way loop (indexed), and a
// detached pair of nodes far away (outside the kept component: not indexed).
struct GridNetwork {
    reach_snap_test::Network net;
    std::uint32_t twin_low = 0, twin_high = 0;  // the two segments on the doubled edge
};

GridNetwork grid_network() {
    constexpr int n = 12;
    std::vector<std::pair<double, double>> points;
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < n; ++i) {
            points.emplace_back(100.0 * i, 100.0 * j);
        }
    }
    const auto id = [](int i, int j) { return static_cast<std::int64_t>(1 + i + n * j); };
    const auto shape = [&](double x, double y) {
        points.emplace_back(x, y);
        return static_cast<std::int64_t>(points.size());
    };
    std::vector<reach_snap_test::Way> ways;
    ways.push_back({{id(0, 0), id(1, 0)}, two_way});  // drawn twice: the twin
    int k = 0;
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i + 1 < n; ++i, ++k) {
            std::vector<std::int64_t> v{id(i, j)};
            if (k % 5 == 2) {
                v.push_back(shape(100.0 * i + 50.0, 100.0 * j + 10.0));
            }
            v.push_back(id(i + 1, j));
            ways.push_back({v, k % 3 == 1 ? one_way : two_way});
        }
    }
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j + 1 < n; ++j, ++k) {
            std::vector<std::int64_t> v{id(i, j)};
            if (k % 5 == 4) {
                v.push_back(shape(100.0 * i - 10.0, 100.0 * j + 50.0));
            }
            v.push_back(id(i, j + 1));
            ways.push_back({v, k % 3 == 0 ? one_way : two_way});
        }
    }
    // A zero-length piece: the shape vertex repeats the node's position.
    const auto repeat = shape(1100.0, 1100.0);
    ways.push_back({{id(11, 11), repeat, shape(1150.0, 1130.0)}, two_way});
    // Closed loops hung on (5, 5) and (7, 3).
    const auto a = shape(520.0, 540.0);
    const auto b = shape(540.0, 520.0);
    ways.push_back({{id(5, 5), a, b, id(5, 5)}, one_way});
    const auto c = shape(720.0, 340.0);
    const auto d = shape(740.0, 320.0);
    ways.push_back({{id(7, 3), c, d, id(7, 3)}, two_way});
    // Detached: not in the kept component.
    ways.push_back({{shape(5000.0, 5000.0), shape(5100.0, 5000.0)}, two_way});

    GridNetwork grid;
    grid.net = reach_snap_test::build_network(points, ways);
    const auto& roads = grid.net.roads;
    std::vector<std::uint32_t> twins;
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        if (roads.segment_from[s] == grid.net.node(id(0, 0)) &&
            roads.segment_to[s] == grid.net.node(id(1, 0))) {
            twins.push_back(s);
        }
    }
    EXPECT_EQ(twins.size(), 2U);
    if (twins.size() == 2) {
        grid.twin_low = std::min(twins[0], twins[1]);
        grid.twin_high = std::max(twins[0], twins[1]);
    }
    return grid;
}

// Queries: a 10 m lattice over the grid and 150 m beyond (nodes, edge middles and cell
// centres are exact ties between several segments), random points, and far outside.
std::vector<std::pair<double, double>> queries() {
    std::vector<std::pair<double, double>> q;
    for (int yi = -15; yi <= 125; ++yi) {
        for (int xi = -15; xi <= 125; ++xi) {
            q.emplace_back(10.0 * xi, 10.0 * yi);
        }
    }
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> coordinate(-500.0, 1600.0);
    for (int i = 0; i < 2000; ++i) {
        const double x = coordinate(rng);
        q.emplace_back(x, coordinate(rng));
    }
    q.emplace_back(1e7, 1e7);
    q.emplace_back(-1e7, 550.0);
    q.emplace_back(550.0, -3e6);
    q.emplace_back(5050.0, 5000.0);  // on the detached way: snaps to the grid instead
    return q;
}

}  // namespace

TEST(SegmentScan, ScanGivesTheTreeAnswerBitForBitIncludingTiesAndFarPoints) {
    const auto grid = grid_network();
    const auto& net = grid.net;
    const auto points = queries();
    for (const double piece_m : {100.0, 7.0}) {
        const SegmentIndex tree(net.roads, net.graph, IndexOptions{piece_m});
        IndexOptions scan_options{piece_m};
        scan_options.tree = IndexOptions::TreeBuild::on_demand;
        scan_options.scan_queries = points.size();
        const SegmentIndex scan(net.roads, net.graph, scan_options);
        EXPECT_TRUE(tree.has_tree());
        EXPECT_FALSE(scan.has_tree());
        EXPECT_EQ(scan.segment_count(), tree.segment_count());
        for (std::size_t q = 0; q < points.size(); ++q) {
            const auto [x, y] = points[q];
            const auto expected = tree.nearest(x, y);
            ASSERT_TRUE(expected.has_value());
            ASSERT_TRUE(identical(scan.nearest(x, y), expected)) << "query " << x << ", " << y;
            ASSERT_TRUE(identical(tree.nearest_by_scan(x, y), expected))
                << "query " << x << ", " << y;
        }
        EXPECT_FALSE(scan.has_tree());  // every query was a scan
        // One more than the budget: the tree is built and answers.
        const auto last = scan.nearest(550.0, 550.0);
        EXPECT_TRUE(scan.has_tree());
        EXPECT_TRUE(identical(last, tree.nearest(550.0, 550.0)));
        EXPECT_FALSE(scan.nearest(std::nan(""), 0.0).has_value());
    }

    // The exact tie between the doubled edge's two segments goes to the smaller id: (50, -20)
    // is 20 m from both, half way.
    IndexOptions scan_only;
    scan_only.tree = IndexOptions::TreeBuild::on_demand;
    const SegmentIndex index(net.roads, net.graph, scan_only);
    const auto tie = index.nearest_by_scan(50.0, -20.0);
    ASSERT_TRUE(tie.has_value());
    EXPECT_EQ(tie->segment, grid.twin_low);
    EXPECT_LT(grid.twin_low, grid.twin_high);
    EXPECT_EQ(tie->distance_m, 20.0);
    EXPECT_EQ(tie->fraction, 0.5);
    EXPECT_EQ(tie->x, 50.0);
    EXPECT_EQ(tie->y, 0.0);
    // Far outside, below the origin corner: the node at (0, 0), 1e6·√2 m away.
    const auto far = index.nearest_by_scan(-1e6, -1e6);
    ASSERT_TRUE(far.has_value());
    EXPECT_DOUBLE_EQ(far->distance_m, 1e6 * std::sqrt(2.0));
    EXPECT_EQ(far->x, 0.0);
    EXPECT_EQ(far->y, 0.0);
    // The one-direction loop and the detached way are not indexed; everything else is.
    EXPECT_EQ(index.segment_count(), net.roads.segment_count() - 2);
}

TEST(SegmentScan, SnapPointsGiveTheSameSnapsWithOrWithoutTheTree) {
    const auto grid = grid_network();
    const auto& net = grid.net;
    const auto points = queries();
    std::vector<double> x, y;
    x.reserve(points.size());
    y.reserve(points.size());
    for (const auto& [px, py] : points) {
        x.push_back(px);
        y.push_back(py);
    }
    const auto options = reach::snap::snap_options(reach_snap_test::test_profile(), std::nullopt,
                                                   120.0);
    const SegmentIndex tree(net.roads, net.graph);
    IndexOptions scan_options;
    scan_options.tree = IndexOptions::TreeBuild::on_demand;
    scan_options.scan_queries = 2 * points.size();  // both roles' batches
    const SegmentIndex scan(net.roads, net.graph, scan_options);
    IndexOptions small_budget;
    small_budget.tree = IndexOptions::TreeBuild::on_demand;
    small_budget.scan_queries = 10;
    const SegmentIndex lazy(net.roads, net.graph, small_budget);
    for (const auto role : {reach::snap::Role::origin, reach::snap::Role::destination}) {
        const auto expected = reach::snap::snap_points(tree, x, y, role, options);
        const auto by_scan = reach::snap::snap_points(scan, x, y, role, options);
        EXPECT_FALSE(scan.has_tree());  // the batches fit the budget
        const auto by_lazy = reach::snap::snap_points(lazy, x, y, role, options);
        EXPECT_TRUE(lazy.has_tree());  // the batch exceeds the budget: tree first
        EXPECT_EQ(by_scan.unsnapped, expected.unsnapped);
        EXPECT_EQ(by_lazy.unsnapped, expected.unsnapped);
        EXPECT_GT(expected.unsnapped.size(), 1000U);  // 120 m: the points far beyond the grid
        for (std::size_t i = 0; i < points.size(); ++i) {
            for (const auto* other : {&by_scan.snaps[i], &by_lazy.snaps[i]}) {
                const auto& want = expected.snaps[i];
                ASSERT_TRUE(identical(other->point, want.point)) << "point " << i;
                ASSERT_EQ(other->snapped, want.snapped);
                ASSERT_TRUE(same_bits(other->access_time_s, want.access_time_s));
                ASSERT_EQ(other->links.count, want.links.count);
                for (std::uint32_t l = 0; l < want.links.count; ++l) {
                    ASSERT_EQ(other->links.link[l].node, want.links.link[l].node);
                    ASSERT_TRUE(same_bits(other->links.link[l].time_s, want.links.link[l].time_s));
                }
            }
        }
    }
}
