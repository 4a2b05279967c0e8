#pragma once
// Helpers for readers of hand-written files (scenario and profile YAML) that report every
// error of a file at once, each as "<file>:<line>:<column>: <what> (expected ...)", with a
// did-you-mean hint for misspelt keys. Lines and columns are 1-based, as editors count.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace reach {

// An ordered list of input-error messages; throw_if_any() turns them into one InputError.
class Diagnostics {
public:
    // "<file>:<line>:<column>: <what>"; line 0 = position unknown (then "<file>: <what>").
    void add(std::string_view file, std::size_t line, std::size_t column, std::string_view what);
    // "<where>: <what>" for errors without a position.
    void add(std::string_view where, std::string_view what);
    [[nodiscard]] bool empty() const { return m_entries.empty(); }
    [[nodiscard]] std::size_t size() const { return m_entries.size(); }
    [[nodiscard]] std::vector<std::string> messages() const;
    // Orders the messages as a reader meets them: by line and column within a file, files in
    // the order of their first message, messages without a position last (stable otherwise).
    void sort_by_position();
    // Throws InputError whose message is every message, one per line.
    void throw_if_any() const;

private:
    struct Entry {
        std::string file;
        std::size_t line = 0;
        std::size_t column = 0;
        std::string text;  // the whole message
    };
    std::vector<Entry> m_entries;
};

// Levenshtein distance (insert, delete, substitute: cost 1 each).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// "one of a, b, c" plus "; did you mean "b"?" when a known key is at most 2 edits from `key`.
[[nodiscard]] std::string known_keys_hint(std::string_view key,
                                          std::span<const std::string_view> known);

// Adds an error at the first tab of every line that has one (YAML indentation cannot use
// tabs, and yaml-cpp's own message for them is obscure). Returns true if any was found.
bool check_tabs(std::string_view text, std::string_view source, Diagnostics& diagnostics);

// Adds an error at the first byte of the text that is not UTF-8 (YAML files are UTF-8), with
// that line's text, invalid bytes shown as \xHH. Returns true if there was one.
bool check_utf8(std::string_view text, std::string_view source, Diagnostics& diagnostics);

}  // namespace reach
