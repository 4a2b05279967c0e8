#include "tree.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace reach::scenario::detail {

namespace {

Location location_of(const YAML::Mark& mark, const std::string& file) {
    if (mark.is_null()) {
        return {file, 0, 0};
    }
    // yaml-cpp marks are 0-based; editors count from 1.
    return {file, static_cast<std::size_t>(mark.line) + 1,
            static_cast<std::size_t>(mark.column) + 1};
}

void add_error(Diagnostics& diagnostics, const Location& at, const std::string& what) {
    diagnostics.add(at.file, at.line, at.column, what);
}

Tree convert(const YAML::Node& node, const std::string& file, const std::string& path,
             Diagnostics& diagnostics) {
    Tree tree;
    tree.at = location_of(node.Mark(), file);
    switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            tree.kind = Tree::Kind::null;
            break;
        case YAML::NodeType::Scalar:
            tree.kind = Tree::Kind::scalar;
            tree.scalar = node.Scalar();
            // Quoted scalars carry the tag "!" (non-specific): they are text, never numbers.
            tree.quoted = node.Tag() == "!";
            break;
        case YAML::NodeType::Sequence:
            tree.kind = Tree::Kind::sequence;
            for (std::size_t i = 0; i < node.size(); ++i) {
                tree.items.push_back(
                    convert(node[i], file, fmt::format("{}[{}]", path, i), diagnostics));
            }
            break;
        case YAML::NodeType::Map:
            tree.kind = Tree::Kind::map;
            for (const auto& entry : node) {
                Tree key = convert(entry.first, file, path, diagnostics);
                const auto where = path.empty() ? std::string("(top level)") : path;
                if (!key.is_scalar()) {
                    add_error(
                        diagnostics, key.at,
                        fmt::format("{}: key {} (expected a text key)", where, key.describe()));
                    continue;
                }
                // yaml-cpp 0.7 keeps both entries of a repeated key and node["key"] returns
                // the first, silently.
                const auto first =
                    std::find_if(tree.entries.begin(), tree.entries.end(),
                                 [&](const auto& e) { return e.key.scalar == key.scalar; });
                if (first != tree.entries.end()) {
                    add_error(diagnostics, key.at,
                              fmt::format("{}: duplicate key \"{}\", first at line {} "
                                          "(expected each key once per map)",
                                          where, key.scalar, first->key.at.line));
                    continue;
                }
                const auto child_path = path.empty() ? key.scalar : path + "." + key.scalar;
                Tree value = convert(entry.second, file, child_path, diagnostics);
                tree.entries.push_back({std::move(key), std::move(value)});
            }
            break;
    }
    return tree;
}

}  // namespace

const Tree* Tree::find(std::string_view key) const {
    for (const auto& [k, v] : entries) {
        if (k.scalar == key) {
            return &v;
        }
    }
    return nullptr;
}

void Tree::erase(std::string_view key) {
    std::erase_if(entries, [&](const auto& e) { return e.key.scalar == key; });
}

std::string Tree::describe() const {
    switch (kind) {
        case Kind::null:
            return "null";
        case Kind::sequence:
            return "a list";
        case Kind::map:
            return "a map";
        case Kind::scalar:
            break;
    }
    return fmt::format("\"{}\"", scalar);
}

Tree read_tree(const std::string& text, const std::string& file, Diagnostics& diagnostics) {
    if (check_utf8(text, file, diagnostics) || check_tabs(text, file, diagnostics)) {
        return {};  // yaml-cpp's errors after a tab would only repeat it obscurely
    }
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        add_error(diagnostics, location_of(e.mark, file),
                  fmt::format("invalid YAML: {} (expected valid YAML syntax)", e.msg));
        return {};
    }
    return convert(root, file, "", diagnostics);
}

Tree merge(Tree base, const Tree& child, const std::vector<std::string>& append_paths,
           const std::string& path) {
    if (!base.is_map() || !child.is_map()) {
        return child;
    }
    for (const auto& [key, value] : child.entries) {
        const auto key_path = path.empty() ? key.scalar : path + "." + key.scalar;
        if (value.is_null()) {
            base.erase(key.scalar);
            continue;
        }
        const auto existing =
            std::find_if(base.entries.begin(), base.entries.end(),
                         [&](const auto& e) { return e.key.scalar == key.scalar; });
        if (existing == base.entries.end()) {
            base.entries.push_back({key, value});
        } else if (existing->value.is_map() && value.is_map()) {
            existing->value = merge(std::move(existing->value), value, append_paths, key_path);
        } else if (existing->value.is_sequence() && value.is_sequence() &&
                   std::find(append_paths.begin(), append_paths.end(), key_path) !=
                       append_paths.end()) {
            existing->value.items.insert(existing->value.items.end(), value.items.begin(),
                                          value.items.end());
        } else {
            *existing = {key, value};
        }
    }
    return base;
}

void drop_nulls(Tree& tree) {
    if (tree.is_map()) {
        std::erase_if(tree.entries, [](const auto& e) { return e.value.is_null(); });
        for (auto& entry : tree.entries) {
            drop_nulls(entry.value);
        }
    } else if (tree.is_sequence()) {
        for (auto& item : tree.items) {
            drop_nulls(item);
        }
    }
}

}  // namespace reach::scenario::detail
