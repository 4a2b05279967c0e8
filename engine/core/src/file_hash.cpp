#include "reach/core/file_hash.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "reach/core/error.hpp"

namespace reach {

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t seed) {
    std::uint64_t hash = seed;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string to_hex(std::uint64_t value) { return fmt::format("{:016x}", value); }

std::string hash_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(fmt::format("{}: cannot read file ({})", path.string(), std::strerror(errno)));
    }
    std::array<char, 1 << 16> buffer{};
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    while (in) {
        in.read(buffer.data(), buffer.size());
        hash = fnv1a(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())), hash);
    }
    return to_hex(hash);
}

}  // namespace reach
