#include "reach/snap/centres.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"

namespace reach::snap {
namespace {

// Why a centre did not snap: its distance, or that the profile has no usable road at all.
std::string unsnapped_reason(const Snap& snap, const SegmentIndex& index,
                             const SnapOptions& options) {
    if (!snap.point) {
        return fmt::format("no usable road of profile \"{}\" to snap to", index.profile());
    }
    return fmt::format(
        "{:.1f} m from the nearest usable road of profile \"{}\" (snap.max_distance_m "
        "is {} m)",
        snap.point->distance_m, index.profile(), options.max_distance_m);
}

}  // namespace

std::span<const Seed> SnappedCentres::seeds_of(std::uint32_t centre) const {
    REACH_ASSERT(centre < rank.size());
    const auto r = rank[centre];
    return std::span<const Seed>(seeds).subspan(first_seed[r], first_seed[r + 1] - first_seed[r]);
}

SnappedCentres snap_centres(const SegmentIndex& index, std::span<const CentreLocation> centres,
                            const SnapOptions& options, OnUnsnappedCentre policy,
                            std::string_view source, std::span<const std::string> sources) {
    const auto count = static_cast<std::uint32_t>(centres.size());
    REACH_ASSERT(centres.size() == count);
    SnappedCentres result;

    // std::string_view compares through char_traits<char>, i.e. as unsigned bytes (UTF-8
    // bytewise order, SCENARIO.md Ties).
    result.by_rank.resize(count);
    std::iota(result.by_rank.begin(), result.by_rank.end(), 0U);
    std::sort(result.by_rank.begin(), result.by_rank.end(),
              [&](std::uint32_t a, std::uint32_t b) { return centres[a].id < centres[b].id; });
    result.rank.resize(count);
    for (std::uint32_t r = 0; r < count; ++r) {
        if (r > 0 && centres[result.by_rank[r]].id == centres[result.by_rank[r - 1]].id) {
            throw InputError(where_what(
                std::string(source),
                fmt::format("centre id \"{}\" appears more than once (expected unique ids)",
                            centres[result.by_rank[r]].id)));
        }
        result.rank[result.by_rank[r]] = r;
    }

    result.snaps.reserve(count);
    std::vector<std::string> failures;
    std::vector<std::string_view> failure_sources;  // where each unsnapped centre was given
    for (std::uint32_t c = 0; c < count; ++c) {
        result.snaps.push_back(
            snap_point(index, centres[c].x, centres[c].y, Role::destination, options));
        if (!result.snaps.back().snapped) {
            failures.push_back(fmt::format("centre \"{}\": {}", centres[c].id,
                                           unsnapped_reason(result.snaps.back(), index, options)));
            const bool own = c < sources.size() && !sources[c].empty();
            failure_sources.push_back(own ? std::string_view(sources[c]) : source);
            result.skipped.push_back(c);
        }
    }
    if (!failures.empty()) {
        if (policy == OnUnsnappedCentre::error) {
            throw InputError(where_what(
                std::string(failure_sources.front()),
                fmt::format("{} (set snap.on_unsnapped_centre: warn to skip such centres)",
                            fmt::join(failures, "; "))));
        }
        for (std::size_t k = 0; k < failures.size(); ++k) {
            auto message = where_what(std::string(failure_sources[k]), failures[k] + ": skipped");
            warn(message);
            result.warnings.push_back(std::move(message));
        }
    }

    result.first_seed.assign(static_cast<std::size_t>(count) + 1, 0);
    for (std::uint32_t r = 0; r < count; ++r) {
        const auto& snap = result.snaps[result.by_rank[r]];
        for (const auto& entry : snap.links) {
            result.seeds.push_back({entry.node, snap.access_time_s + entry.time_s, r});
        }
        // At most two entries, in links order; sort them by node for a canonical order.
        const auto first = result.seeds.begin() + result.first_seed[r];
        std::sort(first, result.seeds.end(),
                  [](const Seed& a, const Seed& b) { return a.node < b.node; });
        result.first_seed[r + 1] = static_cast<std::uint32_t>(result.seeds.size());
    }
    return result;
}

}  // namespace reach::snap
