#pragma once
// A run folder written atomically (SCENARIO.md, The run folder): files go to
// `<dir>.tmp-<pid>/`; commit() moves an existing `<dir>` aside to `<dir>.old-<pid>`, renames
// the new folder into place and removes the old one. If commit() is never called (an error
// was thrown), the destructor removes the temporary folder, so nothing is half-written.
// An existing `<dir>` without `overwrite` is an OutputError before anything is written.
//
// Test hook (fault injection, issue 6 and issue 10's disk-full simulation): when the
// environment variable REACH_INJECT_WRITE_FAILURE equals a file name, file(name) throws the
// OutputError a failed write would, so tests can prove that a failure at any file leaves the
// previous run folder untouched and no staging folder behind.
#include <filesystem>

namespace reach::io {

class StagedDir {
public:
    StagedDir(std::filesystem::path final_dir, bool overwrite);
    ~StagedDir();
    StagedDir(const StagedDir&) = delete;
    StagedDir& operator=(const StagedDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_tmp_dir; }
    // The path of `name` in the staging folder (see the test hook above).
    [[nodiscard]] std::filesystem::path file(const std::string& name) const;
    void commit();

private:
    std::filesystem::path m_final_dir;
    std::filesystem::path m_tmp_dir;
    bool m_committed = false;
};

}  // namespace reach::io
