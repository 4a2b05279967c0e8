#include "reach/io/qgis_styles.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <array>
#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>
#include <string_view>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/io/gdal_helpers.hpp"
#include "staged_sqlite.hpp"

namespace reach::io {

namespace {

// ---- QML ----------------------------------------------------------------------------------

// Text for an XML attribute value in double quotes: the five specials, and line breaks and
// tabs as character references (a parser would otherwise normalise them to spaces).
std::string xml_escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            case '\n':
                out += "&#10;";
                break;
            case '\r':
                out += "&#13;";
                break;
            case '\t':
                out += "&#9;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

struct Rgb {
    int r = 0;
    int g = 0;
    int b = 0;
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

Rgb parse_colour(std::string_view hex) {
    REACH_ASSERT(hex.size() == 7 && hex[0] == '#');
    std::array<int, 3> channel{};
    for (std::size_t i = 0; i < 3; ++i) {
        const int high = hex_digit(hex[1 + 2 * i]);
        const int low = hex_digit(hex[2 + 2 * i]);
        REACH_ASSERT(high >= 0 && low >= 0);
        channel[i] = high * 16 + low;
    }
    return {channel[0], channel[1], channel[2]};
}

std::string hex_of(Rgb c) { return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b); }

// QGIS's colour encoding in symbol options: "r,g,b,alpha" with 0–255 channels.
std::string qgis_colour(Rgb c) { return fmt::format("{},{},{},255", c.r, c.g, c.b); }

// The outline of fills and markers: the fill at 60 % brightness, so the edge reads as part
// of the same class rather than as a separate black grid.
Rgb darker(Rgb c) {
    const auto scale = [](int v) { return static_cast<int>(std::lround(v * 0.6)); };
    return {scale(c.r), scale(c.g), scale(c.b)};
}

std::string option(std::string_view name, std::string_view value) {
    return fmt::format("            <Option name=\"{}\" type=\"QString\" value=\"{}\"/>\n", name,
                       xml_escaped(value));
}

const char* symbol_type(StyleGeometry geometry) {
    switch (geometry) {
        case StyleGeometry::point:
            return "marker";
        case StyleGeometry::line:
            return "line";
        case StyleGeometry::polygon:
            return "fill";
    }
    REACH_ASSERT(false);
    return "fill";
}

// QgsWkbTypes::GeometryType: 0 point, 1 line, 2 polygon.
int layer_geometry_type(StyleGeometry geometry) {
    switch (geometry) {
        case StyleGeometry::point:
            return 0;
        case StyleGeometry::line:
            return 1;
        case StyleGeometry::polygon:
            return 2;
    }
    REACH_ASSERT(false);
    return 2;
}

// One <symbol> named `name` (the index the ranges/categories refer to) in `colour_hex`.
std::string symbol_xml(std::size_t name, StyleGeometry geometry, const std::string& colour_hex,
                       double opacity) {
    const Rgb colour = parse_colour(colour_hex);
    std::string layer;
    switch (geometry) {
        case StyleGeometry::polygon:
            layer =
                "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                "          <Option type=\"Map\">\n";
            layer += option("color", qgis_colour(colour));
            layer += option("style", "solid");
            layer += option("outline_color", qgis_colour(darker(colour)));
            layer += option("outline_style", "solid");
            layer += option("outline_width", "0.1");
            layer += option("outline_width_unit", "MM");
            layer += option("joinstyle", "bevel");
            break;
        case StyleGeometry::line:
            layer =
                "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                "          <Option type=\"Map\">\n";
            layer += option("line_color", qgis_colour(colour));
            layer += option("line_style", "solid");
            layer += option("line_width", "0.8");
            layer += option("line_width_unit", "MM");
            layer += option("capstyle", "round");
            layer += option("joinstyle", "round");
            break;
        case StyleGeometry::point:
            layer =
                "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                "          <Option type=\"Map\">\n";
            layer += option("name", "circle");
            layer += option("color", qgis_colour(colour));
            layer += option("size", "3");
            layer += option("size_unit", "MM");
            layer += option("outline_color", qgis_colour(darker(colour)));
            layer += option("outline_style", "solid");
            layer += option("outline_width", "0.2");
            layer += option("outline_width_unit", "MM");
            break;
    }
    layer += "          </Option>\n        </layer>\n";
    return fmt::format(
        "      <symbol type=\"{}\" name=\"{}\" alpha=\"{}\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
        "{}"
        "      </symbol>\n",
        symbol_type(geometry), name, opacity, layer);
}

// The document around a renderer: QGIS's DOCTYPE, the version that wrote the schema used
// here (QGIS reads older and newer documents alike), only the Symbology category so that
// loading the style leaves the layer's other settings alone.
std::string qml_document(const std::string& renderer, StyleGeometry geometry) {
    return fmt::format(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        "<qgis version=\"3.28.0-Firenze\" styleCategories=\"Symbology\">\n"
        "{}"
        "  <blendMode>0</blendMode>\n"
        "  <featureBlendMode>0</featureBlendMode>\n"
        "  <layerOpacity>1</layerOpacity>\n"
        "  <layerGeometryType>{}</layerGeometryType>\n"
        "</qgis>\n",
        renderer, layer_geometry_type(geometry));
}

void assert_opacity(double opacity) {
    REACH_ASSERT(opacity >= 0.0 && opacity <= 1.0);
    static_cast<void>(opacity);
}

// ---- palettes -----------------------------------------------------------------------------

// matplotlib's viridis sampled at t = i / 9 (the widely quoted 10-colour list).
constexpr std::array<const char*, 10> viridis_10 = {"#440154", "#482878", "#3e4989", "#31688e",
                                                    "#26828e", "#1f9e89", "#35b779", "#6ece58",
                                                    "#b5de2b", "#fde725"};

constexpr std::array<const char*, 8> okabe_ito = {"#e69f00", "#56b4e9", "#009e73", "#f0e442",
                                                  "#0072b2", "#d55e00", "#cc79a7", "#000000"};

// ---- layer_styles -------------------------------------------------------------------------

std::string gdal_message() {
    auto message = geo::take_gdal_error();
    return message.empty() ? "GDAL gave no reason" : message;
}

// SQL string literal for OGR attribute filters: single quotes doubled.
std::string quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

struct ColumnSpec {
    const char* name;
    OGRFieldType type;
    OGRFieldSubType subtype;
    int width;                // 0: unbounded
    const char* default_sql;  // nullptr: none
};

// The table exactly as QGIS's OGR provider creates it (QgsOgrProviderMetadata::saveStyle):
// same names, types and widths, FID "id", no geometry.
constexpr std::array<ColumnSpec, 12> layer_styles_columns = {{
    {"f_table_catalog", OFTString, OFSTNone, 256, nullptr},
    {"f_table_schema", OFTString, OFSTNone, 256, nullptr},
    {"f_table_name", OFTString, OFSTNone, 256, nullptr},
    {"f_geometry_column", OFTString, OFSTNone, 256, nullptr},
    {"styleName", OFTString, OFSTNone, 30, nullptr},
    {"styleQML", OFTString, OFSTNone, 0, nullptr},
    {"styleSLD", OFTString, OFSTNone, 0, nullptr},
    {"useAsDefault", OFTInteger, OFSTBoolean, 0, nullptr},
    {"description", OFTString, OFSTNone, 0, nullptr},
    {"owner", OFTString, OFSTNone, 30, nullptr},
    {"ui", OFTString, OFSTNone, 30, nullptr},
    {"update_time", OFTDateTime, OFSTNone, 0, "CURRENT_TIMESTAMP"},
}};

OGRLayer& create_layer_styles(GDALDataset& dataset, const std::string& file) {
    char** options = CSLSetNameValue(nullptr, "FID", "id");
    OGRLayer* layer = dataset.CreateLayer("layer_styles", nullptr, wkbNone, options);
    CSLDestroy(options);
    if (layer == nullptr) {
        throw OutputError(
            where_what(file, fmt::format("cannot create table layer_styles ({})", gdal_message())));
    }
    for (const auto& column : layer_styles_columns) {
        OGRFieldDefn field(column.name, column.type);
        field.SetSubType(column.subtype);
        field.SetWidth(column.width);
        if (column.default_sql != nullptr) {
            field.SetDefault(column.default_sql);
        }
        if (layer->CreateField(&field) != OGRERR_NONE) {
            throw OutputError(
                where_what(file, fmt::format("cannot create column layer_styles.{} ({})",
                                             column.name, gdal_message())));
        }
    }
    return *layer;
}

using FeaturePtr = std::unique_ptr<OGRFeature, decltype(&OGRFeature::DestroyFeature)>;

FeaturePtr next_feature(OGRLayer& layer) {
    return {layer.GetNextFeature(), &OGRFeature::DestroyFeature};
}

// FIDs of the rows matching `filter` (collected first: rewriting rows while a filtered read
// is open on the same SQLite table is not something to rely on).
std::vector<GIntBig> matching_ids(OGRLayer& layer, const std::string& filter) {
    layer.SetAttributeFilter(filter.c_str());
    layer.ResetReading();
    std::vector<GIntBig> ids;
    for (auto feature = next_feature(layer); feature; feature = next_feature(layer)) {
        ids.push_back(feature->GetFID());
    }
    layer.SetAttributeFilter(nullptr);
    return ids;
}

void set_field(OGRFeature& feature, const char* name, const std::string& value) {
    feature.SetField(name, value.c_str());
}

void write_style(OGRLayer& table, const LayerStyle& style, const std::string& file) {
    const std::string where =
        fmt::format("{}#layer_styles, style \"{}\" of {}", file, style.name, style.table);
    const std::string this_layer =
        fmt::format("f_table_schema = '' AND f_table_name = {} AND f_geometry_column = {}",
                    quoted(style.table), quoted(style.geometry_column));
    // One default per layer, as QGIS keeps it: loadStyle takes the first default it finds.
    for (const GIntBig id : matching_ids(table, this_layer + " AND useAsDefault = 1")) {
        FeaturePtr row(table.GetFeature(id), &OGRFeature::DestroyFeature);
        if (row) {
            row->SetField("useAsDefault", 0);
            if (table.SetFeature(row.get()) != OGRERR_NONE) {
                throw OutputError(where_what(where, fmt::format("cannot clear the old default "
                                                                "({})",
                                                                gdal_message())));
            }
        }
    }
    const auto same_name =
        matching_ids(table, this_layer + " AND styleName = " + quoted(style.name));
    FeaturePtr row(same_name.empty() ? OGRFeature::CreateFeature(table.GetLayerDefn())
                                     : table.GetFeature(same_name.front()),
                   &OGRFeature::DestroyFeature);
    REACH_ASSERT(row != nullptr);
    set_field(*row, "f_table_catalog", "");
    set_field(*row, "f_table_schema", "");
    set_field(*row, "f_table_name", style.table);
    set_field(*row, "f_geometry_column", style.geometry_column);
    set_field(*row, "styleName", style.name);
    set_field(*row, "styleQML", style.qml);
    set_field(*row, "styleSLD", "");
    row->SetField("useAsDefault", 1);
    set_field(*row, "description", style.description);
    set_field(*row, "owner", "");
    // update_time: now (UTC, as SQLite's CURRENT_TIMESTAMP), or GDAL's OGR_CURRENT_DATE when
    // set — the date GDAL itself writes into gpkg_contents — so that a fixed date gives
    // reproducible files (DESIGN.md, Determinism).
    if (const char* fixed = CPLGetConfigOption("OGR_CURRENT_DATE", nullptr); fixed != nullptr) {
        row->SetField("update_time", fixed);
    } else {
        const std::time_t now =
            std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
        std::tm utc{};
        gmtime_r(&now, &utc);
        row->SetField("update_time", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                      utc.tm_min, static_cast<float>(utc.tm_sec), 100);
    }
    const OGRErr result =
        same_name.empty() ? table.CreateFeature(row.get()) : table.SetFeature(row.get());
    if (result != OGRERR_NONE) {
        throw OutputError(where_what(where, fmt::format("cannot write ({})", gdal_message())));
    }
}

}  // namespace

std::string graduated_qml(const std::string& field, StyleGeometry geometry,
                          std::span<const StyleClass> classes, double opacity) {
    assert_opacity(opacity);
    std::string ranges;
    std::string symbols;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        const auto& c = classes[i];
        REACH_ASSERT(!std::isnan(c.lower) && !std::isnan(c.upper) && c.lower <= c.upper);
        // {} is the shortest text that reads back as the same double.
        ranges += fmt::format(
            "      <range lower=\"{}\" upper=\"{}\" symbol=\"{}\" label=\"{}\" render=\"true\"/>\n",
            c.lower, c.upper, i, xml_escaped(c.label));
        symbols += symbol_xml(i, geometry, c.colour, opacity);
    }
    const std::string renderer = fmt::format(
        "  <renderer-v2 type=\"graduatedSymbol\" attr=\"{}\" graduatedMethod=\"GraduatedColor\" "
        "symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n"
        "    <ranges>\n{}    </ranges>\n"
        "    <symbols>\n{}    </symbols>\n"
        "  </renderer-v2>\n",
        xml_escaped(field), ranges, symbols);
    return qml_document(renderer, geometry);
}

std::string categorized_qml(const std::string& field, StyleGeometry geometry,
                            std::span<const StyleCategory> categories, double opacity) {
    assert_opacity(opacity);
    std::string entries;
    std::string symbols;
    const auto add = [&](std::size_t i, const std::string& value, const std::string& label,
                         const std::string& colour) {
        entries += fmt::format(
            "      <category value=\"{}\" symbol=\"{}\" label=\"{}\" render=\"true\"/>\n",
            xml_escaped(value), i, xml_escaped(label));
        symbols += symbol_xml(i, geometry, colour, opacity);
    };
    for (std::size_t i = 0; i < categories.size(); ++i) {
        // An empty value is QGIS's "all other values": it would swallow the fallback.
        REACH_ASSERT(!categories[i].value.empty());
        add(i, categories[i].value, categories[i].label, categories[i].colour);
    }
    add(categories.size(), "", "other", style_fallback_colour);
    const std::string renderer = fmt::format(
        "  <renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" symbollevels=\"0\" "
        "forceraster=\"0\" enableorderby=\"0\">\n"
        "    <categories>\n{}    </categories>\n"
        "    <symbols>\n{}    </symbols>\n"
        "  </renderer-v2>\n",
        xml_escaped(field), entries, symbols);
    return qml_document(renderer, geometry);
}

std::vector<std::string> sequential_palette(std::size_t n) {
    std::vector<std::string> colours;
    colours.reserve(n);
    constexpr double last = viridis_10.size() - 1;
    for (std::size_t k = 0; k < n; ++k) {
        const double t = n == 1 ? 0.0 : static_cast<double>(k) / static_cast<double>(n - 1);
        const double x = t * last;
        const auto i = std::min(static_cast<std::size_t>(x), viridis_10.size() - 2);
        const double f = x - static_cast<double>(i);
        const Rgb a = parse_colour(viridis_10[i]);
        const Rgb b = parse_colour(viridis_10[i + 1]);
        const auto mix = [f](int u, int v) {
            return static_cast<int>(std::lround(u + (v - u) * f));
        };
        colours.push_back(hex_of({mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)}));
    }
    return colours;
}

std::vector<std::string> categorical_palette(std::size_t n) {
    std::vector<std::string> colours;
    colours.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
        colours.emplace_back(okabe_ito[k % okabe_ito.size()]);
    }
    return colours;
}

void write_layer_styles(const std::filesystem::path& gpkg, std::span<const LayerStyle> styles) {
    geo::gdal_init();
    const std::string file = gpkg.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(gpkg, ec)) {
        throw OutputError(where_what(file, "no such GeoPackage (expected the run's .gpkg)"));
    }
    (void)geo::take_gdal_error();  // a stale message must not be blamed on this file
    const char* const drivers[] = {"GPKG", nullptr};
    const detail::StagedSqliteOptions sqlite_options;  // the run's staging folder: no fsync
    gdal::DatasetPtr dataset(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE,
                                               drivers, nullptr, nullptr));
    if (dataset == nullptr) {
        throw OutputError(where_what(
            file, fmt::format("cannot open as a GeoPackage for update ({})", gdal_message())));
    }
    for (const auto& style : styles) {
        if (dataset->GetLayerByName(style.table.c_str()) == nullptr) {
            throw OutputError(where_what(
                file,
                fmt::format("no layer \"{}\" to style (style \"{}\")", style.table, style.name)));
        }
    }
    OGRLayer* existing = dataset->GetLayerByName("layer_styles");
    OGRLayer& table = existing != nullptr ? *existing : create_layer_styles(*dataset, file);
    if (dataset->StartTransaction() != OGRERR_NONE) {
        throw OutputError(
            where_what(file, fmt::format("cannot start a transaction ({})", gdal_message())));
    }
    try {
        for (const auto& style : styles) {
            write_style(table, style, file);
        }
    } catch (...) {
        dataset->RollbackTransaction();  // all styles or none
        throw;
    }
    if (dataset->CommitTransaction() != OGRERR_NONE) {
        throw OutputError(where_what(file, fmt::format("cannot write ({})", gdal_message())));
    }
    dataset.reset();
    if (auto message = geo::take_gdal_error(); !message.empty()) {
        throw OutputError(where_what(file, fmt::format("cannot write ({})", message)));
    }
}

std::string xml_text(std::string_view text) { return xml_escaped(text); }

}  // namespace reach::io
