#pragma once
// Node-level answers shared by `reach route` and `reach bench --export-node-times`: centres
// snapped to their nearest graph node, and the nodes.csv table of SCENARIO.md (Command line):
// node_id,osm_node_id,x,y,lon,lat,time_s,centre_id.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "reach/io/centres_reader.hpp"
#include "reach/network/graph_cache.hpp"
#include "reach/routing/search.hpp"

namespace reach::cli {

struct NodeCentre {
    std::string id;
    std::uint32_t node = 0;
    double distance_m = 0.0;
};

struct NodeSnapOptions {
    std::string centres_file;  // for messages
    std::string profile;
    double max_snap_m = 1000.0;
    bool warn_unsnapped = false;  // false: a centre beyond max_snap_m is an InputError
};

// Each centre on the nearest node of the profile's kept component, sorted bytewise by id:
// the index is the rank that breaks ties (DESIGN.md, Rules). InputError when none is placed.
[[nodiscard]] std::vector<NodeCentre> snap_centres_to_nodes(const std::vector<io::Centre>& centres,
                                                            const network::CachedGraph& cached,
                                                            const NodeSnapOptions& options);

// Writes nodes.csv: one row per node of `roads`; time and centre id (ids_by_rank[rank]) of the
// nearest centre, both empty when none is reached. OutputError when the file cannot be written.
void write_node_times_csv(const std::filesystem::path& file, const network::RoadGraph& roads,
                          const routing::NearestCentre& result,
                          const std::vector<std::string>& ids_by_rank);

}  // namespace reach::cli
