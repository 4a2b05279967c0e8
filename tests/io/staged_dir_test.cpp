// StagedDir: a run folder appears whole or not at all.
#include <gtest/gtest.h>

#include <unistd.h>

#include <string>

#include "reach/core/error.hpp"
#include "reach/io/staged_dir.hpp"
#include "reach_test/support.hpp"

namespace {

namespace fs = std::filesystem;
using reach::io::StagedDir;
using reach::test::read_text;
using reach::test::TempDir;
using reach::test::write_text;

std::string output_error_message(const fs::path& dir, bool overwrite) {
    try {
        const StagedDir staged(dir, overwrite);
    } catch (const reach::OutputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no OutputError thrown";
    return {};
}

}  // namespace

TEST(StagedDir, FilesGoToATemporaryFolderUntilCommit) {
    const TempDir root;
    const auto out = root / "run";
    StagedDir staged(out, false);
    EXPECT_EQ(staged.path(), fs::path(out.string() + ".tmp-" + std::to_string(getpid())));
    write_text(staged.file("a.txt"), "new");
    EXPECT_FALSE(fs::exists(out));
    staged.commit();
    EXPECT_EQ(read_text(out / "a.txt"), "new");
    EXPECT_FALSE(fs::exists(out.string() + ".tmp-" + std::to_string(getpid())));
}

TEST(StagedDir, CommitReplacesAnExistingFolderWithOverwrite) {
    const TempDir root;
    const auto out = root / "run";
    write_text(out / "old.txt", "old");
    {
        StagedDir staged(out, true);
        write_text(staged.file("a.txt"), "new");
        EXPECT_EQ(read_text(out / "old.txt"), "old");  // untouched until commit
        staged.commit();
    }
    EXPECT_EQ(read_text(out / "a.txt"), "new");
    EXPECT_FALSE(fs::exists(out / "old.txt"));
    EXPECT_EQ(std::distance(fs::directory_iterator(root.path()), fs::directory_iterator{}), 1);
}

TEST(StagedDir, ExistingFolderWithoutOverwriteIsRefusedAndKept) {
    const TempDir root;
    const auto out = root / "run";
    write_text(out / "keep.txt", "mine");
    EXPECT_EQ(output_error_message(out, false),
              out.string() + ": output folder exists (pass --overwrite to replace it)");
    EXPECT_EQ(read_text(out / "keep.txt"), "mine");
    EXPECT_FALSE(fs::exists(out.string() + ".tmp-" + std::to_string(getpid())));
}

TEST(StagedDir, DestructorWithoutCommitLeavesNothing) {
    const TempDir root;
    const auto out = root / "run";
    {
        StagedDir staged(out, false);
        write_text(staged.file("half.txt"), "half");
    }
    EXPECT_FALSE(fs::exists(out));
    EXPECT_TRUE(fs::is_empty(root.path()));
}

TEST(StagedDir, MissingParentFoldersAreCreated) {
    const TempDir root;
    const auto out = root / "a" / "b" / "run";
    StagedDir staged(out, false);
    staged.commit();
    EXPECT_TRUE(fs::is_directory(out));
}

TEST(StagedDir, UnwritableParentIsAnOutputError) {
    const TempDir root;
    write_text(root / "file", "not a folder");
    const auto message = output_error_message(root / "file" / "run", false);
    EXPECT_NE(message.find((root / "file").string()), std::string::npos) << message;
}

// A pid that cannot be alive (above the kernel's pid_max of 2^22) marks a dead run.
TEST(StagedDir, LeftoversOfDeadRunsAreRemovedWithAWarning) {
    const TempDir root;
    const auto out = root / "run";
    write_text(root / "run.tmp-99999999" / "x.txt", "x");
    write_text(root / "run.old-99999999" / "x.txt", "x");
    write_text(root / "runner.tmp-99999999" / "x.txt", "x");  // another run's name: kept
    testing::internal::CaptureStderr();
    {
        StagedDir staged(out, false);
        staged.commit();
    }
    const auto err = testing::internal::GetCapturedStderr();
    EXPECT_FALSE(fs::exists(root / "run.tmp-99999999"));
    EXPECT_FALSE(fs::exists(root / "run.old-99999999"));
    EXPECT_TRUE(fs::exists(root / "runner.tmp-99999999"));
    EXPECT_NE(err.find("run.tmp-99999999: removed the leftover folder"), std::string::npos) << err;
}
