#pragma once
// CsrGraph: a directed graph in compressed sparse row form (RoutingKit style).
// Invariants (checked by validate(), asserted at construction by make_csr):
//   first_out.size() == node_count + 1, first_out.front() == 0, first_out.back() == arc_count,
//   first_out non-decreasing, head[a] < node_count, time_s[a] finite and >= 0.
// The out-arcs of node u are [first_out[u], first_out[u+1]). Arc times are float seconds;
// path sums are accumulated in double by the searches. `segment[a]` is the road segment
// (RoadGraph) an arc runs along, for geometry and snapping.
#include <cstdint>
#include <vector>

namespace reach::network {

struct Arc {
    std::uint32_t tail = 0;
    std::uint32_t head = 0;
    float time_s = 0.0F;
    std::uint32_t segment = 0;
};

struct CsrGraph {
    std::vector<std::uint32_t> first_out{0};
    std::vector<std::uint32_t> head;
    std::vector<float> time_s;
    std::vector<std::uint32_t> segment;

    [[nodiscard]] std::uint32_t node_count() const {
        return static_cast<std::uint32_t>(first_out.size() - 1);
    }
    [[nodiscard]] std::uint32_t arc_count() const { return static_cast<std::uint32_t>(head.size()); }
    // True when every invariant above holds.
    [[nodiscard]] bool valid() const;
};

// Builds a CSR graph from an arc list. Arcs are sorted by (tail, head, time_s, segment) so
// the result does not depend on input order.
[[nodiscard]] CsrGraph make_csr(std::uint32_t node_count, std::vector<Arc> arcs);
// The reverse graph: for every arc u→v of `graph`, an arc v→u with the same time and segment.
[[nodiscard]] CsrGraph make_reverse(const CsrGraph& graph);

}  // namespace reach::network
