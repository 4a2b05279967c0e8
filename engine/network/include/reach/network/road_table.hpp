#pragma once
// RoadTable: the roads of one input file as plain arrays, before any profile is applied.
// Readers (io: libosmium for OSM, GDAL for other vector formats) fill it; build_road_graph()
// turns it into topology. Vertices are unique points: an OSM node, or for GDAL layers one
// distinct coordinate (topology from shared vertex coordinates). Coordinates are already in
// the working CRS (x,y) and in EPSG:4326 (lon,lat), both in traditional GIS order.
// Tags of every way are kept (interned), so a profile may test any key.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reach::network {

// Interns strings: each distinct string gets a dense 32-bit id.
class StringPool {
public:
    std::uint32_t intern(std::string_view text);
    [[nodiscard]] std::string_view get(std::uint32_t id) const { return m_strings[id]; }
    // id of `text` if interned, else `missing`.
    static constexpr std::uint32_t missing = 0xffffffffU;
    [[nodiscard]] std::uint32_t find(std::string_view text) const;
    [[nodiscard]] std::size_t size() const { return m_strings.size(); }

private:
    // Looks strings up by std::string_view, without making a std::string for each lookup.
    struct Hash {
        using is_transparent = void;
        [[nodiscard]] std::size_t operator()(std::string_view text) const noexcept {
            return std::hash<std::string_view>{}(text);
        }
    };
    std::vector<std::string> m_strings;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> m_ids;
};

inline constexpr std::int64_t no_osm_id = 0;  // OSM ids are never 0

// Printed by every command and report that uses a stand-in road network.
inline constexpr std::string_view stand_in_label = "road network: stand-in (not surveyed)";
// OSM files whose header `generator` starts with this are stand-ins (tools/standin).
inline constexpr std::string_view stand_in_generator_prefix = "reach-standin";
// Synthetic benchmark networks (tools/bench, `reach bench`) are stand-ins too.
inline constexpr std::string_view synthetic_generator_prefix = "reach-bench-synthetic";

struct RoadTable {
    // --- vertices ---
    std::vector<double> x, y;           // working CRS, metres
    std::vector<double> lon, lat;       // EPSG:4326 degrees
    std::vector<std::int64_t> osm_node_id;  // same size as x; no_osm_id for non-OSM inputs

    // --- ways (CSR over way_vertex) ---
    std::vector<std::uint32_t> way_first_vertex{0};  // way_count + 1 entries
    std::vector<std::uint32_t> way_vertex;           // vertex indices, in way direction
    std::vector<std::int64_t> way_source_id;         // OSM way id, or GDAL feature id (FID)

    // --- tags of each way (CSR over tag_key/tag_value) ---
    std::vector<std::uint32_t> way_first_tag{0};     // way_count + 1 entries
    std::vector<std::uint32_t> tag_key, tag_value;   // ids into `strings`
    StringPool strings;

    std::string working_crs;   // e.g. "EPSG:3035"
    std::string source;        // file the roads came from (for messages)
    bool from_osm = false;
    // Non-empty when the file declares itself a generated stand-in, not surveyed data (OSM
    // header `generator` starting with "reach-standin"): that generator text. Every output
    // made from such roads shows stand_in_label.
    std::string stand_in_note;
    // Problems that did not stop reading (e.g. node references without a location): they
    // belong in the run's warnings (summary.json), once, whether the graph came from the file
    // or from the graph cache.
    std::vector<std::string> warnings;

    [[nodiscard]] std::uint32_t vertex_count() const { return static_cast<std::uint32_t>(x.size()); }
    [[nodiscard]] std::uint32_t way_count() const {
        return static_cast<std::uint32_t>(way_first_vertex.size() - 1);
    }
    // Value of tag `key` on `way`, or "" when absent.
    [[nodiscard]] std::string_view tag(std::uint32_t way, std::string_view key) const;
    // The same by the key's id in `strings` (StringPool::missing: "").
    [[nodiscard]] std::string_view tag_of_key(std::uint32_t way, std::uint32_t key_id) const;
    // The id of that value in `strings`; StringPool::missing when absent.
    [[nodiscard]] std::uint32_t tag_value_id(std::uint32_t way, std::uint32_t key_id) const;

    // Builders used by the readers.
    std::uint32_t add_vertex(double x_m, double y_m, double lon_deg, double lat_deg,
                             std::int64_t osm_id);
    // Appends a way; `vertices` are indices from add_vertex; tags as (key, value) pairs.
    void add_way(std::int64_t source_id, const std::vector<std::uint32_t>& vertices,
                 const std::vector<std::pair<std::string_view, std::string_view>>& tags);
};

}  // namespace reach::network
