#pragma once
// Snap: where a point (a cell centre or a centre) joins the routing graph, in the terms the
// searches need (DESIGN.md, Rules, Direction; every time is home → centre).
//
// A point is snapped to the nearest point of a usable segment u→v (u = segment_from,
// v = segment_to) at fraction f; it is *unsnapped* when that point is farther than
// max_distance_m (inclusive: exactly max_distance_m is snapped) or there is none. Then:
//  * an ORIGIN (a cell, travelling home → centre) leaves the segment
//      via v at (1−f)·t(u→v) if u→v is usable, and via u at f·t(v→u) if v→u is usable;
//  * a DESTINATION (a centre) is entered
//      from u at f·t(u→v) if u→v is usable, and from v at (1−f)·t(v→u) if v→u is usable.
// These are the snap's `links` (partial-edge times, in double from the float arc times). The
// off-network leg, distance_m / off-network speed, is `access_time_s`, added at both ends.
// An origin and a destination on the same segment may also meet without passing a node
// (direct_time_s()). Unsnapped points are returned and counted, never dropped (DESIGN.md:
// an expected non-result).
//
// snap_points() snaps many points in parallel (TBB); each point's result depends on that
// point only, so the output is identical for any thread count.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "reach/network/profile.hpp"
#include "reach/snap/segment_index.hpp"

namespace reach::snap {

enum class Role : std::uint8_t { origin, destination };

// A graph node and the time along the partial edge between it and the snapped point.
struct Link {
    std::uint32_t node = 0;
    double time_s = 0.0;
};

// At most two links. Order: the link through segment_to first for an origin, through
// segment_from first for a destination (i.e. the way-direction link first). On a closed loop
// both would reach the same node: only the quicker is kept.
struct Links {
    std::array<Link, 2> link{};
    std::uint32_t count = 0;

    [[nodiscard]] const Link* begin() const { return link.data(); }
    [[nodiscard]] const Link* end() const { return link.data() + count; }
    [[nodiscard]] std::size_t size() const { return count; }
    [[nodiscard]] bool empty() const { return count == 0; }
    [[nodiscard]] const Link& operator[](std::size_t i) const { return link[i]; }
};

// The links of a point on a segment, as the header comment defines them.
[[nodiscard]] Links links_of(const SegmentIndex& index, const SegmentPoint& point, Role role);

struct SnapOptions {
    double max_distance_m = 1000.0;  // snap.max_distance_m (SCENARIO.md)
    double off_network_kmh = 4.0;    // speed of the off-network leg
};

// The options for a profile: its off_network_kmh unless the group overrides it. Throws
// InputError when max_distance_m is negative or not finite, or the speed is not > 0.
[[nodiscard]] SnapOptions snap_options(const network::Profile& profile,
                                       std::optional<double> off_network_kmh = std::nullopt,
                                       double max_distance_m = 1000.0);

struct Snap {
    // The nearest point of a usable segment, also for an unsnapped point (so its distance can
    // be reported); nullopt only when no segment is usable or the query is not finite.
    std::optional<SegmentPoint> point;
    bool snapped = false;        // point && point->distance_m <= max_distance_m
    double access_time_s = 0.0;  // off-network leg; 0 when unsnapped
    Links links;                 // exits (origin) or entries (destination); empty if unsnapped
};

[[nodiscard]] Snap snap_point(const SegmentIndex& index, double x, double y, Role role,
                              const SnapOptions& options);

struct SnapBatch {
    std::vector<Snap> snaps;               // one per input point, in input order
    std::vector<std::uint32_t> unsnapped;  // indices of the unsnapped points, increasing
};

// x and y must have the same size (asserted).
[[nodiscard]] SnapBatch snap_points(const SegmentIndex& index, std::span<const double> x,
                                    std::span<const double> y, Role role,
                                    const SnapOptions& options);

// Home → centre time of an origin given node times towards the centre(s), e.g. from a
// reverse search seeded with the centres' entries (snap_centres): access leg + the best
// exit's partial-edge time + node time. reach::unreachable when unsnapped or no exit node
// is reached. The same-segment case is direct_time_s(): take the smaller of the two.
[[nodiscard]] double origin_time_s(const Snap& origin, std::span<const double> node_time_s);

// Home → centre time when origin and destination lie on the same segment and the origin
// comes before the destination along a usable direction (or at the same point): origin
// access + |f_dest − f_origin|·t(that direction) + destination access. reach::unreachable
// otherwise (other segments, unsnapped, or only against a oneway); routes through the
// segment's end nodes are origin_time_s()'s job.
[[nodiscard]] double direct_time_s(const SegmentIndex& index, const Snap& origin,
                                   const Snap& destination);

}  // namespace reach::snap
