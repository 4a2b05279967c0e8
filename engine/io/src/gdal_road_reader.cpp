// Roads from any GDAL line layer. Topology comes from shared vertex coordinates: two lines
// meet where they have a vertex with exactly the same (x, y) in the source CRS, compared
// bit for bit before any reprojection, so a bridge drawn across a road without a common
// vertex stays unconnected (as in OSM).
#include <fmt/format.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <limits>
#include <utility>
#include <vector>

#include "gdal_util.hpp"
#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"
#include "reach/io/road_reader.hpp"

namespace reach::io {
namespace {

bool is_line_type(OGRwkbGeometryType type) {
    const auto flat = wkbFlatten(type);
    return flat == wkbLineString || flat == wkbMultiLineString;
}

OGRLayer* pick_layer(GDALDataset& dataset, const std::string& file, const std::string& name) {
    if (!name.empty()) {
        if (auto* layer = dataset.GetLayerByName(name.c_str())) {
            return layer;
        }
        std::string known;
        for (auto* layer : dataset.GetLayers()) {
            known += known.empty() ? "" : ", ";
            known += layer->GetName();
        }
        throw InputError(
            where_what(file, fmt::format("no layer \"{}\" (layers: {})", name, known)));
    }
    for (auto* layer : dataset.GetLayers()) {
        if (is_line_type(layer->GetGeomType())) {
            return layer;
        }
    }
    // GeoJSON and CSV layers may declare no geometry type; take the first such layer and let
    // the features show what they are.
    for (auto* layer : dataset.GetLayers()) {
        if (wkbFlatten(layer->GetGeomType()) == wkbUnknown) {
            return layer;
        }
    }
    throw InputError(where_what(file,
                                "no line layer (expected a layer of LineString or "
                                "MultiLineString features)"));
}

// Exact coordinate identity: the bit patterns of x and y (-0.0 folded into 0.0).
struct CoordKey {
    std::uint64_t x, y;
    bool operator==(const CoordKey&) const = default;
};
// Vertex of each distinct coordinate key, numbered in first-seen order: open addressing
// over flat arrays (a node-based std::unordered_map spent about 1 s of a 1M-node read in
// allocation and cache misses).
class VertexMap {
public:
    VertexMap() { rehash(std::size_t{1} << 16); }

    // The vertex of `key`, or make() for a new one.
    template <typename Make>
    std::uint32_t find_or_add(const CoordKey& key, Make&& make) {
        std::size_t slot = hash(key) & m_mask;
        while (m_vertex[slot] != empty) {
            if (m_keys[slot] == key) {
                return m_vertex[slot];
            }
            slot = (slot + 1) & m_mask;
        }
        const std::uint32_t vertex = make();
        m_keys[slot] = key;
        m_vertex[slot] = vertex;
        if (++m_size * 2 > m_keys.size()) {
            rehash(m_keys.size() * 2);
        }
        return vertex;
    }

private:
    static constexpr std::uint32_t empty = std::numeric_limits<std::uint32_t>::max();

    static std::size_t hash(const CoordKey& k) {
        std::uint64_t h = k.x * 0x9E3779B97F4A7C15ULL ^ k.y;
        h ^= h >> 29U;
        h *= 0xBF58476D1CE4E5B9ULL;
        return static_cast<std::size_t>(h ^ (h >> 32U));
    }

    void rehash(std::size_t capacity) {
        std::vector<CoordKey> keys(capacity, CoordKey{0, 0});
        std::vector<std::uint32_t> vertex(capacity, empty);
        const std::size_t mask = capacity - 1;
        for (std::size_t i = 0; i < m_keys.size(); ++i) {
            if (m_vertex[i] != empty) {
                std::size_t slot = hash(m_keys[i]) & mask;
                while (vertex[slot] != empty) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = m_keys[i];
                vertex[slot] = m_vertex[i];
            }
        }
        m_keys = std::move(keys);
        m_vertex = std::move(vertex);
        m_mask = mask;
    }

    std::vector<CoordKey> m_keys;
    std::vector<std::uint32_t> m_vertex;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

// The way's tags: the mapped columns under their OSM keys, every other field under its own
// name. Null fields and empty strings are omitted (RoadTable::tag() returns "" for both).
struct FieldMap {
    std::vector<std::pair<int, std::string>> fields;  // field index → tag key
};

FieldMap map_fields(const OGRFeatureDefn& defn, const RoadColumns& columns,
                    const std::string& where) {
    const std::array<std::pair<const std::string*, const char*>, 3> mapped{
        {{&columns.highway, "highway"},
         {&columns.maxspeed, "maxspeed"},
         {&columns.oneway, "oneway"}}};
    if (columns.highway.empty() || defn.GetFieldIndex(columns.highway.c_str()) < 0) {
        throw InputError(where_what(
            where, fmt::format("no column \"{}\" (expected the road class; map another column "
                               "with columns.class)",
                               columns.highway)));
    }
    FieldMap map;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const std::string name = defn.GetFieldDefn(i)->GetNameRef();
        std::string key = name;
        bool shadowed = false;
        for (const auto& [column, osm_key] : mapped) {
            if (EQUAL(column->c_str(), name.c_str())) {
                key = osm_key;
            } else if (name == osm_key && !column->empty() &&
                       defn.GetFieldIndex(column->c_str()) >= 0) {
                // e.g. a field "highway" while columns.class names "fclass": the mapped
                // column wins, so the key is not set twice.
                shadowed = true;
            }
        }
        if (!shadowed) {
            map.fields.emplace_back(i, key);
        }
    }
    return map;
}

class GdalRoadBuilder {
public:
    GdalRoadBuilder(network::RoadTable& table, std::string where)
        : m_table(table), m_where(std::move(where)) {}

    void add_feature(OGRFeature& feature, const FieldMap& fields) {
        const OGRGeometry* geometry = feature.GetGeometryRef();
        if (geometry == nullptr || geometry->IsEmpty()) {
            ++m_empty_geometries;
            return;
        }
        const auto type = wkbFlatten(geometry->getGeometryType());
        if (type != wkbLineString && type != wkbMultiLineString) {
            throw InputError(where_what(
                fmt::format("{}, feature {}", m_where, feature.GetFID()),
                fmt::format("geometry {} is not a line (expected LineString or MultiLineString)",
                            geometry->getGeometryName())));
        }
        m_values.clear();
        for (const auto& [index, key] : fields.fields) {
            if (!feature.IsFieldSetAndNotNull(index)) {
                continue;
            }
            const char* value = feature.GetFieldAsString(index);
            if (value != nullptr && *value != '\0') {
                m_values.emplace_back(key, value);
            }
        }
        m_tags.clear();
        for (const auto& [key, value] : m_values) {
            m_tags.emplace_back(key, value);
        }
        if (type == wkbLineString) {
            add_line(*geometry->toLineString(), feature.GetFID());
        } else {
            for (const auto* part : *geometry->toMultiLineString()) {
                add_line(*part, feature.GetFID());
            }
        }
    }

    [[nodiscard]] std::uint64_t empty_geometries() const { return m_empty_geometries; }
    [[nodiscard]] std::uint64_t short_lines() const { return m_short_lines; }

private:
    void add_line(const OGRLineString& line, std::int64_t fid) {
        m_vertices.clear();
        for (int i = 0; i < line.getNumPoints(); ++i) {
            const auto vertex = vertex_at(line.getX(i), line.getY(i));
            if (m_vertices.empty() || m_vertices.back() != vertex) {
                m_vertices.push_back(vertex);
            }
        }
        if (m_vertices.size() < 2) {
            ++m_short_lines;
            return;
        }
        m_table.add_way(fid, m_vertices, m_tags);
    }

    std::uint32_t vertex_at(double x, double y) {
        const CoordKey key{std::bit_cast<std::uint64_t>(x + 0.0),
                           std::bit_cast<std::uint64_t>(y + 0.0)};
        // Source-CRS coordinates in both slots; reprojected once all are known.
        return m_vertex_of.find_or_add(
            key, [&] { return m_table.add_vertex(x, y, x, y, network::no_osm_id); });
    }

    network::RoadTable& m_table;
    std::string m_where;
    VertexMap m_vertex_of;
    std::vector<std::uint32_t> m_vertices;
    std::vector<std::pair<std::string, std::string>> m_values;
    std::vector<std::pair<std::string_view, std::string_view>> m_tags;
    std::uint64_t m_empty_geometries = 0;
    std::uint64_t m_short_lines = 0;
};

// On all threads (geo::transform_parallel: each point exactly as one Reprojector would).
void reproject(std::vector<double>& x, std::vector<double>& y, const OGRSpatialReference& from,
               const OGRSpatialReference& to, const std::string& where,
               const std::string& target) {
    const std::size_t failed = geo::transform_parallel(from, to, x.size(), x.data(), y.data());
    if (failed < x.size()) {
        // The first failing point is left unchanged, so the message shows the input.
        throw InputError(where_what(
            where, fmt::format("vertex ({}, {}) cannot be transformed to {} (expected "
                               "coordinates inside the CRS's area of use)",
                               x[failed], y[failed], target)));
    }
}

}  // namespace

network::RoadTable read_gdal_roads(const std::string& path, const RoadReadOptions& options) {
    const auto [file, layer_name] = detail::split_layer(path);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        throw InputError(where_what(file, "no such file"));
    }
    const auto working = geo::make_srs(options.working_crs, "working CRS");
    auto dataset = detail::open_vector(file);
    if (dataset == nullptr) {
        throw InputError(where_what(file, fmt::format("cannot open as a GDAL vector dataset ({})",
                                                      geo::take_gdal_error())));
    }
    OGRLayer* layer = pick_layer(*dataset, file, layer_name);
    const std::string where = fmt::format("{}#{}", file, layer->GetName());

    layer->ResetReading();
    if (OGRFeatureUniquePtr first(layer->GetNextFeature()); first == nullptr) {
        throw InputError(where_what(where, "empty layer (no features; expected road lines)"));
    }
    const OGRSpatialReference* layer_srs = layer->GetSpatialRef();
    if (geo::is_undefined(layer_srs)) {
        throw InputError(where_what(where,
                                    "no CRS (expected a layer with a coordinate "
                                    "reference system; assign one, e.g. with ogr2ogr "
                                    "-a_srs EPSG:4326)"));
    }
    const auto source = geo::with_gis_order(*layer_srs);
    const auto fields = map_fields(*layer->GetLayerDefn(), options.columns, where);

    network::RoadTable table;
    table.working_crs = options.working_crs;
    table.source = path;
    table.from_osm = false;
    GdalRoadBuilder builder(table, where);
    layer->ResetReading();
    for (auto& feature : *layer) {
        builder.add_feature(*feature, fields);
    }
    if (builder.empty_geometries() > 0) {
        warn(fmt::format("{}: {} feature(s) with an empty or NULL geometry skipped", where,
                         builder.empty_geometries()));
    }
    if (builder.short_lines() > 0) {
        warn(fmt::format("{}: {} line(s) with fewer than 2 distinct vertices skipped", where,
                         builder.short_lines()));
    }
    if (table.way_count() == 0) {
        throw InputError(where_what(where,
                                    "no usable road lines (every feature has an empty "
                                    "geometry or fewer than 2 distinct vertices)"));
    }

    reproject(table.x, table.y, source, working, where, options.working_crs);
    reproject(table.lon, table.lat, source, geo::make_srs(geo::wgs84), where,
              std::string(geo::wgs84));
    return table;
}

}  // namespace reach::io
