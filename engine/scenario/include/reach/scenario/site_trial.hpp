#pragma once
// Trying centre sites on top of a run without running it again (`reach serve`, issue 9): the
// base run's searches stay in memory (its time sources), and each site is snapped like a
// centres.add entry and searched alone, bounded by the largest threshold. A cell's nearest
// time with the sites is min(base time, each site's time) — exactly what `reach run` gives
// for the scenario with those sites in centres.add — so the covered persons per profile ×
// group × threshold equal that run's summary. The site's own isochrones up to the target
// (bands of its surface on the run's pixel grid) show where it brings residents within it.
//
// Sites are cached by coordinates: moving one site recomputes that site only.
// Limits: coverage only (E2SFCA, gaps and areas are the base run's); with cross_border: deny
// a site counts for every country (its country is unknown). Not thread-safe: one trial per
// server thread, or a lock around it.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reach/geo/raster_zones.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::scenario {

struct SitePoint {
    double lon = 0.0, lat = 0.0;  // EPSG:4326
};

struct TriedPair {
    std::string profile, group;
    std::vector<double> covered;  // per threshold, persons over the scored cells
};

struct SiteZones {
    std::size_t site = 0;  // index into the sites tried
    std::string profile;
    std::vector<geo::Zone> zones;  // per threshold up to target_min, working CRS
};

struct TrialResult {
    std::vector<TriedPair> pairs;       // the base run's pair order
    std::vector<SiteZones> zones;       // per site × profile with a surface
    std::vector<std::string> problems;  // e.g. a site with no road within reach
};

class SiteTrial {
public:
    // Runs the base scenario (InputError as reach run); options.time_sources is replaced by
    // the trial's own cache.
    SiteTrial(Scenario scenario, RunOptions options);
    ~SiteTrial();
    SiteTrial(const SiteTrial&) = delete;
    SiteTrial& operator=(const SiteTrial&) = delete;

    [[nodiscard]] const RunResult& base() const { return m_base; }
    [[nodiscard]] const Scenario& scenario() const { return m_scenario; }

    // Coverage with every site of `sites` added (none: the base run's figures).
    [[nodiscard]] TrialResult try_sites(const std::vector<SitePoint>& sites);

private:
    struct SiteCache;
    Scenario m_scenario;
    RunOptions m_options;
    RunResult m_base;
    std::unique_ptr<SiteCache> m_cache;
};

}  // namespace reach::scenario
