// libFuzzer: the OSM reader wrapper (libosmium). The first byte picks the format: odd → OSM
// XML, even → PBF (the rest of the input is the file).
#include <cstdint>

#include "fuzz_input.hpp"
#include "reach/core/error.hpp"
#include "reach/io/road_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bool xml = (data[0] & 1U) != 0;
    const auto path = reach::fuzz::input_file(data + 1, size - 1, xml ? ".osm" : ".osm.pbf");
    try {
        (void)reach::io::read_osm_roads(path.string(), "EPSG:3035");
    } catch (const reach::Error&) {
    }
    reach::fuzz::close_leaked_descriptors(path);
    return 0;
}
