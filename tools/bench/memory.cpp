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

GraphBytes routing_graph_bytes(const network::ProfileGraph& graph) {
    GraphBytes bytes;
    bytes.total = csr_bytes(graph.forward) + csr_bytes(graph.reverse) + bytes_of(graph.in_component);
    bytes.nodes = graph.forward.node_count();
    bytes.arcs = graph.forward.arc_count();
    return bytes;
}

}  // namespace reach::bench
