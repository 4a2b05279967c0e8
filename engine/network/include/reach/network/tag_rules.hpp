#pragma once
// How OSM tags become speeds and directions for a profile. Pure functions, table-tested.
#include <cstdint>
#include <optional>
#include <string_view>

#include "reach/network/profile.hpp"
#include "reach/network/road_table.hpp"

namespace reach::network {

// maxspeed value → km/h. "50" → 50, "55 mph" → 88.51392, "30 knots" → 55.56,
// "LV:rural" → zones["LV:rural"] when present, "none" / "signals" / "variable" / unknown
// zone / garbage → nullopt (the class speed then applies). "50;30" takes the first.
[[nodiscard]] std::optional<double> parse_maxspeed_kmh(
    std::string_view value, const std::map<std::string, double, std::less<>>& zones);

enum class Oneway : std::uint8_t { no, forward, backward, closed };
// oneway tag → direction: yes/1/true → forward, -1/reverse → backward, no/false/0 → no,
// reversible/alternating → closed; empty → implied (motorway, junction=roundabout/circular
// → forward) else no.
[[nodiscard]] Oneway parse_oneway(std::string_view oneway, std::string_view highway,
                                  std::string_view junction);

// Speed of a highway class for a profile: the listed speed; a *_link class its parent's
// speed unless listed; else default_kmh (or speeds_kmh["default"]); nullopt = not usable.
[[nodiscard]] std::optional<double> class_speed_kmh(const Profile& profile,
                                                    std::string_view highway);

// Usability of one way for one profile.
struct WayRule {
    bool usable = false;
    bool forward = false;    // travel in way direction allowed
    bool backward = false;   // travel against way direction allowed
    double speed_kmh = 0.0;  // > 0 when usable
};
[[nodiscard]] WayRule way_rule(const Profile& profile, const RoadTable& table, std::uint32_t way);

}  // namespace reach::network
