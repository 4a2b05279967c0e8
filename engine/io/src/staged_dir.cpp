#include "reach/io/staged_dir.hpp"

#include <fmt/format.h>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <charconv>
#include <string>
#include <string_view>
#include <system_error>

#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"

namespace reach::io {
namespace fs = std::filesystem;
namespace {

// The pid in "<name>.tmp-<pid>" / "<name>.old-<pid>", or 0 when `entry` is not such a name.
long leftover_pid(std::string_view entry, std::string_view name) {
    for (const std::string_view tag : {".tmp-", ".old-"}) {
        if (entry.size() > name.size() + tag.size() && entry.starts_with(name) &&
            entry.substr(name.size(), tag.size()) == tag) {
            const auto digits = entry.substr(name.size() + tag.size());
            long pid = 0;
            const auto [ptr, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), pid);
            if (ec == std::errc{} && ptr == digits.data() + digits.size() && pid > 0) {
                return pid;
            }
        }
    }
    return 0;
}

bool process_alive(long pid) { return kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH; }

// Removes `<dir>.tmp-*` / `<dir>.old-*` left by runs that died (their process is gone).
void remove_leftovers(const fs::path& final_dir) {
    std::error_code ec;
    const auto parent = final_dir.parent_path().empty() ? fs::path(".") : final_dir.parent_path();
    const std::string name = final_dir.filename().string();
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        const long pid = leftover_pid(entry.path().filename().string(), name);
        if (pid == 0 || (pid != static_cast<long>(getpid()) && process_alive(pid))) {
            continue;
        }
        std::error_code remove_ec;
        fs::remove_all(entry.path(), remove_ec);
        warn(fmt::format("{}: removed the leftover folder of an interrupted run{}",
                         entry.path().string(),
                         remove_ec ? fmt::format(" (failed: {})", remove_ec.message()) : ""));
    }
}

}  // namespace

std::filesystem::path StagedDir::file(const std::string& name) const {
    static const char* const injected = std::getenv("REACH_INJECT_WRITE_FAILURE");
    if (injected != nullptr && name == injected) {
        throw OutputError(where_what((m_tmp_dir / name).string(),
                                     "cannot write (failure injected by "
                                     "REACH_INJECT_WRITE_FAILURE)"));
    }
    return m_tmp_dir / name;
}

StagedDir::StagedDir(std::filesystem::path final_dir, bool overwrite)
    : m_final_dir(std::move(final_dir)) {
    // A trailing slash would make filename() empty and the staging folder a child of the target.
    if (!m_final_dir.has_filename()) {
        m_final_dir = m_final_dir.parent_path();
    }
    std::error_code ec;
    if (fs::exists(m_final_dir, ec) && !overwrite) {
        throw OutputError(where_what(m_final_dir.string(),
                                     "output folder exists (pass --overwrite to replace it)"));
    }
    if (const auto parent = m_final_dir.parent_path(); !parent.empty()) {
        fs::create_directories(parent, ec);
        if (ec) {
            throw OutputError(where_what(parent.string(), fmt::format("cannot create the output "
                                                                      "parent folder ({})",
                                                                      ec.message())));
        }
    }
    remove_leftovers(m_final_dir);
    m_tmp_dir = m_final_dir;
    m_tmp_dir += fmt::format(".tmp-{}", getpid());
    if (!fs::create_directory(m_tmp_dir, ec) || ec) {
        throw OutputError(where_what(
            m_tmp_dir.string(),
            fmt::format("cannot create the staging folder ({}; expected a writable parent "
                        "folder)",
                        ec ? ec.message() : "it exists")));
    }
}

StagedDir::~StagedDir() {
    if (!m_committed && !m_tmp_dir.empty()) {
        std::error_code ec;
        fs::remove_all(m_tmp_dir, ec);
    }
}

void StagedDir::commit() {
    if (m_committed) {
        return;
    }
    std::error_code ec;
    fs::path old_dir;
    if (fs::exists(m_final_dir, ec)) {
        old_dir = m_final_dir;
        old_dir += fmt::format(".old-{}", getpid());
        fs::remove_all(old_dir, ec);
        fs::rename(m_final_dir, old_dir, ec);
        if (ec) {
            throw OutputError(where_what(
                m_final_dir.string(),
                fmt::format("cannot move the existing output aside ({})", ec.message())));
        }
    }
    fs::rename(m_tmp_dir, m_final_dir, ec);
    if (ec) {
        std::error_code restore_ec;
        if (!old_dir.empty()) {
            fs::rename(old_dir, m_final_dir, restore_ec);
        }
        throw OutputError(where_what(m_final_dir.string(),
                                     fmt::format("cannot move the finished output into place "
                                                 "({})",
                                                 ec.message())));
    }
    m_committed = true;
    if (!old_dir.empty()) {
        fs::remove_all(old_dir, ec);
        if (ec) {
            warn(fmt::format("{}: cannot remove the previous output ({})", old_dir.string(),
                             ec.message()));
        }
    }
}

}  // namespace reach::io
