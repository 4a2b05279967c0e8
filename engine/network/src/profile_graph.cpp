#include "reach/network/profile_graph.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "reach/core/assert.hpp"
#include "reach/network/tag_rules.hpp"

namespace reach::network {
namespace {

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

// Rules of every way that has a segment, computed once per way (segments are grouped by way).
std::vector<WayRule> rules_per_way(const RoadGraph& roads, const RoadTable& table,
                                   const Profile& profile) {
    std::vector<WayRule> rules(table.way_count());
    WayRules rule_of(profile, table);
    std::uint32_t previous = none;
    for (const auto way : roads.segment_way) {
        if (way != previous) {
            rules[way] = rule_of(way);
            previous = way;
        }
    }
    return rules;
}

// Out-neighbours as a head-only CSR (no sorting needed for component search).
struct Adjacency {
    std::vector<std::uint32_t> first_out;
    std::vector<std::uint32_t> head;
};

Adjacency make_adjacency(std::uint32_t node_count, const std::vector<Arc>& arcs) {
    Adjacency adjacency;
    adjacency.first_out.assign(static_cast<std::size_t>(node_count) + 1, 0);
    for (const auto& arc : arcs) {
        ++adjacency.first_out[arc.tail + 1];
    }
    for (std::uint32_t u = 0; u < node_count; ++u) {
        adjacency.first_out[u + 1] += adjacency.first_out[u];
    }
    adjacency.head.resize(arcs.size());
    std::vector<std::uint32_t> next(adjacency.first_out.begin(), adjacency.first_out.end() - 1);
    for (const auto& arc : arcs) {
        adjacency.head[next[arc.tail]++] = arc.head;
    }
    return adjacency;
}

// Largest strongly connected component among nodes with `has_arc` (ties: the component
// holding the smallest node id). Iterative Tarjan: road graphs have millions of nodes and a
// recursive search would overflow the stack. Returns a per-node membership flag.
std::vector<std::uint8_t> largest_component(const Adjacency& adjacency,
                                            const std::vector<std::uint8_t>& has_arc) {
    const auto node_count = static_cast<std::uint32_t>(has_arc.size());
    std::vector<std::uint32_t> index(node_count, none);
    std::vector<std::uint32_t> low(node_count, 0);
    std::vector<std::uint32_t> component(node_count, none);
    std::vector<std::uint8_t> on_stack(node_count, 0);
    std::vector<std::uint32_t> stack;
    struct Frame {
        std::uint32_t node;
        std::uint32_t next_arc;
    };
    std::vector<Frame> calls;

    std::uint32_t next_index = 0;
    std::uint32_t component_count = 0;
    std::uint32_t best = none;
    std::uint32_t best_size = 0;
    std::uint32_t best_min_node = none;

    const auto visit = [&](std::uint32_t v) {
        index[v] = low[v] = next_index++;
        stack.push_back(v);
        on_stack[v] = 1;
        calls.push_back({v, adjacency.first_out[v]});
    };

    for (std::uint32_t root = 0; root < node_count; ++root) {
        if (has_arc[root] == 0 || index[root] != none) {
            continue;
        }
        visit(root);
        while (!calls.empty()) {
            const std::uint32_t v = calls.back().node;
            if (calls.back().next_arc < adjacency.first_out[v + 1]) {
                const std::uint32_t w = adjacency.head[calls.back().next_arc++];
                if (index[w] == none) {
                    visit(w);
                } else if (on_stack[w] != 0) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            calls.pop_back();
            if (!calls.empty()) {
                const std::uint32_t parent = calls.back().node;
                low[parent] = std::min(low[parent], low[v]);
            }
            if (low[v] != index[v]) {
                continue;
            }
            std::uint32_t size = 0;
            std::uint32_t min_node = none;
            std::uint32_t w = none;
            do {
                w = stack.back();
                stack.pop_back();
                on_stack[w] = 0;
                component[w] = component_count;
                min_node = std::min(min_node, w);
                ++size;
            } while (w != v);
            if (size > best_size || (size == best_size && min_node < best_min_node)) {
                best = component_count;
                best_size = size;
                best_min_node = min_node;
            }
            ++component_count;
        }
    }

    std::vector<std::uint8_t> in_component(node_count, 0);
    for (std::uint32_t v = 0; v < node_count; ++v) {
        in_component[v] = (best != none && component[v] == best) ? 1 : 0;
    }
    return in_component;
}

}  // namespace

ProfileGraph build_profile_graph(const RoadGraph& roads, const RoadTable& table,
                                 const Profile& profile) {
    const std::uint32_t node_count = roads.node_count();
    const auto rules = rules_per_way(roads, table, profile);

    std::vector<Arc> arcs;
    arcs.reserve(static_cast<std::size_t>(roads.segment_count()) * 2);
    std::vector<std::uint8_t> has_arc(node_count, 0);
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        const auto& rule = rules[roads.segment_way[s]];
        if (!rule.usable || !(rule.forward || rule.backward)) {
            continue;
        }
        REACH_ASSERT(rule.speed_kmh > 0.0);
        const auto time_s = static_cast<float>(roads.segment_length_m[s] / (rule.speed_kmh / 3.6));
        const auto from = roads.segment_from[s];
        const auto to = roads.segment_to[s];
        if (rule.forward) {
            arcs.push_back({from, to, time_s, s});
        }
        if (rule.backward) {
            arcs.push_back({to, from, time_s, s});
        }
        has_arc[from] = 1;
        has_arc[to] = 1;
    }

    ProfileGraph graph;
    graph.profile = profile.name;
    graph.in_component = largest_component(make_adjacency(node_count, arcs), has_arc);
    for (std::uint32_t v = 0; v < node_count; ++v) {
        if (graph.in_component[v] != 0) {
            ++graph.component_nodes;
        } else if (has_arc[v] != 0) {
            ++graph.dropped_nodes;
        } else {
            ++graph.unusable_nodes;
        }
    }
    // Arcs into or out of the kept component lead nowhere useful (no way back, or no way in).
    std::erase_if(arcs, [&](const Arc& arc) {
        return graph.in_component[arc.tail] == 0 || graph.in_component[arc.head] == 0;
    });
    graph.forward = make_csr(node_count, std::move(arcs));
    graph.reverse = make_reverse(graph.forward);
    return graph;
}

std::vector<ClassLength> length_by_class(const RoadGraph& roads, const RoadTable& table,
                                         const Profile* profile) {
    std::map<std::string, ClassLength, std::less<>> by_class;
    std::optional<WayRules> rule_of;
    if (profile != nullptr) {
        rule_of.emplace(*profile, table);
    }
    std::uint32_t s = 0;
    while (s < roads.segment_count()) {
        // Segments of one way are consecutive: sum the way, then look its class up once.
        const auto way = roads.segment_way[s];
        double way_m = 0.0;
        for (; s < roads.segment_count() && roads.segment_way[s] == way; ++s) {
            way_m += roads.segment_length_m[s];
        }
        const auto highway = table.tag(way, "highway");
        auto found = by_class.find(highway);
        if (found == by_class.end()) {
            found = by_class.emplace(std::string(highway), ClassLength{std::string(highway)}).first;
        }
        found->second.length_km += way_m / 1000.0;
        if (rule_of) {
            const auto rule = (*rule_of)(way);
            if (rule.usable && (rule.forward || rule.backward)) {
                found->second.usable_km += way_m / 1000.0;
            }
        }
    }
    std::vector<ClassLength> result;
    result.reserve(by_class.size());
    for (auto& [name, lengths] : by_class) {
        result.push_back(std::move(lengths));
    }
    return result;
}

}  // namespace reach::network
