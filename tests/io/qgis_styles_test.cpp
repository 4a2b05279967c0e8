// QGIS styles: QML documents parsed back with GDAL's XML parser, palettes, and the
// layer_styles table written into a GeoPackage and read back with GDAL.
#include "reach/io/qgis_styles.hpp"

#include <cpl_minixml.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "reach/core/error.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/io/gdal_helpers.hpp"
#include "reach_test/support.hpp"

namespace {

namespace fs = std::filesystem;
using reach::io::LayerStyle;
using reach::io::StyleCategory;
using reach::io::StyleClass;
using reach::io::StyleGeometry;
using reach::test::TempDir;

struct XmlDeleter {
    void operator()(CPLXMLNode* node) const { CPLDestroyXMLNode(node); }
};
using XmlPtr = std::unique_ptr<CPLXMLNode, XmlDeleter>;

XmlPtr parse(const std::string& qml) {
    XmlPtr root(CPLParseXMLString(qml.c_str()));
    EXPECT_NE(root, nullptr) << qml;
    return root;
}

// The element children of `parent` named `name`, in document order.
std::vector<const CPLXMLNode*> children(const CPLXMLNode* parent, const std::string& name) {
    std::vector<const CPLXMLNode*> out;
    for (const CPLXMLNode* c = parent != nullptr ? parent->psChild : nullptr; c != nullptr;
         c = c->psNext) {
        if (c->eType == CXT_Element && name == c->pszValue) {
            out.push_back(c);
        }
    }
    return out;
}

std::string attribute(const CPLXMLNode* node, const char* name) {
    const char* value = CPLGetXMLValue(node, name, nullptr);
    EXPECT_NE(value, nullptr) << name;
    return value != nullptr ? value : "";
}

// The value of <Option name="key"> in the first <layer> of a <symbol>.
std::string symbol_option(const CPLXMLNode* symbol, const std::string& key) {
    const CPLXMLNode* map = CPLGetXMLNode(symbol, "layer.Option");
    for (const auto* option : children(map, "Option")) {
        if (attribute(option, "name") == key) {
            return attribute(option, "value");
        }
    }
    ADD_FAILURE() << "no option " << key;
    return "";
}

const CPLXMLNode* renderer_of(const XmlPtr& root) {
    const CPLXMLNode* renderer = CPLGetXMLNode(root.get(), "=qgis.renderer-v2");
    EXPECT_NE(renderer, nullptr);
    return renderer;
}

// Three 10-minute time classes of cells. Colours as QGIS writes them, "r,g,b,alpha":
//   #440154 = (0x44, 0x01, 0x54) = 68,1,84     outline ×0.6 = 40.8,0.6,50.4 → 41,1,50
//   #21918c = 33,145,140                        outline → 19.8,87,84 → 20,87,84
//   #fde725 = 253,231,37                        outline → 151.8,138.6,22.2 → 152,139,22
const std::vector<StyleClass> time_classes = {{0.0, 600.0, "0–10 min", "#440154"},
                                              {600.0, 1200.0, "10–20 min", "#21918c"},
                                              {1200.0, 1800.5, "20–30 min", "#fde725"}};

TEST(QgisStyles, GraduatedQmlHasOneRangeAndOneSymbolPerClass) {
    const auto qml = reach::io::graduated_qml("time_s", StyleGeometry::polygon, time_classes);
    const auto root = parse(qml);
    const auto* renderer = renderer_of(root);
    ASSERT_NE(renderer, nullptr);
    EXPECT_EQ(attribute(renderer, "type"), "graduatedSymbol");
    EXPECT_EQ(attribute(renderer, "attr"), "time_s");
    EXPECT_EQ(CPLGetXMLValue(root.get(), "=qgis.layerGeometryType", ""), std::string("2"));

    const auto ranges = children(CPLGetXMLNode(renderer, "ranges"), "range");
    ASSERT_EQ(ranges.size(), 3U);
    const std::vector<double> lower = {0.0, 600.0, 1200.0};
    const std::vector<double> upper = {600.0, 1200.0, 1800.5};
    const std::vector<std::string> label = {"0–10 min", "10–20 min", "20–30 min"};
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(std::stod(attribute(ranges[i], "lower")), lower[i]);
        EXPECT_EQ(std::stod(attribute(ranges[i], "upper")), upper[i]);
        EXPECT_EQ(attribute(ranges[i], "label"), label[i]);
        EXPECT_EQ(attribute(ranges[i], "symbol"), std::to_string(i));
        EXPECT_EQ(attribute(ranges[i], "render"), "true");
    }

    const auto symbols = children(CPLGetXMLNode(renderer, "symbols"), "symbol");
    ASSERT_EQ(symbols.size(), 3U);
    const std::vector<std::string> fill = {"68,1,84,255", "33,145,140,255", "253,231,37,255"};
    const std::vector<std::string> outline = {"41,1,50,255", "20,87,84,255", "152,139,22,255"};
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(attribute(symbols[i], "name"), std::to_string(i));
        EXPECT_EQ(attribute(symbols[i], "type"), "fill");
        EXPECT_EQ(attribute(symbols[i], "alpha"), "1");
        EXPECT_EQ(CPLGetXMLValue(symbols[i], "layer.class", ""), std::string("SimpleFill"));
        EXPECT_EQ(symbol_option(symbols[i], "color"), fill[i]);
        EXPECT_EQ(symbol_option(symbols[i], "outline_color"), outline[i]);
        EXPECT_EQ(symbol_option(symbols[i], "outline_width"), "0.1");
    }
}

TEST(QgisStyles, OpacityIsTheSymbolsAlpha) {
    const auto qml = reach::io::graduated_qml("time_s", StyleGeometry::polygon, time_classes, 0.75);
    const auto root = parse(qml);
    for (const auto* symbol : children(CPLGetXMLNode(renderer_of(root), "symbols"), "symbol")) {
        EXPECT_EQ(std::stod(attribute(symbol, "alpha")), 0.75);
    }
}

TEST(QgisStyles, LabelWithXmlSpecialsIsEscapedAndReadsBackUnchanged) {
    const std::string label = "a<b & \"c\" 'd'>\nnext line";
    const std::string field = "time \"s\"";
    const std::vector<StyleClass> classes = {{0.0, 1.0, label, "#000000"}};
    const auto qml = reach::io::graduated_qml(field, StyleGeometry::polygon, classes);
    EXPECT_EQ(qml.find("a<b"), std::string::npos);
    EXPECT_NE(qml.find("a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;next line"),
              std::string::npos);
    const auto root = parse(qml);
    const auto* renderer = renderer_of(root);
    ASSERT_NE(renderer, nullptr);
    EXPECT_EQ(attribute(renderer, "attr"), field);
    const auto ranges = children(CPLGetXMLNode(renderer, "ranges"), "range");
    ASSERT_EQ(ranges.size(), 1U);
    EXPECT_EQ(attribute(ranges[0], "label"), label);
}

// Two operators plus QGIS's "all other values" category (empty value), grey #999999 =
// 153,153,153. Okabe–Ito orange #e69f00 = 230,159,0, sky blue #56b4e9 = 86,180,233.
TEST(QgisStyles, CategorizedQmlHasOneCategoryPerValuePlusGreyOther) {
    const std::vector<StyleCategory> operators = {{"Municipality", "Municipality & co", "#e69f00"},
                                                  {"Private", "Private", "#56b4e9"}};
    const auto qml = reach::io::categorized_qml("operator", StyleGeometry::point, operators);
    const auto root = parse(qml);
    const auto* renderer = renderer_of(root);
    ASSERT_NE(renderer, nullptr);
    EXPECT_EQ(attribute(renderer, "type"), "categorizedSymbol");
    EXPECT_EQ(attribute(renderer, "attr"), "operator");
    EXPECT_EQ(CPLGetXMLValue(root.get(), "=qgis.layerGeometryType", ""), std::string("0"));

    const auto categories = children(CPLGetXMLNode(renderer, "categories"), "category");
    ASSERT_EQ(categories.size(), 3U);
    const std::vector<std::string> value = {"Municipality", "Private", ""};
    const std::vector<std::string> label = {"Municipality & co", "Private", "other"};
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(attribute(categories[i], "value"), value[i]);
        EXPECT_EQ(attribute(categories[i], "label"), label[i]);
        EXPECT_EQ(attribute(categories[i], "symbol"), std::to_string(i));
    }
    const auto symbols = children(CPLGetXMLNode(renderer, "symbols"), "symbol");
    ASSERT_EQ(symbols.size(), 3U);
    const std::vector<std::string> colour = {"230,159,0,255", "86,180,233,255", "153,153,153,255"};
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(attribute(symbols[i], "type"), "marker");
        EXPECT_EQ(CPLGetXMLValue(symbols[i], "layer.class", ""), std::string("SimpleMarker"));
        EXPECT_EQ(symbol_option(symbols[i], "name"), "circle");
        EXPECT_EQ(symbol_option(symbols[i], "size"), "3");
        EXPECT_EQ(symbol_option(symbols[i], "color"), colour[i]);
    }
}

TEST(QgisStyles, LineSymbolsAreSimpleLines0_8MillimetresWide) {
    const auto qml = reach::io::graduated_qml("time_s", StyleGeometry::line, time_classes);
    const auto root = parse(qml);
    EXPECT_EQ(CPLGetXMLValue(root.get(), "=qgis.layerGeometryType", ""), std::string("1"));
    const auto symbols = children(CPLGetXMLNode(renderer_of(root), "symbols"), "symbol");
    ASSERT_EQ(symbols.size(), 3U);
    EXPECT_EQ(attribute(symbols[1], "type"), "line");
    EXPECT_EQ(CPLGetXMLValue(symbols[1], "layer.class", ""), std::string("SimpleLine"));
    EXPECT_EQ(symbol_option(symbols[1], "line_color"), "33,145,140,255");
    EXPECT_EQ(symbol_option(symbols[1], "line_width"), "0.8");
    EXPECT_EQ(symbol_option(symbols[1], "line_width_unit"), "MM");
}

// viridis anchors at t = i/9. n = 3 takes t = 0, 0.5, 1; t = 0.5 is x = 4.5, halfway
// between anchor 4 #26828e (38,130,142) and anchor 5 #1f9e89 (31,158,137):
// 38 − 3.5 = 34.5 → 35 = 0x23, 130 + 14 = 144 = 0x90, 142 − 2.5 = 139.5 → 140 = 0x8c.
TEST(QgisStyles, SequentialPaletteIsViridisSampledEvenly) {
    EXPECT_EQ(reach::io::sequential_palette(0), std::vector<std::string>{});
    EXPECT_EQ(reach::io::sequential_palette(1), std::vector<std::string>{"#440154"});
    EXPECT_EQ(reach::io::sequential_palette(2), (std::vector<std::string>{"#440154", "#fde725"}));
    EXPECT_EQ(reach::io::sequential_palette(3),
              (std::vector<std::string>{"#440154", "#23908c", "#fde725"}));
    EXPECT_EQ(reach::io::sequential_palette(10),
              (std::vector<std::string>{"#440154", "#482878", "#3e4989", "#31688e", "#26828e",
                                        "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"}));
}

TEST(QgisStyles, PalettesGiveNDistinctColoursUpToEightAndAreDeterministic) {
    for (std::size_t n = 1; n <= 8; ++n) {
        const auto sequential = reach::io::sequential_palette(n);
        const auto categorical = reach::io::categorical_palette(n);
        ASSERT_EQ(sequential.size(), n);
        ASSERT_EQ(categorical.size(), n);
        EXPECT_EQ(std::set<std::string>(sequential.begin(), sequential.end()).size(), n);
        EXPECT_EQ(std::set<std::string>(categorical.begin(), categorical.end()).size(), n);
        EXPECT_EQ(reach::io::sequential_palette(n), sequential);
        EXPECT_EQ(reach::io::categorical_palette(n), categorical);
    }
}

TEST(QgisStyles, CategoricalPaletteIsOkabeItoRepeatedAfterEight) {
    const auto colours = reach::io::categorical_palette(10);
    ASSERT_EQ(colours.size(), 10U);
    EXPECT_EQ(colours[0], "#e69f00");
    EXPECT_EQ(colours[7], "#000000");
    EXPECT_EQ(colours[8], colours[0]);
    EXPECT_EQ(colours[9], colours[1]);
}

// ---- layer_styles -------------------------------------------------------------------------

// A GeoPackage with one polygon layer "cells" (geometry column "geom", GDAL's default) holding
// one 1 km square.
fs::path make_gpkg(const TempDir& dir) {
    reach::geo::gdal_init();
    const fs::path path = dir / "reach.gpkg";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    reach::io::gdal::DatasetPtr dataset(
        driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    EXPECT_NE(dataset, nullptr);
    OGRLayer* layer = dataset->CreateLayer("cells", nullptr, wkbPolygon, nullptr);
    EXPECT_NE(layer, nullptr);
    OGRFieldDefn field("time_s", OFTReal);
    EXPECT_EQ(layer->CreateField(&field), OGRERR_NONE);
    OGRFeature feature(layer->GetLayerDefn());
    OGRGeometry* square = nullptr;
    OGRGeometryFactory::createFromWkt("POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", nullptr,
                                      &square);
    feature.SetGeometryDirectly(square);
    feature.SetField("time_s", 420.0);
    EXPECT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    return path;
}

struct StyleRow {
    std::string table;
    std::string schema;
    std::string geometry_column;
    std::string name;
    std::string qml;
    int use_as_default = -1;
    bool update_time_set = false;
};

std::vector<StyleRow> read_styles(const fs::path& path) {
    auto dataset = reach::io::gdal::open_dataset(path.string(), GDAL_OF_VECTOR);
    EXPECT_NE(dataset, nullptr);
    OGRLayer* table = dataset->GetLayerByName("layer_styles");
    EXPECT_NE(table, nullptr);
    std::vector<StyleRow> rows;
    if (table == nullptr) {
        return rows;
    }
    const auto& defn = *table->GetLayerDefn();
    const int use_as_default = defn.GetFieldIndex("useAsDefault");
    EXPECT_GE(use_as_default, 0);
    if (use_as_default >= 0) {
        EXPECT_EQ(defn.GetFieldDefn(use_as_default)->GetSubType(), OFSTBoolean);
    }
    for (auto& feature : *table) {
        StyleRow row;
        row.table = feature->GetFieldAsString("f_table_name");
        row.schema = feature->IsFieldSetAndNotNull(defn.GetFieldIndex("f_table_schema"))
                         ? feature->GetFieldAsString("f_table_schema")
                         : "NULL";
        row.geometry_column = feature->GetFieldAsString("f_geometry_column");
        row.name = feature->GetFieldAsString("styleName");
        row.qml = feature->GetFieldAsString("styleQML");
        row.use_as_default = feature->GetFieldAsInteger("useAsDefault");
        row.update_time_set = feature->IsFieldSetAndNotNull(defn.GetFieldIndex("update_time"));
        rows.push_back(row);
    }
    return rows;
}

TEST(QgisStyles, WriteLayerStylesAddsTheDefaultRowQgisLoads) {
    const TempDir dir;
    const auto path = make_gpkg(dir);
    const std::vector<LayerStyle> styles = {
        {"cells", "geom", "time classes",
         reach::io::graduated_qml("time_s", StyleGeometry::polygon, time_classes),
         "travel time classes"}};
    reach::io::write_layer_styles(path, styles);

    const auto rows = read_styles(path);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].table, "cells");
    EXPECT_EQ(rows[0].schema, "");  // QGIS selects f_table_schema = '', so not NULL
    EXPECT_EQ(rows[0].geometry_column, "geom");
    EXPECT_EQ(rows[0].name, "time classes");
    EXPECT_EQ(rows[0].use_as_default, 1);
    EXPECT_EQ(rows[0].qml, styles[0].qml);  // byte-identical
    EXPECT_TRUE(rows[0].update_time_set);   // the column default CURRENT_TIMESTAMP

    // The styled layer itself is untouched: still one feature.
    auto dataset = reach::io::gdal::open_dataset(path.string(), GDAL_OF_VECTOR);
    ASSERT_NE(dataset, nullptr);
    ASSERT_NE(dataset->GetLayerByName("cells"), nullptr);
    EXPECT_EQ(dataset->GetLayerByName("cells")->GetFeatureCount(), 1);
}

// Same (layer, geometry column, style name): the row is replaced, as QGIS's "Save as
// default" does, so re-running an export does not pile up rows. Another name adds a row and
// takes the default flag; the older row keeps its QML but loses the flag.
TEST(QgisStyles, SameStyleNameReplacesItsRowAndANewNameTakesTheDefault) {
    const TempDir dir;
    const auto path = make_gpkg(dir);
    const auto polygons = reach::io::graduated_qml("time_s", StyleGeometry::polygon, time_classes);
    const auto lines = reach::io::graduated_qml("time_s", StyleGeometry::line, time_classes);
    reach::io::write_layer_styles(path, std::vector<LayerStyle>{{"cells", "geom", "a", lines, ""}});
    reach::io::write_layer_styles(path,
                                  std::vector<LayerStyle>{{"cells", "geom", "a", polygons, ""}});
    auto rows = read_styles(path);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].qml, polygons);
    EXPECT_EQ(rows[0].use_as_default, 1);

    reach::io::write_layer_styles(path, std::vector<LayerStyle>{{"cells", "geom", "b", lines, ""}});
    rows = read_styles(path);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0].name, "a");
    EXPECT_EQ(rows[0].qml, polygons);
    EXPECT_EQ(rows[0].use_as_default, 0);
    EXPECT_EQ(rows[1].name, "b");
    EXPECT_EQ(rows[1].qml, lines);
    EXPECT_EQ(rows[1].use_as_default, 1);
}

void expect_output_error(const fs::path& path, const std::vector<LayerStyle>& styles,
                         const std::string& also) {
    try {
        reach::io::write_layer_styles(path, styles);
        ADD_FAILURE() << "no OutputError for " << path;
    } catch (const reach::OutputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
        EXPECT_NE(message.find(also), std::string::npos) << message;
    }
}

TEST(QgisStyles, MissingOrNonGeoPackageFileOrLayerGivesOutputErrorNamingIt) {
    const TempDir dir;
    const std::vector<LayerStyle> styles = {{"cells", "geom", "a", "<qgis/>", ""}};
    expect_output_error(dir / "missing.gpkg", styles, "no such GeoPackage");

    const auto text = dir / "not_a.gpkg";
    std::ofstream(text) << "id,name\n1,a\n";
    expect_output_error(text, styles, "cannot open as a GeoPackage");

    const auto path = make_gpkg(dir);
    expect_output_error(path, {{"roads", "geom", "a", "<qgis/>", ""}}, "no layer \"roads\"");
    // Nothing written for the failed call: no layer_styles table was created.
    auto dataset = reach::io::gdal::open_dataset(path.string(), GDAL_OF_VECTOR);
    ASSERT_NE(dataset, nullptr);
    EXPECT_EQ(dataset->GetLayerByName("layer_styles"), nullptr);
}

}  // namespace
