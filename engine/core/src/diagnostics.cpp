#include "reach/core/diagnostics.hpp"

#include "reach/core/utf8.hpp"

#include "reach/core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace reach {

void Diagnostics::add(std::string_view file, std::size_t line, std::size_t column,
                      std::string_view what) {
    if (line == 0) {
        add(file, what);
        return;
    }
    m_entries.push_back(
        {std::string(file), line, column, fmt::format("{}:{}:{}: {}", file, line, column, what)});
}

void Diagnostics::add(std::string_view where, std::string_view what) {
    m_entries.push_back(
        {std::string(where), 0, 0, where_what(std::string(where), std::string(what))});
}

std::vector<std::string> Diagnostics::messages() const {
    std::vector<std::string> out;
    out.reserve(m_entries.size());
    for (const auto& entry : m_entries) {
        out.push_back(entry.text);
    }
    return out;
}

void Diagnostics::sort_by_position() {
    std::vector<std::string> file_order;
    const auto file_rank = [&](const std::string& file) {
        const auto found = std::find(file_order.begin(), file_order.end(), file);
        return static_cast<std::size_t>(found - file_order.begin());
    };
    for (const auto& entry : m_entries) {
        if (entry.line != 0 && file_rank(entry.file) == file_order.size()) {
            file_order.push_back(entry.file);
        }
    }
    std::stable_sort(m_entries.begin(), m_entries.end(), [&](const Entry& a, const Entry& b) {
        const auto key = [&](const Entry& e) {
            return e.line == 0 ? std::tuple(file_order.size(), std::size_t{0}, std::size_t{0})
                               : std::tuple(file_rank(e.file), e.line, e.column);
        };
        return key(a) < key(b);
    });
}

void Diagnostics::throw_if_any() const {
    if (!m_entries.empty()) {
        throw InputError(fmt::format("{}", fmt::join(messages(), "\n")));
    }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string known_keys_hint(std::string_view key, std::span<const std::string_view> known) {
    std::string hint = fmt::format("one of {}", fmt::join(known, ", "));
    std::size_t best = 3;  // suggest only near misses (typos), not arbitrary keys
    std::string_view nearest;
    for (const auto candidate : known) {
        const auto distance = edit_distance(key, candidate);
        if (distance < best) {
            best = distance;
            nearest = candidate;
        }
    }
    if (!nearest.empty()) {
        hint += fmt::format("; did you mean \"{}\"?", nearest);
    }
    return hint;
}

bool check_tabs(std::string_view text, std::string_view source, Diagnostics& diagnostics) {
    std::size_t line = 1;
    std::size_t column = 1;
    bool tab_on_line = false;
    bool found = false;
    for (const char c : text) {
        if (c == '\n') {
            ++line;
            column = 1;
            tab_on_line = false;
            continue;
        }
        if (c == '\t' && !tab_on_line) {
            diagnostics.add(source, line, column,
                            "tab character (expected spaces: YAML indentation cannot use tabs)");
            tab_on_line = true;
            found = true;
        }
        ++column;
    }
    return found;
}

bool check_utf8(std::string_view text, std::string_view source, Diagnostics& diagnostics) {
    const auto bad = first_invalid_utf8(text);
    if (!bad) {
        return false;
    }
    const auto line_start = text.rfind('\n', *bad == 0 ? 0 : *bad - 1);
    const std::size_t begin =
        line_start == std::string_view::npos || *bad == 0 ? 0 : line_start + 1;
    const auto line_end = text.find('\n', *bad);
    const auto line_text = text.substr(
        begin, line_end == std::string_view::npos ? std::string_view::npos : line_end - begin);
    const auto line = static_cast<std::size_t>(std::count(
                          text.begin(), text.begin() + static_cast<std::ptrdiff_t>(begin), '\n')) +
                      1;
    diagnostics.add(
        source, line, *bad - begin + 1,
        fmt::format("byte 0x{:02X} is not UTF-8 in \"{}\" (expected UTF-8 text)",
                    static_cast<unsigned char>(text[*bad]), escape_invalid_utf8(line_text)));
    return true;
}

}  // namespace reach
