// Shared by run, compare and batch (run_support.hpp).
#include "run_support.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "common_options.hpp"
#include "reach/core/error.hpp"
#include "reach/network/graph_cache.hpp"
#include "reach/network/road_graph.hpp"

namespace reach::cli {
namespace {

std::string persons_text(double value) { return fmt::format("{:.0f}", value); }

std::string percent_text(const std::optional<double>& share) {
    return share ? fmt::format("{:.1f}%", 100.0 * *share) : std::string("-");
}

std::string minutes_text(const std::optional<double>& value) {
    return value ? fmt::format("{:.1f}", *value) : std::string("-");
}

}  // namespace

void print_tables(const scenario::RunResult& r) {
    std::printf("scenario: %s (totals over %s)\n", r.scenario.c_str(), r.totals_scope.c_str());
    if (r.roads_standin) {
        std::printf("%s\n", std::string(network::stand_in_label).c_str());
    }
    for (const auto& s : r.stand_ins) {
        if (s == "centres") {
            std::printf("centres: illustrative (not the surveyed facilities)\n");
        }
    }
    std::string header = fmt::format("{:<14} {:<28} {:>10}", "profile", "group", "population");
    for (const int t : r.thresholds_min) {
        header += fmt::format(" {:>17}", fmt::format("<= {} min", t));
    }
    header += fmt::format(" {:>10}", "median min");
    std::printf("\n%s\n", header.c_str());
    for (const auto& pair : r.pairs) {
        std::string line = fmt::format("{:<14} {:<28} {:>10}", pair.profile, pair.group,
                                       persons_text(pair.figures.total.coverage.population));
        for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
            line += fmt::format(
                " {:>17}",
                fmt::format("{} ({})", persons_text(pair.figures.total.coverage.covered[k]),
                            percent_text(pair.figures.total.coverage.share_covered[k])));
        }
        line += fmt::format(" {:>10}", minutes_text(pair.figures.total.coverage.median_time_min));
        std::printf("%s\n", line.c_str());
    }
    if (!r.areas.empty()) {
        std::size_t target = 0;
        for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
            if (r.thresholds_min[k] == r.target_min) target = k;
        }
        std::printf("\nper area: share of persons within %d min (target) and median minutes\n",
                    r.target_min);
        std::string head = fmt::format("{:<14} {:<3} {:<13}", "area", "cc", "profile");
        for (const auto& g : r.group_name) {
            head += fmt::format(" {:>16}", g.substr(0, 16));
        }
        std::printf("%s\n", head.c_str());
        for (std::size_t a = 0; a < r.areas.size(); ++a) {
            for (const auto& p : r.profiles) {
                std::string line = fmt::format("{:<14} {:<3} {:<13}", r.areas[a].id,
                                               r.areas[a].country, p.profile);
                for (const auto& g : r.group_name) {
                    std::string cell = "-";
                    for (const auto& pair : r.pairs) {
                        if (pair.profile == p.profile && pair.group == g) {
                            const auto& t = pair.figures.by_area[a].coverage;
                            cell = fmt::format("{} {}", percent_text(t.share_covered[target]),
                                               minutes_text(t.median_time_min));
                        }
                    }
                    line += fmt::format(" {:>16}", cell);
                }
                std::printf("%s\n", line.c_str());
            }
        }
    }
    std::printf(
        "\nlargest gap areas (beyond %d min or no centre; contiguous cells), top 3 per "
        "profile and group\n",
        r.target_min);
    for (const auto& pair : r.pairs) {
        if (pair.group != r.group_name.front() && pair.group != "age65plus") {
            continue;  // the full list is in summary.json
        }
        std::size_t g = 0;
        while (g < r.group_name.size() && r.group_name[g] != pair.group) ++g;
        for (std::size_t k = 0; k < std::min<std::size_t>(3, pair.gaps.size()); ++k) {
            const auto& gap = pair.gaps[k];
            std::string areas;
            for (const auto& a : gap.areas) {
                areas += (areas.empty() ? "" : ",") + a;
            }
            // Cells without a location (matrix scenarios) have no area: the first cell instead.
            const auto where = gap.area_km2 > 0.0 ? fmt::format("{:8.0f} km2", gap.area_km2)
                                                  : fmt::format("cell {:>7}", gap.first_cell);
            std::printf(
                "  %-13s %-27s #%zu %s %9.0f persons (%.0f with no centre), score "
                "%.0f person-min, areas %s\n",
                pair.profile.c_str(), pair.group.c_str(), k + 1, where.c_str(),
                gap.population[g], gap.unreachable, gap.score, areas.empty() ? "-" : areas.c_str());
        }
    }
    for (const auto& w : r.warnings) {
        std::printf("warning: %s\n", w.c_str());
    }
}

void add_run_flags(CLI::App& command, RunFlags& flags) {
    command.add_option("--out", flags.out_dir, "Output folder (default: outputs.dir)");
    command.add_flag("--overwrite", flags.overwrite, "Replace an existing output folder");
    command.add_option("--threads", flags.threads, "Worker threads (default: all cores)")
        ->check(CLI::PositiveNumber);
    command.add_option("--cache-dir", flags.cache.dir,
                       "Graph cache folder (default: $REACH_CACHE_DIR, $XDG_CACHE_HOME/reach "
                       "or ~/.cache/reach)");
    command.add_flag("--no-cache{false}", flags.cache.enabled,
                     "Neither read nor write the graph cache");
}

scenario::Scenario load_scenario_file(const std::string& path) {
    scenario::LoadOptions load;
    load.default_profiles_file = profiles_path(RoadOptions{});
    return scenario::load_scenario(path, load);
}

network::CachedGraph GraphMemo::get(const std::string& roads, const network::Profile& profile,
                                    const io::RoadReadOptions& read) {
    // The cache key holds the profile's settings and the CRS; the path stands for the file.
    const auto key = fmt::format("{}|{}|{}|{}", network::graph_cache_key(roads, profile,
                                                                          read.working_crs),
                                 read.columns.highway, read.columns.maxspeed,
                                 read.columns.oneway);
    const std::lock_guard lock(m_loading);
    auto it = m_graphs.find(key);
    if (it == m_graphs.end()) {
        it = m_graphs.emplace(key, load_graph(roads, profile, read, m_cache).cached).first;
    }
    return it->second;
}

scenario::RunOptions run_options(const RunFlags& flags, GraphMemo& graphs) {
    scenario::RunOptions options;
    options.out_dir = flags.out_dir;
    options.overwrite = flags.overwrite;
    options.threads = flags.threads;
    options.version = REACH_VERSION;
    options.encode_rasters = true;  // the commands write run folders (serve turns it off)
    // Runs of one command (batch, compare) share routing results where their inputs agree.
    options.time_sources = scenario::make_time_source_cache();
    options.load_graph = [&graphs](const std::string& roads, const network::Profile& profile,
                                   const io::RoadReadOptions& read) {
        return graphs.get(roads, profile, read);
    };
    return options;
}

std::unique_ptr<tbb::global_control> limit_threads(const RunFlags& flags) {
    if (flags.threads <= 0) {
        return nullptr;
    }
    return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                 static_cast<std::size_t>(flags.threads));
}

void refuse_existing(const std::filesystem::path& dir, bool overwrite) {
    if (std::filesystem::exists(dir) && !overwrite) {
        throw OutputError(
            fmt::format("{}: output folder exists (pass --overwrite to replace it)", dir.string()));
    }
}

void print_report_path(const std::filesystem::path& dir,
                       const std::vector<scenario::ExtraFile>& extra) {
    for (const auto& file : extra) {
        if (file.name.ends_with(".html") || file.name.ends_with(".htm")) {
            std::printf("report: %s\n", (dir / file.name).string().c_str());
        }
    }
}

}  // namespace reach::cli
