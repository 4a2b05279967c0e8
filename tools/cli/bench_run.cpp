#include "bench_run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <utility>

#include "boost_baseline.hpp"
#include "osmium_read.hpp"
#include "common_options.hpp"
#include "node_times.hpp"
#include "reach/core/file_hash.hpp"
#include "reach/core/progress.hpp"
#include "reach/io/centres_reader.hpp"
#include "reach/io/road_reader.hpp"
#include "reach/network/graph_cache.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/routing/search.hpp"
#include "reach/routing/search_graph.hpp"
#include "reach/snap/centres.hpp"
#include "reach/snap/segment_index.hpp"
#include "synth_roads.hpp"

namespace reach::cli {
namespace {

namespace fs = std::filesystem;

template <typename Work>
double timed_s(Work&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The fastest of `repeat` runs: the least disturbed by the other work of a shared machine.
template <typename Work>
double best_of_s(int repeat, Work&& work) {
    double best_s = timed_s(work);
    for (int i = 1; i < repeat; ++i) {
        best_s = std::min(best_s, timed_s(work));
    }
    return best_s;
}

// Runs `work` as one stage: its time and the peak resident set while it ran.
template <typename Work>
BenchStage stage(std::string name, Work&& work) {
    BenchStage s;
    s.name = std::move(name);
    bench::reset_peak_rss();
    s.time_s = timed_s(work);
    s.peak_rss_bytes = bench::peak_rss_bytes();
    return s;
}

// The files the stages read: generated for a synthetic network, else the user's.
struct BenchInput {
    std::string roads;        // OSM PBF for synthetic networks
    std::string roads_gpkg;   // synthetic only: the same roads as a GeoPackage
    std::string centres;
    std::string centres_crs;
    std::string label;
    bool synthetic = false;
};

// Centres on `count` vertices drawn with the seed (splitmix64), written as id,x,y.
void write_synthetic_centres(const network::RoadTable& table, std::uint32_t count,
                             std::uint64_t seed, const fs::path& file) {
    std::ofstream out(file, std::ios::binary);
    out << "id,x,y\n";
    std::mt19937_64 draw(seed);  // the same sequence with every standard library
    for (std::uint32_t c = 0; c < count; ++c) {
        const auto vertex = static_cast<std::uint32_t>(draw() % table.vertex_count());
        out << fmt::format("c{:04},{:.3f},{:.3f}\n", c + 1, table.x[vertex], table.y[vertex]);
    }
    out.close();
    if (!out) throw OutputError(fmt::format("{}: cannot write file", file.string()));
}

BenchInput synthetic_input(const BenchArgs& args, const fs::path& dir, BenchReport& report) {
    BenchInput input;
    input.synthetic = true;
    input.roads = (dir / "synthetic.osm.pbf").string();
    input.roads_gpkg = (dir / "synthetic.gpkg").string();
    input.centres = (dir / "centres.csv").string();
    auto generated = stage("generate", [&] {
        const auto table = bench::make_synthetic_roads({args.nodes, args.seed});
        bench::write_roads_pbf(table, input.roads);
        bench::write_roads_gpkg(table, input.roads_gpkg);
        write_synthetic_centres(table, args.centre_count, args.seed, input.centres);
    });
    report.stages.push_back(std::move(generated));
    input.label = fmt::format("roads: synthetic road-like network (--nodes {} --seed {}; not "
                              "surveyed), {}",
                              args.nodes, args.seed, input.roads);
    return input;
}

network::CachedGraph build_graph(const network::RoadTable& table, const network::Profile& profile) {
    network::CachedGraph cached;
    cached.roads = network::build_road_graph(table);
    cached.graph = network::build_profile_graph(cached.roads, table, profile);
    cached.segment_highway = network::segment_classes(cached.roads, table);
    cached.stand_in_note = table.stand_in_note;
    cached.search = routing::build_search_graph(cached.graph.reverse);  // as load_graph() does
    return cached;
}

// Centres as seeds of the searches, per rank, and their ids by rank.
struct CentreSeeds {
    std::vector<std::vector<routing::Source>> by_rank;
    std::vector<routing::Source> all;
    std::vector<std::string> ids;
};

CentreSeeds node_seeds(const std::vector<io::Centre>& centres, const network::CachedGraph& cached,
                       const BenchArgs& args, const std::string& centres_file) {
    NodeSnapOptions options;
    options.centres_file = centres_file;
    options.profile = args.profile;
    CentreSeeds seeds;
    const auto snapped = snap_centres_to_nodes(centres, cached, options);
    for (std::uint32_t rank = 0; rank < snapped.size(); ++rank) {
        seeds.by_rank.push_back({{snapped[rank].node, 0.0, rank}});
        seeds.all.push_back({snapped[rank].node, 0.0, rank});
        seeds.ids.push_back(snapped[rank].id);
    }
    return seeds;
}

CentreSeeds edge_seeds(const std::vector<io::Centre>& centres, const network::CachedGraph& cached,
                       const network::Profile& profile, const std::string& centres_file) {
    // A few centres: scanned without building the k-d tree (the same answers).
    snap::IndexOptions index_options;
    index_options.tree = snap::IndexOptions::TreeBuild::on_demand;
    const snap::SegmentIndex index(cached.roads, cached.graph, index_options);
    std::vector<snap::CentreLocation> locations;
    locations.reserve(centres.size());
    for (const auto& c : centres) {
        locations.push_back({c.id, c.x, c.y});
    }
    const auto snapped = snap::snap_centres(index, locations, snap::snap_options(profile),
                                            snap::OnUnsnappedCentre::error, centres_file);
    CentreSeeds seeds;
    seeds.by_rank.resize(snapped.by_rank.size());
    for (std::uint32_t rank = 0; rank < snapped.by_rank.size(); ++rank) {
        seeds.ids.push_back(centres[snapped.by_rank[rank]].id);
        for (auto s = snapped.first_seed[rank]; s < snapped.first_seed[rank + 1]; ++s) {
            const auto& seed = snapped.seeds[s];
            seeds.by_rank[rank].push_back({seed.node, seed.time_s, seed.rank});
            seeds.all.push_back({seed.node, seed.time_s, seed.rank});
        }
    }
    return seeds;
}

// Largest |reach - baseline| over nodes; +inf when one reaches a node the other does not.
double largest_difference_s(const std::vector<double>& reach_s, const std::vector<double>& base_s) {
    double largest = 0.0;
    for (std::size_t v = 0; v < reach_s.size(); ++v) {
        const bool a = std::isfinite(reach_s[v]);
        const bool b = std::isfinite(base_s[v]);
        if (a != b) return std::numeric_limits<double>::infinity();
        if (a) largest = std::max(largest, std::abs(reach_s[v] - base_s[v]));
    }
    return largest;
}

struct Context {
    const BenchArgs& args;
    const network::Profile& profile;
    io::RoadReadOptions read;
    BenchInput input;
    BenchReport& report;
};

void measure_ingest_and_cache(Context& ctx, network::CachedGraph& cached, const fs::path& dir) {
    auto& stages = ctx.report.stages;
    std::optional<double> osmium_s;
    if (io::detect_road_format(ctx.input.roads) == io::RoadFormat::osm) {
        osmium_s = timed_s([&] { (void)bench::read_osm_plain(ctx.input.roads); });
    }
    network::RoadTable table;
    auto read = stage("read roads", [&] { table = io::read_roads(ctx.input.roads, ctx.read); });
    if (osmium_s) {
        read.baseline = "libosmium read, no handler";
        read.baseline_s = *osmium_s;
    }
    stages.push_back(read);
    stages.push_back(stage("build graph", [&] { cached = build_graph(table, ctx.profile); }));
    table = network::RoadTable{};
    BenchStage ingested;
    ingested.name = "ingest";
    ingested.time_s = read.time_s + stages.back().time_s;
    ingested.peak_rss_bytes = std::max(read.peak_rss_bytes, stages.back().peak_rss_bytes);
    stages.push_back(ingested);
    const auto key = network::graph_cache_key(hash_file(ctx.input.roads), ctx.profile,
                                              ctx.read.working_crs);
    const auto cache_file = dir / (key + ".rgc");
    stages.push_back(stage("cache write", [&] { network::save_graph_cache(cache_file, key, cached); }));
    // The cache as format 3 wrote it, without the search graph: the job from it built that.
    const auto old_file = dir / (key + "-format3.rgc");
    auto search = std::move(cached.search);
    cached.search.reset();
    network::save_graph_cache(old_file, key, cached);
    cached.search = std::move(search);
    stages.push_back(stage("reload format 3", [&] {
        if (!network::load_graph_cache(old_file, key)) {
            throw OutputError(old_file.string() + ": graph cache not read back");
        }
    }));
    fs::remove(old_file);
    // The graph built above is freed after the stage: a reload does not pay for it.
    network::CachedGraph built;
    std::swap(built, cached);
    auto reload = stage("cache reload", [&] {
        auto loaded = network::load_graph_cache(cache_file, key);
        if (!loaded) throw OutputError(cache_file.string() + ": graph cache not read back");
        cached = std::move(*loaded);
    });
    built = network::CachedGraph{};
    reload.baseline = "ingest";
    reload.baseline_s = ingested.time_s;
    stages.push_back(reload);
    if (!ctx.input.roads_gpkg.empty()) {
        network::CachedGraph from_gpkg;
        stages.push_back(stage("ingest gpkg", [&] {
            from_gpkg = build_graph(io::read_roads(ctx.input.roads_gpkg, ctx.read), ctx.profile);
        }));
    }
}

CentreSeeds measure_snap(Context& ctx, const network::CachedGraph& cached) {
    CentreSeeds seeds;
    ctx.report.stages.push_back(stage("snap centres", [&] {
        io::CentreReadOptions options;
        options.working_crs = ctx.read.working_crs;
        options.xy_crs = ctx.input.centres_crs;
        const auto centres = io::read_centres(ctx.input.centres, options);
        seeds = ctx.args.snap == "node" ? node_seeds(centres, cached, ctx.args, ctx.input.centres)
                                        : edge_seeds(centres, cached, ctx.profile,
                                                     ctx.input.centres);
    }));
    return seeds;
}

// Runs `work` `repeat` times as one stage (the fastest run counts) and `baseline` as often.
template <typename Work, typename Baseline>
BenchStage compared_stage(std::string name, int repeat, Work&& work, std::string baseline_name,
                          Baseline&& baseline) {
    BenchStage s;
    s.name = std::move(name);
    bench::reset_peak_rss();
    s.time_s = best_of_s(repeat, work);
    s.peak_rss_bytes = bench::peak_rss_bytes();
    s.baseline = std::move(baseline_name);
    s.baseline_s = best_of_s(repeat, baseline);
    return s;
}

// Largest difference between reach's bounded search and Boost's, over every centre.
double bounded_difference_s(const network::CsrGraph& reverse, const CentreSeeds& seeds,
                            const bench::BoostBaseline& boost, double cutoff_s) {
    routing::BoundedSearch bounded(reverse.node_count());
    std::vector<double> reach_s(reverse.node_count());
    double largest_s = 0.0;
    for (std::uint32_t c = 0; c < seeds.by_rank.size(); ++c) {
        (void)bounded.run(reverse, seeds.by_rank[c], cutoff_s);
        for (std::uint32_t v = 0; v < reverse.node_count(); ++v) {
            reach_s[v] = bounded.time_s(v);
        }
        largest_s = std::max(largest_s, largest_difference_s(reach_s, boost.bounded_times(c, cutoff_s)));
    }
    return largest_s;
}

routing::NearestCentre measure_searches(Context& ctx, const network::CachedGraph& cached,
                                        const routing::SearchGraph& search,
                                        const CentreSeeds& seeds) {
    const auto& reverse = cached.graph.reverse;
    const int repeat = ctx.args.repeat;
    const double cutoff_s = ctx.args.matrix_cutoff_s;
    auto& stages = ctx.report.stages;
    std::optional<bench::BoostBaseline> boost;
    stages.push_back(stage("boost graph", [&] { boost.emplace(reverse, seeds.by_rank); }));

    routing::NearestCentre nearest;
    std::vector<double> boost_nearest;
    stages.push_back(compared_stage(
        "nearest centre", repeat, [&] { nearest = routing::nearest_centre(search, seeds.all); },
        "Boost.Graph dijkstra (CSR)", [&] { boost_nearest = boost->nearest_times(); }));

    // Per-centre bounded searches one after the other on one thread (the matrix's columns).
    routing::BoundedSearch bounded(reverse.node_count());
    stages.push_back(compared_stage(
        "per-centre", repeat,
        [&] {
            for (const auto& centre : seeds.by_rank) (void)bounded.run(reverse, centre, cutoff_s);
        },
        fmt::format("Boost.Graph, stop at {:g} s", cutoff_s),
        [&] {
            for (std::uint32_t c = 0; c < seeds.by_rank.size(); ++c) {
                (void)boost->bounded_times(c, cutoff_s);
            }
        }));

    const double nearest_diff_s = largest_difference_s(nearest.time_s, boost_nearest);
    const double bounded_diff_s = bounded_difference_s(reverse, seeds, *boost, cutoff_s);
    ctx.report.answers_agree = nearest_diff_s <= 1e-6 && bounded_diff_s <= 1e-6;
    ctx.report.check = fmt::format(
        "{} (largest difference: nearest centre {:.3g} s, per-centre {:.3g} s over {} nodes)",
        ctx.report.answers_agree ? "identical to Boost.Graph within 1e-6 s"
                                 : "DIFFERENT from Boost.Graph",
        nearest_diff_s, bounded_diff_s, reverse.node_count());
    return nearest;
}

// The whole job as the sum of its measured stages (e.g. from the cache: reload, snap,
// search, export).
BenchStage job_stage(std::string name, const std::vector<BenchStage>& stages,
                     const std::vector<std::string>& parts) {
    BenchStage job;
    job.name = std::move(name);
    job.time_s = 0.0;
    for (const auto& part : parts) {
        const auto it = std::find_if(stages.begin(), stages.end(),
                                     [&](const BenchStage& s) { return s.name == part; });
        job.time_s += it->time_s;
        job.peak_rss_bytes = std::max(job.peak_rss_bytes, it->peak_rss_bytes);
    }
    return job;
}

}  // namespace

BenchReport run_bench(const BenchArgs& args) {
    BenchReport report;
    report.profile = args.profile;
    report.snap = args.snap;
    RoadOptions road;
    road.profiles_file = args.profiles_file;
    const auto profile_set = network::load_profiles(profiles_path(road));
    const auto& profile = profile_set.get(args.profile);

    const bool keep = !args.work_dir.empty();
    const fs::path dir = keep ? fs::path(args.work_dir)
                              : fs::temp_directory_path() /
                                    fmt::format("reach-bench-{}", ::getpid());
    fs::create_directories(dir);
    struct Cleanup {
        fs::path dir;
        bool keep;
        ~Cleanup() {
            std::error_code ec;
            if (!keep) fs::remove_all(dir, ec);
        }
    } cleanup{dir, keep};

    Context ctx{args, profile, {}, {}, report};
    ctx.read.working_crs = args.working_crs;
    if (args.roads.empty()) {
        ctx.input = synthetic_input(args, dir, report);
    } else {
        ctx.input.roads = args.roads;
        ctx.input.centres = args.centres;
        ctx.input.centres_crs = args.centres_crs;
        ctx.input.label = "roads: " + args.roads;
    }
    report.input_label = ctx.input.label;
    network::CachedGraph cached;
    measure_ingest_and_cache(ctx, cached, dir);
    // Built again only to show its cost: the searches use the one the cache reload gave.
    report.stages.push_back(stage("search graph", [&] {
        (void)routing::build_search_graph(cached.graph.reverse);
    }));
    const auto search =
        routing::take_or_build_search_graph(cached.search, cached.graph.reverse);
    report.graph = bench::routing_graph_bytes(cached.graph, search);
    const auto seeds = measure_snap(ctx, cached);
    report.centre_count = static_cast<std::uint32_t>(seeds.ids.size());
    const auto nearest = measure_searches(ctx, cached, search, seeds);
    const fs::path nodes_file =
        args.export_node_times.empty() ? dir / "nodes.csv" : fs::path(args.export_node_times);
    report.stages.push_back(stage("export nodes", [&] {
        write_node_times_csv(nodes_file, cached.roads, nearest, seeds.ids);
    }));
    const std::vector<std::string> search_export{"snap centres", "nearest centre", "export nodes"};
    auto from_cache = search_export;
    from_cache.insert(from_cache.begin(), "cache reload");
    auto job = job_stage("job from cache", report.stages, from_cache);
    // The same job as format 3 ran it: the reload without the search graph, then building it.
    auto old_job = search_export;
    old_job.insert(old_job.begin(), {"reload format 3", "search graph"});
    job.baseline = "format 3: search graph built";
    job.baseline_s = job_stage("", report.stages, old_job).time_s;
    report.stages.push_back(job);
    if (!ctx.input.roads_gpkg.empty()) {
        auto from_gpkg = search_export;
        from_gpkg.insert(from_gpkg.begin(), "ingest gpkg");
        report.stages.push_back(job_stage("job from gpkg", report.stages, from_gpkg));
    }
    return report;
}

}  // namespace reach::cli
