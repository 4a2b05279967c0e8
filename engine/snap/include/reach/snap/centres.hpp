#pragma once
// Centres as seeds of the searches towards them (DESIGN.md, Rules, Direction). Each centre is
// snapped as a DESTINATION (snap.hpp); each of its entries becomes a seed {node, time_s, rank}
// with time_s = access leg + partial-edge time, rank = position of the centre's id in bytewise
// order (ties go to the smaller id). The seeds have the fields of reach::routing::Source, in
// the same order: convert with routing::Source{s.node, s.time_s, s.rank}. (snap does not link
// routing, so that routing may use snap's results without a cycle.)
//
// A centre farther than max_distance_m from a usable road of the profile (which includes a
// centre near roads outside the kept component only) is an InputError naming every such
// centre with its distance (SCENARIO.md, Rules, Centres), unless on_unsnapped_centre is warn:
// then each gets a warning (reach::warn and `warnings`) and is skipped, keeping its rank.
// Cost: one index query per centre, O(C log C) for the ranks.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reach/snap/snap.hpp"

namespace reach::snap {

struct CentreLocation {
    std::string_view id;
    double x = 0.0, y = 0.0;  // working CRS
};

enum class OnUnsnappedCentre : std::uint8_t { error, warn };

struct Seed {
    std::uint32_t node = 0;
    double time_s = 0.0;     // access leg + partial edge
    std::uint32_t rank = 0;  // centre rank (bytewise order of ids)
};

struct SnappedCentres {
    std::vector<Snap> snaps;                // per centre, input order (Role::destination)
    std::vector<std::uint32_t> rank;        // per centre: rank of its id
    std::vector<std::uint32_t> by_rank;     // centre index (input order) per rank
    std::vector<Seed> seeds;                // every snapped centre's entries, by (rank, node)
    std::vector<std::uint32_t> first_seed;  // per rank + 1: seeds of rank r are
                                            // [first_seed[r], first_seed[r + 1])
    std::vector<std::uint32_t> skipped;     // unsnapped centres (warn only), increasing index
    std::vector<std::string> warnings;      // one per skipped centre

    // The seeds of one centre (input index), e.g. for its bounded search; empty if skipped.
    [[nodiscard]] std::span<const Seed> seeds_of(std::uint32_t centre) const;
};

// `source` names where the centres came from (a file, or "centres") in messages; a non-empty
// `sources[c]` overrides it for centre c (e.g. "hand.yaml:16:25: centres.add"). Ids must be
// unique (InputError naming the id otherwise).
[[nodiscard]] SnappedCentres snap_centres(const SegmentIndex& index,
                                          std::span<const CentreLocation> centres,
                                          const SnapOptions& options, OnUnsnappedCentre policy,
                                          std::string_view source,
                                          std::span<const std::string> sources = {});

}  // namespace reach::snap
