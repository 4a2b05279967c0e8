#include "node_times.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/network/nearest_node.hpp"

namespace reach::cli {

std::vector<NodeCentre> snap_centres_to_nodes(const std::vector<io::Centre>& centres,
                                              const network::CachedGraph& cached,
                                              const NodeSnapOptions& options) {
    const network::NearestNodeIndex index(cached.roads, cached.graph);
    std::vector<NodeCentre> snapped;
    for (const auto& centre : centres) {
        const auto nearest = index.nearest(centre.x, centre.y);
        if (!nearest || nearest->distance_m > options.max_snap_m) {
            const std::string what = fmt::format(
                "{}: centre \"{}\" is {} from the {} network (expected within {} m; "
                "--max-snap-m raises the limit)",
                options.centres_file, centre.id,
                nearest ? fmt::format("{:.0f} m", nearest->distance_m) : "unreachable",
                options.profile, options.max_snap_m);
            if (!options.warn_unsnapped) {
                throw InputError(what);
            }
            warn(what + "; ignored");
            continue;
        }
        snapped.push_back({centre.id, nearest->node, nearest->distance_m});
    }
    std::sort(snapped.begin(), snapped.end(), [](const auto& a, const auto& b) {
        return a.id < b.id;  // std::string compares bytewise
    });
    if (snapped.empty()) {
        throw InputError(fmt::format("{}: no centre could be placed on the {} network",
                                     options.centres_file, options.profile));
    }
    return snapped;
}

void write_node_times_csv(const std::filesystem::path& file, const network::RoadGraph& roads,
                          const routing::NearestCentre& result,
                          const std::vector<std::string>& ids_by_rank) {
    std::ofstream out(file, std::ios::binary);
    out << "node_id,osm_node_id,x,y,lon,lat,time_s,centre_id\n";
    std::string line;
    for (std::uint32_t v = 0; v < roads.node_count(); ++v) {
        line.clear();
        fmt::format_to(std::back_inserter(line), "{},", v);
        if (roads.node_osm_id[v] != network::no_osm_id) {
            fmt::format_to(std::back_inserter(line), "{}", roads.node_osm_id[v]);
        }
        fmt::format_to(std::back_inserter(line), ",{:.3f},{:.3f},{:.7f},{:.7f},", roads.node_x[v],
                       roads.node_y[v], roads.node_lon[v], roads.node_lat[v]);
        if (result.rank[v] != routing::no_centre) {
            fmt::format_to(std::back_inserter(line), "{:.6f},{}", result.time_s[v],
                           ids_by_rank[result.rank[v]]);
        } else {
            line += ",";
        }
        line += '\n';
        out << line;
    }
    out.close();
    if (!out) {
        throw OutputError(fmt::format("{}: cannot write file", file.string()));
    }
}

}  // namespace reach::cli
