#pragma once
// Why a geometry is not valid (OGC simple features), as GEOS says it: "Self-intersection at
// (26.216, 55.785)", "Ring Self-intersection …", "Too few points …"; nullopt when it is valid.
// For input checks (a bow-tie area polygon must be an error naming the area, not a silently
// wrong point-in-polygon). Thread-safe (its own GEOS context per call).
#include <optional>
#include <span>
#include <string>

namespace reach::geo {

[[nodiscard]] std::optional<std::string> invalid_reason(std::span<const unsigned char> wkb);

}  // namespace reach::geo
