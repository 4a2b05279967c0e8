#pragma once
// Where one profile's home → centre times come from, behind one interface so that every
// measure runs unchanged on either (issue: measures on external matrices):
//  * network_times(): the profile's road graph — cells and centres snapped to the nearest
//    usable segment, one multi-source search for the nearest centre, one bounded search per
//    centre for the cell × centre matrix (DESIGN.md, Rules);
//  * matrix_times(): a matrix computed elsewhere (SCENARIO.md § matrix), origin = cell id,
//    destination = centre id; a missing pair is unreachable.
// Times are per cell of the population grid (grid order); centres are columns in rank order
// (bytewise by id). Cell times are cached per access-leg speed and border rule, so the groups
// of one profile share them. Private to engine/scenario.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "reach/io/road_reader.hpp"
#include "reach/network/graph_cache.hpp"
#include "reach/scoring/inputs.hpp"
#include "reach/snap/reached_network.hpp"
#include "reach/snap/surface.hpp"
#include "run_inputs.hpp"

namespace reach::scenario::detail {

struct CellTimes {
    std::vector<double> time_s;       // per cell; reach::unreachable = none
    std::vector<std::uint32_t> rank;  // per cell; scoring::no_centre = none
    std::vector<char> unsnapped;      // per cell; 1 = farther than snap.max_distance_m
};

class TimeSource {
public:
    virtual ~TimeSource() = default;

    [[nodiscard]] const std::string& profile() const { return m_profile; }
    // Input index (RunInputs::centres) of the centre of each rank.
    [[nodiscard]] const std::vector<std::uint32_t>& by_rank() const { return m_by_rank; }
    // Nearest-centre times with the access leg at a group's own speed (nullopt: the
    // profile's). border_closed: only centres of the cell's own country count (always so
    // with cross_border: deny; cells without a country keep every centre).
    [[nodiscard]] const CellTimes& times(std::optional<double> group_kmh, bool border_closed);
    // Cells × centres within bound_s with the access leg at a group's own speed (nullopt:
    // the profile's); with cross_border: deny the pairs across the border are left out.
    [[nodiscard]] const scoring::TimeMatrix& matrix(double bound_s,
                                                    std::optional<double> group_kmh);
    // The access-leg speed a group travels at (its own, else the profile's; 0 for a matrix).
    [[nodiscard]] double access_kmh(std::optional<double> group_kmh) const {
        return resolve_kmh(group_kmh);
    }
    // Whether the centre of `rank` lies in another (known) country than cell `cell`.
    [[nodiscard]] bool abroad(std::size_t cell, std::uint32_t rank) const;
    [[nodiscard]] const std::vector<std::string>& warnings() const { return m_warnings; }
    // Splits per-centre work across processes (RunOptions::share_work); null: all here.
    [[nodiscard]] const ShareWork& share_work() const { return m_share; }
    bool roads_standin = false;  // the graph came from a stand-in roads file
    // Nearest-centre times of arbitrary points (e.g. raster pixel centres) snapped like the
    // cells, with the profile's own access speed and every centre (points have no country).
    // A matrix source has no geometry: it returns nothing.
    [[nodiscard]] virtual std::vector<double> times_at(std::span<const double> x,
                                                       std::span<const double> y) = 0;
    // The reached network in nested bands (snap::reached_bands) and the highway class of each
    // segment; empty for a matrix source.
    [[nodiscard]] virtual std::vector<snap::ReachedBand> reached_network(
        std::span<const double> thresholds_s) const = 0;
    [[nodiscard]] virtual const std::vector<std::string>& segment_classes() const = 0;
    // Every usable edge with its times (snap::network_edges); empty for a matrix source.
    [[nodiscard]] virtual std::vector<snap::NetworkEdge> network_edges() const = 0;
    // The travel-time surface on `grid` (snap::surface_times) with the profile's access speed,
    // every centre; empty for a matrix source.
    [[nodiscard]] virtual std::vector<double> surface(const snap::PixelGrid& grid,
                                                      double max_time_s) const = 0;
    // The surface of the centre of `rank` alone (catchments.per_centre): its own search,
    // bounded by max_time_s; empty for a matrix source or a centre that was not snapped.
    [[nodiscard]] virtual std::vector<double> centre_surface(std::uint32_t rank,
                                                             const snap::PixelGrid& grid,
                                                             double max_time_s) const = 0;

    // A site tried on top of the run (reach serve), snapped like a centre (centres.add) and
    // searched alone within max_time_s: per access speed of `group_kmh` (nullopt: the
    // profile's), each cell's time to the site (reach::unreachable beyond max_time_s,
    // unsnapped); with a grid, the site's own surface within surface_max_s (≤ max_time_s)
    // on the window of `grid` around the nodes it reaches that soon. min(run's time, site's time) is exactly the nearest time of a run with
    // the site added. nullopt when no usable road lies within snap.max_distance_m, or for a
    // matrix source.
    struct SiteTimes {
        std::vector<std::vector<double>> cell_time_s;  // per speed of group_kmh
        snap::PixelGrid window;                        // width 0: no surface
        std::vector<double> surface_s;
    };
    [[nodiscard]] virtual std::optional<SiteTimes> site_times(
        double x, double y, std::span<const std::optional<double>> group_kmh,
        const snap::PixelGrid* grid, double max_time_s, double surface_max_s) = 0;

protected:
    TimeSource(const Scenario& s, const RunInputs& in, const RunResult& result,
               std::string profile);
    [[nodiscard]] virtual double resolve_kmh(std::optional<double> group_kmh) const = 0;
    [[nodiscard]] virtual CellTimes open_times(double kmh) = 0;
    // Times with the border closed, computed from the open ones at the same speed.
    [[nodiscard]] virtual CellTimes closed_times(double kmh, const CellTimes& open) = 0;
    [[nodiscard]] virtual scoring::TimeMatrix all_pairs(double bound_s, double kmh) = 0;
    [[nodiscard]] const std::string& centre_country(std::uint32_t rank) const;

    // Copies, not references: a source may outlive the run that made it (TimeSourceCache).
    std::vector<std::string> m_cell_country;    // per cell
    std::vector<std::string> m_centre_country;  // per centre, input order
    std::vector<std::string> m_cell_countries;  // distinct, sorted
    std::vector<std::uint32_t> m_by_rank;
    std::vector<std::string> m_warnings;
    ShareWork m_share;

private:
    std::string m_profile;
    bool m_deny = false;
    std::map<std::pair<double, bool>, CellTimes> m_cache;  // (speed, closed) → times
    std::map<std::pair<double, double>, scoring::TimeMatrix> m_matrices;  // (bound, speed)
};

// What identifies a source's times: the routing inputs of the scenario (roads or matrix file,
// profile settings, reading options, snapping, border rule) and a hash of the cells' and
// centres' ids, coordinates and countries. Equal keys give identical times.
[[nodiscard]] std::string time_source_key(const Scenario& s, const RunInputs& in,
                                          const RunResult& result,
                                          const network::Profile* profile);

// Loads the profile's graph (through `loader`), snaps the centres (InputError for an
// unsnapped centre unless snap.on_unsnapped_centre: warn) and the cells, and runs the searches.
// `share` (RunOptions::share_work; may be null) splits the matrix's per-centre searches across
// processes.
[[nodiscard]] std::unique_ptr<TimeSource> network_times(
    const Scenario& s, const RunInputs& in, const RunResult& result,
    const network::Profile& profile, network::CachedGraph graph, int threads,
    ShareWork share = {});

// network_times() on the graph `loader` gives (null: read the roads file and build it),
// with the scenario's road columns; marks a stand-in network. Logs "loading the graph".
[[nodiscard]] std::unique_ptr<TimeSource> load_network_times(
    const Scenario& s, const RunInputs& in, const RunResult& result,
    const network::Profile& profile, const GraphLoader& loader, int threads,
    ShareWork share = {});

// Reads matrix.file; InputError naming the line for an origin that is not a cell id or a
// destination that is not a centre id (closed centres and centres without the service are
// skipped).
[[nodiscard]] std::unique_ptr<TimeSource> matrix_times(const Scenario& s, const RunInputs& in,
                                                       const RunResult& result);

// The profile name of a matrix scenario in the outputs.
inline constexpr const char* matrix_profile = "matrix";

}  // namespace reach::scenario::detail

namespace reach::scenario {

// Sources by time_source_key(), shared by the runs of one process (run.hpp, RunOptions).
class TimeSourceCache {
public:
    std::map<std::string, std::shared_ptr<detail::TimeSource>> sources;
};

}  // namespace reach::scenario
