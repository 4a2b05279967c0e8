#pragma once
// Memory figures of `reach bench`: the peak resident set of each stage (Linux: VmHWM of
// /proc/self/status, reset before the stage through /proc/self/clear_refs) and the bytes the
// routing graph holds per node and per directed arc.
#include <cstddef>
#include <cstdint>

#include "reach/network/profile_graph.hpp"
#include "reach/routing/search_graph.hpp"

namespace reach::bench {

// Resets the peak to the current resident set; false when the kernel does not allow it (the
// next peak is then the process's peak so far).
bool reset_peak_rss();
// Peak resident set since the last reset (or process start), bytes; 0 when unknown.
[[nodiscard]] std::size_t peak_rss_bytes();

struct GraphBytes {
    std::size_t total = 0;  // forward + reverse CSR, per-node component flags, search graph
    std::uint32_t nodes = 0;
    std::uint32_t arcs = 0;       // directed arcs of the forward graph
    [[nodiscard]] double per_node() const { return nodes == 0 ? 0.0 : double(total) / nodes; }
    [[nodiscard]] double per_arc() const { return arcs == 0 ? 0.0 : double(total) / arcs; }
};

// What the routing graph of one profile occupies with the search graph of its reverse graph
// (the vectors' sizes, not their capacities, so the figure does not depend on how they grew).
[[nodiscard]] GraphBytes routing_graph_bytes(const network::ProfileGraph& graph,
                                             const routing::SearchGraph& search);

}  // namespace reach::bench
