#pragma once
// Travel profiles (SCENARIO.md, Profiles): speeds per highway class, maxspeed handling,
// oneway handling, exclusions and the access-tag hierarchy, off-network speed.
// Loaded from a YAML profile file; every key is validated (unknown key, wrong type, negative
// speed → InputError with file:line:column).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace reach::network {

struct Profile {
    std::string name;
    std::map<std::string, double, std::less<>> speeds_kmh;  // highway class → km/h
    std::optional<double> default_kmh;    // speed for classes not listed; none = excluded
    bool use_maxspeed = false;            // a tagged maxspeed replaces the class speed
    std::map<std::string, double, std::less<>> maxspeed_zones;  // "LV:rural" → 90
    bool oneway = false;                  // honour oneway tags and implied oneways
    // tag → values that exclude a way ("*" matches any value).
    std::map<std::string, std::set<std::string, std::less<>>, std::less<>> exclude;
    // Access hierarchy: the first tag in `access_tags` present on a way decides; the way is
    // excluded when its value is in `access_deny` (e.g. motorcar, motor_vehicle, vehicle, access).
    std::vector<std::string> access_tags;
    std::set<std::string, std::less<>> access_deny;
    double off_network_kmh = 4.0;
};

struct ProfileSet {
    std::string source;                        // file the profiles came from
    std::map<std::string, Profile, std::less<>> profiles;
    // Throws InputError "<file>: unknown profile "x" (expected one of a, b, c)".
    [[nodiscard]] const Profile& get(std::string_view name) const;
};

[[nodiscard]] ProfileSet load_profiles(const std::string& path);
[[nodiscard]] ProfileSet parse_profiles(const std::string& yaml_text, const std::string& source);

// A stable text of every setting of a profile (for cache keys).
[[nodiscard]] std::string canonical_text(const Profile& profile);

}  // namespace reach::network
