#pragma once
// UTF-8 checks for text read from files (scenario YAML, ids and names in data files): every
// output reach writes (JSON, GeoPackage, HTML) is UTF-8, so a byte sequence that is not is an
// input error naming where it is, never a crash in a writer.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace reach {

// Offset of the first byte that does not start or continue a valid UTF-8 sequence (overlong
// forms, surrogates and code points above U+10FFFF are invalid); nullopt when all is valid.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// `text` with every invalid byte written as \xHH, for messages.
[[nodiscard]] std::string escape_invalid_utf8(std::string_view text);

// InputError "<where>: <what> "c\xFF1" is not UTF-8 (expected UTF-8 text)" unless `text` is
// valid UTF-8.
void require_utf8(std::string_view text, std::string_view where, std::string_view what);

}  // namespace reach
