#pragma once
// QGIS styles for the run's GeoPackage layers, so `reach.gpkg` opens styled in QGIS: QML
// documents (QGIS 3 layer style XML, category "Symbology") with a graduated renderer for
// numeric classes (time classes of cells) or a categorized renderer for text values (centres
// by operator), and the `layer_styles` table QGIS reads them from.
//
// How QGIS uses them (src/core/providers/ogr/qgsogrprovidermetadata.cpp, loadStyle):
// on opening layer L of a GeoPackage it reads `layer_styles` rows with f_table_schema = '',
// f_table_name = L and f_geometry_column = L's geometry column, and applies the row with
// useAsDefault = 1 (else the newest). Rows are written the way QGIS's own "Save as default"
// writes them: one default per layer, a row with the same layer and style name replaced.
//
// Class semantics are QGIS's, not ours: a graduated range matches lower ≤ v ≤ upper and the
// first matching range wins, so a value on a shared bound (600 s between 0–600 and
// 600–1200) is drawn in the lower class — "reached within 10 min" includes 10 min. QGIS's
// graduated renderer has no "else": NULL and values outside every range are not drawn.
// The categorized renderer has one: a category with an empty value draws every other value
// and NULL, and categorized_qml always adds it (grey, "other").
// Cost: string building, O(classes); writing the table is one transaction.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace reach::io {

// The symbol type of the layer: circle markers (3 mm), lines (0.8 mm) or fills (with a thin
// outline a little darker than the fill, so neighbouring cells of one class stay readable).
enum class StyleGeometry { point, line, polygon };

struct StyleClass {
    double lower = 0.0;  // the range [lower, upper] as QGIS matches it (see above)
    double upper = 0.0;
    std::string label;   // legend text; any characters (escaped in the XML)
    std::string colour;  // "#rrggbb"
};

struct StyleCategory {
    std::string value;  // the field value as text, e.g. "Municipality"; not empty
    std::string label;
    std::string colour;  // "#rrggbb"
};

// Grey of the categorized fallback ("other" values and NULL).
inline constexpr const char* style_fallback_colour = "#999999";

// A QGIS 3 QML document with a graduatedSymbol renderer on `field`: one range per class, in
// the given order, each with its own symbol. `opacity` in [0, 1] is the symbols' alpha.
// A colour that is not "#rrggbb", a NaN bound or lower > upper is a caller bug (REACH_ASSERT).
[[nodiscard]] std::string graduated_qml(const std::string& field, StyleGeometry geometry,
                                        std::span<const StyleClass> classes, double opacity = 1.0);

// A QGIS 3 QML document with a categorizedSymbol renderer on `field`: one category per
// entry plus the fallback category (empty value, style_fallback_colour, label "other").
[[nodiscard]] std::string categorized_qml(const std::string& field, StyleGeometry geometry,
                                          std::span<const StyleCategory> categories,
                                          double opacity = 1.0);

// n colours of viridis (matplotlib's colour-blind-safe, perceptually uniform map; van der
// Walt & Smith 2015), dark purple #440154 first to yellow #fde725 last: the 10 colours of
// viridis at t = 0, 1/9, …, 1 interpolated linearly in sRGB at t = k / (n - 1). n = 1 gives
// #440154. Distinct for every n ≤ 10 (and far beyond).
[[nodiscard]] std::vector<std::string> sequential_palette(std::size_t n);

// n colours of the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), safe for
// the common colour-vision deficiencies: orange, sky blue, bluish green, yellow, blue,
// vermillion, reddish purple, black; repeated from the start beyond 8.
[[nodiscard]] std::vector<std::string> categorical_palette(std::size_t n);

// Text for XML (and HTML) element content or a double-quoted attribute value: the five
// specials, and line breaks and tabs as character references.
[[nodiscard]] std::string xml_text(std::string_view text);

struct LayerStyle {
    std::string table;                     // the styled layer, e.g. "cells"
    std::string geometry_column = "geom";  // GDAL's GPKG default
    std::string name;                      // style name shown in QGIS, e.g. "time classes"
    std::string qml;
    std::string description;
};

// Writes `styles` as rows of the GeoPackage's `layer_styles` table, each with useAsDefault =
// 1, creating the table with QGIS's schema when absent (a GDAL attribute table with FID
// "id": f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName,
// styleQML, styleSLD, useAsDefault (boolean), description, owner, ui, update_time (now, or
// GDAL's OGR_CURRENT_DATE when set: reproducible files)). As QGIS's "Save as default": a row with the same table, geometry
// column and style name is replaced (so writing twice is idempotent), and other rows of that
// layer lose their default flag. All rows go in one transaction.
// Throws OutputError naming the file when it is missing, not a GeoPackage GDAL can update,
// has no layer `table`, or GDAL fails to write (with GDAL's message).
void write_layer_styles(const std::filesystem::path& gpkg, std::span<const LayerStyle> styles);

}  // namespace reach::io
