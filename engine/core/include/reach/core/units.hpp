#pragma once
// Units live in names (time_s, length_m, speed_kmh). "No answer" for a travel time is the one
// named value `unreachable` (+infinity), never -1 or NaN.
#include <limits>

namespace reach {

inline constexpr double unreachable = std::numeric_limits<double>::infinity();

// Inclusive threshold test with the tolerance of DESIGN.md (time_s <= T + 1e-6).
inline constexpr double threshold_tolerance_s = 1e-6;
[[nodiscard]] constexpr bool within(double time_s, double threshold_s) {
    return time_s <= threshold_s + threshold_tolerance_s;
}

[[nodiscard]] constexpr double kmh_to_ms(double speed_kmh) { return speed_kmh / 3.6; }

// Seconds to cover length_m at speed_kmh.
[[nodiscard]] constexpr double travel_time_s(double length_m, double speed_kmh) {
    return length_m / kmh_to_ms(speed_kmh);
}

}  // namespace reach
