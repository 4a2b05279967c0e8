// Population from GDAL rasters of persons per pixel, read one row at a time so a large raster
// never sits in memory whole. A pixel is a cell when some group has persons there; nodata
// and NaN are "no persons". Cells are named r<row>c<col>, zero-padded so that the bytewise
// order of the ids is the row-major order of the pixels.
#include <fmt/format.h>

#include <gdal_priv.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "gdal_helpers.hpp"
#include "raw_grid.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/crs.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::demand::detail {
namespace {

struct BandSource {
    std::string file;
    GDALDataset* dataset = nullptr;
    GDALRasterBand* band = nullptr;
    int band_number = 0;
    bool has_nodata = false;
    double nodata = 0.0;
};

std::size_t digits(int n) { return fmt::format("{}", n > 0 ? n - 1 : 0).size(); }

}  // namespace

RawGrid read_raster_grid(const PopulationSpec& spec, const std::vector<const GroupSpec*>& groups) {
    const auto file = spec.file;
    std::vector<std::pair<std::string, DatasetPtr>> open;  // one per distinct file
    const auto dataset_of = [&](const std::string& name) -> GDALDataset& {
        for (auto& [known, dataset] : open) {
            if (known == name) {
                return *dataset;
            }
        }
        if (name != file) {
            require_file(name, "a population raster");
        }
        auto dataset = open_dataset(name, GDAL_OF_RASTER);
        if (dataset == nullptr || dataset->GetRasterCount() == 0) {
            throw InputError(where_what(
                name, fmt::format("cannot read as a raster ({})", geo::take_gdal_error())));
        }
        open.emplace_back(name, std::move(dataset));
        return *open.back().second;
    };

    GDALDataset& first = dataset_of(file);
    const int width = first.GetRasterXSize();
    const int height = first.GetRasterYSize();
    std::array<double, 6> transform{};
    if (first.GetGeoTransform(transform.data()) != CE_None) {
        throw InputError(where_what(file, "no geotransform (expected a georeferenced raster)"));
    }
    RawGrid grid;
    if (const auto* srs = first.GetSpatialRef(); srs != nullptr) {
        grid.srs = geo::with_gis_order(*srs);
    } else if (!spec.crs.empty()) {
        grid.srs = geo::make_srs(spec.crs, "population.crs");
    } else {
        throw InputError(where_what(
            file,
            "no CRS (expected a raster with a coordinate reference system, or population.crs)"));
    }
    const bool square = transform[2] == 0.0 && transform[4] == 0.0 &&
                        std::abs(transform[1]) == std::abs(transform[5]);
    grid.cell_size_m =
        square && geo::is_metric(grid.srs) ? std::abs(transform[1]) : spec.cell_size_m;

    std::vector<BandSource> bands;
    for (const auto* group : groups) {
        const auto context = fmt::format("population.groups.{}", group->name);
        BandSource source;
        source.file = group->file.empty() ? file : group->file;
        source.dataset = &dataset_of(source.file);
        source.band_number = group->band;
        if (group->band < 1 || group->band > source.dataset->GetRasterCount()) {
            throw InputError(where_what(
                context, fmt::format("band {} is not in {} (expected 1..{})", group->band,
                                     source.file, source.dataset->GetRasterCount())));
        }
        if (source.dataset->GetRasterXSize() != width ||
            source.dataset->GetRasterYSize() != height) {
            throw InputError(where_what(
                source.file, fmt::format("{} x {} pixels, but {} has {} x {} (expected one grid "
                                         "for every group)",
                                         source.dataset->GetRasterXSize(),
                                         source.dataset->GetRasterYSize(), file, width, height)));
        }
        std::array<double, 6> other{};
        if (source.dataset->GetGeoTransform(other.data()) != CE_None || other != transform) {
            throw InputError(where_what(
                source.file, fmt::format("its geotransform differs from {} (expected one grid for "
                                         "every group)",
                                         file)));
        }
        source.band = source.dataset->GetRasterBand(group->band);
        int has_nodata = 0;
        source.nodata = source.band->GetNoDataValue(&has_nodata);
        source.has_nodata = has_nodata != 0;
        bands.push_back(source);
    }
    grid.counts.resize(groups.size());
    grid.flagged.resize(groups.size());

    const auto row_digits = digits(height);
    const auto col_digits = digits(width);
    std::vector<std::vector<double>> rows(bands.size(), std::vector<double>(width));
    for (int row = 0; row < height; ++row) {
        for (std::size_t g = 0; g < bands.size(); ++g) {
            if (bands[g].band->RasterIO(GF_Read, 0, row, width, 1, rows[g].data(), width, 1,
                                        GDT_Float64, 0, 0, nullptr) != CE_None) {
                throw InputError(where_what(
                    bands[g].file, fmt::format("band {}, row {}: cannot read ({})",
                                               bands[g].band_number, row, geo::take_gdal_error())));
            }
            for (auto& value : rows[g]) {
                if (std::isnan(value) || (bands[g].has_nodata && value == bands[g].nodata)) {
                    value = 0.0;
                }
            }
        }
        for (int col = 0; col < width; ++col) {
            bool persons = false;
            for (std::size_t g = 0; g < bands.size(); ++g) {
                const double value = rows[g][static_cast<std::size_t>(col)];
                if (value < 0.0 || !std::isfinite(value)) {
                    throw InputError(where_what(
                        bands[g].file,
                        fmt::format(
                            "band {}, pixel (col {}, row {}): {} persons (group {}; expected "
                            "a number of persons >= 0 or nodata)",
                            bands[g].band_number, col, row, value, groups[g]->name)));
                }
                persons = persons || value > 0.0;
            }
            if (!persons) {
                continue;
            }
            for (std::size_t g = 0; g < bands.size(); ++g) {
                grid.counts[g].push_back(rows[g][static_cast<std::size_t>(col)]);
            }
            const double pc = col + 0.5;
            const double pr = row + 0.5;
            grid.x.push_back(transform[0] + pc * transform[1] + pr * transform[2]);
            grid.y.push_back(transform[3] + pc * transform[4] + pr * transform[5]);
            grid.cell_id.push_back(fmt::format("r{:0{}}c{:0{}}", row, row_digits, col, col_digits));
            grid.country.emplace_back();
        }
    }
    if (grid.cell_id.empty()) {
        throw InputError(
            where_what(file, "no pixel with persons (expected persons per pixel > 0 somewhere)"));
    }
    return grid;
}

}  // namespace reach::demand::detail
