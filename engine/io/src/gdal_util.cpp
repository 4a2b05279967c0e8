#include "gdal_util.hpp"

#include <filesystem>

#include "reach/geo/gdal_init.hpp"

namespace reach::io::detail {

DatasetPtr open_vector(const std::string& file, const std::vector<std::string>& open_options) {
    geo::gdal_init();
    std::vector<const char*> options;
    options.reserve(open_options.size() + 1);
    for (const auto& option : open_options) {
        options.push_back(option.c_str());
    }
    options.push_back(nullptr);
    const bool gzipped = file.size() > 3 && file.compare(file.size() - 3, 3, ".gz") == 0;
    const std::string name = gzipped ? "/vsigzip/" + file : file;
    return DatasetPtr(GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                        options.data(), nullptr));
}

}  // namespace reach::io::detail
