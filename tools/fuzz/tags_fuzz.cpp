// libFuzzer: the maxspeed and oneway tag parsers and the profile file parser. The input is
// split at its first two NUL bytes into (value, highway, junction); the whole input is also
// parsed as a profiles YAML.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "reach/core/error.hpp"
#include "reach/network/profile.hpp"
#include "reach/network/tag_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto first = text.find('\0');
    const auto value = text.substr(0, first);
    const auto rest = first == std::string_view::npos ? std::string_view() : text.substr(first + 1);
    const auto second = rest.find('\0');
    const auto highway = rest.substr(0, second);
    const auto junction =
        second == std::string_view::npos ? std::string_view() : rest.substr(second + 1);
    const std::map<std::string, double, std::less<>> zones = {{"LV:rural", 90.0},
                                                              {"LT:urban", 50.0}};
    if (const auto kmh = reach::network::parse_maxspeed_kmh(value, zones)) {
        if (!(*kmh > 0.0)) __builtin_trap();  // a speed must be positive
    }
    (void)reach::network::parse_oneway(value, highway, junction);
    try {
        (void)reach::network::parse_profiles(std::string(text), "fuzz.yaml");
    } catch (const reach::Error&) {
    }
    return 0;
}
