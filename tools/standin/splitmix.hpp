#pragma once
// Deterministic pseudo-random draws for the stand-in generator: splitmix64 (Steele, Lea and
// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014) applied to a hash of
// (seed, purpose, keys). A draw depends only on its inputs, never on the order of calls, so
// the output is identical on every machine and a sub-area (--bbox) draws the same values for
// its cells as the whole region. Integer arithmetic only.
#include <cstdint>
#include <initializer_list>

namespace reach::standin {

[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

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
    std::uint64_t h = splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(purpose)));
    for (const auto key : keys) {
        h = splitmix64(h ^ key);
    }
    return h;
}

// Uniform in [0, 1) from the top 53 bits.
[[nodiscard]] constexpr double unit(std::uint64_t h) {
    return static_cast<double>(h >> 11U) * 0x1.0p-53;
}

// Uniform integer in [-limit, limit] (modulo bias < 2^-50 for the small limits used here).
[[nodiscard]] constexpr std::int64_t symmetric(std::uint64_t h, std::int64_t limit) {
    return static_cast<std::int64_t>(h % static_cast<std::uint64_t>(2 * limit + 1)) - limit;
}

}  // namespace reach::standin
