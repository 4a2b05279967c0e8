#pragma once
// demand's readers use io's shared GDAL helpers under their own detail:: names.
#include "reach/io/gdal_helpers.hpp"

namespace reach::demand::detail {
using namespace reach::io::gdal;  // NOLINT(google-build-using-namespace): a private alias
}  // namespace reach::demand::detail
