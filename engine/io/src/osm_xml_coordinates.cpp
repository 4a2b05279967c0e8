// One expat pass over an OSM XML file (decompressed by libosmium's own decompressors, so
// .osm.gz and .osm.bz2 are read the same way), looking only at coordinate attributes.
#include "osm_xml_coordinates.hpp"

#include <expat.h>
#include <fcntl.h>
#include <fmt/format.h>

#include <osmium/io/any_compression.hpp>
#include <osmium/io/file.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <exception>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "reach/core/error.hpp"

namespace reach::io::detail {
namespace {

struct CoordinateAttribute {
    std::string_view name;
    double limit_deg;
};

// Every attribute libosmium's XML parser turns into a Location (xml_input_format.hpp).
constexpr std::array<CoordinateAttribute, 10> coordinate_attributes{{{"lat", 90.0},
                                                                     {"lon", 180.0},
                                                                     {"minlat", 90.0},
                                                                     {"minlon", 180.0},
                                                                     {"maxlat", 90.0},
                                                                     {"maxlon", 180.0},
                                                                     {"min_lat", 90.0},
                                                                     {"min_lon", 180.0},
                                                                     {"max_lat", 90.0},
                                                                     {"max_lon", 180.0}}};

std::optional<double> limit_of(std::string_view attribute) {
    for (const auto& coordinate : coordinate_attributes) {
        if (coordinate.name == attribute) return coordinate.limit_deg;
    }
    return std::nullopt;
}

// True when the number at the start of `value` is beyond ±limit_deg or too large for a
// double. A value that is not a number at all is left to libosmium's "wrong format" error.
bool out_of_range(std::string_view value, double limit_deg) {
    double degrees = 0.0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), degrees);
    (void)end;
    if (error == std::errc::result_out_of_range) return true;
    return error == std::errc{} && std::fabs(degrees) > limit_deg;
}

struct ScanState {
    XML_Parser parser = nullptr;
    std::string problem;  // set on the first bad coordinate; the scan then stops
};

void XMLCALL on_start_element(void* user_data, const XML_Char* element, const XML_Char** attributes) {
    auto& state = *static_cast<ScanState*>(user_data);
    for (const XML_Char** attribute = attributes; *attribute != nullptr; attribute += 2) {
        const auto limit_deg = limit_of(attribute[0]);
        if (limit_deg && out_of_range(attribute[1], *limit_deg)) {
            state.problem = fmt::format(
                "line {}: <{}> has {}=\"{}\" (expected decimal degrees within ±{:g})",
                XML_GetCurrentLineNumber(state.parser), element, attribute[0], attribute[1],
                *limit_deg);
            XML_StopParser(state.parser, XML_FALSE);
            return;
        }
    }
}

struct ParserFree {
    void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

}  // namespace

void check_osm_xml_coordinates(const std::string& path) {
    const osmium::io::File file(path);
    if (file.format() != osmium::io::file_format::xml) return;
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return;  // libosmium reports the open error in its own words
    // The decompressor owns the descriptor from here on and closes it.
    const auto decompressor =
        osmium::io::CompressionFactory::instance().create_decompressor(file.compression(),
                                                                       descriptor);
    const std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree> parser(
        XML_ParserCreate(nullptr));
    ScanState state;
    state.parser = parser.get();
    XML_SetUserData(parser.get(), &state);
    XML_SetStartElementHandler(parser.get(), on_start_element);
    try {
        for (;;) {
            const std::string chunk = decompressor->read();
            const bool last = chunk.empty();
            if (XML_Parse(parser.get(), chunk.data(), static_cast<int>(chunk.size()), last) !=
                XML_STATUS_OK) {
                break;  // stopped at a bad coordinate, or broken XML (libosmium's to report)
            }
            if (last) break;
        }
        decompressor->close();
    } catch (const std::exception&) {
        return;  // a broken .gz/.bz2 stream: libosmium reports it when it reads the file
    }
    if (!state.problem.empty()) {
        throw InputError(where_what(path, state.problem));
    }
}

}  // namespace reach::io::detail
