#include "reach/snap/snap.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/core/units.hpp"

namespace reach::snap {
namespace {

void add_link(Links& links, std::uint32_t node, double time_s) {
    for (std::uint32_t i = 0; i < links.count; ++i) {
        if (links.link[i].node == node) {  // a loop: both ways lead to the same node
            links.link[i].time_s = std::min(links.link[i].time_s, time_s);
            return;
        }
    }
    links.link[links.count++] = {node, time_s};
}

}  // namespace

Links links_of(const SegmentIndex& index, const SegmentPoint& point, Role role) {
    const auto& roads = index.roads();
    const std::uint32_t u = roads.segment_from[point.segment];
    const std::uint32_t v = roads.segment_to[point.segment];
    const double f = point.fraction;
    const auto times = index.times(point.segment);
    Links links;
    if (role == Role::origin) {
        if (times.forward_s != unreachable) {
            add_link(links, v, (1.0 - f) * times.forward_s);
        }
        if (times.backward_s != unreachable) {
            add_link(links, u, f * times.backward_s);
        }
    } else {
        if (times.forward_s != unreachable) {
            add_link(links, u, f * times.forward_s);
        }
        if (times.backward_s != unreachable) {
            add_link(links, v, (1.0 - f) * times.backward_s);
        }
    }
    // A point exactly at an end node IS at that node: it leaves (or is entered) there at no
    // cost whatever the segment's direction, e.g. a centre at the head of a oneway.
    if (f <= 0.0) {
        add_link(links, u, 0.0);
    }
    if (f >= 1.0) {
        add_link(links, v, 0.0);
    }
    return links;
}

SnapOptions snap_options(const network::Profile& profile, std::optional<double> off_network_kmh,
                         double max_distance_m) {
    if (!std::isfinite(max_distance_m) || max_distance_m < 0.0) {
        throw InputError(where_what(
            "snap.max_distance_m",
            fmt::format("{} is not a distance (expected a number >= 0 m)", max_distance_m)));
    }
    const double speed_kmh = off_network_kmh.value_or(profile.off_network_kmh);
    if (!std::isfinite(speed_kmh) || speed_kmh <= 0.0) {
        throw InputError(
            where_what(fmt::format("profile \"{}\": off_network_kmh", profile.name),
                       fmt::format("{} is not a speed (expected a number > 0 km/h)", speed_kmh)));
    }
    return {max_distance_m, speed_kmh};
}

Snap snap_point(const SegmentIndex& index, double x, double y, Role role,
                const SnapOptions& options) {
    Snap snap;
    snap.point = index.nearest(x, y);
    if (!snap.point || !(snap.point->distance_m <= options.max_distance_m)) {
        return snap;
    }
    snap.snapped = true;
    snap.access_time_s = travel_time_s(snap.point->distance_m, options.off_network_kmh);
    snap.links = links_of(index, *snap.point, role);
    REACH_ASSERT(!snap.links.empty());  // an indexed segment has a usable direction
    return snap;
}

SnapBatch snap_points(const SegmentIndex& index, std::span<const double> x,
                      std::span<const double> y, Role role, const SnapOptions& options) {
    REACH_ASSERT(x.size() == y.size());
    SnapBatch batch;
    batch.snaps.resize(x.size());
    index.prepare_for(x.size());  // an on-demand index builds its tree for a large batch
    // Each point writes its own slot: the result does not depend on how TBB splits the range.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, x.size(), 512),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                          for (auto i = range.begin(); i != range.end(); ++i) {
                              batch.snaps[i] = snap_point(index, x[i], y[i], role, options);
                          }
                      });
    for (std::size_t i = 0; i < batch.snaps.size(); ++i) {
        if (!batch.snaps[i].snapped) {
            batch.unsnapped.push_back(static_cast<std::uint32_t>(i));
        }
    }
    return batch;
}

double origin_time_s(const Snap& origin, std::span<const double> node_time_s) {
    double best = unreachable;
    for (const auto& exit : origin.links) {
        REACH_ASSERT(exit.node < node_time_s.size());
        best = std::min(best, exit.time_s + node_time_s[exit.node]);
    }
    return origin.snapped ? origin.access_time_s + best : unreachable;
}

double direct_time_s(const SegmentIndex& index, const Snap& origin, const Snap& destination) {
    if (!origin.snapped || !destination.snapped ||
        origin.point->segment != destination.point->segment) {
        return unreachable;
    }
    const auto times = index.times(origin.point->segment);
    const double from = origin.point->fraction;
    const double to = destination.point->fraction;
    double along = unreachable;
    if (from <= to && times.forward_s != unreachable) {
        along = (to - from) * times.forward_s;
    }
    if (from >= to && times.backward_s != unreachable) {
        along = std::min(along, (from - to) * times.backward_s);
    }
    if (along == unreachable) {
        return unreachable;
    }
    return origin.access_time_s + along + destination.access_time_s;
}

}  // namespace reach::snap
