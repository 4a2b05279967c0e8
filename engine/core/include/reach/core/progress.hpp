#pragma once
// A one-line progress display on stderr for long work. Silent when quiet mode is set
// (--quiet) or stderr is not a terminal, so logs and CI output stay clean.
#include <cstdint>
#include <string>

namespace reach {

void set_quiet(bool quiet);
// --verbose: debug() lines (stage timings, cache use) are shown too, unless quiet.
void set_verbose(bool verbose);
[[nodiscard]] bool progress_enabled();

class Progress {
public:
    Progress(std::string label, std::uint64_t total);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // Cheap to call often: redraws at most every 1/10 s.
    void update(std::uint64_t done);
    void finish();

private:
    std::string m_label;
    std::uint64_t m_total;
    std::int64_t m_last_draw_ms = 0;
    bool m_enabled;
    bool m_finished = false;
};

// An informational line on stderr (suppressed by --quiet); results go to files or stdout.
void info(const std::string& message);
// A detail line on stderr, only with --verbose (and not --quiet).
void debug(const std::string& message);
// A warning line on stderr (always shown).
void warn(const std::string& message);

}  // namespace reach
