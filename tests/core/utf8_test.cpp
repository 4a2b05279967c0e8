// UTF-8 checks (core/utf8.hpp): valid text passes; stray, truncated, overlong and surrogate
// sequences are found at their first byte and shown as \xHH.
#include "reach/core/utf8.hpp"

#include <gtest/gtest.h>

#include "reach/core/error.hpp"

namespace {

using reach::escape_invalid_utf8;
using reach::first_invalid_utf8;

TEST(Utf8, ValidTextHasNoInvalidByte) {
    EXPECT_EQ(first_invalid_utf8(""), std::nullopt);
    EXPECT_EQ(first_invalid_utf8("Antazavė, Ilūkste, Rokiškis — ≤ 30 min 🚌"), std::nullopt);
}

TEST(Utf8, FindsTheFirstInvalidByte) {
    EXPECT_EQ(first_invalid_utf8("c\xff" "1"), 1U);            // never valid
    EXPECT_EQ(first_invalid_utf8("ab\xc4"), 2U);                // truncated 2-byte sequence
    EXPECT_EQ(first_invalid_utf8("\xc0\xaf"), 0U);              // overlong "/"
    EXPECT_EQ(first_invalid_utf8("x\xed\xa0\x80"), 1U);         // UTF-16 surrogate D800
    EXPECT_EQ(first_invalid_utf8("\xf4\x90\x80\x80"), 0U);      // above U+10FFFF
    EXPECT_EQ(first_invalid_utf8("ė\x80"), 2U);                 // stray continuation byte
}

TEST(Utf8, EscapesOnlyTheInvalidBytes) {
    EXPECT_EQ(escape_invalid_utf8("pop\xff.csv ė"), "pop\\xFF.csv ė");
    EXPECT_THROW(reach::require_utf8("c\xff" "1", "population.csv:5", "cell id"),
                 reach::InputError);
    try {
        reach::require_utf8("c\xff" "1", "population.csv:5", "cell id");
    } catch (const reach::InputError& e) {
        EXPECT_STREQ(e.what(), "population.csv:5: cell id \"c\\xFF1\" is not UTF-8 (expected "
                               "UTF-8 text)");
    }
    EXPECT_NO_THROW(reach::require_utf8("Biržai", "x", "name"));
}

}  // namespace
