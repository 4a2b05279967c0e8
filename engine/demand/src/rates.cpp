// Rates tables and their spreading over cells (see rates.hpp for the formulas).
#include "reach/demand/rates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <unordered_map>

#include "gdal_helpers.hpp"
#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/geo/gdal_init.hpp"

namespace reach::demand {
namespace {

constexpr const char* figure_expected = "expected a number >= 0";

// Empty / null → nullopt; otherwise a finite number ≥ 0 or an InputError.
std::optional<double> optional_figure(const OGRFeature& feature, int index,
                                      const std::string& column, const std::string& where) {
    if (index < 0) {
        return std::nullopt;
    }
    const auto text = detail::field_text(feature, index);
    if (text.null || detail::trim(text.text).empty()) {
        return std::nullopt;
    }
    const auto value = detail::field_number(feature, index);
    if (!value) {
        throw InputError(where_what(where, fmt::format("column {}: \"{}\" is not a number ({})",
                                                       column, text.text, figure_expected)));
    }
    if (*value < 0.0) {
        throw InputError(where_what(where, fmt::format("column {}: \"{}\" is negative ({})", column,
                                                       text.text, figure_expected)));
    }
    return value;
}

constexpr int max_residue_tries = 16;

// Sets persons[area[k]] to the smallest v >= 0 for which the left-to-right sum of persons over
// `area` equals `target`, when there is one. The sum is monotone in v and non-negative
// doubles are ordered like their bit patterns, so a bisection over the bits finds v in at
// most 64 sums of the cells after k.
bool absorb_residue(std::vector<double>& persons, std::span<const std::size_t> area, std::size_t k,
                    double target) {
    double prefix = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
        prefix += persons[area[j]];
    }
    const auto sum_with = [&](double v) {
        double sum = prefix + v;
        for (std::size_t j = k + 1; j < area.size(); ++j) {
            sum += persons[area[j]];
        }
        return sum;
    };
    if (sum_with(0.0) > target) {
        return false;
    }
    // sum_with(target) >= target since every term is >= 0.
    auto low = std::uint64_t{0};
    auto high = std::bit_cast<std::uint64_t>(target);
    while (low < high) {
        const auto mid = low + (high - low) / 2;
        if (sum_with(std::bit_cast<double>(mid)) >= target) {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    const double v = std::bit_cast<double>(low);
    if (sum_with(v) != target) {
        return false;
    }
    persons[area[k]] = v;
    return true;
}

std::string optional_text(const OGRFeature& feature, int index) {
    return index < 0 ? std::string() : std::string(detail::trim(feature.GetFieldAsString(index)));
}

}  // namespace

RatesTable read_rates(const std::string& path) {
    const auto [file, layer_name] = detail::split_layer(path);
    detail::require_file(file, "a rates table with area_id and rate_per_1000 or count");
    const bool csv = detail::is_csv(file);
    const auto dataset = csv ? detail::open_csv(file) : detail::open_dataset(file, GDAL_OF_VECTOR);
    if (dataset == nullptr || dataset->GetLayerCount() == 0) {
        throw InputError(where_what(
            file, fmt::format("cannot read the rates table ({}; expected a CSV with area_id and "
                              "rate_per_1000 or count)",
                              geo::take_gdal_error())));
    }
    OGRLayer& layer = detail::pick_layer(*dataset, file, layer_name);
    const std::string where = csv ? file : fmt::format("{}#{}", file, layer.GetName());
    const auto& defn = *layer.GetLayerDefn();
    const int id = detail::require_field(defn, "area_id", where, "the area id of each row");
    const int rate = defn.GetFieldIndex("rate_per_1000");
    const int count = defn.GetFieldIndex("count");
    if (rate < 0 && count < 0) {
        throw InputError(where_what(
            where, fmt::format("no column rate_per_1000 or count (expected one of them; columns: "
                               "{})",
                               detail::field_names(defn))));
    }
    const int base = defn.GetFieldIndex("base");
    const int source = defn.GetFieldIndex("source");
    const int assumption = defn.GetFieldIndex("assumption");

    RatesTable table;
    table.file = file;
    std::unordered_map<std::string, std::string> first_seen;
    for (const auto& feature : layer) {
        const std::string record = csv ? fmt::format("{}:{}", file, feature->GetFID() + 1)
                                       : fmt::format("{}, feature {}", where, feature->GetFID());
        std::string area(detail::trim(feature->GetFieldAsString(id)));
        if (area.empty()) {
            throw InputError(where_what(record, "column area_id: empty (expected an area id)"));
        }
        const auto [seen, inserted] = first_seen.try_emplace(area, record);
        if (!inserted) {
            throw InputError(where_what(
                record, fmt::format("duplicate area_id \"{}\" (first at {}; expected one row per "
                                    "area)",
                                    area, seen->second)));
        }
        const auto row_where = fmt::format("{} (area {})", record, area);
        auto rate_value = optional_figure(*feature, rate, "rate_per_1000", row_where);
        auto count_value = optional_figure(*feature, count, "count", row_where);
        if (rate_value.has_value() == count_value.has_value()) {
            throw InputError(where_what(
                row_where, fmt::format("{} (expected exactly one of rate_per_1000 and count)",
                                       rate_value ? "both rate_per_1000 and count given"
                                                  : "neither rate_per_1000 nor count given")));
        }
        table.area_id.push_back(std::move(area));
        table.rate_per_1000.push_back(rate_value);
        table.count.push_back(count_value);
        table.base.push_back(optional_text(*feature, base));
        table.source.push_back(optional_text(*feature, source));
        table.assumption.push_back(optional_text(*feature, assumption));
    }
    if (table.rows() == 0) {
        throw InputError(where_what(where, "no rows (expected one row per area)"));
    }
    return table;
}

std::vector<std::string> assumptions(const RatesTable& rates) {
    std::vector<std::string> out;
    for (std::size_t r = 0; r < rates.rows(); ++r) {
        if (!rates.assumption[r].empty()) {
            out.push_back(fmt::format("{}: {}", rates.area_id[r], rates.assumption[r]));
        }
    }
    return out;
}

std::size_t AreaAssignment::unassigned_cells() const {
    return static_cast<std::size_t>(std::count(area_of_cell.begin(), area_of_cell.end(), no_area));
}

AreaAssignment assign_areas_by_field(const std::vector<std::string>& cell_value,
                                     const std::vector<std::string>& area_ids) {
    std::unordered_map<std::string, std::int32_t> index;
    for (std::size_t a = 0; a < area_ids.size(); ++a) {
        index.try_emplace(area_ids[a], static_cast<std::int32_t>(a));
    }
    AreaAssignment assignment;
    assignment.area_id = area_ids;
    assignment.area_of_cell.reserve(cell_value.size());
    for (const auto& value : cell_value) {
        const auto it = index.find(value);
        assignment.area_of_cell.push_back(it == index.end() ? AreaAssignment::no_area : it->second);
    }
    return assignment;
}

SpreadResult spread_rates(const RatesTable& rates, const std::vector<std::int32_t>& area_of_cell,
                          const std::vector<double>& base) {
    const auto n = base.size();
    const auto rows = rates.rows();
    REACH_ASSERT(area_of_cell.size() == n);
    // The cells of each area, in cell order (a counting sort), so every per-area sum below is
    // taken in the order a reader of the grid would take it.
    std::vector<std::size_t> first(rows + 1, 0);
    for (const auto area : area_of_cell) {
        REACH_ASSERT(area >= AreaAssignment::no_area && area < static_cast<std::int32_t>(rows));
        if (area >= 0) {
            ++first[static_cast<std::size_t>(area) + 1];
        }
    }
    for (std::size_t r = 0; r < rows; ++r) {
        first[r + 1] += first[r];
    }
    std::vector<std::size_t> cells(first[rows]);
    auto next = first;
    for (std::size_t i = 0; i < n; ++i) {
        if (area_of_cell[i] >= 0) {
            cells[next[static_cast<std::size_t>(area_of_cell[i])]++] = i;
        }
    }

    SpreadResult result;
    result.persons.assign(n, 0.0);
    result.area_persons.assign(rows, 0.0);
    for (std::size_t r = 0; r < rows; ++r) {
        const auto area =
            std::span<const std::size_t>(cells).subspan(first[r], first[r + 1] - first[r]);
        double base_sum = 0.0;
        for (const auto i : area) {
            REACH_ASSERT(base[i] >= 0.0);
            base_sum += base[i];
        }
        if (!(base_sum > 0.0)) {
            if (const double count = rates.count[r].value_or(0.0); count > 0.0) {
                result.unplaced_rows.push_back(r);
                result.unplaced_persons += count;
            }
            continue;
        }
        const auto& count = rates.count[r];
        const auto& rate_per_1000 = rates.rate_per_1000[r];
        REACH_ASSERT(count || rate_per_1000);
        const double target = count ? *count : *rate_per_1000 / 1000.0 * base_sum;
        for (const auto i : area) {
            result.persons[i] = target * (base[i] / base_sum);
        }
        // The proportional shares sum to the target only up to rounding. One cell takes the
        // residue (a few ulps) so that the sum in cell order is the target exactly: the last
        // cell with base persons (everything after it adds exact zeros) or, when rounding
        // ties make that impossible (the cell in the target's binade and the prefix at half an
        // ulp), the one before it, and so on.
        int tries = 0;
        for (std::size_t j = area.size(); j-- > 0 && tries < max_residue_tries;) {
            if (base[area[j]] > 0.0) {
                ++tries;
                if (absorb_residue(result.persons, area, j, target)) {
                    break;
                }
            }
        }
        result.area_persons[r] = target;
    }
    return result;
}

}  // namespace reach::demand
