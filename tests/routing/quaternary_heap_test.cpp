// The private indexed 4-ary heap of the searches (engine/routing/src/quaternary_heap.hpp).
#include "quaternary_heap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace {

using reach::routing::detail::not_in_heap;

struct Entry {
    double key;
    std::uint32_t node;
};
struct EntryLess {
    bool operator()(const Entry& a, const Entry& b) const { return a.key < b.key; }
};
using Heap = reach::routing::detail::QuaternaryHeap<Entry, EntryLess>;

// Keys 5, 3, 8, then node 2 decreased from 8 to 1: pops 1 (node 2), 3 (node 1), 5 (node 0).
TEST(QuaternaryHeap, PopsInKeyOrderAfterDecreaseKey) {
    std::vector<Entry> entries;
    entries.reserve(3);
    std::vector<std::uint32_t> position(3, not_in_heap);
    Heap heap(entries, position);
    heap.push_or_decrease({5, 0});
    heap.push_or_decrease({3, 1});
    heap.push_or_decrease({8, 2});
    heap.push_or_decrease({1, 2});
    EXPECT_EQ(entries.size(), 3U);  // a decrease does not add a second entry
    EXPECT_EQ(heap.pop().node, 2U);
    EXPECT_EQ(heap.pop().node, 1U);
    const auto last = heap.pop();
    EXPECT_EQ(last.node, 0U);
    EXPECT_EQ(last.key, 5.0);
    EXPECT_TRUE(heap.empty());
    EXPECT_EQ(position, std::vector<std::uint32_t>(3, not_in_heap));
}

// 1000 nodes pushed with random keys, a third of them decreased: the pops come out sorted
// and equal the final keys.
TEST(QuaternaryHeap, RandomPushesAndDecreasesPopSorted) {
    constexpr std::uint32_t n = 1000;
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> key(0.0, 100.0);
    std::vector<Entry> entries;
    entries.reserve(n);
    std::vector<std::uint32_t> position(n, not_in_heap);
    Heap heap(entries, position);
    std::vector<double> final_key(n);
    for (std::uint32_t v = 0; v < n; ++v) {
        final_key[v] = key(rng);
        heap.push_or_decrease({final_key[v], v});
    }
    for (std::uint32_t v = 0; v < n; v += 3) {
        final_key[v] *= 0.5;
        heap.push_or_decrease({final_key[v], v});
    }
    std::vector<double> popped;
    while (!heap.empty()) {
        const auto e = heap.pop();
        ASSERT_EQ(e.key, final_key[e.node]);
        popped.push_back(e.key);
    }
    std::sort(final_key.begin(), final_key.end());
    EXPECT_EQ(popped, final_key);
}

// clear() empties the heap and resets the positions of the queued nodes only.
TEST(QuaternaryHeap, ClearResetsQueuedPositions) {
    std::vector<Entry> entries;
    entries.reserve(4);
    std::vector<std::uint32_t> position(4, not_in_heap);
    Heap heap(entries, position);
    heap.push_or_decrease({2, 3});
    heap.push_or_decrease({1, 1});
    heap.clear();
    EXPECT_TRUE(heap.empty());
    EXPECT_EQ(position, std::vector<std::uint32_t>(4, not_in_heap));
}

}  // namespace
