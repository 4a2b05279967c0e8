// Gap areas (gap_areas.hpp).
#include "gap_areas.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <string>

#include "reach/core/units.hpp"
#include "reach/geo/cell_polygons.hpp"

namespace reach::scenario::detail {
namespace {

// Union-find over cells for the gap areas.
std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t i) {
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

// The cells of each gap area dissolved into a polygon (GEOS), in parallel (each result depends
// on its own cells only, so the output does not depend on the thread count). One
// dissolve_cells call per chunk of areas: each call validates the whole population grid, which
// costs more than dissolving a small area. Needs a grid: cells with a size and finite centres;
// otherwise the gap areas have no geometry.
void add_polygons(const demand::PopulationGrid& grid,
                  const std::vector<std::vector<std::uint32_t>>& members,
                  std::vector<GapArea>& out) {
    const bool located = std::all_of(grid.x.begin(), grid.x.end(),
                                     [](double v) { return std::isfinite(v); });
    if (!(grid.cell_size_m > 0.0) || !located || out.empty()) {
        return;
    }
    constexpr std::size_t chunks = 8;  // enough to balance a few threads
    const std::size_t grain = std::max<std::size_t>(1, (out.size() + chunks - 1) / chunks);
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, out.size(), grain),
        [&](const tbb::blocked_range<std::size_t>& range) {
            const std::vector<std::vector<std::uint32_t>> chunk(
                members.begin() + static_cast<std::ptrdiff_t>(range.begin()),
                members.begin() + static_cast<std::ptrdiff_t>(range.end()));
            auto dissolved = geo::dissolve_cells(grid.x, grid.y, grid.cell_size_m, chunk);
            for (auto a = range.begin(); a != range.end(); ++a) {
                auto& one = dissolved[a - range.begin()];
                out[a].wkb = std::move(one.wkb);
                out[a].area_km2 = one.area_m2 / 1e6;
            }
        });
}

}  // namespace

std::vector<GapArea> gap_areas(const std::vector<std::uint32_t>& scored,
                               const std::vector<double>& persons, const CellTimes& times,
                               const demand::PopulationGrid& grid, const RunResult& result,
                               double target_min) {
    std::vector<std::uint32_t> gap;  // grid cell indices
    for (const auto i : scored) {
        if (persons[i] > 0.0 &&
            (times.unsnapped[i] != 0 || !within(times.time_s[i], target_min * 60.0))) {
            gap.push_back(i);
        }
    }
    const std::size_t k = gap.size();
    std::vector<std::uint32_t> parent(k);
    std::iota(parent.begin(), parent.end(), 0U);
    const double size = grid.cell_size_m;
    if (size > 0.0 && k > 0) {
        std::map<std::pair<std::int64_t, std::int64_t>, std::uint32_t> at;
        const auto key = [&](std::uint32_t i) {
            return std::pair<std::int64_t, std::int64_t>{std::llround(grid.x[i] / size),
                                                         std::llround(grid.y[i] / size)};
        };
        for (std::uint32_t j = 0; j < k; ++j) {
            at.emplace(key(gap[j]), j);
        }
        for (std::uint32_t j = 0; j < k; ++j) {
            const auto [cx, cy] = key(gap[j]);
            for (const auto& [dx, dy] : {std::pair{1, 0}, std::pair{0, 1}}) {
                if (const auto it = at.find({cx + dx, cy + dy}); it != at.end()) {
                    parent[find_root(parent, j)] = find_root(parent, it->second);
                }
            }
        }
    }
    std::map<std::uint32_t, std::size_t> slot;  // root → gap area
    std::vector<GapArea> out;
    std::vector<std::set<std::string>> touched;
    std::vector<std::vector<std::uint32_t>> members;  // grid cells per gap area
    for (std::uint32_t j = 0; j < k; ++j) {
        const auto root = find_root(parent, j);
        auto [it, fresh] = slot.emplace(root, out.size());
        if (fresh) {
            out.emplace_back();
            out.back().population.assign(result.group_name.size(), 0.0);
            out.back().first_cell = grid.cell_id[gap[j]];
            touched.emplace_back();
            members.emplace_back();
        }
        auto& area = out[it->second];
        const auto i = gap[j];
        members[it->second].push_back(i);
        ++area.cell_count;
        area.first_cell = std::min(area.first_cell, grid.cell_id[i]);
        for (std::size_t g = 0; g < result.group_name.size(); ++g) {
            area.population[g] += result.persons[g][i];
        }
        if (times.unsnapped[i] != 0 || times.time_s[i] == unreachable) {
            area.unreachable += persons[i];
        } else {
            area.score += persons[i] * (times.time_s[i] / 60.0 - target_min);
        }
        if (!result.cell_area[i].empty()) {
            touched[it->second].insert(result.cell_area[i]);
        }
    }
    for (std::size_t a = 0; a < out.size(); ++a) {
        out[a].areas.assign(touched[a].begin(), touched[a].end());
        out[a].area_km2 = static_cast<double>(out[a].cell_count) * size * size / 1e6;
    }
    add_polygons(grid, members, out);
    std::sort(out.begin(), out.end(), [](const GapArea& a, const GapArea& b) {
        if (a.unreachable != b.unreachable) return a.unreachable > b.unreachable;
        if (a.score != b.score) return a.score > b.score;
        return a.first_cell < b.first_cell;
    });
    return out;
}

}  // namespace reach::scenario::detail
