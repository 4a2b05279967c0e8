#include "reach/network/road_table.hpp"

#include "reach/core/assert.hpp"

namespace reach::network {

std::uint32_t StringPool::intern(std::string_view text) {
    const auto found = m_ids.find(text);
    if (found != m_ids.end()) {
        return found->second;
    }
    const auto id = static_cast<std::uint32_t>(m_strings.size());
    m_strings.emplace_back(text);
    m_ids.emplace(m_strings.back(), id);
    return id;
}

std::uint32_t StringPool::find(std::string_view text) const {
    const auto found = m_ids.find(text);
    return found == m_ids.end() ? missing : found->second;
}

std::string_view RoadTable::tag(std::uint32_t way, std::string_view key) const {
    return tag_of_key(way, strings.find(key));
}

std::string_view RoadTable::tag_of_key(std::uint32_t way, std::uint32_t key_id) const {
    const auto value_id = tag_value_id(way, key_id);
    return value_id == StringPool::missing ? std::string_view() : strings.get(value_id);
}

std::uint32_t RoadTable::tag_value_id(std::uint32_t way, std::uint32_t key_id) const {
    if (key_id == StringPool::missing) {
        return StringPool::missing;
    }
    for (auto t = way_first_tag[way]; t < way_first_tag[way + 1]; ++t) {
        if (tag_key[t] == key_id) {
            return tag_value[t];
        }
    }
    return StringPool::missing;
}

std::uint32_t RoadTable::add_vertex(double x_m, double y_m, double lon_deg, double lat_deg,
                                    std::int64_t osm_id) {
    x.push_back(x_m);
    y.push_back(y_m);
    lon.push_back(lon_deg);
    lat.push_back(lat_deg);
    osm_node_id.push_back(osm_id);
    return static_cast<std::uint32_t>(x.size() - 1);
}

void RoadTable::add_way(std::int64_t source_id, const std::vector<std::uint32_t>& vertices,
                        const std::vector<std::pair<std::string_view, std::string_view>>& tags) {
    for (const auto v : vertices) {
        REACH_ASSERT(v < vertex_count());
        way_vertex.push_back(v);
    }
    way_first_vertex.push_back(static_cast<std::uint32_t>(way_vertex.size()));
    way_source_id.push_back(source_id);
    for (const auto& [key, value] : tags) {
        tag_key.push_back(strings.intern(key));
        tag_value.push_back(strings.intern(value));
    }
    way_first_tag.push_back(static_cast<std::uint32_t>(tag_key.size()));
}

}  // namespace reach::network
