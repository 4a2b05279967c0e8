#include "reach/snap/reached_network.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "reach/core/units.hpp"

namespace reach::snap {
namespace {

struct Interval {
    double from, to;
};

// {f ∈ [lo, hi] : start + slope·(f − f0) ≤ threshold} for a linear time (slope may be ±).
void add_linear(std::vector<Interval>& out, double f0, double time_at_f0, double slope,
                double lo, double hi, double threshold_s) {
    if (!std::isfinite(time_at_f0) || !std::isfinite(slope) || lo > hi) {
        return;
    }
    // Cut exactly at the threshold (a geometry, not a comparison: no tolerance).
    const double room = threshold_s - time_at_f0;
    double a = lo;
    double b = hi;
    if (slope > 0.0) {
        b = std::min(hi, f0 + room / slope);
    } else if (slope < 0.0) {
        a = std::max(lo, f0 + room / slope);
    } else if (room < 0.0) {
        return;
    }
    if (a < b) {  // a single point reached exactly at the threshold is no line
        out.push_back({a, b});
    }
}

std::vector<Interval> merged(std::vector<Interval> parts) {
    std::sort(parts.begin(), parts.end(),
              [](const Interval& p, const Interval& q) { return p.from < q.from; });
    std::vector<Interval> out;
    for (const auto& p : parts) {
        if (!out.empty() && p.from <= out.back().to) {
            out.back().to = std::max(out.back().to, p.to);
        } else {
            out.push_back(p);
        }
    }
    return out;
}

// The polyline of a segment between two length fractions.
void cut(const network::RoadGraph& roads, std::uint32_t segment, double from, double to,
         std::vector<double>& x, std::vector<double>& y) {
    const auto first = roads.segment_first_point[segment];
    const auto last = roads.segment_first_point[segment + 1];
    const double length = roads.segment_length_m[segment];
    const double start_m = from * length;
    const double end_m = to * length;
    double along = 0.0;
    const auto at = [&](std::uint32_t p, double t) {
        x.push_back(roads.point_x[p] + t * (roads.point_x[p + 1] - roads.point_x[p]));
        y.push_back(roads.point_y[p] + t * (roads.point_y[p + 1] - roads.point_y[p]));
    };
    for (auto p = first; p + 1 < last; ++p) {
        const double piece = std::hypot(roads.point_x[p + 1] - roads.point_x[p],
                                        roads.point_y[p + 1] - roads.point_y[p]);
        const double next = along + piece;
        const bool last_piece = p + 2 == last;
        if (x.empty() && (start_m <= next || last_piece)) {
            at(p, piece > 0.0 ? std::clamp((start_m - along) / piece, 0.0, 1.0) : 0.0);
        }
        if (!x.empty()) {
            if (end_m <= next || last_piece) {
                at(p, piece > 0.0 ? std::clamp((end_m - along) / piece, 0.0, 1.0) : 1.0);
                break;
            }
            x.push_back(roads.point_x[p + 1]);
            y.push_back(roads.point_y[p + 1]);
        }
        along = next;
    }
}

}  // namespace

namespace {

using OnSegment = std::map<std::uint32_t, std::vector<std::pair<double, double>>>;

// Centres snapped on each segment: (fraction, access leg).
OnSegment centres_on_segments(const SnappedCentres& centres) {
    OnSegment on_segment;
    for (const auto& snap : centres.snaps) {
        if (snap.snapped) {
            on_segment[snap.point->segment].emplace_back(snap.point->fraction,
                                                         snap.access_time_s);
        }
    }
    return on_segment;
}

// The merged intervals of segment s reached within threshold_s (header comment).
std::vector<Interval> reached_intervals(const SegmentIndex& index, std::uint32_t s,
                                        std::span<const double> node_time_s,
                                        const OnSegment& on_segment, double threshold_s) {
    const auto& roads = index.roads();
    const auto times = index.times(s);
    const double t_from = node_time_s[roads.segment_from[s]];
    const double t_to = node_time_s[roads.segment_to[s]];
    std::vector<Interval> parts;
    if (times.forward_s != unreachable && t_to != unreachable) {
        add_linear(parts, 1.0, t_to, -times.forward_s, 0.0, 1.0, threshold_s);
    }
    if (times.backward_s != unreachable && t_from != unreachable) {
        add_linear(parts, 0.0, t_from, times.backward_s, 0.0, 1.0, threshold_s);
    }
    if (const auto it = on_segment.find(s); it != on_segment.end()) {
        for (const auto& [g, access_s] : it->second) {
            if (times.forward_s != unreachable) {  // points before g drive forward to it
                add_linear(parts, g, access_s, -times.forward_s, 0.0, g, threshold_s);
            }
            if (times.backward_s != unreachable) {  // points after g drive back to it
                add_linear(parts, g, access_s, times.backward_s, g, 1.0, threshold_s);
            }
        }
    }
    return merged(std::move(parts));
}

// a \ b for sorted, disjoint interval lists (b ⊆ a in practice: nested thresholds).
std::vector<Interval> minus(const std::vector<Interval>& a, const std::vector<Interval>& b) {
    std::vector<Interval> out;
    for (const auto& p : a) {
        double start = p.from;
        for (const auto& q : b) {
            if (q.to <= start || q.from >= p.to) {
                continue;
            }
            if (q.from > start) {
                out.push_back({start, q.from});
            }
            start = std::max(start, q.to);
        }
        if (start < p.to) {
            out.push_back({start, p.to});
        }
    }
    return out;
}

ReachedPart make_part(const SegmentIndex& index, std::span<const double> node_time_s,
                      std::uint32_t s, const Interval& p) {
    const auto& roads = index.roads();
    ReachedPart part;
    part.segment = s;
    part.from_fraction = p.from;
    part.to_fraction = p.to;
    part.time_from_s = node_time_s[roads.segment_from[s]];
    part.time_to_s = node_time_s[roads.segment_to[s]];
    cut(roads, s, p.from, p.to, part.x, part.y);
    return part;
}

}  // namespace

std::vector<ReachedPart> reached_parts(const SegmentIndex& index,
                                       std::span<const double> node_time_s,
                                       const SnappedCentres& centres, double threshold_s) {
    const auto on_segment = centres_on_segments(centres);
    std::vector<ReachedPart> out;
    for (std::uint32_t s = 0; s < index.roads().segment_count(); ++s) {
        if (!index.indexed(s)) {
            continue;
        }
        for (const auto& p : reached_intervals(index, s, node_time_s, on_segment, threshold_s)) {
            out.push_back(make_part(index, node_time_s, s, p));
        }
    }
    return out;
}

std::vector<ReachedBand> reached_bands(const SegmentIndex& index,
                                       std::span<const double> node_time_s,
                                       const SnappedCentres& centres,
                                       std::span<const double> thresholds_s) {
    const auto on_segment = centres_on_segments(centres);
    std::vector<ReachedBand> out;
    for (std::uint32_t s = 0; s < index.roads().segment_count(); ++s) {
        if (!index.indexed(s)) {
            continue;
        }
        std::vector<Interval> below;
        for (std::size_t k = 0; k < thresholds_s.size(); ++k) {
            auto within =
                reached_intervals(index, s, node_time_s, on_segment, thresholds_s[k]);
            for (const auto& p : minus(within, below)) {
                if (p.from < p.to) {
                    out.push_back({k, make_part(index, node_time_s, s, p)});
                }
            }
            below = std::move(within);
        }
    }
    return out;
}

std::vector<NetworkEdge> network_edges(const SegmentIndex& index,
                                       std::span<const double> node_time_s) {
    const auto& roads = index.roads();
    std::vector<NetworkEdge> out;
    for (std::uint32_t s = 0; s < roads.segment_count(); ++s) {
        if (!index.indexed(s)) {
            continue;
        }
        NetworkEdge edge;
        edge.segment = s;
        edge.length_m = roads.segment_length_m[s];
        const auto times = index.times(s);
        edge.forward_s = times.forward_s;
        edge.backward_s = times.backward_s;
        edge.time_from_s = node_time_s[roads.segment_from[s]];
        edge.time_to_s = node_time_s[roads.segment_to[s]];
        for (auto p = roads.segment_first_point[s]; p < roads.segment_first_point[s + 1]; ++p) {
            edge.x.push_back(roads.point_x[p]);
            edge.y.push_back(roads.point_y[p]);
        }
        out.push_back(std::move(edge));
    }
    return out;
}

}  // namespace reach::snap
