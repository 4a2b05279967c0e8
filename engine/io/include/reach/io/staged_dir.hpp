#pragma once
// A run folder written atomically (SCENARIO.md, The run folder): files go to
// `<dir>.tmp-<pid>/`; commit() moves an existing `<dir>` aside to `<dir>.old-<pid>`, renames
// the new folder into place and removes the old one. If commit() is never called (an error
// was thrown), the destructor removes the temporary folder, so nothing is half-written.
// An existing `<dir>` without `overwrite` is an OutputError before anything is written.
#include <filesystem>

namespace reach::io {

class StagedDir {
public:
    StagedDir(std::filesystem::path final_dir, bool overwrite);
    ~StagedDir();
    StagedDir(const StagedDir&) = delete;
    StagedDir& operator=(const StagedDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_tmp_dir; }
    [[nodiscard]] std::filesystem::path file(const std::string& name) const { return m_tmp_dir / name; }
    void commit();

private:
    std::filesystem::path m_final_dir;
    std::filesystem::path m_tmp_dir;
    bool m_committed = false;
};

}  // namespace reach::io
