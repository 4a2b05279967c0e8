#include "reach/scenario/scenario.hpp"
#include "reach/scenario/output_files.hpp"

#include "reach/core/diagnostics.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/io/centres_reader.hpp"
#include "reach/io/gdal_helpers.hpp"
#include "reach/network/profile.hpp"
#include "tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

namespace reach::scenario {

namespace fs = std::filesystem;
using detail::Tree;

std::string Location::str() const {
    return line == 0 ? file : fmt::format("{}:{}:{}", file, line, column);
}

std::string FileRef::gdal_path() const {
    return layer.empty() ? path.string() : path.string() + "#" + layer;
}

const Group* Population::find_group(const std::string& group_name) const {
    const auto found = std::find_if(groups.begin(), groups.end(),
                                    [&](const Group& g) { return g.name == group_name; });
    return found == groups.end() ? nullptr : &*found;
}

const char* to_string(PointAnchor value) {
    return value == PointAnchor::centre ? "centre" : "lower_left";
}
const char* to_string(Impute value) {
    return value == Impute::none ? "none" : "share_of_total_in_country";
}
const char* to_string(CrossBorder value) { return value == CrossBorder::allow ? "allow" : "deny"; }
const char* to_string(OnUnsnappedCentre value) {
    return value == OnUnsnappedCentre::error ? "error" : "warn";
}
const char* to_string(Decay value) { return value == Decay::step ? "step" : "gaussian"; }
const char* to_string(Objective value) {
    switch (value) {
        case Objective::mclp:
            return "mclp";
        case Objective::pmedian:
            return "pmedian";
        case Objective::lscp:
            return "lscp";
        case Objective::access:
            return "access";
    }
    return "mclp";
}

namespace {

using Keys = std::span<const std::string_view>;

constexpr std::array<std::string_view, 19> top_keys = {
    "reach",    "name",           "description", "base",         "crs",
    "area",     "roads",          "matrix",      "profiles",     "population",
    "centres",  "thresholds_min", "target_min",  "cross_border", "snap",
    "measures", "catchments",     "optimize",    "outputs"};
constexpr std::array<std::string_view, 5> area_keys = {"boundaries", "id_field", "name_field",
                                                       "country_field", "select"};
constexpr std::array<std::string_view, 3> roads_keys = {"file", "standin", "columns"};
constexpr std::array<std::string_view, 3> road_column_keys = {"class", "maxspeed", "oneway"};
constexpr std::array<std::string_view, 1> matrix_keys = {"file"};
constexpr std::array<std::string_view, 2> profiles_keys = {"file", "use"};
constexpr std::array<std::string_view, 9> population_keys = {
    "file",  "id_field",    "x_field",       "y_field", "crs",
    "point", "cell_size_m", "country_field", "groups"};
constexpr std::array<std::string_view, 9> group_keys = {"column", "band",     "file",
                                                        "rates",  "base",     "flag_column",
                                                        "impute", "profiles", "off_network_kmh"};
constexpr std::array<std::string_view, 10> centres_keys = {
    "file", "id_field", "capacity_field", "operator_field", "services_field", "country_field",
    "crs",  "add",      "close",          "modify"};
constexpr std::array<std::string_view, 11> add_keys = {
    "id",       "lon",      "lat",      "x",       "y",   "capacity",
    "operator", "services", "cost_eur", "country", "name"};
constexpr std::array<std::string_view, 4> modify_keys = {"id", "capacity", "services", "operator"};
constexpr std::array<std::string_view, 2> snap_keys = {"max_distance_m", "on_unsnapped_centre"};
constexpr std::array<std::string_view, 3> measures_keys = {"service", "e2sfca",
                                                           "equity_rank_column"};
constexpr std::array<std::string_view, 5> e2sfca_keys = {"decay", "breaks_min", "weights",
                                                         "catchment_min", "demand_group"};
constexpr std::array<std::string_view, 3> catchments_keys = {"raster_resolution_m", "per_centre",
                                                              "simplify_m"};
constexpr std::array<std::string_view, 8> optimize_keys = {
    "candidates",    "objective", "group_weights", "profile",
    "keep_existing", "k",         "budget_eur",    "max_time_min"};
constexpr std::array<std::string_view, 4> outputs_keys = {"dir", "formats", "files",
                                                          "network_layer"};
constexpr std::array<std::string_view, 5> output_formats = {"gpkg", "geojson", "geotiff", "csv",
                                                            "html"};

// Lists merged across files by appending (SCENARIO.md, Rules, Inheritance).
const std::vector<std::string> append_paths = {"centres.add", "centres.close", "centres.modify"};

std::string join_path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string item_path(const std::string& parent, std::size_t index) {
    return fmt::format("{}[{}]", parent, index);
}

std::string read_file_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A stable identity for cycle detection (the same file reached by two spellings).
fs::path identity(const fs::path& path) {
    std::error_code ec;
    auto canonical = fs::weakly_canonical(path, ec);
    return ec ? path.lexically_normal() : canonical;
}

class Reader {
public:
    explicit Reader(LoadOptions options) : m_options(std::move(options)) {}

    Scenario load(const fs::path& path) {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            throw InputError(where_what(
                path.string(), "scenario file not found (expected an existing YAML file)"));
        }
        Scenario scenario;
        scenario.source = path;
        Tree root = load_chain(path, nullptr, scenario.chain);
        detail::drop_nulls(root);  // `key: null` means "not given" (the default) everywhere
        // Duplicate keys still leave a usable tree; a broken chain does not.
        if (m_chain_ok && root.is_map()) {
            read_scenario(root, scenario);
            if (m_diagnostics.empty()) {
                check_edits_against_file(scenario);
            }
        }
        m_diagnostics.sort_by_position();
        m_diagnostics.throw_if_any();
        return scenario;
    }

private:
    LoadOptions m_options;
    Diagnostics m_diagnostics;
    std::vector<std::string> m_use;  // profiles.use, for group and optimize checks
    bool m_use_valid = true;
    bool m_chain_ok = true;  // every file of the base: chain was read

    void check_edits_against_file(const Scenario& s) {
        const auto& c = s.centres;
        if (c.add.empty() && c.close.empty() && c.modify.empty()) {
            return;  // nothing to check: the run reads the file anyway
        }
        std::vector<std::string> ids;
        try {
            io::CentreReadOptions options;
            options.working_crs = s.crs;
            options.id_field = c.id_field;
            options.xy_crs = c.crs;
            options.ids_only = s.matrix.has_value();
            for (const auto& centre : io::read_centres(c.file.gdal_path(), options)) {
                ids.push_back(centre.id);
            }
            check_centre_edits(s, ids);
        } catch (const InputError& e) {
            std::istringstream lines(e.what());
            for (std::string line; std::getline(lines, line);) {
                m_diagnostics.add("", line);
            }
        }
    }

    // --- messages -----------------------------------------------------------------------

    void error(const Location& at, const std::string& path, const std::string& problem,
               const std::string& expected) {
        const auto what = path.empty() ? problem : path + ": " + problem;
        m_diagnostics.add(at.file, at.line, at.column,
                          fmt::format("{} (expected {})", what, expected));
    }

    void wrong(const Tree& node, const std::string& path, const std::string& expected) {
        error(node.at, path, "found " + node.describe(), expected);
    }

    // --- the base: chain ----------------------------------------------------------------

    // Reads `path` and, recursively, its base; returns the merged tree. `chain` collects the
    // files from the most derived to the root base.
    Tree load_chain(const fs::path& path, const Tree* base_node, std::vector<fs::path>& chain) {
        const auto key = identity(path);
        for (std::size_t i = 0; i < chain.size(); ++i) {
            if (identity(chain[i]) == key) {
                std::vector<std::string> names;
                for (std::size_t j = i; j < chain.size(); ++j) {
                    names.push_back(chain[j].string());
                }
                names.push_back(path.string());
                error(base_node->at, "base", fmt::format("cycle {}", fmt::join(names, " → ")),
                      "a chain of base files that ends");
                m_chain_ok = false;
                return {};
            }
        }
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            error(base_node->at, "base", fmt::format("file \"{}\" not found", path.string()),
                  "an existing scenario file, relative to the file naming it");
            m_chain_ok = false;
            return {};
        }
        chain.push_back(path);
        const auto file = path.string();
        const auto errors_before = m_diagnostics.size();
        Tree root = detail::read_tree(read_file_text(path), file, m_diagnostics);
        if (!root.is_map()) {
            m_chain_ok = false;
            if (m_diagnostics.size() > errors_before) {
                return {};  // tabs or YAML syntax, already reported
            }
            if (root.is_null()) {
                m_diagnostics.add(file,
                                  "empty scenario file (expected at least reach: 1 and name:)");
            } else {
                wrong(root, "(top level)", "a map of scenario keys (reach: 1, name: ...)");
            }
            return {};
        }
        check_schema(root, file);
        const Tree* base = root.find("base");
        if (base == nullptr) {
            return root;
        }
        if (!base->is_scalar() || base->scalar.empty()) {
            wrong(*base, "base", "the path of a scenario file");
            m_chain_ok = false;
            return {};
        }
        const auto base_path = resolve(*base);
        const Tree written_base = *base;  // `root` changes below
        Tree parent = load_chain(base_path, &written_base, chain);
        root.erase("base");
        if (!parent.is_map()) {
            return root;
        }
        Tree merged = detail::merge(std::move(parent), root, append_paths);
        merged.at = root.at;
        return merged;
    }

    // Every file of a chain declares the schema it is written in.
    void check_schema(const Tree& root, const std::string& file) {
        const Tree* version = root.find("reach");
        if (version == nullptr) {
            m_diagnostics.add(file, root.at.line, root.at.column,
                              "reach: missing schema version (expected \"reach: 1\" as the "
                              "first line)");
            return;
        }
        const auto value = as_int(*version);
        if (!value || *value != schema_version) {
            error(version->at, "reach",
                  fmt::format("unsupported schema version {}", version->describe()),
                  fmt::format("{}", schema_version));
        }
    }

    // --- values -------------------------------------------------------------------------

    static std::optional<double> as_number(const Tree& node) {
        if (!node.is_scalar() || node.quoted || node.scalar.empty()) {
            return std::nullopt;
        }
        const auto& text = node.scalar;
        double value = 0.0;
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
            return std::nullopt;
        }
        return value;
    }

    static std::optional<long long> as_int(const Tree& node) {
        if (!node.is_scalar() || node.quoted || node.scalar.empty()) {
            return std::nullopt;
        }
        const auto& text = node.scalar;
        long long value = 0;
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (ec != std::errc{} || ptr != end) {
            return std::nullopt;
        }
        return value;
    }

    std::optional<std::string> text(const Tree& node, const std::string& path) {
        if (!node.is_scalar() || node.scalar.empty()) {
            wrong(node, path, "a non-empty text");
            return std::nullopt;
        }
        return node.scalar;
    }

    void text(const Tree& map, std::string_view key, const std::string& path, std::string& out) {
        if (const Tree* node = map.find(key)) {
            if (auto value = text(*node, join_path(path, key))) {
                out = std::move(*value);
            }
        }
    }

    std::optional<double> number(const Tree& node, const std::string& path, bool positive) {
        const auto value = as_number(node);
        if (!value) {
            wrong(node, path, positive ? "a number > 0" : "a number");
            return std::nullopt;
        }
        if (positive && *value <= 0.0) {
            error(node.at, path, fmt::format("{} is not positive", node.scalar), "a number > 0");
            return std::nullopt;
        }
        return value;
    }

    std::optional<long long> positive_int(const Tree& node, const std::string& path) {
        const auto value = as_int(node);
        if (!value || *value <= 0) {
            wrong(node, path, "a positive integer");
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> boolean(const Tree& node, const std::string& path) {
        if (node.is_scalar() && !node.quoted) {
            std::string lower = node.scalar;
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (lower == "true" || lower == "yes" || lower == "on") {
                return true;
            }
            if (lower == "false" || lower == "no" || lower == "off") {
                return false;
            }
        }
        wrong(node, path, "true or false");
        return std::nullopt;
    }

    // One of `names` (the enumerators' spellings, in enumerator order).
    template <typename Enum, std::size_t N>
    std::optional<Enum> choice(const Tree& node, const std::string& path,
                               const std::array<std::string_view, N>& names) {
        if (node.is_scalar()) {
            for (std::size_t i = 0; i < N; ++i) {
                if (node.scalar == names[i]) {
                    return static_cast<Enum>(i);
                }
            }
            error(node.at, path, fmt::format("unknown value \"{}\"", node.scalar),
                  known_keys_hint(node.scalar, names));
            return std::nullopt;
        }
        wrong(node, path, fmt::format("one of {}", fmt::join(names, ", ")));
        return std::nullopt;
    }

    std::optional<std::vector<std::string>> text_list(const Tree& node, const std::string& path,
                                                      bool allow_empty = false) {
        if (!node.is_sequence() || (!allow_empty && node.items.empty())) {
            error(node.at, path,
                  node.is_sequence() ? std::string("empty list") : "found " + node.describe(),
                  "a list of texts, e.g. [a, b]");
            return std::nullopt;
        }
        std::vector<std::string> values;
        bool ok = true;
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            const auto& item = node.items[i];
            if (auto value = text(item, item_path(path, i))) {
                if (std::find(values.begin(), values.end(), *value) != values.end()) {
                    error(item.at, item_path(path, i), fmt::format("\"{}\" listed twice", *value),
                          "each value once");
                    ok = false;
                }
                values.push_back(std::move(*value));
            } else {
                ok = false;
            }
        }
        return ok ? std::optional(std::move(values)) : std::nullopt;
    }

    // A map with only `known` keys; reports unknown keys. False when `node` is not a map.
    bool map_of(const Tree& node, const std::string& path, Keys known) {
        if (!node.is_map()) {
            wrong(node, path, "a map");
            return false;
        }
        for (const auto& [key, value] : node.entries) {
            if (std::find(known.begin(), known.end(), key.scalar) == known.end()) {
                error(key.at, join_path(path, key.scalar), "unknown key",
                      known_keys_hint(key.scalar, known));
            }
        }
        return true;
    }

    void missing(const Tree& map, const std::string& path, std::string_view key,
                 const std::string& expected) {
        error(map.at, path.empty() ? "(top level)" : path, fmt::format("missing key \"{}\"", key),
              expected);
    }

    static fs::path resolve(const Tree& node) {
        const fs::path written(node.scalar);
        if (written.is_absolute()) {
            return written.lexically_normal();
        }
        return (fs::path(node.at.file).parent_path() / written).lexically_normal();
    }

    // A path written in the scenario, relative to its file; `#layer` split off when
    // `with_layer`. `must_exist`: a missing file is an error.
    std::optional<FileRef> file(const Tree& node, const std::string& path, bool must_exist,
                                bool with_layer = false) {
        if (!node.is_scalar() || node.scalar.empty()) {
            wrong(node, path, "a file path");
            return std::nullopt;
        }
        FileRef ref;
        ref.at = node.at;
        ref.path = resolve(node);
        std::error_code ec;
        if (with_layer && !fs::exists(ref.path, ec)) {
            const auto hash = node.scalar.rfind('#');
            if (hash != std::string::npos) {
                Tree file_part = node;
                file_part.scalar = node.scalar.substr(0, hash);
                ref.path = resolve(file_part);
                ref.layer = node.scalar.substr(hash + 1);
            }
        }
        if (must_exist && !fs::exists(ref.path, ec)) {
            error(node.at, path, fmt::format("file \"{}\" not found", ref.path.string()),
                  "an existing file, relative to the scenario file naming it");
            return std::nullopt;
        }
        return ref;
    }

    void crs(const Tree& node, const std::string& path, bool metric, std::string& out) {
        const auto value = text(node, path);
        if (!value) {
            return;
        }
        try {
            const auto srs = geo::make_srs(*value);
            if (metric && !geo::is_metric(srs)) {
                error(node.at, path, fmt::format("CRS \"{}\" is not projected in metres", *value),
                      "a metric projected CRS such as EPSG:3035");
                return;
            }
        } catch (const InputError&) {
            error(node.at, path, fmt::format("unknown CRS \"{}\" (PROJ does not know it)", *value),
                  "a CRS PROJ knows, e.g. EPSG:3035");
            return;
        }
        out = *value;
    }

    // --- blocks -------------------------------------------------------------------------

    void read_scenario(const Tree& root, Scenario& s) {
        map_of(root, "", top_keys);
        if (const Tree* version = root.find("reach")) {
            if (const auto value = as_int(*version)) {
                s.schema = static_cast<int>(*value);
            }
        }
        s.name = s.source.stem().string();
        text(root, "name", "", s.name);
        text(root, "description", "", s.description);
        if (const Tree* node = root.find("crs")) {
            crs(*node, "crs", /*metric=*/true, s.crs);
        }
        if (const Tree* node = root.find("area")) {
            read_area(*node, s);
        }
        const Tree* roads = root.find("roads");
        const Tree* matrix = root.find("matrix");
        if (roads != nullptr) {
            read_roads(*roads, s);
        }
        if (matrix != nullptr) {
            if (roads != nullptr) {
                error(matrix->at, "matrix", "given together with roads",
                      "either roads or matrix, not both");
            }
            read_matrix(*matrix, s);
        }
        if (roads == nullptr && matrix == nullptr) {
            missing(root, "", "roads", "roads: {file: ...} or matrix: {file: ...}");
        }
        read_profiles(root.find("profiles"), root, s);
        if (const Tree* node = root.find("population")) {
            read_population(*node, s);
        } else {
            missing(root, "", "population", "population: {file: ..., groups: {...}}");
        }
        if (const Tree* node = root.find("centres")) {
            read_centres(*node, s);
        } else {
            missing(root, "", "centres", "centres: {file: ...}");
        }
        read_thresholds(root, s);
        if (const Tree* node = root.find("cross_border")) {
            if (const auto v = choice<CrossBorder>(
                    *node, "cross_border", std::array<std::string_view, 2>{"allow", "deny"})) {
                s.cross_border = *v;
            }
        }
        if (const Tree* node = root.find("snap")) {
            read_snap(*node, s);
        }
        read_measures(root.find("measures"), s);
        if (const Tree* node = root.find("catchments")) {
            read_catchments(*node, s);
        }
        if (const Tree* node = root.find("optimize")) {
            read_optimize(*node, s);
        }
        if (const Tree* node = root.find("outputs")) {
            read_outputs(*node, s);
        }
    }

    void read_area(const Tree& node, Scenario& s) {
        const std::string path = "area";
        if (!map_of(node, path, area_keys)) {
            return;
        }
        Area area;
        if (const Tree* b = node.find("boundaries")) {
            if (auto ref = file(*b, "area.boundaries", true, /*with_layer=*/true)) {
                area.boundaries = std::move(*ref);
            }
        } else {
            missing(node, path, "boundaries", "a GDAL vector file of the study areas");
        }
        text(node, "id_field", path, area.id_field);
        text(node, "name_field", path, area.name_field);
        text(node, "country_field", path, area.country_field);
        bool select_ok = false;
        if (const Tree* sel = node.find("select")) {
            if (auto ids = text_list(*sel, "area.select")) {
                area.select = std::move(*ids);
                select_ok = true;
            }
        }
        if (area.boundaries.given()) {
            check_boundaries(node, area, select_ok);
        }
        s.area = std::move(area);
    }

    // The id column (and the name and country columns, when written) exist in the boundaries
    // layer, and every id of area.select is an area of it.
    void check_boundaries(const Tree& node, const Area& area, bool select_ok) {
        const auto& at = area.boundaries.at;
        const auto file = area.boundaries.gdal_path();
        const auto report = [&](const std::string& what) {
            m_diagnostics.add(at.file, at.line, at.column, "area.boundaries: " + what);
        };
        const auto dataset = io::gdal::open_dataset(area.boundaries.path.string(), GDAL_OF_VECTOR);
        if (!dataset) {
            report(fmt::format("GDAL cannot open \"{}\" (expected a vector file, e.g. GeoPackage)",
                               area.boundaries.path.string()));
            return;
        }
        OGRLayer* layer = nullptr;
        try {
            layer = &io::gdal::pick_layer(*dataset, area.boundaries.path.string(),
                                          area.boundaries.layer);
        } catch (const InputError& e) {
            report(e.what());
            return;
        }
        const auto& defn = *layer->GetLayerDefn();
        int id_index = -1;
        for (const auto& [key, value] :
             {std::pair{"id_field", &area.id_field}, std::pair{"name_field", &area.name_field},
              std::pair{"country_field", &area.country_field}}) {
            const Tree* written = node.find(key);
            if (written == nullptr && std::string_view(key) != "id_field") {
                continue;  // a default name: the run decides whether it needs the column
            }
            const int index = defn.GetFieldIndex(value->c_str());
            if (index < 0) {
                error(written != nullptr ? written->at : node.at, std::string("area.") + key,
                      fmt::format("no column \"{}\" in {}", *value, file),
                      fmt::format("one of its columns: {}", io::gdal::field_names(defn)));
            } else if (std::string_view(key) == "id_field") {
                id_index = index;
            }
        }
        const Tree* select = node.find("select");
        if (id_index < 0 || !select_ok || select == nullptr) {
            return;
        }
        std::vector<std::string> ids;
        layer->ResetReading();
        for (auto& feature : *layer) {
            ids.push_back(io::gdal::field_text(*feature, id_index).text);
        }
        std::sort(ids.begin(), ids.end());
        for (std::size_t i = 0; i < area.select.size(); ++i) {
            const auto& id = area.select[i];
            if (std::binary_search(ids.begin(), ids.end(), id)) {
                continue;
            }
            const std::vector<std::string_view> known(ids.begin(), ids.end());
            auto hint = known_keys_hint(id, known);
            if (known.size() > 20) {  // too many to list: keep only the suggestion
                const auto cut = hint.find("; ");
                hint = "an id of the layer" +
                       (cut == std::string::npos ? std::string() : hint.substr(cut));
            }
            error(select->items[i].at, item_path("area.select", i),
                  fmt::format("no area \"{}\" in {}", id, file), hint);
        }
    }

    void read_roads(const Tree& node, Scenario& s) {
        const std::string path = "roads";
        if (!map_of(node, path, roads_keys)) {
            return;
        }
        Roads roads;
        const Tree* file_node = node.find("file");
        const Tree* standin_node = node.find("standin");
        std::error_code ec;
        bool file_exists = false;
        if (file_node != nullptr) {
            if (auto ref = file(*file_node, "roads.file", false, true)) {
                roads.file = std::move(*ref);
                file_exists = fs::exists(roads.file.path, ec);
                if (!file_exists && standin_node == nullptr) {
                    error(file_node->at, "roads.file",
                          fmt::format("file \"{}\" not found", roads.file.path.string()),
                          "an existing road file (or roads.standin for when it is absent)");
                }
            }
        }
        if (standin_node != nullptr) {
            // The stand-in must exist even while the real file is there: it is the
            // documented fallback, and a broken one should not surface only later.
            if (auto ref = file(*standin_node, "roads.standin", true, true)) {
                roads.standin = std::move(*ref);
            }
        }
        if (file_node == nullptr && standin_node == nullptr) {
            missing(node, path, "file", "the road network file (OSM PBF/XML or a GDAL layer)");
        }
        if (file_exists) {
            roads.chosen = roads.file;
        } else if (roads.standin.given()) {
            roads.chosen = roads.standin;
            roads.chosen_is_standin = true;
        }
        if (const Tree* columns = node.find("columns")) {
            if (map_of(*columns, "roads.columns", road_column_keys)) {
                for (const auto& [key, value] : columns->entries) {
                    if (auto column = text(value, "roads.columns." + key.scalar)) {
                        roads.columns[key.scalar] = *column;
                    }
                }
            }
        }
        s.roads = std::move(roads);
    }

    void read_matrix(const Tree& node, Scenario& s) {
        if (!map_of(node, "matrix", matrix_keys)) {
            return;
        }
        Matrix matrix;
        if (const Tree* f = node.find("file")) {
            if (auto ref = file(*f, "matrix.file", true)) {
                matrix.file = std::move(*ref);
            }
        } else {
            missing(node, "matrix", "file", "a CSV origin_id,destination_id,time_min");
        }
        s.matrix = std::move(matrix);
    }

    void read_profiles(const Tree* node, const Tree& root, Scenario& s) {
        const bool needed = root.find("roads") != nullptr;
        if (node == nullptr) {
            if (needed) {
                missing(root, "", "profiles", "profiles: {use: [car, ...]}");
                m_use_valid = false;
            }
            return;
        }
        if (!map_of(*node, "profiles", profiles_keys)) {
            m_use_valid = false;
            return;
        }
        if (const Tree* f = node->find("file")) {
            if (auto ref = file(*f, "profiles.file", true)) {
                s.profiles.file = std::move(*ref);
            }
        } else if (!m_options.default_profiles_file.empty()) {
            s.profiles.file.path = m_options.default_profiles_file;
        }
        const Tree* use = node->find("use");
        if (use == nullptr) {
            missing(*node, "profiles", "use", "the profiles to compute, e.g. use: [car]");
            m_use_valid = false;
            return;
        }
        auto names = text_list(*use, "profiles.use");
        if (!names) {
            m_use_valid = false;
            return;
        }
        s.profiles.use = *names;
        m_use = std::move(*names);
        check_profiles_exist(*use, s.profiles.file);
    }

    // Each name of profiles.use must be a profile of the profile file.
    void check_profiles_exist(const Tree& use, const FileRef& profile_file) {
        std::error_code ec;
        if (!profile_file.given() || !fs::is_regular_file(profile_file.path, ec)) {
            return;  // not found is reported where the file is named
        }
        network::ProfileSet set;
        try {
            set = network::load_profiles(profile_file.path.string());
        } catch (const InputError& e) {
            std::istringstream lines(e.what());
            for (std::string line; std::getline(lines, line);) {
                m_diagnostics.add("", line);
            }
            return;
        }
        std::vector<std::string> known;
        known.reserve(set.profiles.size());
        for (const auto& entry : set.profiles) {
            known.push_back(entry.first);
        }
        for (std::size_t i = 0; i < use.items.size(); ++i) {
            const auto& item = use.items[i];
            if (!set.profiles.contains(item.scalar)) {
                error(
                    item.at, item_path("profiles.use", i),
                    fmt::format("no profile \"{}\" in {}", item.scalar, profile_file.path.string()),
                    fmt::format("one of {}", fmt::join(known, ", ")));
                m_use_valid = false;
            }
        }
    }

    void read_population(const Tree& node, Scenario& s) {
        const std::string path = "population";
        if (!map_of(node, path, population_keys)) {
            return;
        }
        auto& pop = s.population;
        if (const Tree* f = node.find("file")) {
            if (auto ref = file(*f, "population.file", true, true)) {
                pop.file = std::move(*ref);
            }
        } else {
            missing(node, path, "file", "a population grid (CSV, GDAL vector or GeoTIFF)");
        }
        text(node, "id_field", path, pop.id_field);
        text(node, "x_field", path, pop.x_field);
        text(node, "y_field", path, pop.y_field);
        text(node, "country_field", path, pop.country_field);
        if (pop.x_field.empty() != pop.y_field.empty()) {
            error(node.at, path,
                  pop.x_field.empty() ? "y_field without x_field" : "x_field without y_field",
                  "both x_field and y_field, or neither");
        }
        if (const Tree* c = node.find("crs")) {
            crs(*c, "population.crs", false, pop.crs);
        }
        if (const Tree* p = node.find("point")) {
            if (const auto v =
                    choice<PointAnchor>(*p, "population.point",
                                        std::array<std::string_view, 2>{"centre", "lower_left"})) {
                pop.point = *v;
                if (pop.point == PointAnchor::lower_left && node.find("cell_size_m") == nullptr) {
                    error(p->at, "population.point", "lower_left without cell_size_m",
                          "cell_size_m: the cell edge in metres");
                }
            }
        }
        if (const Tree* c = node.find("cell_size_m")) {
            pop.cell_size_m = number(*c, "population.cell_size_m", true);
        }
        const Tree* groups = node.find("groups");
        if (groups == nullptr) {
            missing(node, path, "groups", "groups: {total: {column: T}}");
            return;
        }
        if (!groups->is_map() || groups->entries.empty()) {
            wrong(*groups, "population.groups", "a map of group name → {column: ...}");
            return;
        }
        for (const auto& [key, value] : groups->entries) {
            read_group(key, value, pop);
        }
        // After every group is known: `base:` may name a group written later.
        for (std::size_t i = 0; i < pop.groups.size(); ++i) {
            const auto& g = pop.groups[i];
            const Tree& value = groups->entries[i].value;
            if (!g.base.empty()) {
                const auto* base_group = pop.find_group(g.base);
                const Tree& base_node = *value.find("base");
                const auto base_path = "population.groups." + g.name + ".base";
                if (base_group == nullptr || g.base == g.name) {
                    error(base_node.at, base_path, fmt::format("no group \"{}\"", g.base),
                          "another group of population.groups, e.g. total");
                } else if (base_group->rates.given()) {
                    error(base_node.at, base_path,
                          fmt::format("group \"{}\" is itself spread from rates", g.base),
                          "a group with counts (column or band)");
                }
            }
            if (g.impute == Impute::share_of_total_in_country && !pop.find_group("total")) {
                error(value.find("impute")->at, "population.groups." + g.name + ".impute",
                      "share_of_total_in_country without a \"total\" group",
                      "a group named total, or impute: none");
            }
        }
        if (pop.file.given()) {
            check_population_columns(node, *groups, pop);
        }
    }

    // The columns the scenario names exist in a CSV or vector population file (rasters have
    // bands, checked when read). Only the header is read.
    void check_population_columns(const Tree& node, const Tree& groups, const Population& pop) {
        const auto path = pop.file.path.string();
        io::gdal::DatasetPtr dataset;
        try {
            dataset = io::gdal::is_csv(path) ? io::gdal::open_csv(path)
                                             : io::gdal::open_dataset(path, GDAL_OF_VECTOR);
        } catch (const InputError&) {
            dataset = nullptr;  // reported by the population reader, with the record
        }
        if (!dataset || dataset->GetLayerCount() == 0) {
            return;  // a raster, or not readable here: the population reader reports it
        }
        OGRLayer* layer = nullptr;
        try {
            layer = &io::gdal::pick_layer(*dataset, path, pop.file.layer);
        } catch (const InputError& e) {
            const auto& at = pop.file.at;
            m_diagnostics.add(at.file, at.line, at.column,
                              std::string("population.file: ") + e.what());
            return;
        }
        const auto& defn = *layer->GetLayerDefn();
        const auto file = pop.file.gdal_path();
        const auto check = [&](const Tree& map, const std::string& map_path, std::string_view key,
                               const std::string& column) {
            if (column.empty() || defn.GetFieldIndex(column.c_str()) >= 0) {
                return;
            }
            const Tree* written = map.find(key);
            error(written != nullptr ? written->at : map.at, join_path(map_path, key),
                  fmt::format("no column \"{}\" in {}", column, file),
                  fmt::format("one of its columns: {}", io::gdal::field_names(defn)));
        };
        check(node, "population", "id_field", pop.id_field);
        check(node, "population", "x_field", pop.x_field);
        check(node, "population", "y_field", pop.y_field);
        check(node, "population", "country_field", pop.country_field);
        for (std::size_t i = 0; i < pop.groups.size(); ++i) {
            const auto& g = pop.groups[i];
            const Tree& value = groups.entries[i].value;
            if (!value.is_map() || g.band != 0) {
                continue;
            }
            check(value, "population.groups." + g.name, "column", g.column);
            check(value, "population.groups." + g.name, "flag_column", g.flag_column);
        }
    }

    void read_group(const Tree& key, const Tree& value, Population& pop) {
        const auto path = "population.groups." + key.scalar;
        Group g;
        g.name = key.scalar;
        g.at = key.at;
        if (!map_of(value, path, group_keys)) {
            pop.groups.push_back(std::move(g));
            return;
        }
        text(value, "column", path, g.column);
        if (const Tree* b = value.find("band")) {
            if (const auto band = positive_int(*b, path + ".band")) {
                g.band = static_cast<int>(*band);
            }
        }
        if (const Tree* f = value.find("file")) {
            if (auto ref = file(*f, path + ".file", true)) {
                g.file = std::move(*ref);
            }
        }
        if (const Tree* r = value.find("rates")) {
            if (auto ref = file(*r, path + ".rates", true)) {
                g.rates = std::move(*ref);
            }
        }
        text(value, "base", path, g.base);
        text(value, "flag_column", path, g.flag_column);
        if (const Tree* i = value.find("impute")) {
            if (const auto v = choice<Impute>(
                    *i, path + ".impute",
                    std::array<std::string_view, 2>{"none", "share_of_total_in_country"})) {
                g.impute = *v;
            }
            if (value.find("flag_column") == nullptr) {
                error(i->at, path + ".impute", "impute without flag_column",
                      "flag_column: the column that is 1 where the count is confidential");
            }
        }
        // Exactly one source of counts.
        const int sources = (value.find("column") ? 1 : 0) + (value.find("band") ? 1 : 0) +
                            (value.find("rates") ? 1 : 0);
        if (sources != 1) {
            error(sources == 0 ? value.at : key.at, path,
                  sources == 0 ? "no source of counts" : "more than one source of counts",
                  "exactly one of column, band (raster) or rates (with base)");
        }
        if (value.find("rates") != nullptr && value.find("base") == nullptr) {
            missing(value, path, "base", "the group the rates are spread over, e.g. base: total");
        }
        if (value.find("base") != nullptr && value.find("rates") == nullptr) {
            error(value.find("base")->at, path + ".base", "base without rates",
                  "base only together with rates");
        }
        if (value.find("file") != nullptr && value.find("band") == nullptr) {
            error(value.find("file")->at, path + ".file", "file without band",
                  "file only for raster groups, with band: N");
        }
        if (const Tree* p = value.find("profiles")) {
            if (auto names = text_list(*p, path + ".profiles")) {
                for (std::size_t i = 0; i < names->size(); ++i) {
                    const auto& name = (*names)[i];
                    if (m_use_valid && std::find(m_use.begin(), m_use.end(), name) == m_use.end()) {
                        error(p->items[i].at, item_path(path + ".profiles", i),
                              fmt::format("profile \"{}\" is not in profiles.use", name),
                              m_use.empty() ? std::string("a profile of profiles.use")
                                            : fmt::format("one of {}", fmt::join(m_use, ", ")));
                    }
                }
                g.profiles = std::move(*names);
            }
        } else {
            g.profiles = m_use;
        }
        if (const Tree* o = value.find("off_network_kmh")) {
            g.off_network_kmh = number(*o, path + ".off_network_kmh", true);
        }
        pop.groups.push_back(std::move(g));
    }

    std::vector<std::string> services(const Tree& node, const std::string& path) {
        // A list, or one ";"-separated text as in the centres file.
        if (node.is_scalar()) {
            std::vector<std::string> out;
            std::string_view rest = node.scalar;
            while (!rest.empty()) {
                const auto cut = rest.find(';');
                const auto part = rest.substr(0, cut);
                if (!part.empty()) {
                    out.emplace_back(part);
                }
                rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
            }
            return out;
        }
        if (auto list = text_list(node, path, /*allow_empty=*/true)) {
            return *list;
        }
        return {};
    }

    void read_centres(const Tree& node, Scenario& s) {
        const std::string path = "centres";
        if (!map_of(node, path, centres_keys)) {
            return;
        }
        auto& c = s.centres;
        if (const Tree* f = node.find("file")) {
            if (auto ref = file(*f, "centres.file", true, true)) {
                c.file = std::move(*ref);
            }
        } else {
            missing(node, path, "file", "a CSV or GDAL point layer of the existing centres");
        }
        text(node, "id_field", path, c.id_field);
        text(node, "capacity_field", path, c.capacity_field);
        text(node, "operator_field", path, c.operator_field);
        text(node, "services_field", path, c.services_field);
        text(node, "country_field", path, c.country_field);
        if (const Tree* n = node.find("crs")) {
            crs(*n, "centres.crs", false, c.crs);
        }
        std::set<std::string> added;
        if (const Tree* add = node.find("add")) {
            if (!add->is_sequence()) {
                wrong(*add, "centres.add", "a list of {id, lon, lat, capacity, ...}");
            } else {
                for (std::size_t i = 0; i < add->items.size(); ++i) {
                    if (auto a = read_add(add->items[i], item_path("centres.add", i), added)) {
                        c.add.push_back(std::move(*a));
                    }
                }
            }
        }
        if (const Tree* close = node.find("close")) {
            if (!close->is_sequence()) {
                wrong(*close, "centres.close", "a list of centre ids, e.g. [C7]");
            } else {
                for (std::size_t i = 0; i < close->items.size(); ++i) {
                    const auto& item = close->items[i];
                    if (auto id = text(item, item_path("centres.close", i))) {
                        c.close.push_back({*id, item.at});
                    }
                }
            }
        }
        if (const Tree* modify = node.find("modify")) {
            if (!modify->is_sequence()) {
                wrong(*modify, "centres.modify", "a list of {id, capacity, ...}");
            } else {
                for (std::size_t i = 0; i < modify->items.size(); ++i) {
                    read_modify(modify->items[i], item_path("centres.modify", i), c);
                }
            }
        }
    }

    // One new centre ({id, lon, lat | x, y, capacity, ...}): centres.add and inline
    // optimize.candidates. `added` catches an id given twice.
    std::optional<CentreAdd> read_add(const Tree& item, const std::string& path,
                                      std::set<std::string>& added) {
        if (!map_of(item, path, add_keys)) {
            return std::nullopt;
        }
        CentreAdd a;
        a.at = item.at;
        if (const Tree* id = item.find("id")) {
            a.at = id->at;
            if (auto value = text(*id, path + ".id")) {
                a.id = *value;
                if (!added.insert(a.id).second) {
                    error(id->at, path + ".id", fmt::format("centre \"{}\" added twice", a.id),
                          "each added id once");
                }
            }
        } else {
            missing(item, path, "id", "the new centre's id");
        }
        const auto coordinate = [&](std::string_view key, std::optional<double>& out,
                                    double limit) {
            if (const Tree* n = item.find(key)) {
                const auto k = path + "." + std::string(key);
                out = number(*n, k, false);
                if (out && limit > 0.0 && std::abs(*out) > limit) {
                    error(n->at, k, fmt::format("{} is out of range", n->scalar),
                          fmt::format("a value in [-{}, {}]", limit, limit));
                    out.reset();
                }
            }
        };
        coordinate("lon", a.lon, 180.0);
        coordinate("lat", a.lat, 90.0);
        coordinate("x", a.x, 0.0);
        coordinate("y", a.y, 0.0);
        const bool lonlat = item.find("lon") != nullptr || item.find("lat") != nullptr;
        const bool xy = item.find("x") != nullptr || item.find("y") != nullptr;
        const bool lonlat_complete = item.find("lon") != nullptr && item.find("lat") != nullptr;
        const bool xy_complete = item.find("x") != nullptr && item.find("y") != nullptr;
        if (lonlat == xy || (lonlat && !lonlat_complete) || (xy && !xy_complete)) {
            error(item.at, path, "no single location",
                  "either lon and lat (EPSG:4326) or x and y (centres.crs)");
        }
        if (const Tree* n = item.find("capacity")) {
            a.capacity = non_negative(*n, path + ".capacity");
        }
        if (const Tree* n = item.find("cost_eur")) {
            a.cost_eur = non_negative(*n, path + ".cost_eur");
        }
        text(item, "operator", path, a.operator_type);
        text(item, "country", path, a.country);
        text(item, "name", path, a.name);
        if (const Tree* n = item.find("services")) {
            a.services = services(*n, path + ".services");
        }
        return a;
    }

    std::optional<double> non_negative(const Tree& node, const std::string& path) {
        const auto value = as_number(node);
        if (!value || *value < 0.0) {
            wrong(node, path, "a number ≥ 0");
            return std::nullopt;
        }
        return value;
    }

    void read_modify(const Tree& item, const std::string& path, Centres& c) {
        if (!map_of(item, path, modify_keys)) {
            return;
        }
        CentreModify m;
        m.at = item.at;
        if (const Tree* id = item.find("id")) {
            m.at = id->at;
            if (auto value = text(*id, path + ".id")) {
                m.id = *value;
            }
        } else {
            missing(item, path, "id", "the id of the centre to change");
        }
        if (const Tree* n = item.find("capacity")) {
            m.capacity = non_negative(*n, path + ".capacity");
        }
        if (const Tree* n = item.find("services")) {
            m.services = services(*n, path + ".services");
        }
        if (const Tree* n = item.find("operator")) {
            m.operator_type = text(*n, path + ".operator");
        }
        if (item.entries.size() == 1 && item.find("id") != nullptr) {
            error(item.at, path, "nothing to change",
                  "at least one of capacity, services, operator");
        }
        c.modify.push_back(std::move(m));
    }

    void read_thresholds(const Tree& root, Scenario& s) {
        bool thresholds_ok = true;
        if (const Tree* node = root.find("thresholds_min")) {
            const std::string expected = "strictly increasing positive integers, e.g. [15, 30]";
            if (!node->is_sequence() || node->items.empty()) {
                error(node->at, "thresholds_min",
                      node->is_sequence() ? std::string("empty list") : "found " + node->describe(),
                      expected);
                thresholds_ok = false;
            } else {
                std::vector<int> values;
                for (std::size_t i = 0; i < node->items.size(); ++i) {
                    const auto& item = node->items[i];
                    const auto path = item_path("thresholds_min", i);
                    const auto value = as_int(item);
                    if (!value || *value <= 0 || *value > 100000) {
                        wrong(item, path, expected);
                        thresholds_ok = false;
                        continue;
                    }
                    if (!values.empty() && *value <= values.back()) {
                        error(item.at, path,
                              fmt::format("{} is not greater than {}", *value, values.back()),
                              expected);
                        thresholds_ok = false;
                    }
                    values.push_back(static_cast<int>(*value));
                }
                if (thresholds_ok) {
                    s.thresholds_min = std::move(values);
                }
            }
        }
        const Tree* target = root.find("target_min");
        if (target != nullptr) {
            const auto value = as_int(*target);
            if (!value || *value <= 0) {
                wrong(*target, "target_min", "a positive integer, one of thresholds_min");
                return;
            }
            s.target_min = static_cast<int>(*value);
        }
        if (thresholds_ok && std::find(s.thresholds_min.begin(), s.thresholds_min.end(),
                                       s.target_min) == s.thresholds_min.end()) {
            // Point at whichever of the two the most derived file wrote (a child that
            // changes the thresholds broke the inherited target, not the other way round).
            const Tree* thresholds = root.find("thresholds_min");
            const Tree& where =
                target == nullptr || (thresholds != nullptr &&
                                      chain_rank(thresholds->at, s) < chain_rank(target->at, s))
                    ? *thresholds
                    : *target;
            error(where.at, "target_min",
                  fmt::format("{} is not one of thresholds_min", s.target_min),
                  fmt::format("one of {}", fmt::join(s.thresholds_min, ", ")));
        }
    }

    // 0 for the loaded file, 1 for its base, ...
    static std::size_t chain_rank(const Location& at, const Scenario& s) {
        for (std::size_t i = 0; i < s.chain.size(); ++i) {
            if (s.chain[i].string() == at.file) {
                return i;
            }
        }
        return s.chain.size();
    }

    void read_snap(const Tree& node, Scenario& s) {
        if (!map_of(node, "snap", snap_keys)) {
            return;
        }
        if (const Tree* n = node.find("max_distance_m")) {
            if (const auto v = number(*n, "snap.max_distance_m", true)) {
                s.snap.max_distance_m = *v;
            }
        }
        if (const Tree* n = node.find("on_unsnapped_centre")) {
            if (const auto v =
                    choice<OnUnsnappedCentre>(*n, "snap.on_unsnapped_centre",
                                              std::array<std::string_view, 2>{"error", "warn"})) {
                s.snap.on_unsnapped_centre = *v;
            }
        }
    }

    std::optional<std::vector<double>> number_list(const Tree& node, const std::string& path,
                                                   bool increasing) {
        if (!node.is_sequence() || node.items.empty()) {
            wrong(node, path, "a non-empty list of numbers");
            return std::nullopt;
        }
        std::vector<double> values;
        bool ok = true;
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            const auto value = number(node.items[i], item_path(path, i), true);
            if (!value) {
                ok = false;
                continue;
            }
            if (increasing && !values.empty() && *value <= values.back()) {
                error(node.items[i].at, item_path(path, i),
                      fmt::format("{} is not greater than {}", node.items[i].scalar,
                                  node.items[i - 1].scalar),
                      "strictly increasing numbers");
                ok = false;
            }
            values.push_back(*value);
        }
        return ok ? std::optional(std::move(values)) : std::nullopt;
    }

    void read_measures(const Tree* node, Scenario& s) {
        auto& e = s.measures.e2sfca;
        const Tree* e2 = nullptr;
        if (node != nullptr && map_of(*node, "measures", measures_keys)) {
            if (const Tree* n = node->find("service")) {
                s.measures.service = text(*n, "measures.service");
            }
            if (const Tree* n = node->find("equity_rank_column")) {
                s.measures.equity_rank_column = text(*n, "measures.equity_rank_column");
            }
            e2 = node->find("e2sfca");
        }
        s.measures.e2sfca_given = e2 != nullptr;
        if (e2 != nullptr && map_of(*e2, "measures.e2sfca", e2sfca_keys)) {
            const std::string path = "measures.e2sfca";
            if (const Tree* n = e2->find("decay")) {
                if (const auto v = choice<Decay>(
                        *n, path + ".decay", std::array<std::string_view, 2>{"step", "gaussian"})) {
                    e.decay = *v;
                }
            }
            const Tree* breaks = e2->find("breaks_min");
            const Tree* weights = e2->find("weights");
            const Tree* catchment = e2->find("catchment_min");
            if (e.decay == Decay::step) {
                if ((breaks == nullptr) != (weights == nullptr)) {
                    missing(*e2, path, breaks == nullptr ? "breaks_min" : "weights",
                            "breaks_min and weights together, one weight per break");
                } else if (breaks != nullptr) {
                    const auto b = number_list(*breaks, path + ".breaks_min", true);
                    const auto w = number_list(*weights, path + ".weights", false);
                    if (b && w && b->size() != w->size()) {
                        error(weights->at, path + ".weights",
                              fmt::format("{} weights for {} breaks", w->size(), b->size()),
                              "one weight per break");
                    } else if (b && w) {
                        e.breaks_min = *b;
                        e.weights = *w;
                    }
                }
                if (catchment != nullptr) {
                    error(catchment->at, path + ".catchment_min", "given with decay: step",
                          "catchment_min only with decay: gaussian (step uses breaks_min)");
                }
            } else {
                e.breaks_min.clear();
                e.weights.clear();
                for (const auto& [n, key] :
                     {std::pair{breaks, ".breaks_min"}, std::pair{weights, ".weights"}}) {
                    if (n != nullptr) {
                        error(n->at, path + key, "given with decay: gaussian",
                              "catchment_min only (breaks_min and weights are for step)");
                    }
                }
                if (catchment == nullptr) {
                    missing(*e2, path, "catchment_min", "the Gaussian catchment d0 in minutes");
                } else {
                    e.catchment_min = number(*catchment, path + ".catchment_min", true);
                }
            }
            if (const Tree* n = e2->find("demand_group")) {
                if (auto g = text(*n, path + ".demand_group")) {
                    e.demand_group = *g;
                    if (!s.population.groups.empty() &&
                        s.population.find_group(e.demand_group) == nullptr) {
                        error(n->at, path + ".demand_group",
                              fmt::format("no group \"{}\"", e.demand_group),
                              "a group of population.groups");
                    }
                }
            }
        }
        if (e.demand_group.empty() && !s.population.groups.empty()) {
            e.demand_group = s.population.find_group("total") != nullptr
                                 ? std::string("total")
                                 : s.population.groups.front().name;
        }
    }

    void read_catchments(const Tree& node, Scenario& s) {
        if (!map_of(node, "catchments", catchments_keys)) {
            return;
        }
        if (const Tree* n = node.find("raster_resolution_m")) {
            if (const auto v = number(*n, "catchments.raster_resolution_m", true)) {
                s.catchments.raster_resolution_m = *v;
            }
        }
        if (const Tree* n = node.find("per_centre")) {
            if (const auto v = boolean(*n, "catchments.per_centre")) {
                s.catchments.per_centre = *v;
            }
        }
        if (const Tree* n = node.find("simplify_m")) {
            if (const auto v = number(*n, "catchments.simplify_m", false); v && *v < 0.0) {
                error(n->at, "catchments.simplify_m", fmt::format("{} is negative", n->scalar),
                      "a number ≥ 0 (0 = the pixel edges)");
            } else if (v) {
                s.catchments.simplify_m = *v;
            }
        }
    }

    void read_optimize(const Tree& node, Scenario& s) {
        const std::string path = "optimize";
        if (!map_of(node, path, optimize_keys)) {
            return;
        }
        Optimize o;
        if (const Tree* n = node.find("candidates")) {
            if (n->is_sequence() && !n->items.empty()) {  // inline, like centres.add
                std::set<std::string> ids;
                for (std::size_t i = 0; i < n->items.size(); ++i) {
                    if (auto a = read_add(n->items[i], item_path("optimize.candidates", i), ids)) {
                        o.inline_candidates.push_back(std::move(*a));
                    }
                }
            } else if (n->is_sequence()) {
                wrong(*n, "optimize.candidates", "a file or a non-empty list of sites");
            } else if (auto ref = file(*n, "optimize.candidates", true, true)) {
                o.candidates = std::move(*ref);
            }
        } else {
            missing(node, path, "candidates", "a CSV or point layer of candidate sites");
        }
        if (const Tree* n = node.find("objective")) {
            if (const auto v =
                    choice<Objective>(*n, "optimize.objective",
                                      std::array<std::string_view, 4>{"mclp", "pmedian", "lscp",
                                                                      "access"})) {
                o.objective = *v;
            }
        }
        if (const Tree* n = node.find("group_weights")) {
            if (!n->is_map()) {
                wrong(*n, "optimize.group_weights", "a map of group → weight");
            } else {
                for (const auto& [key, value] : n->entries) {
                    const auto k = "optimize.group_weights." + key.scalar;
                    if (s.population.find_group(key.scalar) == nullptr &&
                        !s.population.groups.empty()) {
                        error(key.at, k, fmt::format("no group \"{}\"", key.scalar),
                              "a group of population.groups");
                    }
                    if (const auto w = non_negative(value, k)) {
                        o.group_weights[key.scalar] = *w;
                    }
                }
            }
        }
        if (const Tree* n = node.find("profile")) {
            if (auto p = text(*n, "optimize.profile")) {
                o.profile = *p;
                if (m_use_valid && !m_use.empty() &&
                    std::find(m_use.begin(), m_use.end(), o.profile) == m_use.end()) {
                    error(n->at, "optimize.profile",
                          fmt::format("profile \"{}\" is not in profiles.use", o.profile),
                          fmt::format("one of {}", fmt::join(m_use, ", ")));
                }
            }
        } else if (!m_use.empty()) {
            o.profile = m_use.front();
        }
        if (const Tree* n = node.find("keep_existing")) {
            if (const auto v = boolean(*n, "optimize.keep_existing")) {
                o.keep_existing = *v;
            }
        }
        if (const Tree* n = node.find("k")) {
            if (const auto v = positive_int(*n, "optimize.k")) {
                o.k = static_cast<int>(*v);
            }
        }
        if (const Tree* n = node.find("budget_eur")) {
            o.budget_eur = number(*n, "optimize.budget_eur", true);
        }
        if (const Tree* n = node.find("max_time_min")) {
            o.max_time_min = number(*n, "optimize.max_time_min", true);
        }
        s.optimize = std::move(o);
    }

    void read_outputs(const Tree& node, Scenario& s) {
        if (!map_of(node, "outputs", outputs_keys)) {
            return;
        }
        if (const Tree* n = node.find("dir")) {
            if (n->is_scalar() && !n->scalar.empty()) {
                s.outputs.dir = resolve(*n);
            } else {
                wrong(*n, "outputs.dir", "a folder path");
            }
        }
        if (const Tree* n = node.find("formats")) {
            if (auto formats = text_list(*n, "outputs.formats")) {
                bool ok = true;
                for (std::size_t i = 0; i < formats->size(); ++i) {
                    const auto& f = (*formats)[i];
                    if (std::find(output_formats.begin(), output_formats.end(), f) ==
                        output_formats.end()) {
                        error(n->items[i].at, item_path("outputs.formats", i),
                              fmt::format("unknown format \"{}\"", f),
                              known_keys_hint(f, output_formats));
                        ok = false;
                    }
                }
                if (ok) {
                    s.outputs.formats = std::move(*formats);
                }
            }
        }
        if (const Tree* n = node.find("network_layer")) {
            if (const auto v = boolean(*n, "outputs.network_layer")) {
                s.outputs.network_layer = *v;
            }
        }
        if (const Tree* n = node.find("files")) {
            if (!n->is_map()) {
                wrong(*n, "outputs.files", "a map of output → file name, e.g. {cells: my.csv}");
            } else {
                std::map<std::string, std::string> taken;  // file name → output key
                for (const auto& [key, value] : n->entries) {
                    const auto path = "outputs.files." + key.scalar;
                    auto name = text(value, path);
                    if (!name) {
                        continue;
                    }
                    if (auto problem = output_rename_problem(key.scalar, *name, m_use)) {
                        error(value.at, path, problem->problem, problem->expected);
                    } else if (auto [it, fresh] = taken.emplace(*name, key.scalar); !fresh) {
                        error(value.at, path,
                              fmt::format("\"{}\" is already the file of {}", *name, it->second),
                              "a file name no other output uses");
                    } else {
                        s.outputs.files[key.scalar] = *name;
                    }
                }
            }
        }
    }
};

}  // namespace

void check_centre_edits(const Scenario& scenario, const std::vector<std::string>& existing_ids) {
    const auto& c = scenario.centres;
    const std::set<std::string, std::less<>> existing(existing_ids.begin(), existing_ids.end());
    std::set<std::string, std::less<>> added;
    Diagnostics diagnostics;
    const auto report = [&](const Location& at, const std::string& what) {
        diagnostics.add(at.file, at.line, at.column, what);
    };
    const auto file = c.file.gdal_path();
    for (std::size_t i = 0; i < c.add.size(); ++i) {
        if (existing.contains(c.add[i].id)) {
            report(c.add[i].at, fmt::format("centres.add[{}].id: centre \"{}\" already exists in "
                                            "{} (expected a new id; use modify to change it)",
                                            i, c.add[i].id, file));
        }
        added.insert(c.add[i].id);
    }
    const auto known = [&](const std::string& id) {
        return existing.contains(id) || added.contains(id);
    };
    for (std::size_t i = 0; i < c.close.size(); ++i) {
        if (!known(c.close[i].id)) {
            report(c.close[i].at,
                   fmt::format("centres.close[{}]: no centre \"{}\" in {} or centres.add "
                               "(expected the id of an existing centre)",
                               i, c.close[i].id, file));
        }
    }
    for (std::size_t i = 0; i < c.modify.size(); ++i) {
        if (!known(c.modify[i].id)) {
            report(c.modify[i].at,
                   fmt::format("centres.modify[{}].id: no centre \"{}\" in {} or centres.add "
                               "(expected the id of an existing centre)",
                               i, c.modify[i].id, file));
        }
    }
    diagnostics.sort_by_position();
    diagnostics.throw_if_any();
}

Scenario load_scenario(const fs::path& path, const LoadOptions& options) {
    return Reader(options).load(path.lexically_normal());
}

}  // namespace reach::scenario
