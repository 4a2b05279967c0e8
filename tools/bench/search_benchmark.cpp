// Google Benchmark: reach's nearest-centre and per-centre searches next to Boost.Graph's
// dijkstra_shortest_paths on the same synthetic road-like graphs (car profile, 20 centres on
// vertices drawn with seed 1). `reach bench` reports the same figures for one graph with
// ingest, cache and export; this program shows how they grow with the graph.
//   build/release/tools/bench/reach-search-benchmark --benchmark_filter=nearest
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "boost_baseline.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/routing/search.hpp"
#include "synth_roads.hpp"

namespace {

using namespace reach;

struct Fixture {
    network::ProfileGraph graph;
    routing::SearchGraph search;  // built once, as a caller searching the graph often keeps it
    std::vector<std::vector<routing::Source>> centre_seeds;
    std::vector<routing::Source> seeds;
    std::unique_ptr<bench::BoostBaseline> boost;
};

// One graph per size, built on first use and kept for the other benchmarks.
const Fixture& fixture(std::uint32_t nodes) {
    static std::map<std::uint32_t, std::unique_ptr<Fixture>> fixtures;
    auto& slot = fixtures[nodes];
    if (slot) return *slot;
    slot = std::make_unique<Fixture>();
    const auto table = bench::make_synthetic_roads({nodes, 1});
    const auto roads = network::build_road_graph(table);
    const auto profiles = network::load_profiles(REACH_SOURCE_DIR "/data/profiles.yaml");
    slot->graph = network::build_profile_graph(roads, table, profiles.get("car"));
    slot->search = routing::build_search_graph(slot->graph.reverse);
    std::mt19937_64 draw(1);
    for (std::uint32_t rank = 0; slot->seeds.size() < 20; ) {
        const auto node = static_cast<std::uint32_t>(draw() % roads.node_count());
        if (slot->graph.in_component[node] == 0) continue;
        slot->seeds.push_back({node, 0.0, rank});
        slot->centre_seeds.push_back({{node, 0.0, rank}});
        ++rank;
    }
    slot->boost = std::make_unique<bench::BoostBaseline>(slot->graph.reverse, slot->centre_seeds);
    return *slot;
}

void nearest_reach(benchmark::State& state) {
    const auto& f = fixture(static_cast<std::uint32_t>(state.range(0)));
    for (auto _ : state) {
        benchmark::DoNotOptimize(routing::nearest_centre(f.search, f.seeds));
    }
    state.counters["nodes"] = f.graph.reverse.node_count();
    state.counters["core"] = f.search.core_count();          // junctions: the nodes searched
    state.counters["isolated"] = f.search.isolated_count;    // nodes without car arcs
}

void nearest_boost(benchmark::State& state) {
    const auto& f = fixture(static_cast<std::uint32_t>(state.range(0)));
    for (auto _ : state) {
        benchmark::DoNotOptimize(f.boost->nearest_times());
    }
    state.counters["nodes"] = f.graph.reverse.node_count();
}

void per_centre_reach(benchmark::State& state) {
    const auto& f = fixture(static_cast<std::uint32_t>(state.range(0)));
    routing::BoundedSearch search(f.graph.reverse.node_count());
    for (auto _ : state) {
        for (const auto& centre : f.centre_seeds) {
            benchmark::DoNotOptimize(search.run(f.graph.reverse, centre, 1800.0));
        }
    }
}

void per_centre_boost(benchmark::State& state) {
    const auto& f = fixture(static_cast<std::uint32_t>(state.range(0)));
    for (auto _ : state) {
        for (std::uint32_t c = 0; c < f.centre_seeds.size(); ++c) {
            benchmark::DoNotOptimize(f.boost->bounded_times(c, 1800.0));
        }
    }
}

}  // namespace

BENCHMARK(nearest_reach)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(nearest_boost)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(per_centre_reach)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(per_centre_boost)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
