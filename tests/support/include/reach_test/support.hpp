#pragma once
// Test helpers: where fixtures live, temporary folders, tiny graph builders.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "reach/core/error.hpp"
#include "reach/network/csr_graph.hpp"

namespace reach::test {

// tests/data/<relative> (configured at build time, never the working directory).
[[nodiscard]] std::filesystem::path data_path(const std::string& relative = "");
// The source tree root (for data/ and the shipped profile file).
[[nodiscard]] std::filesystem::path source_path(const std::string& relative = "");
// The built `reach` executable.
[[nodiscard]] std::filesystem::path reach_binary();

// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const {
        return m_path / name;
    }

private:
    std::filesystem::path m_path;
};

struct TestArc {
    std::uint32_t tail;
    std::uint32_t head;
    double time_s;
};
// A CSR graph with `node_count` nodes and the given arcs (segment = arc index).
[[nodiscard]] network::CsrGraph make_graph(std::uint32_t node_count,
                                           const std::vector<TestArc>& arcs);

// Writes `text` to `path` (creating folders).
void write_text(const std::filesystem::path& path, const std::string& text);
[[nodiscard]] std::string read_text(const std::filesystem::path& path);

// Runs a shell command, capturing stdout and stderr separately.
struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};
[[nodiscard]] CommandResult run_command(const std::string& command);

// The message of the InputError `f` throws (a test failure if it throws none).
template <typename F>
std::string input_error_message(F&& f) {
    try {
        f();
    } catch (const reach::InputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no InputError thrown";
    return {};
}

}  // namespace reach::test
