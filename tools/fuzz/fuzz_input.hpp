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
    auto path = std::filesystem::temp_directory_path() /
                      ("reach-fuzz-" + std::to_string(getpid()) + std::string(suffix));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

// libosmium 2.19's PBF parser closes its file only when parsing succeeds (PBFParser::run), so
// every broken PBF leaks one descriptor of the input file. reach reads its roads once and
// exits on that error, so it never adds up there; in a fuzzer's millions of runs it exhausts
// the descriptors, and then UBSan's own checks fail (it needs a pipe to look at memory) and
// report a false "invalid vptr". The harness owns its input file, so it closes every
// descriptor still open on it after a run.
inline void close_leaked_descriptors(const std::filesystem::path& input) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        std::error_code link_error;
        const auto target = std::filesystem::read_symlink(entry.path(), link_error);
        if (!link_error && target == input) {
            ::close(std::stoi(entry.path().filename().string()));
        }
    }
}

}  // namespace reach::fuzz
