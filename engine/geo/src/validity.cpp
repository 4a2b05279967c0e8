#include "reach/geo/validity.hpp"

#include <geos_c.h>

#include <cstdlib>
#include <cstring>

namespace reach::geo {

std::optional<std::string> invalid_reason(std::span<const unsigned char> wkb) {
    GEOSContextHandle_t context = GEOS_init_r();
    std::optional<std::string> reason;
    GEOSWKBReader* reader = GEOSWKBReader_create_r(context);
    GEOSGeometry* geometry = GEOSWKBReader_read_r(context, reader, wkb.data(), wkb.size());
    if (geometry == nullptr) {
        reason = "unreadable geometry";
    } else if (GEOSisValid_r(context, geometry) != 1) {
        char* text = GEOSisValidReason_r(context, geometry);
        reason = text != nullptr ? std::string(text) : std::string("invalid geometry");
        GEOSFree_r(context, text);
    }
    if (geometry != nullptr) GEOSGeom_destroy_r(context, geometry);
    GEOSWKBReader_destroy_r(context, reader);
    GEOS_finish_r(context);
    return reason;
}

}  // namespace reach::geo
