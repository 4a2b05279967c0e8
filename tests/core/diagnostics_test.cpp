#include "reach/core/diagnostics.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "reach/core/error.hpp"

namespace {

// kitten → sitting: substitute k→s, e→i, insert g = 3 (the textbook example).
TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
    EXPECT_EQ(reach::edit_distance("kitten", "sitting"), 3U);
    EXPECT_EQ(reach::edit_distance("", "abc"), 3U);
    EXPECT_EQ(reach::edit_distance("target_min", "target_min"), 0U);
    EXPECT_EQ(reach::edit_distance("thresholds_mn", "thresholds_min"), 1U);
}

TEST(KnownKeysHint, SuggestsOnlyNearMisses) {
    constexpr std::array<std::string_view, 3> keys = {"file", "standin", "columns"};
    EXPECT_EQ(reach::known_keys_hint("stanin", keys),
              "one of file, standin, columns; did you mean \"standin\"?");
    // "path" is 4 edits from "file": no suggestion.
    EXPECT_EQ(reach::known_keys_hint("path", keys), "one of file, standin, columns");
}

TEST(CheckTabs, ReportsTheFirstTabOfEachLineOneBased) {
    reach::Diagnostics d;
    EXPECT_TRUE(reach::check_tabs("a: 1\n\tb: 2\n  c:\t\t3\n", "s.yaml", d));
    ASSERT_EQ(d.size(), 2U);
    EXPECT_EQ(d.messages()[0],
              "s.yaml:2:1: tab character (expected spaces: YAML indentation cannot use tabs)");
    EXPECT_EQ(d.messages()[1].substr(0, 12), "s.yaml:3:5: ");
    reach::Diagnostics none;
    EXPECT_FALSE(reach::check_tabs("a: 1\n", "s.yaml", none));
    EXPECT_TRUE(none.empty());
}

TEST(Diagnostics, SortsByPositionAndThrowsAllAtOnce) {
    reach::Diagnostics d;
    d.add("child.yaml", 9, 2, "late");
    d.add("base.yaml", 1, 1, "in base");
    d.add("child.yaml", 3, 7, "early");
    d.add("profiles.yaml", "no position");
    d.add("child.yaml", 3, 1, "earlier on the same line");
    d.sort_by_position();
    try {
        d.throw_if_any();
        FAIL() << "no InputError";
    } catch (const reach::InputError& e) {
        EXPECT_STREQ(e.what(),
                     "child.yaml:3:1: earlier on the same line\n"
                     "child.yaml:3:7: early\n"
                     "child.yaml:9:2: late\n"
                     "base.yaml:1:1: in base\n"
                     "profiles.yaml: no position");
    }
    reach::Diagnostics empty;
    EXPECT_NO_THROW(empty.throw_if_any());
}

}  // namespace
