#pragma once
// The bad-input corpus (README.md): one row per case. A case starts from the hand scenario
// (tests/cli/hand_scenario.hpp) written into a fresh temp folder, `setup` breaks one thing,
// then `reach --quiet <args>` runs ("{dir}" in args and fragments = the temp folder).
#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "reach_test/support.hpp"

namespace reach::bad_inputs {

struct Case {
    std::string name;   // test name: [a-z0-9_]
    std::string input;  // which input is broken (README)
    std::string wrong;  // what is wrong with it (README)
    std::function<void(const std::filesystem::path& dir)> setup;
    std::string args;   // reach arguments after --quiet
    int exit_code = 1;  // 1 input/output error, 2 usage (two lines, see README), 0 warning only
    std::vector<std::string> fragments;  // stderr must contain each (exit 0: a warning must)
    bool previous_run = false;  // a good run into {dir}/out first (the folder must survive)
    bool engine_bug = false;    // reach misbehaves: registered DISABLED_ (see README.md)
    std::string bug;            // … and how (README)
    std::string env;            // "NAME=value" set for the run (fault injection)
    int problems = 1;           // error lines expected ("reach: error: …" each)
};

// gtest prints parameters; the name is enough.
inline void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

struct Observed {
    int exit_code = -1;
    std::string err;
    std::vector<std::string> warnings;          // summary.json "warnings" (exit 0)
    std::map<std::string, std::string> before;  // the temp folder before the run
    std::map<std::string, std::string> after;   // … and after it
};

[[nodiscard]] const std::vector<Case>& cases();
// Writes the hand scenario, applies the case and runs reach.
[[nodiscard]] Observed observe(const Case& c, const reach::test::TempDir& dir);
// `text` with the temp folder as <dir>, tests/data as <data>/, pids as <pid>.
[[nodiscard]] std::string normalise(const std::string& text, const std::filesystem::path& dir);
[[nodiscard]] std::string replace_all(std::string text, const std::string& from,
                                      const std::string& to);
// README.md's table, from running every case.
[[nodiscard]] std::string markdown_table();

}  // namespace reach::bad_inputs
