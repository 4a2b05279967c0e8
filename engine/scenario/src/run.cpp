#include "reach/scenario/run.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_group.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <utility>
#include <cmath>
#include <exception>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>

#include "gap_areas.hpp"
#include "reach/core/error.hpp"
#include "reach/core/file_hash.hpp"
#include "reach/core/progress.hpp"
#include "reach/core/units.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/scoring/aggregates.hpp"
#include "reach/scoring/centre_measures.hpp"
#include "reach/scoring/two_step_fca.hpp"
#include "run_inputs.hpp"
#include "time_sources.hpp"
#include "work_bytes.hpp"

namespace reach::scenario {
namespace {

using detail::CellTimes;
using detail::RunInputs;
using detail::TimeSource;

// The scored cells' times as scoring sees them (rows = RunInputs::scored).
scoring::Times scored_times(const RunInputs& in, const CellTimes& times) {
    scoring::Times out;
    for (const auto i : in.scored) {
        out.nearest_time_s.push_back(times.time_s[i]);
        out.nearest_centre.push_back(times.rank[i]);
        out.unsnapped.push_back(times.unsnapped[i]);
    }
    out.time_s.resize(static_cast<std::int32_t>(in.scored.size()),
                      static_cast<std::int32_t>(in.centres.size()));
    return out;
}


// E2SFCA on the cell × centre matrix (at the profile's own access speed), and the per-centre
// and per-operator figures over the scored cells. Fills column.e2sfca.
scoring::Accessibility score_centres(const Scenario& s, const RunInputs& in, TimeSource& source,
                                     CellColumn& column, RunResult& result) {
    const auto& matrix = source.matrix(in.matrix_bound_s, std::nullopt);
    std::vector<double> ranked_capacity(source.by_rank().size());
    for (std::size_t r = 0; r < ranked_capacity.size(); ++r) {
        ranked_capacity[r] = (*in.capacity)[source.by_rank()[r]];
    }
    auto access =
        scoring::two_step_fca(in.grid.group(in.demand_group), matrix, ranked_capacity, in.decay);
    for (const auto r : access.without_demand) {
        result.warnings.push_back(fmt::format(
            "{}: centre \"{}\" has no {} persons within its catchment (E2SFCA ratio 0)",
            source.profile(), in.centres[source.by_rank()[r]].id, in.demand_group));
    }
    column.e2sfca = access.per_1000;

    auto times = scored_times(in, source.times(std::nullopt, false));
    times.time_s = detail::scored_rows(in, matrix);
    CentreResults figures;
    figures.profile = source.profile();
    figures.centres = scoring::centre_figures(in.scored_cells, in.ranked_centres, times,
                                              s.target_min, access.weighted_demand);
    figures.operators =
        scoring::operator_figures(in.scored_cells, in.ranked_centres, times, s.target_min);
    result.centre_results.push_back(std::move(figures));
    return access;
}

// A group's E2SFCA per cell: the profile's, or, when the group has its own access speed, step 2
// again on its own times with the centres' crowding of step 1 (two_step_fca.hpp).
std::vector<double> group_e2sfca(const RunInputs& in, TimeSource& source, const Group& g,
                                 const scoring::Accessibility& access) {
    if (source.access_kmh(g.off_network_kmh) == source.access_kmh(std::nullopt)) {
        return access.per_1000;
    }
    return scoring::access_per_1000(source.matrix(in.matrix_bound_s, g.off_network_kmh),
                                    access.supply_ratio, in.decay);
}

void warn_unsnapped(const Scenario& s, const RunInputs& in, const TimeSource& source,
                    const CellTimes& times, RunResult& result) {
    const auto& headcount =
        in.grid.find_group("total") ? in.grid.group("total") : in.grid.persons.front();
    double persons = 0.0;
    std::size_t cells = 0;
    for (const auto i : in.scored) {
        if (times.unsnapped[i] != 0 && headcount[i] > 0.0) {
            persons += headcount[i];
            ++cells;
        }
    }
    if (cells > 0) {
        result.warnings.push_back(fmt::format(
            "{}: {:.2f} persons in {} cells farther than {:g} m from a usable road (unsnapped)",
            source.profile(), persons, cells, s.snap.max_distance_m));
    }
}

// Cross-border figures of one pair (PairResult): nearest centre abroad, covered with the
// border closed.
void cross_border(const Scenario& s, const RunInputs& in, TimeSource& source,
                  const Group& g, const CellTimes& times, PairResult& pair) {
    const auto& persons = in.grid.group(g.name);
    const auto& closed = source.times(g.off_network_kmh, true);
    pair.covered_if_border_closed.assign(s.thresholds_min.size(), 0.0);
    for (const auto i : in.scored) {
        if (!(persons[i] > 0.0)) {
            continue;
        }
        if (times.rank[i] != scoring::no_centre && source.abroad(i, times.rank[i])) {
            pair.nearest_abroad += persons[i];
        }
        for (std::size_t k = 0; k < s.thresholds_min.size(); ++k) {
            if (closed.unsnapped[i] == 0 &&
                within(closed.time_s[i], s.thresholds_min[k] * 60.0)) {
                pair.covered_if_border_closed[k] += persons[i];
            }
        }
    }
}

// Imputed persons of the pair's group over the scored cells, in total, per country, per area.
void count_imputed(const RunInputs& in, const Group& g, PairResult& pair) {
    pair.imputed_by_country.assign(pair.figures.country.size(), 0.0);
    pair.imputed_by_area.assign(in.scored_cells.area_count, 0.0);
    const auto group = *in.grid.find_group(g.name);
    const auto& imputed = in.grid.imputed[group];
    if (imputed.empty()) {
        return;
    }
    const auto& persons = in.grid.persons[group];
    const auto& countries = pair.figures.country;
    for (std::size_t k = 0; k < in.scored.size(); ++k) {
        const auto i = in.scored[k];
        if (imputed[i] == 0) {
            continue;
        }
        pair.imputed_persons += persons[i];
        const auto& country = in.scored_cells.country[k];
        if (const auto it = std::lower_bound(countries.begin(), countries.end(), country);
            it != countries.end() && *it == country) {
            pair.imputed_by_country[static_cast<std::size_t>(it - countries.begin())] +=
                persons[i];
        }
        if (const auto a = in.scored_cells.area[k]; a != scoring::no_area) {
            pair.imputed_by_area[static_cast<std::size_t>(a)] += persons[i];
        }
    }
}

PairResult score_pair(const Scenario& s, const RunInputs& in, TimeSource& source, const Group& g,
                      const scoring::Accessibility* access, const RunResult& result) {
    const auto& times = source.times(g.off_network_kmh, false);
    const auto& persons = in.grid.group(g.name);
    PairResult pair;
    pair.profile = source.profile();
    pair.group = g.name;
    std::vector<double> scored_e2sfca;
    if (access != nullptr) {
        pair.e2sfca = group_e2sfca(in, source, g, *access);
        for (const auto i : in.scored) {
            scored_e2sfca.push_back(pair.e2sfca[i]);
        }
    }
    scoring::CoverageOptions coverage;
    coverage.thresholds_min.assign(s.thresholds_min.begin(), s.thresholds_min.end());
    coverage.target_min = s.target_min;
    pair.figures = scoring::aggregate(in.scored_cells, *in.scored_cells.find_group(g.name),
                                      scored_times(in, times), scored_e2sfca, coverage);
    pair.gap.assign(persons.size(), 0);
    for (std::size_t i = 0; i < persons.size(); ++i) {
        pair.gap[i] = persons[i] > 0.0 && (times.unsnapped[i] != 0 ||
                                           !within(times.time_s[i], s.target_min * 60.0))
                          ? 1
                          : 0;
    }
    pair.gaps = detail::gap_areas(in.scored, persons, times, in.grid, result, s.target_min);
    cross_border(s, in, source, g, times, pair);
    count_imputed(in, g, pair);
    return pair;
}

// The grid of the surfaces: the scored cells' extent (one cell of margin), pixels aligned to
// multiples of catchments.raster_resolution_m so runs line up; width 0 without located cells
// (a matrix scenario).
snap::PixelGrid surface_grid(const Scenario& s, const RunInputs& in) {
    snap::PixelGrid grid;
    grid.width = 0;
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = min_x;
    double max_x = -min_x;
    double max_y = -min_x;
    for (const auto i : in.scored) {
        if (std::isfinite(in.grid.x[i])) {
            min_x = std::min(min_x, in.grid.x[i]);
            max_x = std::max(max_x, in.grid.x[i]);
            min_y = std::min(min_y, in.grid.y[i]);
            max_y = std::max(max_y, in.grid.y[i]);
        }
    }
    if (!(min_x <= max_x)) {
        return grid;
    }
    const double pixel = s.catchments.raster_resolution_m;
    const double margin = std::max(in.grid.cell_size_m, pixel);
    grid.pixel_m = pixel;
    grid.min_x = std::floor((min_x - margin) / pixel) * pixel;
    grid.max_y = std::ceil((max_y + margin) / pixel) * pixel;
    grid.width = static_cast<int>(std::ceil((max_x + margin - grid.min_x) / pixel));
    grid.height = static_cast<int>(std::ceil((grid.max_y - (min_y - margin)) / pixel));
    const double pixels = static_cast<double>(grid.width) * grid.height;
    if (pixels > 2e8) {
        throw InputError(fmt::format(
            "{}: catchments.raster_resolution_m {:g} gives a {} × {} raster (expected at most "
            "200 million pixels: use a coarser resolution)",
            s.source.string(), pixel, grid.width, grid.height));
    }
    return grid;
}

// Minutes (NaN = none) from a surface's seconds, and the zones of the thresholds.
Surface make_surface(const Scenario& s, const std::string& profile, const snap::PixelGrid& grid,
                     const std::vector<double>& time_s, bool encode_geotiff) {
    Surface out;
    out.profile = profile;
    out.grid = grid;
    out.minutes.reserve(time_s.size());
    for (const double t : time_s) {
        out.minutes.push_back(t == unreachable ? std::numeric_limits<float>::quiet_NaN()
                                               : static_cast<float>(t / 60.0));
    }
    const geo::RasterGrid raster{grid.min_x, grid.max_y, grid.pixel_m, grid.width, grid.height,
                                 s.crs};
    const std::vector<double> thresholds(s.thresholds_min.begin(), s.thresholds_min.end());
    // parallel_invoke waits for both (and rethrows a failure) before `raster` and `out` go.
    tbb::parallel_invoke(
        [&] {
            if (encode_geotiff) {
                out.geotiff = geo::encode_time_geotiff(raster, out.minutes);
            }
        },
        [&] {
            out.zones = geo::zones_from_raster(raster, out.minutes, thresholds,
                                               s.catchments.simplify_tolerance_m());
        });
    return out;
}

// The window of `grid` holding every pixel with a time (a centre's own surface reaches a small
// part of the region); nullopt when no pixel has one.
std::optional<std::pair<snap::PixelGrid, std::vector<double>>> crop_reached(
    const snap::PixelGrid& grid, const std::vector<double>& time_s) {
    int x0 = grid.width, y0 = grid.height, x1 = -1, y1 = -1;
    for (int y = 0; y < grid.height; ++y) {
        for (int x = 0; x < grid.width; ++x) {
            if (time_s[static_cast<std::size_t>(y) * grid.width + x] != unreachable) {
                x0 = std::min(x0, x);
                x1 = std::max(x1, x);
                y0 = std::min(y0, y);
                y1 = std::max(y1, y);
            }
        }
    }
    if (x1 < 0) {
        return std::nullopt;
    }
    snap::PixelGrid window = grid;
    window.min_x = grid.min_x + x0 * grid.pixel_m;
    window.max_y = grid.max_y - y0 * grid.pixel_m;
    window.width = x1 - x0 + 1;
    window.height = y1 - y0 + 1;
    std::vector<double> cropped;
    cropped.reserve(static_cast<std::size_t>(window.width) * window.height);
    for (int y = y0; y <= y1; ++y) {
        const auto row = time_s.begin() + static_cast<std::ptrdiff_t>(y) * grid.width;
        cropped.insert(cropped.end(), row + x0, row + x1 + 1);
    }
    return std::pair(window, std::move(cropped));
}

// Persons per group within each threshold of the centre of `rank` by cell-centre times (the
// E2SFCA matrix at the group's own access speed, over the scored cells).
std::vector<std::vector<double>> centre_covered(const Scenario& s, const RunInputs& in,
                                                const std::vector<char>& scored,
                                                TimeSource& source, std::uint32_t rank) {
    std::vector<std::vector<double>> covered;
    for (const auto& g : s.population.groups) {
        covered.emplace_back();
        if (!detail::group_uses(g, source.profile())) {
            continue;
        }
        const auto& persons = in.grid.group(g.name);
        const auto& matrix = source.matrix(in.matrix_bound_s, g.off_network_kmh);
        covered.back().assign(s.thresholds_min.size(), 0.0);
        for (scoring::TimeMatrix::InnerIterator it(matrix, static_cast<std::int32_t>(rank)); it;
             ++it) {
            const auto cell = static_cast<std::size_t>(it.row());
            if (scored[cell] == 0) {
                continue;
            }
            for (std::size_t k = 0; k < s.thresholds_min.size(); ++k) {
                if (within(it.value(), 60.0 * s.thresholds_min[k])) {
                    covered.back()[k] += persons[cell];
                }
            }
        }
    }
    return covered;
}

// The surfaces and isochrones of one profile: every centre together, and with
// catchments.per_centre each centre alone (rank order). Adds them to `surfaces`, with their
// GeoTIFFs' bytes when `encode_geotiff`.
void travel_time_surfaces(const Scenario& s, const RunInputs& in, TimeSource& source,
                          bool encode_geotiff, std::vector<Surface>& surfaces) {
    const auto grid = surface_grid(s, in);
    const double max_time_s = 60.0 * s.thresholds_min.back();
    if (grid.width == 0) {
        return;
    }
    auto start = std::chrono::steady_clock::now();
    const auto took_s = [&start] {
        const auto now = std::chrono::steady_clock::now();
        return std::chrono::duration<double>(now - std::exchange(start, now)).count();
    };
    const auto all_s = source.surface(grid, max_time_s);
    debug(fmt::format("{}: surface of {}x{} pixels: {:.2f} s", source.profile(), grid.width,
                      grid.height, took_s()));
    if (!all_s.empty()) {
        surfaces.push_back(make_surface(s, source.profile(), grid, all_s, encode_geotiff));
    }
    debug(fmt::format("{}: isochrone zones: {:.2f} s", source.profile(), took_s()));
    if (!s.catchments.per_centre) {
        return;
    }
    std::vector<char> scored(in.grid.cell_count(), 0);
    for (const auto i : in.scored) {
        scored[i] = 1;
    }
    // A centre's own surface, cropped, without `covered`; nullopt when it reaches no pixel.
    const auto own_surface = [&](std::uint32_t rank, bool encode) -> std::optional<Surface> {
        const auto time_s = source.centre_surface(rank, grid, max_time_s);
        auto window = time_s.empty() ? std::nullopt : crop_reached(grid, time_s);
        if (!window) {
            return std::nullopt;
        }
        auto surface = make_surface(s, source.profile(), window->first, window->second, encode);
        surface.centre_id = in.centres[source.by_rank()[rank]].id;
        return surface;
    };
    const auto add = [&](std::uint32_t rank, Surface surface) {
        surface.covered = centre_covered(s, in, scored, source, rank);
        surfaces.push_back(std::move(surface));
    };
    const auto count = static_cast<std::uint32_t>(source.by_rank().size());
    if (const auto& share = source.share_work()) {
        // Across processes (RunOptions::share_work): each makes some centres' surfaces; the
        // one that writes gets them all (the surfaces feed only the outputs) and adds `covered`
        // from the matrix.
        WorkPieces work;
        work.what = fmt::format("{}: per-centre catchments", source.profile());
        work.fingerprint = fnv1a(fmt::format("{}|{:a}|{:a}|{:a}|{}|{}|{:a}|{}", source.profile(),
                                             grid.min_x, grid.max_y, grid.pixel_m, grid.width,
                                             grid.height, max_time_s, count));
        work.count = count;
        work.writer_only = true;
        work.compute = [&](const std::vector<std::uint32_t>& ranks) {
            std::vector<std::string> bytes;
            bytes.reserve(ranks.size());
            for (const auto rank : ranks) {
                const auto surface = own_surface(rank, false);  // bytes without the GeoTIFF
                bytes.push_back(surface ? detail::surface_bytes(*surface) : std::string());
            }
            return bytes;
        };
        const auto pieces = share(work);
        for (std::uint32_t rank = 0; rank < count; ++rank) {
            if (!pieces[rank].empty()) {
                add(rank, detail::surface_from_bytes(pieces[rank]));
            }
        }
        return;
    }
    Progress progress(fmt::format("{}: per-centre catchments", source.profile()), count);
    for (std::uint32_t rank = 0; rank < count; ++rank) {
        if (auto surface = own_surface(rank, encode_geotiff)) {
            add(rank, std::move(*surface));
        }
        progress.update(rank + 1);
    }
    progress.finish();
}

// What one profile adds to the run's result. Profiles are scored side by side, each into its
// own part, and the parts are merged in profiles.use order: the result does not depend on
// which profile finished first.
struct ProfilePart {
    std::vector<std::string> source_warnings;  // the roads file's own: every profile repeats them
    RunResult added;  // warnings, centre_results, profiles, surfaces, reached, pairs
};

void merge(ProfilePart&& part, RunResult& result) {
    for (auto& w : part.source_warnings) {
        if (std::find(result.warnings.begin(), result.warnings.end(), w) == result.warnings.end()) {
            result.warnings.push_back(std::move(w));
        }
    }
    const auto append = [](auto& to, auto& from) {
        std::move(from.begin(), from.end(), std::back_inserter(to));
    };
    append(result.warnings, part.added.warnings);
    append(result.centre_results, part.added.centre_results);
    append(result.profiles, part.added.profiles);
    append(result.surfaces, part.added.surfaces);
    append(result.reached, part.added.reached);
    append(result.pairs, part.added.pairs);
}

// Every measure of one profile, from its time source (the same code for a road graph and
// for a matrix file). `inputs` holds the run's inputs (read only: other profiles read it at the
// same time); what the profile adds goes to `part`.
void score_profile(const Scenario& s, const RunInputs& in, TimeSource& source,
                   const RunResult& inputs, bool encode_geotiff, ProfilePart& part) {
    part.source_warnings = source.warnings();
    RunResult& result = part.added;
    // --verbose: where a profile's time goes.
    auto part_start = std::chrono::steady_clock::now();
    const auto part_done = [&](const char* what) {
        const auto now = std::chrono::steady_clock::now();
        debug(fmt::format("{}: {}: {:.2f} s", source.profile(), what,
                          std::chrono::duration<double>(now - part_start).count()));
        part_start = now;
    };
    const auto& base = source.times(std::nullopt, false);
    part_done("cell times");
    CellColumn column;
    column.profile = source.profile();
    column.time_s = base.time_s;
    column.centre_id.resize(base.time_s.size());
    for (std::size_t i = 0; i < base.time_s.size(); ++i) {
        if (base.rank[i] != scoring::no_centre) {
            column.centre_id[i] = in.centres[source.by_rank()[base.rank[i]]].id;
        }
    }
    std::optional<scoring::Accessibility> access;
    if (in.capacity) {
        access = score_centres(s, in, source, column, result);
        part_done("centre capacity scores");
    }
    result.profiles.push_back(std::move(column));
    warn_unsnapped(s, in, source, base, result);
    std::vector<double> thresholds_s;
    thresholds_s.reserve(s.thresholds_min.size());
    for (const int t : s.thresholds_min) {
        thresholds_s.push_back(60.0 * t);
    }
    // The surface of every centre together reads only the node times computed above, so it is
    // drawn next to the reached network and the coverage measures (which fill the source's
    // other caches). Per-centre catchments use the matrix too: drawn before them instead.
    std::vector<Surface> surfaces;
    tbb::task_group drawing;
    if (s.catchments.per_centre) {
        travel_time_surfaces(s, in, source, encode_geotiff, surfaces);
        part_done("travel-time surfaces");
    } else {
        drawing.run([&] { travel_time_surfaces(s, in, source, encode_geotiff, surfaces); });
    }
    if (auto bands = source.reached_network(thresholds_s); !bands.empty()) {
        result.reached.push_back({source.profile(), std::move(bands), source.segment_classes(),
                                  s.outputs.network_layer ? source.network_edges()
                                                          : std::vector<snap::NetworkEdge>{}});
    }
    part_done("reached network");
    for (const auto& g : s.population.groups) {
        if (detail::group_uses(g, source.profile())) {
            result.pairs.push_back(
                score_pair(s, in, source, g, access ? &*access : nullptr, inputs));
        }
    }
    part_done("coverage measures");
    if (!s.catchments.per_centre) {
        drawing.wait();
        part_done("travel-time surfaces (drawn alongside)");
    }
    std::move(surfaces.begin(), surfaces.end(), std::back_inserter(result.surfaces));
}

// Calls work(p) for every profile p < count: side by side when `together`, else one after the
// other. A thread waiting inside one profile's own parallel loops helps with them, not with
// another whole profile, which would hold this one up (isolate). When profiles fail, the first
// failure in profile order is thrown, whichever finished first.
void each_profile(std::size_t count, bool together, const std::function<void(std::size_t)>& work) {
    std::vector<std::exception_ptr> failures(count);
    const auto guarded = [&](std::size_t p) {
        try {
            work(p);
        } catch (...) {
            failures[p] = std::current_exception();
        }
    };
    if (together) {
        tbb::parallel_for(std::size_t{0}, count, [&](std::size_t p) {
            tbb::this_task_arena::isolate([&] { guarded(p); });
        });
    } else {
        for (std::size_t p = 0; p < count; ++p) {
            guarded(p);
            if (failures[p]) {
                break;  // as before: the next profiles are not started
            }
        }
    }
    for (const auto& failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
}

// Whether the surfaces come with their GeoTIFFs' bytes (RunOptions::encode_rasters).
bool encodes_geotiffs(const Scenario& s, const RunOptions& options) {
    const auto& formats = s.outputs.formats;
    return options.encode_rasters &&
           std::find(formats.begin(), formats.end(), "geotiff") != formats.end();
}

// The profiles of a road scenario, side by side: one profile's single-threaded stretches (the
// surface's sweeps, the chain of zone unions) overlap another's work. One after the other
// when the searches are shared between MPI ranks, whose collective calls must come in the
// same order on every rank.
void score_profiles(const Scenario& s, const RunInputs& in,
                    const std::vector<std::shared_ptr<TimeSource>>& sources,
                    const RunOptions& options, RunResult& result) {
    std::vector<ProfilePart> parts(sources.size());
    const auto score = [&](std::size_t p) {
        const auto start = std::chrono::steady_clock::now();
        score_profile(s, in, *sources[p], result, encodes_geotiffs(s, options), parts[p]);
        debug(fmt::format("{}: snapping, searches and measures: {:.2f} s", sources[p]->profile(),
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                              .count()));
    };
    Progress progress("routing profiles", sources.size());
    std::mutex drawing;  // Progress is not thread-safe
    std::uint64_t done = 0;
    each_profile(sources.size(), !options.share_work, [&](std::size_t p) {
        score(p);
        const std::lock_guard lock(drawing);
        progress.update(++done);
    });
    progress.finish();
    for (auto& part : parts) {
        merge(std::move(part), result);
    }
}

void record_inputs(const Scenario& s, const RunInputs& in, RunResult& result) {
    result.cell_scored.assign(in.grid.cell_count(), 0);
    for (const auto i : in.scored) {
        result.cell_scored[i] = 1;
    }
    result.cell_id = in.grid.cell_id;
    result.x = in.grid.x;
    result.y = in.grid.y;
    std::vector<const std::filesystem::path*> paths = {&s.population.file.path,
                                                       &s.centres.file.path};
    if (s.roads) {
        paths.push_back(&s.roads->chosen.path);
        paths.push_back(&s.profiles.file.path);
    } else {
        paths.push_back(&s.matrix->file.path);
    }
    for (const auto* path : paths) {
        result.input_hashes.emplace_back(path->string(), hash_file(*path));
    }
    for (const auto& g : s.population.groups) {
        if (g.rates.given()) {
            result.input_hashes.emplace_back(g.rates.path.string(), hash_file(g.rates.path));
        }
    }
    if (s.area) {
        result.input_hashes.emplace_back(s.area->boundaries.path.string(),
                                         hash_file(s.area->boundaries.path));
    }
}

}  // namespace

std::shared_ptr<TimeSourceCache> make_time_source_cache() {
    return std::make_shared<TimeSourceCache>();
}

std::filesystem::path output_dir(const Scenario& scenario, const RunOptions& options) {
    if (!options.out_dir.empty()) {
        return options.out_dir;
    }
    if (!scenario.outputs.dir.empty()) {
        return scenario.outputs.dir;
    }
    throw UsageError(fmt::format("{}: no outputs.dir in the scenario (pass --out DIR)",
                                 scenario.source.string()));
}

RunResult run_scenario(const Scenario& s, const RunOptions& options) {
    const int threads =
        options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    RunResult result;
    result.scenario = s.name;
    result.thresholds_min = s.thresholds_min;
    result.target_min = s.target_min;
    result.threads = threads;
    result.with_concentration_index = s.measures.equity_rank_column.has_value();

    auto stage_start = std::chrono::steady_clock::now();
    const auto stage_done = [&stage_start](const std::string& what) {
        const auto now = std::chrono::steady_clock::now();
        debug(fmt::format("{}: {:.2f} s", what,
                          std::chrono::duration<double>(now - stage_start).count()));
        stage_start = now;
    };
    const auto in = detail::read_run_inputs(s, result);
    stage_done(fmt::format("inputs ({} cells, {} centres)", in.grid.cell_count(),
                           in.centres.size()));
    // A source from the cache when an earlier run had the same routing inputs.
    // Profiles load side by side: the cache's map is guarded, the making is not (each profile
    // has its own key).
    std::mutex caching;
    const auto cached_source = [&](const network::Profile* profile,
                                   const auto& make) -> std::shared_ptr<TimeSource> {
        if (!options.time_sources) {
            return make();
        }
        const auto key = detail::time_source_key(s, in, result, profile);
        std::shared_ptr<TimeSource>* slot = nullptr;
        {
            const std::lock_guard lock(caching);
            slot = &options.time_sources->sources[key];  // std::map: the address stays valid
            if (*slot) {
                debug(fmt::format("{}: times reused from an earlier run",
                                  profile != nullptr ? profile->name : detail::matrix_profile));
                return *slot;
            }
        }
        auto made = make();
        const std::lock_guard lock(caching);
        *slot = made;
        return made;
    };
    if (s.matrix) {
        const auto source = cached_source(nullptr, [&] {
            return std::shared_ptr<TimeSource>(detail::matrix_times(s, in, result));
        });
        ProfilePart part;
        score_profile(s, in, *source, result, encodes_geotiffs(s, options), part);
        merge(std::move(part), result);
        stage_done("matrix: times and measures");
    } else {
        result.roads_standin = s.roads->chosen_is_standin;
        std::vector<std::shared_ptr<TimeSource>> sources(in.profiles.size());
        each_profile(sources.size(), !options.share_work, [&](std::size_t p) {
            sources[p] = cached_source(in.profiles[p], [&] {
                return std::shared_ptr<TimeSource>(
                    detail::load_network_times(s, in, result, *in.profiles[p], options.load_graph,
                                               threads, options.share_work));
            });
        });
        for (const auto& source : sources) {
            result.roads_standin = result.roads_standin || source->roads_standin;
        }
        stage_done("graphs and snapping");
        score_profiles(s, in, sources, options, result);
        stage_done("scoring every profile");
    }
    if (result.roads_standin) {
        result.stand_ins.insert(result.stand_ins.begin(), "roads");
    }
    record_inputs(s, in, result);
    return result;
}

}  // namespace reach::scenario
