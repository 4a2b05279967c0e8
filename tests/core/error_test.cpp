#include "reach/core/error.hpp"

#include <gtest/gtest.h>

TEST(Error, InputAndOutputErrorsExitWithOneUsageWithTwo) {
    EXPECT_EQ(reach::InputError("x").exit_code(), reach::ExitCode::input_error);
    EXPECT_EQ(reach::OutputError("x").exit_code(), reach::ExitCode::input_error);
    EXPECT_EQ(reach::UsageError("x").exit_code(), reach::ExitCode::usage_error);
    EXPECT_EQ(static_cast<int>(reach::ExitCode::internal_error), 3);
}

TEST(Error, WhereWhatJoinsLocationAndProblem) {
    EXPECT_EQ(reach::where_what("roads.gpkg, feature 12", "no geometry"),
              "roads.gpkg, feature 12: no geometry");
    EXPECT_EQ(reach::where_what("", "no geometry"), "no geometry");
}
