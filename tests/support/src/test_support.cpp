#include "reach_test/support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace reach::test {

std::filesystem::path data_path(const std::string& relative) {
    return std::filesystem::path(REACH_TEST_DATA_DIR) / relative;
}

std::filesystem::path source_path(const std::string& relative) {
    return std::filesystem::path(REACH_SOURCE_DIR) / relative;
}

std::filesystem::path reach_binary() {
    return std::filesystem::path(REACH_BINARY_DIR) / "tools" / "cli" / "reach";
}

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    const auto base = std::filesystem::temp_directory_path();
    m_path = base / ("reach-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

network::CsrGraph make_graph(std::uint32_t node_count, const std::vector<TestArc>& arcs) {
    std::vector<network::Arc> list;
    for (std::uint32_t i = 0; i < arcs.size(); ++i) {
        list.push_back({arcs[i].tail, arcs[i].head, static_cast<float>(arcs[i].time_s), i});
    }
    return network::make_csr(node_count, std::move(list));
}

void write_text(const std::filesystem::path& path, const std::string& text) {
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path());
    }
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

CommandResult run_command(const std::string& command) {
    const TempDir dir;
    const auto out_file = dir / "out.txt";
    const auto err_file = dir / "err.txt";
    const std::string full =
        command + " >" + out_file.string() + " 2>" + err_file.string() + " </dev/null";
    const int status = std::system(full.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(out_file);
    result.err = read_text(err_file);
    return result;
}

}  // namespace reach::test
