#pragma once
// QuaternaryHeap: an indexed 4-ary min-heap of graph nodes with decrease-key. It works on
// storage owned by the caller (an entry vector and a per-node position array) so that a
// reusable search state can keep that storage across runs without the public header knowing
// the heap. Invariants: `position[node]` is the node's index in `entries`, or `not_in_heap`;
// each node is in the heap at most once; `entries.capacity() >= node count`, so push never
// allocates. `Entry` has a `node` member; `Less` orders entries (strict weak order).
// Cost: push / decrease O(log4 n), pop O(4 log4 n); a 4-ary heap is shallower than a binary one
// and its four children of 16 bytes share one or two cache lines.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "reach/core/assert.hpp"

namespace reach::routing::detail {

inline constexpr std::uint32_t not_in_heap = 0xffffffffU;

template <class Entry, class Less>
class QuaternaryHeap {
public:
    // `entries` must be empty with capacity for every node; `position` sized to the node count
    // and filled with not_in_heap (both hold again once the heap is empty or after clear()).
    QuaternaryHeap(std::vector<Entry>& entries, std::vector<std::uint32_t>& position)
        : m_entries(entries), m_position(position) {
        REACH_ASSERT(m_entries.empty() && m_entries.capacity() >= m_position.size());
    }

    [[nodiscard]] bool empty() const { return m_entries.empty(); }

    // Inserts `entry`, or lowers the key of its node if already queued. The caller only calls
    // this with a key better than the node's current one.
    void push_or_decrease(const Entry& entry) {
        auto index = m_position[entry.node];
        if (index == not_in_heap) {
            index = static_cast<std::uint32_t>(m_entries.size());
            m_entries.push_back(entry);
        }
        sift_up(index, entry);
    }

    // Removes and returns the smallest entry.
    Entry pop() {
        REACH_ASSERT(!m_entries.empty());
        const Entry top = m_entries.front();
        m_position[top.node] = not_in_heap;
        const Entry last = m_entries.back();
        m_entries.pop_back();
        if (!m_entries.empty()) {
            sift_down(0, last);
        }
        return top;
    }

    // Empties the heap, resetting only the positions of the nodes still queued.
    void clear() {
        for (const auto& entry : m_entries) {
            m_position[entry.node] = not_in_heap;
        }
        m_entries.clear();
    }

private:
    static constexpr std::uint32_t arity = 4;

    void place(std::uint32_t index, const Entry& entry) {
        m_entries[index] = entry;
        m_position[entry.node] = index;
    }

    // Moves the hole at `index` up while `entry` beats the parent, then fills it.
    void sift_up(std::uint32_t index, const Entry& entry) {
        while (index > 0) {
            const auto parent = (index - 1) / arity;
            if (!m_less(entry, m_entries[parent])) {
                break;
            }
            place(index, m_entries[parent]);
            index = parent;
        }
        place(index, entry);
    }

    // Moves the hole at `index` down while a child beats `entry`, then fills it.
    void sift_down(std::uint32_t index, const Entry& entry) {
        const auto size = static_cast<std::uint32_t>(m_entries.size());
        for (;;) {
            const auto first = index * arity + 1;
            if (first >= size) {
                break;
            }
            const auto end = first + arity < size ? first + arity : size;
            auto best = first;
            for (auto child = first + 1; child < end; ++child) {
                if (m_less(m_entries[child], m_entries[best])) {
                    best = child;
                }
            }
            if (!m_less(m_entries[best], entry)) {
                break;
            }
            place(index, m_entries[best]);
            index = best;
        }
        place(index, entry);
    }

    std::vector<Entry>& m_entries;
    std::vector<std::uint32_t>& m_position;
    [[no_unique_address]] Less m_less;
};

}  // namespace reach::routing::detail
