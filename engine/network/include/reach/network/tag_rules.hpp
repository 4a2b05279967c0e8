#pragma once
// How OSM tags become speeds and directions for a profile. Pure functions, table-tested.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// way_rule() for the many ways of one table: the tag keys the profile reads are looked up in
// the table's string pool once (not per way and key), and the class speed once per highway
// value. Same answers as way_rule(), which is one of these made for a single way.
class WayRules {
public:
    WayRules(const Profile& profile, const RoadTable& table);
    [[nodiscard]] WayRule operator()(std::uint32_t way);

private:
    [[nodiscard]] std::string_view tag(std::uint32_t way, std::uint32_t key) const {
        return m_table.tag_of_key(way, key);
    }

    const Profile& m_profile;
    const RoadTable& m_table;
    std::uint32_t m_highway, m_area, m_maxspeed, m_oneway, m_junction;  // key ids (maybe missing)
    std::vector<std::pair<std::uint32_t, const std::set<std::string, std::less<>>*>> m_exclude;
    std::vector<std::uint32_t> m_access;  // profile.access_tags' ids, in order
    // Per highway value id, its class speed once computed.
    std::vector<std::optional<std::optional<double>>> m_class_speed;
};

}  // namespace reach::network
