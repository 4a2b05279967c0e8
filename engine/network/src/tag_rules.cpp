#include "reach/network/tag_rules.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace reach::network {

namespace {

constexpr double kmh_per_mph = 1.609344;  // international mile, exact
constexpr double kmh_per_knot = 1.852;    // international nautical mile, exact

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// OSM values are lower case by convention, but "Yes" and "MPH" occur in the data.
std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

}  // namespace

std::optional<double> parse_maxspeed_kmh(std::string_view value,
                                         const std::map<std::string, double, std::less<>>& zones) {
    // "50;30" (several values, e.g. per lane or time): the first one.
    value = trim(value.substr(0, value.find(';')));
    if (value.empty()) {
        return std::nullopt;
    }
    // Zone codes ("LV:rural", "RU:urban") stand for the legal limit of that road type.
    if (value.find(':') != std::string_view::npos) {
        const auto found = zones.find(value);
        if (found == zones.end()) {
            return std::nullopt;
        }
        return found->second;
    }
    // A number with an optional unit; anything else ("none", "signals", "variable", "walk",
    // "fast") gives no speed and the class speed applies.
    if (value.front() < '0' || value.front() > '9') {
        return std::nullopt;
    }
    double number = 0.0;
    const auto* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, number, std::chars_format::fixed);
    if (ec != std::errc{} || !std::isfinite(number) || number <= 0.0) {
        return std::nullopt;
    }
    const auto unit = lower(trim(std::string_view(ptr, static_cast<std::size_t>(end - ptr))));
    if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph") {
        return number;
    }
    if (unit == "mph") {
        return number * kmh_per_mph;
    }
    if (unit == "knots" || unit == "knot" || unit == "kn") {
        return number * kmh_per_knot;
    }
    return std::nullopt;
}

Oneway parse_oneway(std::string_view oneway, std::string_view highway, std::string_view junction) {
    const auto value = lower(trim(oneway));
    if (value.empty()) {
        // Implied oneways (OSM wiki Key:oneway): motorways and roundabouts.
        if (highway == "motorway" || junction == "roundabout" || junction == "circular") {
            return Oneway::forward;
        }
        return Oneway::no;
    }
    if (value == "yes" || value == "1" || value == "true") {
        return Oneway::forward;
    }
    if (value == "-1" || value == "reverse") {
        return Oneway::backward;
    }
    // Direction changes with time of day: no fixed direction can be routed safely.
    if (value == "reversible" || value == "alternating") {
        return Oneway::closed;
    }
    return Oneway::no;  // "no", "false", "0", and unknown values
}

std::optional<double> class_speed_kmh(const Profile& profile, std::string_view highway) {
    if (highway.empty()) {
        return std::nullopt;
    }
    if (const auto found = profile.speeds_kmh.find(highway); found != profile.speeds_kmh.end()) {
        return found->second;
    }
    constexpr std::string_view link_suffix = "_link";
    if (highway.size() > link_suffix.size() && highway.ends_with(link_suffix)) {
        const auto parent = highway.substr(0, highway.size() - link_suffix.size());
        if (const auto found = profile.speeds_kmh.find(parent); found != profile.speeds_kmh.end()) {
            return found->second;
        }
    }
    if (profile.default_kmh) {
        return profile.default_kmh;
    }
    // Profiles built in code may carry the default inside the map (the YAML reader moves it
    // to default_kmh).
    if (const auto found = profile.speeds_kmh.find("default"); found != profile.speeds_kmh.end()) {
        return found->second;
    }
    return std::nullopt;
}

WayRule way_rule(const Profile& profile, const RoadTable& table, std::uint32_t way) {
    return WayRules(profile, table)(way);
}

WayRules::WayRules(const Profile& profile, const RoadTable& table)
    : m_profile(profile), m_table(table), m_highway(table.strings.find("highway")),
      m_area(table.strings.find("area")), m_maxspeed(table.strings.find("maxspeed")),
      m_oneway(table.strings.find("oneway")), m_junction(table.strings.find("junction")) {
    for (const auto& [key, values] : profile.exclude) {
        m_exclude.emplace_back(table.strings.find(key), &values);
    }
    for (const auto& key : profile.access_tags) {
        m_access.push_back(table.strings.find(key));
    }
}

WayRule WayRules::operator()(std::uint32_t way) {
    WayRule rule;
    const auto highway_id = m_table.tag_value_id(way, m_highway);
    const auto highway =
        highway_id == StringPool::missing ? std::string_view() : m_table.strings.get(highway_id);
    if (highway.empty() || tag(way, m_area) == "yes") {
        return rule;
    }
    if (highway_id >= m_class_speed.size()) {
        m_class_speed.resize(m_table.strings.size());
    }
    auto& cached = m_class_speed[highway_id];
    if (!cached) {
        cached = class_speed_kmh(m_profile, highway);
    }
    const auto class_speed = *cached;
    if (!class_speed) {
        return rule;
    }
    for (const auto& [key, values] : m_exclude) {
        const auto value = tag(way, key);
        if (!value.empty() && (values->contains(value) || values->contains("*"))) {
            return rule;
        }
    }
    // Access hierarchy: the most specific tag present decides (foot=yes overrides access=no).
    for (const auto key : m_access) {
        const auto value = tag(way, key);
        if (!value.empty()) {
            if (m_profile.access_deny.contains(value)) {
                return rule;
            }
            break;
        }
    }
    double speed_kmh = *class_speed;
    if (m_profile.use_maxspeed) {
        // Only the plain maxspeed tag: maxspeed:forward/backward would need a speed per
        // direction, which WayRule does not carry.
        if (const auto tagged = parse_maxspeed_kmh(tag(way, m_maxspeed), m_profile.maxspeed_zones)) {
            speed_kmh = *tagged;
        }
    }
    bool forward = true;
    bool backward = true;
    if (m_profile.oneway) {
        switch (parse_oneway(tag(way, m_oneway), highway, tag(way, m_junction))) {
            case Oneway::no:
                break;
            case Oneway::forward:
                backward = false;
                break;
            case Oneway::backward:
                forward = false;
                break;
            case Oneway::closed:
                return rule;
        }
    }
    rule.usable = true;
    rule.forward = forward;
    rule.backward = backward;
    rule.speed_kmh = speed_kmh;
    return rule;
}

}  // namespace reach::network
