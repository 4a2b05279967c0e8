#include "reach/core/progress.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>

namespace reach {
namespace {

std::atomic<bool> g_quiet{false};
std::atomic<bool> g_verbose{false};

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void set_quiet(bool quiet) { g_quiet = quiet; }
void set_verbose(bool verbose) { g_verbose = verbose; }

void debug(const std::string& message) {
    if (g_verbose && !g_quiet) {
        std::fprintf(stderr, "%s\n", message.c_str());
    }
}

bool progress_enabled() { return !g_quiet && isatty(STDERR_FILENO) != 0; }

Progress::Progress(std::string label, std::uint64_t total)
    : m_label(std::move(label)), m_total(total), m_enabled(progress_enabled()) {}

Progress::~Progress() { finish(); }

void Progress::update(std::uint64_t done) {
    if (!m_enabled) {
        return;
    }
    const auto now = now_ms();
    if (now - m_last_draw_ms < 100) {
        return;
    }
    m_last_draw_ms = now;
    if (m_total > 0) {
        std::fprintf(stderr, "\r%s: %3.0f%%", m_label.c_str(),
                     100.0 * static_cast<double>(done) / static_cast<double>(m_total));
    } else {
        std::fprintf(stderr, "\r%s: %llu", m_label.c_str(), static_cast<unsigned long long>(done));
    }
    std::fflush(stderr);
}

void Progress::finish() {
    if (!m_enabled || m_finished) {
        return;
    }
    m_finished = true;
    std::fprintf(stderr, "\r%s: done\033[K\n", m_label.c_str());
}

void info(const std::string& message) {
    if (!g_quiet) {
        std::fprintf(stderr, "%s\n", message.c_str());
    }
}

void warn(const std::string& message) { std::fprintf(stderr, "warning: %s\n", message.c_str()); }

}  // namespace reach
