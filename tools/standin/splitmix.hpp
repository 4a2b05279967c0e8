#pragma once
// Deterministic pseudo-random draws for the stand-in generator (reach/core/splitmix.hpp): splitmix64 (Steele, Lea and
// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014) applied to a hash of
// (seed, purpose, keys). A draw depends only on its inputs, never on the order of calls, so
// the output is identical on every machine and a sub-area (--bbox) draws the same values for
// its cells as the whole region. Integer arithmetic only.
#include <cstdint>
#include <initializer_list>

#include "reach/core/splitmix.hpp"

namespace reach::standin {

// Purposes keep draws for different decisions independent.
enum class Purpose : std::uint64_t {
    perturb_x = 1,
    perturb_y,
    keep_local,
    keep_diagonal,
    curve,
    oneway_ring,
};

[[nodiscard]] constexpr std::uint64_t draw(std::uint64_t seed, Purpose purpose,
                                           std::initializer_list<std::uint64_t> keys) {
    return splitmix_draw(seed, static_cast<std::uint64_t>(purpose), keys);
}

[[nodiscard]] constexpr double unit(std::uint64_t h) { return unit_interval(h); }

// Uniform integer in [-limit, limit] (modulo bias < 2^-50 for the small limits used here).
[[nodiscard]] constexpr std::int64_t symmetric(std::uint64_t h, std::int64_t limit) {
    return static_cast<std::int64_t>(h % static_cast<std::uint64_t>(2 * limit + 1)) - limit;
}

}  // namespace reach::standin
