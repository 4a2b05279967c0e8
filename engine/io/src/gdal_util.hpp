#pragma once
// Private GDAL helpers of io: an owning dataset pointer, `file#layer` splitting and opening a
// vector dataset with GDAL's message kept for the InputError.
#include <gdal_priv.h>

#include <memory>
#include <string>
#include <vector>

namespace reach::io::detail {

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FileAndLayer {
    std::string file;
    std::string layer;  // empty: not given
};
// "roads.gpkg#streets" → {"roads.gpkg", "streets"}. A path that exists as written is taken
// whole, so a file name containing '#' still works.
[[nodiscard]] FileAndLayer split_layer(const std::string& path);

// Opens `file` as a GDAL vector dataset (read-only); nullptr when no driver accepts it (the
// GDAL message is left for take_gdal_error()). Files ending in .gz are read via /vsigzip/.
[[nodiscard]] DatasetPtr open_vector(const std::string& file,
                                     const std::vector<std::string>& open_options = {});

}  // namespace reach::io::detail
