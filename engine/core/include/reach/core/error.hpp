#pragma once
// The error hierarchy of reach. Bad input and failed output are exceptions derived from
// reach::Error; broken invariants are REACH_ASSERT failures and never caught. Only the
// command line (tools/cli/main.cpp) catches Error and maps it to an exit code.
#include <stdexcept>
#include <string>

namespace reach {

// Exit codes of the reach command line (SCENARIO.md, Command line).
enum class ExitCode : int { ok = 0, input_error = 1, usage_error = 2, internal_error = 3 };

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    [[nodiscard]] virtual ExitCode exit_code() const noexcept { return ExitCode::input_error; }
};

// A file, record, field, CRS or option given by the user is wrong.
class InputError : public Error {
public:
    using Error::Error;
};

// An output folder or file cannot be written (or exists and --overwrite was not given).
class OutputError : public Error {
public:
    using Error::Error;
};

// The command line itself is wrong (unknown option, missing argument).
class UsageError : public Error {
public:
    using Error::Error;
    [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::usage_error; }
};

// Builds "<where>: <what>" — the one shape of every message, e.g.
// where_what("roads.gpkg#roads, feature 12", "maxspeed \"fast\" is not a speed").
[[nodiscard]] std::string where_what(const std::string& where, const std::string& what);

}  // namespace reach
