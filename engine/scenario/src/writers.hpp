#pragma once
// Helpers of the run folder's writers (run_writers.cpp, compare.cpp, batch.cpp): numbers with
// fixed decimals in JSON (SCENARIO.md, Rules, Numbers: persons 0.01, shares 1e-6, minutes
// 0.01), CSV quoting, and writing one file. nlohmann::json prints doubles in their shortest
// form, so fixed-decimal numbers go in as marked strings that unmark_numbers() turns back into
// bare numbers after dump(). Private to engine/scenario.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "reach/core/error.hpp"

namespace reach::scenario::detail {

using Json = nlohmann::ordered_json;

constexpr std::string_view number_mark = "#reach-number#";

inline Json fixed(double value, int decimals) {
    return Json(fmt::format("{}{:.{}f}", number_mark, value, decimals));
}
inline Json persons(double value) { return fixed(value, 2); }
inline Json minutes(const std::optional<double>& value) {
    return value ? fixed(*value, 2) : Json(nullptr);
}
inline Json share(const std::optional<double>& value) { return value ? fixed(*value, 6) : Json(nullptr); }

// "...": "#reach-number#12.30" → "...": 12.30
inline std::string unmark_numbers(const std::string& text) {
    const std::string open = fmt::format("\"{}", number_mark);
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    for (std::size_t hit = text.find(open); hit != std::string::npos; hit = text.find(open, pos)) {
        out.append(text, pos, hit - pos);
        const std::size_t start = hit + open.size();
        const std::size_t end = text.find('"', start);
        out.append(text, start, end - start);
        pos = end + 1;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

inline std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (const char c : text) {
        quoted += c;
        if (c == '"') quoted += '"';
    }
    quoted += '"';
    return quoted;
}

inline void write_file(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
        throw OutputError(fmt::format("{}: cannot write file", file.string()));
    }
}

}  // namespace reach::scenario::detail
