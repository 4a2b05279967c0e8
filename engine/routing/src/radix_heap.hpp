#pragma once
// RadixHeap: a monotone priority queue of (time, rank, node) entries keyed by the time's bit
// pattern (Ahuja, Mehlhorn, Orlin and Tarjan, "Faster algorithms for the shortest path
// problem", J. ACM 1990; the 64-bit variant of Dijkstra implementations in road routing).
// For non-negative doubles the IEEE-754 bit patterns, read as unsigned integers, order like
// the values, so the heap needs no floating-point comparison. Monotone: every key pushed is
// >= the last key popped, which Dijkstra's non-negative arc times guarantee. Entries whose key
// equals the last popped key sit in bucket 0; bucket b > 0 holds keys whose highest bit
// differing from that key is bit b - 1. pop() refills bucket 0 from the first non-empty
// bucket, so each entry moves at most 64 times and in practice a few: no decrease-key, no
// sifting; a node may be queued several times and the search skips stale entries.
// Within one key, pop order is unspecified: callers must not depend on it.
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "reach/core/assert.hpp"

namespace reach::routing::detail {

struct RadixEntry {
    std::uint64_t key;  // std::bit_cast<std::uint64_t>(time_s), time_s >= +0.0
    std::uint32_t rank;
    std::uint32_t node;
};

// The key of a time: -0.0 becomes +0.0 (its bit pattern would sort last).
[[nodiscard]] inline std::uint64_t radix_key(double time_s) {
    return std::bit_cast<std::uint64_t>(time_s + 0.0);
}

[[nodiscard]] inline double radix_time(std::uint64_t key) { return std::bit_cast<double>(key); }

class RadixHeap {
public:
    [[nodiscard]] bool empty() const { return m_size == 0; }

    void push(const RadixEntry& entry) {
        REACH_ASSERT(entry.key >= m_last);
        put(entry);
        ++m_size;
    }

    // Removes and returns an entry with the smallest key.
    RadixEntry pop() {
        REACH_ASSERT(m_size > 0);
        if (m_buckets[0].empty()) refill();
        const RadixEntry entry = m_buckets[0].back();
        m_buckets[0].pop_back();
        --m_size;
        return entry;
    }

private:
    [[nodiscard]] std::size_t bucket_of(std::uint64_t key) const {
        return key == m_last ? 0 : static_cast<std::size_t>(64 - std::countl_zero(key ^ m_last));
    }

    void put(const RadixEntry& entry) {
        const auto b = bucket_of(entry.key);
        m_buckets[b].push_back(entry);
        if (b > 0) m_filled |= std::uint64_t{1} << (b - 1);
    }

    // The smallest key of the first non-empty bucket becomes the last key; that bucket's
    // entries are spread over the buckets below it (all of them land lower).
    void refill() {
        REACH_ASSERT(m_filled != 0);
        const auto b = static_cast<std::size_t>(std::countr_zero(m_filled)) + 1;
        m_filled &= m_filled - 1;  // bucket b is emptied below
        auto& from = m_buckets[b];
        std::uint64_t smallest = from.front().key;
        for (const auto& entry : from) {
            smallest = entry.key < smallest ? entry.key : smallest;
        }
        m_last = smallest;
        for (const auto& entry : from) {
            put(entry);
        }
        from.clear();
    }

    std::array<std::vector<RadixEntry>, 65> m_buckets;
    std::uint64_t m_filled = 0;  // bit b - 1 set: bucket b > 0 is not empty
    std::uint64_t m_last = 0;
    std::size_t m_size = 0;
};

}  // namespace reach::routing::detail
