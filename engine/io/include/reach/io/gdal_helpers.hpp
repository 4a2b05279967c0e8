#pragma once
// GDAL helpers shared by the readers of io and demand: an owning dataset pointer, `file#layer`
// splitting, opening files (CSV with every column as a string, .gz via /vsigzip/), picking a
// layer, listing columns, and strict number parsing. Errors are reach::InputError naming the
// file, record and column.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reach::io::gdal {

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FileAndLayer {
    std::string file;
    std::string layer;  // empty: not given
};
// "areas.gpkg#municipalities" → {"areas.gpkg", "municipalities"}; a path that exists as
// written is taken whole, so a file name containing '#' still works.
[[nodiscard]] FileAndLayer split_layer(const std::string& path);

// Throws InputError when `file` does not exist or is a directory; `what` names the input.
void require_file(const std::string& file, const std::string& what);

[[nodiscard]] bool is_csv(const std::string& file);
[[nodiscard]] bool ends_with_gz(const std::string& file);

// Opens a CSV (or CSV.gz) as a GDAL vector dataset with every column a string and no
// geometry guessing; throws InputError when GDAL cannot read it.
[[nodiscard]] DatasetPtr open_csv(const std::string& file);
// Why GDAL could not open `file` as a CSV: GDAL's message, else a hint for a header with one
// column only (GDAL's CSV driver needs a separator in the header line).
[[nodiscard]] std::string csv_open_failure(const std::string& file);
// Opens any GDAL dataset with `flags` (GDAL_OF_VECTOR / GDAL_OF_RASTER); nullptr on failure.
[[nodiscard]] DatasetPtr open_dataset(const std::string& file, unsigned flags);

// The named layer, or the first one; throws InputError listing the layers.
[[nodiscard]] OGRLayer& pick_layer(GDALDataset& dataset, const std::string& file,
                                   const std::string& layer);

// "a, b, c" (or "none").
[[nodiscard]] std::string field_names(const OGRFeatureDefn& defn);
// Field index of `column`; throws InputError "<where>: no column "<column>" (expected
// <what>; columns: ...)".
[[nodiscard]] int require_field(const OGRFeatureDefn& defn, const std::string& column,
                                const std::string& where, const std::string& what);

[[nodiscard]] std::string_view trim(std::string_view text);
// A finite decimal number (surrounding blanks allowed), or nullopt.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

// The value of field `index` as text exactly as stored (numbers of typed fields formatted
// with full precision), and whether it is null / unset.
struct FieldText {
    std::string text;
    bool null = false;
};
[[nodiscard]] FieldText field_text(const OGRFeature& feature, int index);
// The value of a numeric field: typed Integer/Real fields directly, strings parsed strictly;
// nullopt for a null field or text that is not a finite number.
[[nodiscard]] std::optional<double> field_number(const OGRFeature& feature, int index);

}  // namespace reach::io::gdal
