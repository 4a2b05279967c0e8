#include "memory.hpp"

#include <fstream>
#include <string>

namespace reach::bench {
namespace {

template <typename T>
std::size_t bytes_of(const std::vector<T>& values) {
    return values.size() * sizeof(T);
}

std::size_t csr_bytes(const network::CsrGraph& graph) {
    return bytes_of(graph.first_out) + bytes_of(graph.head) + bytes_of(graph.time_s) +
           bytes_of(graph.segment);
}

std::size_t search_bytes(const routing::SearchGraph& graph) {
    return bytes_of(graph.core_of) + bytes_of(graph.chain_of) + bytes_of(graph.core_node) +
           bytes_of(graph.core_first_out) + bytes_of(graph.core_arc) + bytes_of(graph.weight) +
           bytes_of(graph.chain_first) + bytes_of(graph.chain_node) + bytes_of(graph.chain_from) +
           bytes_of(graph.chain_to) + bytes_of(graph.ahead_s) + bytes_of(graph.back_s) +
           bytes_of(graph.exit_ahead_s) + bytes_of(graph.exit_back_s);
}

}  // namespace

bool reset_peak_rss() {
    std::ofstream clear_refs("/proc/self/clear_refs");
    clear_refs << "5";  // "5": reset the peak resident set size (Linux ≥ 4.0)
    clear_refs.close();
    return static_cast<bool>(clear_refs);
}

std::size_t peak_rss_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::stoull(line.substr(6)) * 1024;  // "VmHWM:   123456 kB"
        }
    }
    return 0;
}

GraphBytes routing_graph_bytes(const network::ProfileGraph& graph,
                               const routing::SearchGraph& search) {
    GraphBytes bytes;
    bytes.total = csr_bytes(graph.forward) + csr_bytes(graph.reverse) +
                  bytes_of(graph.in_component) + search_bytes(search);
    bytes.nodes = graph.forward.node_count();
    bytes.arcs = graph.forward.arc_count();
    return bytes;
}

}  // namespace reach::bench
