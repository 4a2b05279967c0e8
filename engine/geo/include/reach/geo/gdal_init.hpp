#pragma once
// GDAL set-up, done once per process: registers all drivers and installs one error handler
// that keeps GDAL's last message so readers can put it into their InputError (PDAL style:
// GDAL errors are translated once, at the io/geo boundary).
#include <string>

namespace reach::geo {

void gdal_init();
// The last message GDAL reported on this thread (empty if none), then cleared.
[[nodiscard]] std::string take_gdal_error();
// Releases GDAL/PROJ caches (call at exit so LeakSanitizer sees no library leaks).
void gdal_shutdown();

}  // namespace reach::geo
