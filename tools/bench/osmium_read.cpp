#include "osmium_read.hpp"

#include <osmium/io/any_compression.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/memory/buffer.hpp>
#include <osmium/osm/entity_bits.hpp>

namespace reach::bench {

std::uint64_t read_osm_plain(const std::string& path) {
    osmium::io::Reader reader(path, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
    std::uint64_t objects = 0;
    while (const osmium::memory::Buffer buffer = reader.read()) {
        for (auto it = buffer.begin(); it != buffer.end(); ++it) ++objects;
    }
    reader.close();
    return objects;
}

}  // namespace reach::bench
