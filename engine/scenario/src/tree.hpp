#pragma once
// A YAML document as a plain tree whose every node remembers the file and 1-based position it
// was written at, so that values merged from several files (`base:`) still report where they
// came from. Built from yaml-cpp, which keeps repeated keys silently: read_tree() reports them.
#include "reach/core/diagnostics.hpp"
#include "reach/scenario/scenario.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace reach::scenario::detail {

struct Tree {
    enum class Kind { null, scalar, sequence, map };
    Kind kind = Kind::null;
    std::string scalar;
    bool quoted = false;  // "50" in quotes: text, never a number
    Location at;
    struct Entry;
    std::vector<Tree> items;     // sequence
    std::vector<Entry> entries;  // map, in file order; keys are scalars

    [[nodiscard]] bool is_null() const { return kind == Kind::null; }
    [[nodiscard]] bool is_scalar() const { return kind == Kind::scalar; }
    [[nodiscard]] bool is_sequence() const { return kind == Kind::sequence; }
    [[nodiscard]] bool is_map() const { return kind == Kind::map; }
    // The value of `key` in a map (nullptr when absent or not a map).
    [[nodiscard]] const Tree* find(std::string_view key) const;
    void erase(std::string_view key);
    // What the node holds, for "found ..." in messages: "a list", "\"abc\"", ...
    [[nodiscard]] std::string describe() const;
};

// A named struct, not std::pair<Tree, Tree>: a pair of the still-incomplete Tree inside Tree is
// accepted by GCC but not by clang (which the fuzz build uses).
struct Tree::Entry {
    Tree key;
    Tree value;
};

// Parses `text` (the content of `file`); errors (tabs, YAML syntax, duplicate keys, non-text
// keys) go to `diagnostics`. Returns nullopt-like null tree when the text could not be parsed.
[[nodiscard]] Tree read_tree(const std::string& text, const std::string& file,
                             Diagnostics& diagnostics);

// The Inheritance rule of SCENARIO.md: maps merge key by key, recursively; scalars and lists
// replace, except the lists at `append_paths` (e.g. "centres.add"), which append to the base's;
// a null value deletes the key.
[[nodiscard]] Tree merge(Tree base, const Tree& child, const std::vector<std::string>& append_paths,
                         const std::string& path = "");

// Removes every null-valued key, recursively (a null in the most derived file deletes too).
void drop_nulls(Tree& tree);

}  // namespace reach::scenario::detail
