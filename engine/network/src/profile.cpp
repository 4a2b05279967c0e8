#include "reach/network/profile.hpp"

#include "reach/core/diagnostics.hpp"
#include "reach/core/error.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace reach::network {

namespace {

// The keys a profile may have, in the order of SCENARIO.md (the hint lists them so).
constexpr std::array<std::string_view, 8> profile_keys = {
    "speeds_kmh", "default_kmh", "use_maxspeed", "maxspeed_zones",
    "oneway",     "exclude",     "access",       "off_network_kmh"};
constexpr std::array<std::string_view, 2> access_keys = {"tags", "deny"};

// What a node holds, for "found ..." in messages.
std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
            return "null";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a map";
        case YAML::NodeType::Scalar:
            return fmt::format("\"{}\"", node.Scalar());
        case YAML::NodeType::Undefined:
            break;
    }
    return "nothing";
}

// Validates one profile file, collecting every error so the user sees them all at once.
class ProfileReader {
public:
    explicit ProfileReader(std::string source) : m_source(std::move(source)) {}

    ProfileSet read(const std::string& text) {
        ProfileSet set;
        set.source = m_source;
        if (check_utf8(text, m_source, m_errors) || check_tabs(text, m_source, m_errors)) {
            throw_if_errors();
        }
        YAML::Node root;
        try {
            root = YAML::Load(text);
        } catch (const YAML::Exception& e) {
            error(e.mark, "", fmt::format("invalid YAML: {}", e.msg), "valid YAML syntax");
            throw_if_errors();
        }
        if (root.IsNull() || !root.IsDefined()) {
            throw InputError(where_what(
                m_source, "empty profile file (expected at least one profile, e.g. \"car:\")"));
        }
        if (!root.IsMap()) {
            error(root.Mark(), "(top level)", "found " + describe(root),
                  "a map of profile name → settings");
            throw_if_errors();
        }
        check_duplicates(root, "");
        for (const auto& entry : root) {
            const auto& name_node = entry.first;
            if (!name_node.IsScalar() || name_node.Scalar().empty()) {
                error(name_node.Mark(), "(top level)", "profile name " + describe(name_node),
                      "a non-empty text");
                continue;
            }
            auto profile = read_profile(name_node, entry.second);
            set.profiles.insert_or_assign(profile.name, std::move(profile));
        }
        throw_if_errors();
        return set;
    }

private:
    std::string m_source;
    Diagnostics m_errors;

    void error(const YAML::Mark& mark, const std::string& path, const std::string& problem,
               const std::string& expected) {
        const auto what = path.empty() ? problem : path + ": " + problem;
        const auto message = fmt::format("{} (expected {})", what, expected);
        if (mark.is_null()) {
            m_errors.add(m_source, message);
        } else {
            // yaml-cpp marks are 0-based; editors count from 1.
            m_errors.add(m_source, static_cast<std::size_t>(mark.line) + 1,
                         static_cast<std::size_t>(mark.column) + 1, message);
        }
    }

    void throw_if_errors() { m_errors.throw_if_any(); }

    // yaml-cpp 0.7 keeps both entries of a repeated key and node["key"] returns the first,
    // silently; compare the key scalars of every map ourselves.
    void check_duplicates(const YAML::Node& node, const std::string& path) {
        if (node.IsSequence()) {
            for (std::size_t i = 0; i < node.size(); ++i) {
                check_duplicates(node[i], fmt::format("{}[{}]", path, i));
            }
            return;
        }
        if (!node.IsMap()) {
            return;
        }
        std::vector<std::pair<std::string, YAML::Mark>> seen;
        for (const auto& entry : node) {
            if (entry.first.IsScalar()) {
                const auto& key = entry.first.Scalar();
                const auto first = std::find_if(seen.begin(), seen.end(),
                                                [&](const auto& s) { return s.first == key; });
                if (first != seen.end()) {
                    error(entry.first.Mark(), path.empty() ? "(top level)" : path,
                          fmt::format("duplicate key \"{}\", first at line {}", key,
                                      first->second.line + 1),
                          "each key once per map");
                } else {
                    seen.emplace_back(key, entry.first.Mark());
                }
                check_duplicates(entry.second,
                                 path.empty() ? key : fmt::format("{}.{}", path, key));
            }
        }
    }

    std::optional<double> read_number(const YAML::Node& node, const std::string& path) {
        // Quoted scalars ("50") carry the tag "!": a speed written as text is a type error.
        if (!node.IsScalar() || node.Tag() == "!") {
            error(node.Mark(), path, "found " + describe(node), "a number");
            return std::nullopt;
        }
        const auto& text = node.Scalar();
        double value = 0.0;
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
            error(node.Mark(), path, "found " + describe(node), "a number");
            return std::nullopt;
        }
        return value;
    }

    std::optional<double> read_speed(const YAML::Node& node, const std::string& path) {
        const auto value = read_number(node, path);
        if (value && *value <= 0.0) {
            error(node.Mark(), path, fmt::format("speed {} is not positive", node.Scalar()),
                  "a number > 0 in km/h");
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> read_bool(const YAML::Node& node, const std::string& path) {
        bool value = false;
        if (!node.IsScalar() || node.Tag() == "!" || !YAML::convert<bool>::decode(node, value)) {
            error(node.Mark(), path, "found " + describe(node), "true or false");
            return std::nullopt;
        }
        return value;
    }

    std::optional<std::string> read_text(const YAML::Node& node, const std::string& path) {
        if (!node.IsScalar() || node.Scalar().empty()) {
            error(node.Mark(), path, "found " + describe(node), "a non-empty text");
            return std::nullopt;
        }
        return node.Scalar();
    }

    bool expect_map(const YAML::Node& node, const std::string& path, const std::string& what) {
        if (!node.IsMap()) {
            error(node.Mark(), path, "found " + describe(node), what);
            return false;
        }
        return true;
    }

    // A list of non-empty texts; nullopt (error recorded) on any wrong element.
    std::optional<std::vector<std::string>> read_text_list(const YAML::Node& node,
                                                           const std::string& path) {
        if (!node.IsSequence() || node.size() == 0) {
            error(node.Mark(), path,
                  node.IsSequence() ? std::string("empty list") : "found " + describe(node),
                  "a non-empty list of values, e.g. [no, private]");
            return std::nullopt;
        }
        std::vector<std::string> values;
        bool ok = true;
        for (std::size_t i = 0; i < node.size(); ++i) {
            const auto value = read_text(node[i], fmt::format("{}[{}]", path, i));
            if (value) {
                values.push_back(*value);
            } else {
                ok = false;
            }
        }
        return ok ? std::optional(std::move(values)) : std::nullopt;
    }

    Profile read_profile(const YAML::Node& name_node, const YAML::Node& settings) {
        Profile profile;
        profile.name = name_node.Scalar();
        const auto& name = profile.name;
        if (!expect_map(settings, name, "a map of settings (speeds_kmh, oneway, ...)")) {
            return profile;
        }
        bool default_in_speeds = false;
        bool default_kmh_given = false;
        bool speed_key_seen = false;
        for (const auto& entry : settings) {
            const auto& key_node = entry.first;
            const auto& value = entry.second;
            const auto key = key_node.IsScalar() ? key_node.Scalar() : std::string();
            const auto path = fmt::format("{}.{}", name, key);
            speed_key_seen = speed_key_seen || key == "speeds_kmh" || key == "default_kmh";
            if (key == "speeds_kmh") {
                if (!expect_map(value, path, "a map of highway class → km/h")) {
                    continue;
                }
                for (const auto& speed : value) {
                    const auto cls = read_text(speed.first, path + " key");
                    const auto kmh = read_speed(speed.second, path + "." + speed.first.Scalar());
                    if (!cls || !kmh) {
                        continue;
                    }
                    if (*cls == "default") {
                        // Same meaning as default_kmh; kept in one place so that two spellings
                        // of one profile give one canonical text.
                        default_in_speeds = true;
                        profile.default_kmh = kmh;
                    } else {
                        profile.speeds_kmh.insert_or_assign(*cls, *kmh);
                    }
                }
                if (value.size() == 0) {
                    error(value.Mark(), path, "empty map", "at least one class speed");
                }
            } else if (key == "default_kmh") {
                if (value.IsNull()) {
                    continue;  // explicit null: unlisted classes are not usable
                }
                if (const auto kmh = read_speed(value, path)) {
                    default_kmh_given = true;
                    profile.default_kmh = kmh;
                }
            } else if (key == "use_maxspeed") {
                if (const auto flag = read_bool(value, path)) {
                    profile.use_maxspeed = *flag;
                }
            } else if (key == "oneway") {
                if (const auto flag = read_bool(value, path)) {
                    profile.oneway = *flag;
                }
            } else if (key == "maxspeed_zones") {
                if (!expect_map(value, path, "a map of zone code (e.g. \"LV:rural\") → km/h")) {
                    continue;
                }
                for (const auto& zone : value) {
                    const auto code = read_text(zone.first, path + " key");
                    const auto kmh = read_speed(zone.second, path + "." + zone.first.Scalar());
                    if (code && kmh) {
                        profile.maxspeed_zones.insert_or_assign(*code, *kmh);
                    }
                }
            } else if (key == "exclude") {
                if (!expect_map(value, path, "a map of tag → list of values (\"*\" = any)")) {
                    continue;
                }
                for (const auto& rule : value) {
                    const auto tag = read_text(rule.first, path + " key");
                    const auto values =
                        read_text_list(rule.second, path + "." + rule.first.Scalar());
                    if (tag && values) {
                        auto& set = profile.exclude[*tag];
                        set.insert(values->begin(), values->end());
                    }
                }
            } else if (key == "access") {
                read_access(value, path, profile);
            } else if (key == "off_network_kmh") {
                if (const auto kmh = read_speed(value, path)) {
                    profile.off_network_kmh = *kmh;
                }
            } else {
                if (key_node.IsScalar()) {
                    error(key_node.Mark(), path, "unknown key", known_keys_hint(key, profile_keys));
                } else {
                    error(key_node.Mark(), name, "key " + describe(key_node), "a setting name");
                }
            }
        }
        if (default_in_speeds && default_kmh_given) {
            error(settings["default_kmh"].Mark(), name + ".default_kmh",
                  "default speed given twice (also as speeds_kmh.default)",
                  "either default_kmh or speeds_kmh.default");
        }
        // Only when no speed key is written at all: a wrong speed is already reported.
        if (!speed_key_seen) {
            error(name_node.Mark(), name, "no speed given",
                  "speeds_kmh with at least one class, or default_kmh");
        }
        return profile;
    }

    void read_access(const YAML::Node& value, const std::string& path, Profile& profile) {
        if (!expect_map(value, path, "a map with tags: [...] and deny: [...]")) {
            return;
        }
        bool has_tags = false;
        bool has_deny = false;
        for (const auto& entry : value) {
            const auto key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
            if (key == "tags") {
                has_tags = true;
                if (const auto tags = read_text_list(entry.second, path + ".tags")) {
                    profile.access_tags = *tags;
                }
            } else if (key == "deny") {
                has_deny = true;
                if (const auto deny = read_text_list(entry.second, path + ".deny")) {
                    profile.access_deny.insert(deny->begin(), deny->end());
                }
            } else {
                error(entry.first.Mark(), fmt::format("{}.{}", path, key), "unknown key",
                      known_keys_hint(key, access_keys));
            }
        }
        if (!has_tags || !has_deny) {
            error(value.Mark(), path, fmt::format("missing key \"{}\"", has_tags ? "deny" : "tags"),
                  "both tags (most specific first) and deny");
        }
    }
};

}  // namespace

const Profile& ProfileSet::get(std::string_view name) const {
    const auto found = profiles.find(name);
    if (found == profiles.end()) {
        std::vector<std::string_view> names;
        names.reserve(profiles.size());
        for (const auto& entry : profiles) {
            names.push_back(entry.first);
        }
        throw InputError(
            where_what(source, fmt::format("unknown profile \"{}\" (expected one of {})", name,
                                           fmt::join(names, ", "))));
    }
    return found->second;
}

ProfileSet load_profiles(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw InputError(
            where_what(path, "profile file not found (expected an existing YAML file)"));
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
        throw InputError(where_what(path, "cannot read profile file (expected a readable file)"));
    }
    return parse_profiles(text.str(), path);
}

ProfileSet parse_profiles(const std::string& yaml_text, const std::string& source) {
    return ProfileReader(source).read(yaml_text);
}

std::string canonical_text(const Profile& profile) {
    // One "key=value" line per setting, maps and sets in their (sorted) order, numbers in
    // fmt's shortest round-trip form: equal settings give equal text on every platform.
    std::string text = fmt::format("name={}\n", profile.name);
    text += "speeds_kmh=";
    for (const auto& [cls, kmh] : profile.speeds_kmh) {
        text += fmt::format("{}:{};", cls, kmh);
    }
    text += profile.default_kmh ? fmt::format("\ndefault_kmh={}\n", *profile.default_kmh)
                                : std::string("\ndefault_kmh=null\n");
    text += fmt::format("use_maxspeed={}\nmaxspeed_zones=", profile.use_maxspeed);
    for (const auto& [zone, kmh] : profile.maxspeed_zones) {
        text += fmt::format("{}={};", zone, kmh);
    }
    text += fmt::format("\noneway={}\nexclude=", profile.oneway);
    for (const auto& [tag, values] : profile.exclude) {
        text += fmt::format("{}:[{}];", tag, fmt::join(values, ","));
    }
    text += fmt::format("\naccess_tags={}\naccess_deny={}\noff_network_kmh={}\n",
                        fmt::join(profile.access_tags, ","), fmt::join(profile.access_deny, ","),
                        profile.off_network_kmh);
    return text;
}

}  // namespace reach::network
