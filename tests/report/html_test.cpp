// Number formats and escaping of the report (html.hpp).
#include "reach/report/html.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace reach::report;

TEST(ReportHtml, ThousandsRoundAndGroupByThree) {
    EXPECT_EQ(thousands(306239.6), "306,240");
    EXPECT_EQ(thousands(999.49), "999");
    EXPECT_EQ(thousands(999.5), "1,000");
    EXPECT_EQ(thousands(1234567.0), "1,234,567");
    EXPECT_EQ(thousands(-1234.0), "-1,234");
    EXPECT_EQ(thousands(0.2), "0");
    EXPECT_EQ(thousands(NAN), "–");
}

TEST(ReportHtml, SharesAndMinutesCarryANoBreakSpaceBeforeTheUnit) {
    EXPECT_EQ(percent(0.93945), "93.9\u00a0%");
    EXPECT_EQ(percent(1.0), "100.0\u00a0%");
    EXPECT_EQ(percent(std::nullopt), "–");
    EXPECT_EQ(minutes_text(11.26), "11.3\u00a0min");
    EXPECT_EQ(minutes_text(std::nullopt), "–");
}

TEST(ReportHtml, EscapeMakesTextSafeInElementsAndAttributes) {
    EXPECT_EQ(escape("Antazavė <manor> & \"home\" 'x'"),
              "Antazavė &lt;manor&gt; &amp; &quot;home&quot; &apos;x&apos;");
    EXPECT_EQ(raw_number(306240.25), "306240.25");
    EXPECT_EQ(raw_number(INFINITY), "");
}

}  // namespace
