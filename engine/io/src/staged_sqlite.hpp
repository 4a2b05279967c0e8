#pragma once
// SQLite settings for a GeoPackage written into a run's staging folder (StagedDir): the folder
// is renamed into place only when complete and removed after any failure, so the file needs no
// crash safety of its own. While an object of this class lives, the datasets the calling thread
// creates or opens get: no fsync per commit (OGR_SQLITE_SYNCHRONOUS=OFF), the rollback journal
// in memory instead of a -journal file beside the file (OGR_SQLITE_JOURNAL=MEMORY; a rollback
// still works) and a page cache of 64 MB (OGR_SQLITE_CACHE, default 2 MB), which keeps the
// R-tree's nodes in memory while GDAL fills the spatial index. None of them changes a byte of
// the file. They are GDAL config options of this thread only (GDAL reads them when it creates
// or opens the dataset), restored on destruction; other threads and datasets keep theirs.
#include <cpl_conv.h>

#include <array>
#include <optional>
#include <string>

namespace reach::io::detail {

class StagedSqliteOptions {
public:
    StagedSqliteOptions() {
        for (std::size_t k = 0; k < m_keys.size(); ++k) {
            const char* old = CPLGetThreadLocalConfigOption(m_keys[k], nullptr);
            if (old != nullptr) {
                m_old[k] = std::string(old);
            }
            CPLSetThreadLocalConfigOption(m_keys[k], m_values[k]);
        }
    }
    ~StagedSqliteOptions() {
        for (std::size_t k = 0; k < m_keys.size(); ++k) {
            CPLSetThreadLocalConfigOption(m_keys[k], m_old[k] ? m_old[k]->c_str() : nullptr);
        }
    }
    StagedSqliteOptions(const StagedSqliteOptions&) = delete;
    StagedSqliteOptions& operator=(const StagedSqliteOptions&) = delete;
    StagedSqliteOptions(StagedSqliteOptions&&) = delete;
    StagedSqliteOptions& operator=(StagedSqliteOptions&&) = delete;

private:
    static constexpr std::array<const char*, 3> m_keys = {
        "OGR_SQLITE_SYNCHRONOUS", "OGR_SQLITE_JOURNAL", "OGR_SQLITE_CACHE"};
    static constexpr std::array<const char*, 3> m_values = {"OFF", "MEMORY", "64"};
    std::array<std::optional<std::string>, 3> m_old;
};

}  // namespace reach::io::detail
