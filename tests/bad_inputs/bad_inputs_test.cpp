// The bad-input corpus (issue 10): every reader and the scenario file fed a broken input.
// Each case starts from the hand scenario (tests/cli/hand_scenario.hpp) in a fresh temp
// folder, breaks one thing, runs `reach --quiet run … --no-cache` and checks the contract:
// exit 1 (2 for a usage error), stderr exactly one line "reach: error: …" naming the file,
// the record or key and what was expected, and the temp folder byte for byte as it was
// before the run (no output folder, no partial file, no `.tmp-`/`.old-` leftover; a previous
// run folder untouched). Cells beyond the snap distance, and a centre beyond it under
// `on_unsnapped_centre: warn`, are warnings: exit 0 and the warning in summary.json.
// The table of cases is the corpus; README.md lists it (kept in sync by a test below).
#include "bad_inputs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hand_scenario.hpp"

namespace fs = std::filesystem;
using reach::test::run_command;
using reach::test::TempDir;

namespace reach::bad_inputs {
namespace {

// Every file and folder under `dir` (relative path → bytes; folders end in '/').
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const auto rel = fs::relative(entry.path(), dir).string();
        if (entry.is_directory()) {
            out[rel + "/"] = "";
        } else {
            out[rel] = reach::test::read_text(entry.path());
        }
    }
    return out;
}

// Bytes that are not valid UTF-8 become \xNN, so the README stays UTF-8.
std::string printable(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
        bool ok = len > 0 && i + len <= text.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
        }
        if (ok) {
            out.append(text, i, len);
            i += len;
        } else {
            static const char* hex = "0123456789ABCDEF";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
            ++i;
        }
    }
    return out;
}

}  // namespace

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    if (from.empty()) return text;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// Every run of digits right after `prefix` replaced by `placeholder` (no std::regex: it trips
// GCC 12's -Wmaybe-uninitialized under the sanitizers).
std::string replace_number_after(const std::string& text, const std::string& prefix,
                                 const std::string& placeholder) {
    std::string out;
    std::size_t pos = 0;
    for (auto hit = text.find(prefix); hit != std::string::npos; hit = text.find(prefix, pos)) {
        auto end = hit + prefix.size();
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
        out.append(text, pos, hit + prefix.size() - pos);
        out += end > hit + prefix.size() ? placeholder : std::string();
        pos = end;
    }
    return out + text.substr(pos);
}

std::string normalise(const std::string& text, const fs::path& dir) {
    std::string out = replace_all(text, dir.string(), "<dir>");
    out = replace_all(out, reach::test::data_path().string(), "<data>/");
    out = replace_all(out, "<data>//", "<data>/");
    out = replace_all(out, reach::test::source_path().string(), "<src>/");
    out = replace_all(out, "<src>//", "<src>/");
    // Internal errors quote a byte index into a string holding the temp folder's path.
    out = replace_number_after(out, "at index ", "<n>");
    out = replace_number_after(out, ".tmp-", "<pid>");
    out = replace_number_after(out, ".old-", "<pid>");
    return printable(out);
}

Observed observe(const Case& c, const TempDir& dir) {
    reach::test::write_hand_scenario(dir);
    const auto substitute = [&](const std::string& s) {
        return replace_all(s, "{dir}", dir.path().string());
    };
    Observed seen;
    if (c.previous_run) {
        const auto r =
            run_command(reach::test::reach_cmd("run " + (dir / "hand.yaml").string() + " --out " +
                                               (dir / "out").string() + " --no-cache"));
        EXPECT_EQ(r.exit_code, 0) << "the previous run failed: " << r.err;
    }
    c.setup(dir.path());
    seen.before = snapshot(dir.path());
    const auto r = run_command((c.env.empty() ? "" : c.env + " ") +
                               reach::test::reach_cmd(substitute(c.args)));
    seen.exit_code = r.exit_code;
    seen.err = r.err;
    seen.after = snapshot(dir.path());
    const auto summary = dir / "out" / "summary.json";
    if (r.exit_code == 0 && fs::is_regular_file(summary)) {
        const auto json = nlohmann::json::parse(reach::test::read_text(summary), nullptr, false);
        if (json.is_object() && json.contains("warnings")) {
            for (const auto& w : json["warnings"]) seen.warnings.push_back(w.get<std::string>());
        }
    }
    return seen;
}

std::string markdown_table() {
    std::string out =
        "| # | case | input | what is wrong | exit | error message (stderr; the warning for exit "
        "0; "
        "what reach does for an engine bug) |\n|---|---|---|---|---|---|\n";
    const auto cell = [](std::string s) {
        s = replace_all(s, "|", "\\|");
        s = replace_all(s, "\n", " ⏎ ");
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s;
    };
    int n = 0;
    for (const auto& c : cases()) {
        const TempDir dir;
        const auto seen = observe(c, dir);
        std::string message;
        if (c.engine_bug) {
            message = "actual: exit " + std::to_string(seen.exit_code);
            if (!seen.err.empty()) message += ", " + seen.err.substr(0, seen.err.find('\n'));
        } else if (c.exit_code == 0) {
            for (const auto& w : seen.warnings) {
                for (const auto& f : c.fragments) {
                    if (w.find(f) != std::string::npos) {
                        message = "warning: " + w;
                        break;
                    }
                }
                if (!message.empty()) break;
            }
        } else {
            message = seen.err;
            if (!message.empty() && message.back() == '\n') message.pop_back();
        }
        message = normalise(message, dir.path());
        std::string wrong = c.wrong;
        if (c.engine_bug) wrong += ". **Engine bug (case disabled):** " + c.bug;
        out += "| " + std::to_string(++n) + " | `" + c.name + "` | " + cell(c.input) + " | " +
               cell(wrong) + " | " + std::to_string(c.exit_code) + " | " +
               (message.empty() ? "" : "`" + cell(message) + "`") + " |\n";
    }
    return out;
}

}  // namespace reach::bad_inputs

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}


using reach::bad_inputs::Case;

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, FailsCleanlyWithOneLineNamingTheProblem) {
    const Case& c = GetParam();
    const TempDir dir;
    const auto seen = reach::bad_inputs::observe(c, dir);
    const auto fragment = [&](const std::string& f) {
        return reach::bad_inputs::replace_all(f, "{dir}", dir.path().string());
    };
    ASSERT_EQ(seen.exit_code, c.exit_code) << seen.err;
    if (c.exit_code == 0) {
        // A warning, not an error: the run folder exists and summary.json carries it.
        EXPECT_TRUE(fs::is_regular_file(dir / "out" / "manifest.json"));
        for (const auto& f : c.fragments) {
            EXPECT_TRUE(std::any_of(
                seen.warnings.begin(), seen.warnings.end(),
                [&](const std::string& w) { return w.find(fragment(f)) != std::string::npos; }))
                << "no warning contains \"" << f << "\"";
        }
        return;
    }
    EXPECT_FALSE(seen.err.empty() || seen.err.back() != '\n') << seen.err;
    if (c.exit_code == 2) {
        // A usage error (tools/cli/main.cpp): "reach: <what>" and the pointer to --help.
        EXPECT_EQ(std::count(seen.err.begin(), seen.err.end(), '\n'), 2) << seen.err;
        EXPECT_TRUE(seen.err.starts_with("reach: ")) << seen.err;
        EXPECT_TRUE(seen.err.ends_with("\nRun with --help for usage.\n")) << seen.err;
    } else {
        // One line per problem, each "reach: error: <file:line:col or record>: <what>".
        EXPECT_EQ(std::count(seen.err.begin(), seen.err.end(), '\n'), c.problems) << seen.err;
        EXPECT_EQ(count_of(seen.err, "reach: error: "), static_cast<std::size_t>(c.problems))
            << seen.err;
        EXPECT_TRUE(seen.err.starts_with("reach: error:")) << seen.err;
    }
    for (const auto& f : c.fragments) {
        EXPECT_NE(seen.err.find(fragment(f)), std::string::npos)
            << "stderr lacks \"" << f << "\": " << seen.err;
    }
    // Nothing written, nothing removed: no output folder, no staging leftover, the previous
    // run folder (if any) and every input byte for byte as before.
    EXPECT_TRUE(seen.before == seen.after) << "the temp folder changed";
    if (seen.before != seen.after) {
        for (const auto& [name, bytes] : seen.after) {
            if (!seen.before.contains(name)) ADD_FAILURE() << "created: " << name;
        }
        for (const auto& [name, bytes] : seen.before) {
            const auto it = seen.after.find(name);
            if (it == seen.after.end())
                ADD_FAILURE() << "removed: " << name;
            else if (it->second != bytes)
                ADD_FAILURE() << "changed: " << name;
        }
    }
}

std::vector<Case> cases_where(bool engine_bug) {
    std::vector<Case> out;
    for (const auto& c : reach::bad_inputs::cases()) {
        if (c.engine_bug == engine_bug) out.push_back(c);
    }
    return out;
}

std::string case_name(const ::testing::TestParamInfo<Case>& param) { return param.param.name; }

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(cases_where(false)), case_name);
// Engine bugs (README.md): the right expectation, disabled until the engine is fixed. The
// DISABLED_ prefix on the suite is what gtest and gtest_discover_tests both recognise.
INSTANTIATE_TEST_SUITE_P(DISABLED_EngineBug, BadInput, ::testing::ValuesIn(cases_where(true)),
                         case_name);

// README.md's table is the generated one. REACH_BAD_INPUTS_README=<path> regenerates it: the
// table replaces the part between the markers of <path> (or is written alone to a new file).
TEST(BadInputReadme, TableListsEveryCaseWithItsActualMessage) {
    const std::string begin = "<!-- cases:begin -->\n";
    const std::string end = "<!-- cases:end -->";
    const auto table = reach::bad_inputs::markdown_table();
    if (const char* target = std::getenv("REACH_BAD_INPUTS_README"); target != nullptr) {
        std::string text = fs::exists(target) ? reach::test::read_text(target) : "";
        const auto b = text.find(begin);
        const auto e = text.find(end);
        if (b != std::string::npos && e != std::string::npos && b < e) {
            text = text.substr(0, b + begin.size()) + table + text.substr(e);
        } else {
            text = begin + table + end + "\n";
        }
        std::ofstream(target, std::ios::binary) << text;
        GTEST_SKIP() << "wrote " << target;
    }
    const auto readme =
        reach::test::read_text(reach::test::source_path("tests/bad_inputs/README.md"));
    const auto b = readme.find(begin);
    const auto e = readme.find(end);
    ASSERT_TRUE(b != std::string::npos && e != std::string::npos && b < e)
        << "README.md lacks the case markers";
    EXPECT_EQ(readme.substr(b + begin.size(), e - b - begin.size()), table)
        << "README.md is out of date; regenerate it (see README.md)";
}

}  // namespace
