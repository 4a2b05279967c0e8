// Times from the road graph or from a matrix file (time_sources.hpp).
#include "time_sources.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"
#include "reach/core/file_hash.hpp"
#include "reach/core/progress.hpp"
#include "reach/core/units.hpp"
#include "reach/io/od_matrix_reader.hpp"
#include "reach/network/profile_graph.hpp"
#include "reach/network/road_graph.hpp"
#include "reach/routing/search.hpp"
#include "reach/routing/time_matrix.hpp"
#include "reach/snap/cell_exits.hpp"
#include "reach/snap/centres.hpp"
#include "reach/snap/segment_index.hpp"
#include "reach/snap/snap.hpp"
#include "work_bytes.hpp"

namespace reach::scenario::detail {

TimeSource::TimeSource(const Scenario& s, const RunInputs& in, const RunResult& result,
                       std::string profile)
    : m_cell_country(result.cell_country),
      m_centre_country(in.centre_country),
      m_cell_countries(in.cell_countries),
      m_profile(std::move(profile)),
      m_deny(s.cross_border == CrossBorder::deny) {}

const CellTimes& TimeSource::times(std::optional<double> group_kmh, bool border_closed) {
    const double kmh = resolve_kmh(group_kmh);
    const bool closed = border_closed || m_deny;
    const auto key = std::pair{kmh, closed};
    if (const auto it = m_cache.find(key); it != m_cache.end()) {
        return it->second;
    }
    CellTimes computed;
    if (!closed) {
        computed = open_times(kmh);
    } else if (!m_deny) {
        computed = closed_times(kmh, times(group_kmh, false));
    } else {
        computed = closed_times(kmh, open_times(kmh));  // with deny the open times are not kept
    }
    return m_cache.emplace(key, std::move(computed)).first->second;
}

const scoring::TimeMatrix& TimeSource::matrix(double bound_s, std::optional<double> group_kmh) {
    const double kmh = resolve_kmh(group_kmh);
    const auto key = std::pair{bound_s, kmh};
    if (const auto it = m_matrices.find(key); it != m_matrices.end()) {
        return it->second;
    }
    auto pairs = all_pairs(bound_s, kmh);
    if (m_deny) {
        // Residents may not use centres of another country.
        pairs.prune([&](std::int32_t row, std::int32_t col, double) {
            return !abroad(static_cast<std::size_t>(row), static_cast<std::uint32_t>(col));
        });
    }
    return m_matrices.emplace(key, std::move(pairs)).first->second;
}

const std::string& TimeSource::centre_country(std::uint32_t rank) const {
    return m_centre_country[m_by_rank[rank]];
}

bool TimeSource::abroad(std::size_t cell, std::uint32_t rank) const {
    const auto& home = m_cell_country[cell];
    const auto& there = centre_country(rank);
    return !home.empty() && !there.empty() && home != there;
}

namespace {

// ---- the road graph ----------------------------------------------------------------------

network::CachedGraph read_and_build(const std::string& roads_path, const network::Profile& profile,
                                    const io::RoadReadOptions& options) {
    const auto table = io::read_roads(roads_path, options);
    network::CachedGraph cached;
    cached.roads = network::build_road_graph(table);
    cached.graph = network::build_profile_graph(cached.roads, table, profile);
    cached.segment_highway = network::segment_classes(cached.roads, table);
    cached.stand_in_note = table.stand_in_note;
    cached.warnings = table.warnings;
    return cached;
}

io::RoadReadOptions road_read_options(const Scenario& s) {
    io::RoadReadOptions read;
    read.working_crs = s.crs;
    const auto& columns = s.roads->columns;
    if (const auto it = columns.find("class"); it != columns.end()) {
        read.columns.highway = it->second;
    }
    if (const auto it = columns.find("maxspeed"); it != columns.end()) {
        read.columns.maxspeed = it->second;
    }
    if (const auto it = columns.find("oneway"); it != columns.end()) {
        read.columns.oneway = it->second;
    }
    return read;
}

// The cells snapped at another off-network speed: the nearest road point does not depend on
// the speed, only the access leg does, so a group's own speed needs no second spatial search.
snap::SnapBatch with_access_speed(snap::SnapBatch batch, double off_network_kmh) {
    for (auto& cell : batch.snaps) {
        if (cell.snapped) {
            cell.access_time_s = travel_time_s(cell.point->distance_m, off_network_kmh);
        }
    }
    return batch;
}

class NetworkTimes final : public TimeSource {
public:
    NetworkTimes(const Scenario& s, const RunInputs& in, const RunResult& result,
                 const network::Profile& profile, network::CachedGraph graph, int threads,
                 ShareWork share)
        : TimeSource(s, in, result, profile.name),
          m_network_profile(profile),
          m_max_distance_m(s.snap.max_distance_m),
          m_threads(threads),
          m_graph(std::move(graph)),
          m_search(routing::take_or_build_search_graph(m_graph.search, m_graph.graph.reverse)),
          m_index(m_graph.roads, m_graph.graph) {
        m_warnings = m_graph.warnings;  // the roads file's (read problems that were skipped)
        m_share = std::move(share);
        snap_centres(s, in);
        std::vector<routing::Source> sources;
        sources.reserve(m_centres.seeds.size());
        for (const auto& seed : m_centres.seeds) {
            sources.push_back({seed.node, seed.time_s, seed.rank});
        }
        info(fmt::format("{}: nearest centre from {} seeds", profile.name, sources.size()));
        m_nearest = routing::nearest_centre(m_search, sources);
        // Border closed: per country, the nearest centre among that country's centres only.
        for (const auto& country : m_cell_countries) {
            std::vector<routing::Source> own;
            for (const auto& seed : m_centres.seeds) {
                if (centre_country(seed.rank) == country) {
                    own.push_back({seed.node, seed.time_s, seed.rank});
                }
            }
            m_closed_nodes.emplace_back(country, routing::nearest_centre(m_search, own));
        }
        m_cells = snap::snap_points(m_index, in.grid.x, in.grid.y, snap::Role::origin,
                                    snap::snap_options(profile, std::nullopt, m_max_distance_m));
    }

private:
    void snap_centres(const Scenario& s, const RunInputs& in) {
        // A centre of centres.add is named by its place in the scenario file.
        std::map<std::string, std::string> added;
        for (const auto& a : s.centres.add) {
            added[a.id] = fmt::format("{}:{}:{}: centres.add", a.at.file, a.at.line, a.at.column);
        }
        std::vector<snap::CentreLocation> locations;
        std::vector<std::string> sources;
        for (const auto& c : in.centres) {
            const auto it = added.find(c.id);
            locations.push_back({c.id, c.x, c.y});
            sources.push_back(it == added.end() ? std::string() : it->second);
        }
        m_centres = snap::snap_centres(
            m_index, locations,
            snap::snap_options(m_network_profile, std::nullopt, m_max_distance_m),
            s.snap.on_unsnapped_centre == OnUnsnappedCentre::warn ? snap::OnUnsnappedCentre::warn
                                                                  : snap::OnUnsnappedCentre::error,
            s.centres.file.path.string(), sources);
        for (const auto& w : m_centres.warnings) {
            m_warnings.push_back(fmt::format("{}: {}", m_network_profile.name, w));
        }
        m_by_rank = m_centres.by_rank;
    }

    double resolve_kmh(std::optional<double> group_kmh) const override {
        return snap::snap_options(m_network_profile, group_kmh, m_max_distance_m).off_network_kmh;
    }

    std::vector<double> times_at(std::span<const double> x, std::span<const double> y) override {
        const auto batch = snap::snap_points(
            m_index, x, y, snap::Role::origin,
            snap::snap_options(m_network_profile, std::nullopt, m_max_distance_m));
        return routing::nearest_for_cells(m_nearest, exits_of(batch)).time_s;
    }

    std::vector<snap::ReachedBand> reached_network(
        std::span<const double> thresholds_s) const override {
        return snap::reached_bands(m_index, m_nearest.time_s, m_centres, thresholds_s);
    }

    const std::vector<std::string>& segment_classes() const override {
        return m_graph.segment_highway;
    }

    std::vector<snap::NetworkEdge> network_edges() const override {
        return snap::network_edges(m_index, m_nearest.time_s);
    }

    std::vector<double> surface(const snap::PixelGrid& grid, double max_time_s) const override {
        return snap::surface_times(m_index, m_nearest.time_s, m_centres, grid,
                                   surface_options(grid, max_time_s));
    }

    std::vector<double> centre_surface(std::uint32_t rank, const snap::PixelGrid& grid,
                                       double max_time_s) const override {
        const auto centre = m_by_rank[rank];
        std::vector<routing::Source> sources;
        for (const auto& seed : m_centres.seeds_of(centre)) {
            sources.push_back({seed.node, seed.time_s, rank});
        }
        if (sources.empty()) {
            return {};
        }
        const auto nodes = routing::nearest_centre(m_search, sources, max_time_s);
        snap::SnappedCentres alone;  // surface_times reads only the snaps (same-segment legs)
        alone.snaps = {m_centres.snaps[centre]};
        return snap::surface_times(m_index, nodes.time_s, alone, grid,
                                   surface_options(grid, max_time_s));
    }

    std::optional<SiteTimes> site_times(double x, double y,
                                        std::span<const std::optional<double>> group_kmh,
                                        const snap::PixelGrid* grid, double max_time_s,
                                        double surface_max_s) override {
        const std::vector<snap::CentreLocation> location = {{"site", x, y}};
        const auto site = snap::snap_centres(
            m_index, location,
            snap::snap_options(m_network_profile, std::nullopt, m_max_distance_m),
            snap::OnUnsnappedCentre::warn, "site");
        if (site.seeds.empty()) {
            return std::nullopt;
        }
        std::vector<routing::Source> sources;
        sources.reserve(site.seeds.size());
        for (const auto& seed : site.seeds) {
            sources.push_back({seed.node, seed.time_s, 0});
        }
        const auto nodes = routing::nearest_centre(m_search, sources, max_time_s);
        SiteTimes out;
        for (const auto& kmh : group_kmh) {
            const auto exits = exits_of(with_access_speed(m_cells, resolve_kmh(kmh)), site);
            out.cell_time_s.push_back(routing::nearest_for_cells(nodes, exits).time_s);
        }
        if (grid != nullptr) {
            out.window = reached_window(*grid, nodes.time_s, surface_max_s);
            if (out.window.width > 0) {
                out.surface_s = snap::surface_times(m_index, nodes.time_s, site, out.window,
                                                    surface_options(out.window, surface_max_s));
            }
        }
        return out;
    }

    // The pixels of `grid` within snap.max_distance_m of a node with a time ≤ max_time_s (a
    // pixel reached off the road lies at most that far from it); width 0 when none has one.
    snap::PixelGrid reached_window(const snap::PixelGrid& grid,
                                   const std::vector<double>& node_time_s,
                                   double max_time_s) const {
        const auto& roads = m_graph.roads;
        double min_x = std::numeric_limits<double>::infinity();
        double max_x = -min_x, min_y = min_x, max_y = -min_x;
        for (std::size_t v = 0; v < node_time_s.size(); ++v) {
            if (!within(node_time_s[v], max_time_s)) continue;
            min_x = std::min(min_x, roads.node_x[v]);
            max_x = std::max(max_x, roads.node_x[v]);
            min_y = std::min(min_y, roads.node_y[v]);
            max_y = std::max(max_y, roads.node_y[v]);
        }
        snap::PixelGrid window = grid;
        window.width = 0;
        if (!(min_x <= max_x)) {
            return window;
        }
        const double margin = m_max_distance_m + grid.pixel_m;
        const auto column = [&](double x) {
            return std::clamp(static_cast<int>(std::floor((x - grid.min_x) / grid.pixel_m)), 0,
                              grid.width - 1);
        };
        const auto row = [&](double y) {
            return std::clamp(static_cast<int>(std::floor((grid.max_y - y) / grid.pixel_m)), 0,
                              grid.height - 1);
        };
        const int x0 = column(min_x - margin), x1 = column(max_x + margin);
        const int y0 = row(max_y + margin), y1 = row(min_y - margin);
        window.min_x = grid.min_x + x0 * grid.pixel_m;
        window.max_y = grid.max_y - y0 * grid.pixel_m;
        window.width = x1 - x0 + 1;
        window.height = y1 - y0 + 1;
        return window;
    }

    snap::SurfaceOptions surface_options(const snap::PixelGrid& grid, double max_time_s) const {
        snap::SurfaceOptions options;
        options.off_network_kmh = resolve_kmh(std::nullopt);
        options.max_distance_m = m_max_distance_m;
        options.max_time_s = max_time_s;
        options.sample_m = grid.pixel_m / 4.0;
        return options;
    }

    // How the cells of `batch` leave onto the network, with the direct legs to the centres
    // on their own segments (the run's centres, or a tried site).
    routing::CellExits exits_of(const snap::SnapBatch& batch) const {
        return exits_of(batch, m_centres);
    }
    routing::CellExits exits_of(const snap::SnapBatch& batch,
                                const snap::SnappedCentres& centres) const {
        auto lists = snap::cell_exit_lists(batch.snaps);
        routing::CellExits e;
        e.first_exit = std::move(lists.first_exit);
        e.node = std::move(lists.node);
        e.time_s = std::move(lists.time_s);
        for (const auto& leg : snap::same_segment_legs(m_index, batch.snaps, centres)) {
            e.same_segment.push_back({leg.cell, leg.rank, leg.time_s});
        }
        return e;
    }

    // How the cells leave onto the network at one access speed (cached: the matrix and the
    // closed border reuse them).
    const routing::CellExits& exits(double kmh) {
        auto it = m_exits.find(kmh);
        if (it == m_exits.end()) {
            it = m_exits.emplace(kmh, exits_of(with_access_speed(m_cells, kmh))).first;
        }
        return it->second;
    }

    CellTimes open_times(double kmh) override {
        auto nearest = routing::nearest_for_cells(m_nearest, exits(kmh));
        CellTimes times;
        times.time_s = std::move(nearest.time_s);
        times.rank = std::move(nearest.rank);
        times.unsnapped.assign(times.time_s.size(), 0);
        for (const auto i : m_cells.unsnapped) {
            times.unsnapped[i] = 1;
        }
        return times;
    }

    CellTimes closed_times(double kmh, const CellTimes& open) override {
        CellTimes times = open;
        for (const auto& [country, nodes] : m_closed_nodes) {
            routing::CellExits own_exits = exits(kmh);
            std::erase_if(own_exits.same_segment, [&](const routing::SameSegmentLeg& leg) {
                return centre_country(leg.rank) != country;
            });
            const auto own = routing::nearest_for_cells(nodes, own_exits);
            for (std::size_t i = 0; i < times.time_s.size(); ++i) {
                if (m_cell_country[i] == country) {
                    times.time_s[i] = own.time_s[i];
                    times.rank[i] = own.rank[i];
                }
            }
        }
        return times;
    }

    scoring::TimeMatrix all_pairs(double bound_s, double kmh) override {
        std::vector<std::vector<routing::Source>> seeds(m_by_rank.size());
        for (std::uint32_t r = 0; r < m_by_rank.size(); ++r) {
            for (const auto& seed : m_centres.seeds_of(m_by_rank[r])) {
                seeds[r].push_back({seed.node, seed.time_s, r});
            }
        }
        info(fmt::format("{}: travel-time matrix within {:g} min", m_network_profile.name,
                         bound_s / 60.0));
        const auto& cells = exits(kmh);
        if (!m_share) {
            return routing::build_time_matrix(m_graph.graph.reverse, seeds, cells, bound_s,
                                              m_threads)
                .time_s;
        }
        // Across processes: each computes some columns, every one gets them all.
        WorkPieces work;
        work.what = fmt::format("{}: travel-time matrix within {:g} min", m_network_profile.name,
                                bound_s / 60.0);
        work.fingerprint = matrix_fingerprint(seeds, cells, bound_s);
        work.count = static_cast<std::uint32_t>(seeds.size());
        work.compute = [&](const std::vector<std::uint32_t>& ranks) {
            auto columns = routing::time_matrix_columns(m_graph.graph.reverse, seeds, cells,
                                                        bound_s, m_threads, ranks);
            std::vector<std::string> bytes;
            bytes.reserve(columns.size());
            for (const auto& column : columns) {
                bytes.push_back(column_bytes(column));
            }
            return bytes;
        };
        const auto bytes = m_share(work);
        REACH_ASSERT(bytes.size() == seeds.size());
        std::vector<routing::MatrixColumn> columns;
        columns.reserve(bytes.size());
        for (const auto& b : bytes) {
            columns.push_back(column_from_bytes(b));
        }
        return routing::assemble_time_matrix(std::move(columns), cells.cell_count(), bound_s)
            .time_s;
    }

    // What the columns depend on besides the graph: the seeds, how the cells leave, the bound.
    static std::uint64_t matrix_fingerprint(const std::vector<std::vector<routing::Source>>& seeds,
                                            const routing::CellExits& cells, double bound_s) {
        std::string text = fmt::format("{:a}|{}|{};", bound_s, seeds.size(), cells.cell_count());
        for (const auto& centre : seeds) {
            for (const auto& seed : centre) {
                text += fmt::format("{} {:a},", seed.node, seed.time_s);
            }
            text += ';';
        }
        const auto raw = [&text](const auto& v) {
            text.append(reinterpret_cast<const char*>(v.data()),
                        v.size() * sizeof(typename std::decay_t<decltype(v)>::value_type));
        };
        raw(cells.first_exit);
        raw(cells.node);
        raw(cells.time_s);
        for (const auto& leg : cells.same_segment) {
            text += fmt::format("{} {} {:a};", leg.cell, leg.rank, leg.time_s);
        }
        return fnv1a(text);
    }

    network::Profile m_network_profile;  // a copy: the source may outlive the run (cache)
    double m_max_distance_m;
    int m_threads;
    network::CachedGraph m_graph;
    routing::SearchGraph m_search;  // of m_graph.graph.reverse, built once for every search
    snap::SegmentIndex m_index;
    snap::SnappedCentres m_centres;
    routing::NearestCentre m_nearest;
    std::vector<std::pair<std::string, routing::NearestCentre>> m_closed_nodes;
    snap::SnapBatch m_cells;
    std::map<double, routing::CellExits> m_exits;
};

// ---- a matrix file -----------------------------------------------------------------------

class MatrixTimes final : public TimeSource {
public:
    MatrixTimes(const Scenario& s, const RunInputs& in, const RunResult& result)
        : TimeSource(s, in, result, matrix_profile) {
        const auto& centres = in.centres;
        m_by_rank.resize(centres.size());
        for (std::uint32_t c = 0; c < centres.size(); ++c) {
            m_by_rank[c] = c;
        }
        std::sort(m_by_rank.begin(), m_by_rank.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return centres[a].id < centres[b].id; });
        read(s, in);
    }

    std::optional<SiteTimes> site_times(double, double, std::span<const std::optional<double>>,
                                        const snap::PixelGrid*, double, double) override {
        return std::nullopt;  // a matrix has no geometry
    }

private:
    void read(const Scenario& s, const RunInputs& in) {
        info(fmt::format("matrix: reading {}", s.matrix->file.path.string()));
        const auto od = io::read_od_matrix(s.matrix->file.path.string());
        std::unordered_map<std::string, std::int32_t> row_of;
        for (std::size_t i = 0; i < in.grid.cell_count(); ++i) {
            row_of.emplace(in.grid.cell_id[i], static_cast<std::int32_t>(i));
        }
        std::unordered_map<std::string, std::int32_t> col_of;
        for (std::uint32_t r = 0; r < m_by_rank.size(); ++r) {
            col_of.emplace(in.centres[m_by_rank[r]].id, static_cast<std::int32_t>(r));
        }
        std::set<std::string> removed;  // closed, or not offering measures.service
        for (const auto& c : s.centres.close) {
            removed.insert(c.id);
        }
        std::vector<Eigen::Triplet<double, std::int32_t>> entries;
        for (std::size_t k = 0; k < od.row_count(); ++k) {
            const auto where = fmt::format("{}:{}", od.file, od.line[k]);
            const auto row = row_of.find(od.origin_id[k]);
            if (row == row_of.end()) {
                throw InputError(where_what(
                    where, fmt::format("origin_id \"{}\" is not a cell of {} (expected an id of "
                                       "its column {})",
                                       od.origin_id[k], s.population.file.path.string(),
                                       s.population.id_field)));
            }
            const auto col = col_of.find(od.destination_id[k]);
            if (col == col_of.end()) {
                if (removed.contains(od.destination_id[k]) || s.measures.service) {
                    continue;
                }
                throw InputError(where_what(
                    where, fmt::format("destination_id \"{}\" is not a centre of {} (expected "
                                       "an id of its column {})",
                                       od.destination_id[k], s.centres.file.path.string(),
                                       s.centres.id_field)));
            }
            entries.emplace_back(row->second, col->second, od.time_min[k] * 60.0);
        }
        m_pairs.resize(static_cast<std::int32_t>(in.grid.cell_count()),
                       static_cast<std::int32_t>(m_by_rank.size()));
        m_pairs.setFromTriplets(entries.begin(), entries.end());
        m_row_major = m_pairs;
    }

    double resolve_kmh(std::optional<double>) const override { return 0.0; }

    std::vector<double> times_at(std::span<const double>, std::span<const double>) override {
        return {};
    }

    std::vector<snap::ReachedBand> reached_network(std::span<const double>) const override {
        return {};
    }

    const std::vector<std::string>& segment_classes() const override { return m_no_classes; }

    std::vector<double> surface(const snap::PixelGrid&, double) const override { return {}; }

    std::vector<double> centre_surface(std::uint32_t, const snap::PixelGrid&,
                                       double) const override {
        return {};
    }

    std::vector<snap::NetworkEdge> network_edges() const override { return {}; }

    // The smallest (time, rank) of each row over the centres `usable` accepts.
    template <typename Usable>
    CellTimes nearest(Usable usable) const {
        const auto n = static_cast<std::size_t>(m_row_major.rows());
        CellTimes times;
        times.time_s.assign(n, unreachable);
        times.rank.assign(n, scoring::no_centre);
        times.unsnapped.assign(n, 0);
        for (std::int32_t row = 0; row < m_row_major.outerSize(); ++row) {
            for (RowMajor::InnerIterator it(m_row_major, row); it; ++it) {
                const auto rank = static_cast<std::uint32_t>(it.col());
                const auto i = static_cast<std::size_t>(row);
                if (usable(i, rank) && (it.value() < times.time_s[i] ||
                                        (it.value() == times.time_s[i] && rank < times.rank[i]))) {
                    times.time_s[i] = it.value();
                    times.rank[i] = rank;
                }
            }
        }
        return times;
    }

    CellTimes open_times(double) override {
        return nearest([](std::size_t, std::uint32_t) { return true; });
    }

    CellTimes closed_times(double, const CellTimes&) override {
        return nearest([&](std::size_t cell, std::uint32_t rank) { return !abroad(cell, rank); });
    }

    scoring::TimeMatrix all_pairs(double bound_s, double) override {
        scoring::TimeMatrix within = m_pairs;
        within.prune(
            [&](std::int32_t, std::int32_t, double time_s) { return time_s <= bound_s + 1e-6; });
        return within;
    }

    using RowMajor = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int32_t>;
    scoring::TimeMatrix m_pairs;  // every pair of the file, seconds
    RowMajor m_row_major;
    std::vector<std::string> m_no_classes;
};

}  // namespace

std::string time_source_key(const Scenario& s, const RunInputs& in, const RunResult& result,
                            const network::Profile* profile) {
    std::string cells;
    for (std::size_t i = 0; i < in.grid.cell_count(); ++i) {
        cells += fmt::format("{}|{:a}|{:a}|{};", in.grid.cell_id[i], in.grid.x[i], in.grid.y[i],
                             result.cell_country[i]);
    }
    std::string centres;
    for (std::size_t c = 0; c < in.centres.size(); ++c) {
        centres += fmt::format("{}|{:a}|{:a}|{};", in.centres[c].id, in.centres[c].x,
                               in.centres[c].y, in.centre_country[c]);
    }
    const std::string routing =
        s.matrix ? fmt::format("matrix|{}|{}", s.matrix->file.path.string(),
                               hash_file(s.matrix->file.path))
                 : fmt::format("roads|{}|{}|{}|{}|{}", s.roads->chosen.gdal_path(),
                               network::graph_cache_key("", *profile, s.crs),
                               fmt::join(s.roads->columns, ","), s.snap.max_distance_m,
                               static_cast<int>(s.snap.on_unsnapped_centre));
    return fmt::format("{}|border {}|cells {:016x}|centres {:016x}", routing,
                       static_cast<int>(s.cross_border), fnv1a(cells), fnv1a(centres));
}

std::unique_ptr<TimeSource> network_times(const Scenario& s, const RunInputs& in,
                                          const RunResult& result, const network::Profile& profile,
                                          network::CachedGraph graph, int threads,
                                          ShareWork share) {
    return std::make_unique<NetworkTimes>(s, in, result, profile, std::move(graph), threads,
                                          std::move(share));
}

std::unique_ptr<TimeSource> load_network_times(const Scenario& s, const RunInputs& in,
                                               const RunResult& result,
                                               const network::Profile& profile,
                                               const GraphLoader& loader, int threads,
                                               ShareWork share) {
    info(fmt::format("{}: loading the graph", profile.name));
    const auto start = std::chrono::steady_clock::now();
    auto graph = (loader ? loader : GraphLoader(read_and_build))(s.roads->chosen.gdal_path(),
                                                                 profile, road_read_options(s));
    const bool standin = !graph.stand_in_note.empty();
    debug(fmt::format(
        "{}: graph: {:.2f} s", profile.name,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
    auto made =
        network_times(s, in, result, profile, std::move(graph), threads, std::move(share));
    made->roads_standin = standin;
    return made;
}

std::unique_ptr<TimeSource> matrix_times(const Scenario& s, const RunInputs& in,
                                         const RunResult& result) {
    return std::make_unique<MatrixTimes>(s, in, result);
}

}  // namespace reach::scenario::detail
