#pragma once
// Shared by the libFuzzer targets: the file readers take paths, so each input is written to a
// per-process temporary file first. A reach::Error is the expected outcome of a bad input
// (InputError naming the file); anything else — a crash, an ASan/UBSan report, another
// exception escaping — is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace reach::fuzz {

// Writes `data` to <tmp>/reach-fuzz-<pid><suffix> and returns the path (reused per run).
inline std::filesystem::path input_file(const std::uint8_t* data, std::size_t size,
                                        std::string_view suffix) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("reach-fuzz-" + std::to_string(getpid()) + std::string(suffix));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

}  // namespace reach::fuzz
