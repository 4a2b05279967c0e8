#pragma once
// Private GDAL helper of io: opening a vector dataset with GDAL's message kept for the
// InputError (the shared helpers are in reach/io/gdal_helpers.hpp).
#include <gdal_priv.h>

#include "reach/io/gdal_helpers.hpp"

#include <memory>
#include <string>
#include <vector>

namespace reach::io::detail {

using namespace reach::io::gdal;  // DatasetPtr, split_layer, ...

// Opens `file` as a GDAL vector dataset (read-only); nullptr when no driver accepts it (the
// GDAL message is left for take_gdal_error()). Files ending in .gz are read via /vsigzip/.
[[nodiscard]] DatasetPtr open_vector(const std::string& file,
                                     const std::vector<std::string>& open_options = {});

}  // namespace reach::io::detail
