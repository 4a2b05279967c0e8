#pragma once
// Deterministic pseudo-random draws for the generators (tools/standin, tools/bench):
// splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
// OOPSLA 2014) applied to a hash of (seed, purpose, keys). A draw depends only on its inputs,
// never on the order of calls, so output is identical on every machine and a sub-area draws
// the same values as the whole. Integer arithmetic only.
#include <cstdint>
#include <initializer_list>

namespace reach {

[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

// The draw for one decision: `purpose` keeps different decisions independent, `keys` name
// the thing decided on (e.g. grid row and column).
[[nodiscard]] constexpr std::uint64_t splitmix_draw(std::uint64_t seed, std::uint64_t purpose,
                                                    std::initializer_list<std::uint64_t> keys) {
    std::uint64_t h = splitmix64(seed ^ splitmix64(purpose));
    for (const auto key : keys) {
        h = splitmix64(h ^ key);
    }
    return h;
}

// Uniform in [0, 1) from the top 53 bits.
[[nodiscard]] constexpr double unit_interval(std::uint64_t h) {
    return static_cast<double>(h >> 11U) * 0x1.0p-53;
}

}  // namespace reach
