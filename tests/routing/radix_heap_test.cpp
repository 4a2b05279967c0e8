// RadixHeap (engine/routing/src/radix_heap.hpp): monotone pushes pop in key order, duplicates
// and equal keys included, and the key of a time orders like the time.
#include "radix_heap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

using reach::routing::detail::radix_key;
using reach::routing::detail::radix_time;
using reach::routing::detail::RadixEntry;
using reach::routing::detail::RadixHeap;

TEST(RadixHeap, KeysOrderLikeNonNegativeTimesAndMinusZeroIsZero) {
    const std::vector<double> times{0.0, 1e-300, 0.5, 1.0, 1.0000000000000002, 59.999, 60.0, 1e12};
    for (std::size_t i = 1; i < times.size(); ++i) {
        EXPECT_LT(radix_key(times[i - 1]), radix_key(times[i])) << times[i];
    }
    EXPECT_EQ(radix_key(-0.0), radix_key(0.0));
    EXPECT_EQ(radix_time(radix_key(59.999)), 59.999);
}

// Dijkstra's pattern: pop the minimum, push keys at or above it. Every pop must be the
// smallest key still queued (checked against a sorted reference).
TEST(RadixHeap, MonotonePushesPopInKeyOrder) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> step(0, 40);  // 0: equal keys, often
    RadixHeap heap;
    std::multiset<double> reference;
    heap.push({radix_key(0.0), 0, 0});
    reference.insert(0.0);
    double last = 0.0;
    std::uint32_t next = 1;
    std::size_t pops = 0;
    while (!heap.empty()) {
        const RadixEntry entry = heap.pop();
        const double t = radix_time(entry.key);
        ASSERT_EQ(t, *reference.begin()) << "pop " << pops;
        reference.erase(reference.begin());
        ASSERT_GE(t, last);
        last = t;
        ++pops;
        for (int k = 0; k < 3 && next < 20'000; ++k, ++next) {
            const double pushed = t + step(rng) * 0.25;
            heap.push({radix_key(pushed), next % 5, next});
            reference.insert(pushed);
        }
    }
    EXPECT_EQ(pops, 20'000U);
}
