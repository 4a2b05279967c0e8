#include "reach/io/gdal_helpers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "reach/core/error.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::io::gdal {

FileAndLayer split_layer(const std::string& path) {
    const auto hash = path.rfind('#');
    std::error_code ec;
    if (hash == std::string::npos || std::filesystem::exists(path, ec)) {
        return {path, {}};
    }
    return {path.substr(0, hash), path.substr(hash + 1)};
}

void require_file(const std::string& file, const std::string& what) {
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (!std::filesystem::exists(status)) {
        throw InputError(where_what(file, fmt::format("no such file (expected {})", what)));
    }
    if (std::filesystem::is_directory(status)) {
        throw InputError(where_what(file, fmt::format("is a directory (expected {})", what)));
    }
}

namespace {
std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}
}  // namespace

bool is_csv(const std::string& file) {
    const auto name = lower(file);
    return name.ends_with(".csv") || name.ends_with(".csv.gz");
}

bool ends_with_gz(const std::string& file) { return lower(file).ends_with(".gz"); }

DatasetPtr open_csv(const std::string& file) {
    geo::gdal_init();
    const std::string name = ends_with_gz(file) ? "/vsigzip/" + file : file;
    // Every column a string: the numbers are parsed here, so "12,5" or "" in a count column
    // is an error naming the line instead of a silent 0.
    const char* const options[] = {"AUTODETECT_TYPE=NO", "HEADERS=YES", "KEEP_GEOM_COLUMNS=YES",
                                   nullptr};
    const char* const drivers[] = {"CSV", nullptr};
    DatasetPtr dataset(GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                         options, nullptr));
    if (dataset == nullptr || dataset->GetLayerCount() == 0) {
        throw InputError(
            where_what(file, fmt::format("cannot read as CSV ({})", csv_open_failure(file))));
    }
    return dataset;
}

std::string csv_open_failure(const std::string& file) {
    auto message = geo::take_gdal_error();
    if (!message.empty()) {
        return message;
    }
    std::string header;
    if (!ends_with_gz(file)) {
        std::ifstream in(file);
        std::getline(in, header);
    }
    if (!header.empty() && header.find_first_of(",;\t") == std::string::npos) {
        return fmt::format("the header \"{}\" has one column; GDAL's CSV driver needs at least "
                           "two: add a column, e.g. name",
                           trim(header));
    }
    return "GDAL's CSV driver does not accept it";
}

DatasetPtr open_dataset(const std::string& file, unsigned flags) {
    geo::gdal_init();
    const std::string name = ends_with_gz(file) ? "/vsigzip/" + file : file;
    return DatasetPtr(
        GDALDataset::Open(name.c_str(), flags | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

OGRLayer& pick_layer(GDALDataset& dataset, const std::string& file, const std::string& layer) {
    OGRLayer* picked = layer.empty() ? dataset.GetLayer(0) : dataset.GetLayerByName(layer.c_str());
    if (picked == nullptr) {
        std::string known;
        for (auto* each : dataset.GetLayers()) {
            known += known.empty() ? "" : ", ";
            known += each->GetName();
        }
        throw InputError(where_what(file, fmt::format("no layer \"{}\" (layers: {})", layer,
                                                      known.empty() ? "none" : known)));
    }
    return *picked;
}

std::string field_names(const OGRFeatureDefn& defn) {
    std::string names;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        names += i == 0 ? "" : ", ";
        names += defn.GetFieldDefn(i)->GetNameRef();
    }
    return names.empty() ? "none" : names;
}

int require_field(const OGRFeatureDefn& defn, const std::string& column, const std::string& where,
                  const std::string& what) {
    const int index = column.empty() ? -1 : defn.GetFieldIndex(column.c_str());
    if (index < 0) {
        throw InputError(
            where_what(where, fmt::format("no column \"{}\" (expected {}; columns: {})", column,
                                          what, field_names(defn))));
    }
    return index;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.remove_suffix(1);
    }
    return text;
}

std::optional<double> parse_number(std::string_view raw) {
    const auto text = trim(raw);
    double value = 0.0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

FieldText field_text(const OGRFeature& feature, int index) {
    if (!feature.IsFieldSetAndNotNull(index)) {
        return {"", true};
    }
    const auto type = feature.GetFieldDefnRef(index)->GetType();
    if (type == OFTReal) {
        return {fmt::format("{}", feature.GetFieldAsDouble(index)), false};
    }
    return {feature.GetFieldAsString(index), false};
}

std::optional<double> field_number(const OGRFeature& feature, int index) {
    if (!feature.IsFieldSetAndNotNull(index)) {
        return std::nullopt;
    }
    switch (feature.GetFieldDefnRef(index)->GetType()) {
        case OFTInteger:
        case OFTInteger64:
            return static_cast<double>(feature.GetFieldAsInteger64(index));
        case OFTReal: {
            const double value = feature.GetFieldAsDouble(index);
            return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
        }
        default:
            return parse_number(feature.GetFieldAsString(index));
    }
}

}  // namespace reach::io::gdal
