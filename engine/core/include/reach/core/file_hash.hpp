#pragma once
// Content hash of a file (64-bit FNV-1a over the bytes, as 16 hex digits). Used as a cache
// key, not for security: a changed input gives a different key with overwhelming odds.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace reach {

// Throws InputError naming the file when it cannot be read.
[[nodiscard]] std::string hash_file(const std::filesystem::path& path);

// FNV-1a of a byte string, continuing from `seed` (chainable).
[[nodiscard]] std::uint64_t fnv1a(std::string_view bytes,
                                  std::uint64_t seed = 0xcbf29ce484222325ULL);

[[nodiscard]] std::string to_hex(std::uint64_t value);

}  // namespace reach
