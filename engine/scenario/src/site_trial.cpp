// Sites tried on top of a kept run (site_trial.hpp).
#include "reach/scenario/site_trial.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/core/units.hpp"
#include "reach/geo/crs.hpp"
#include "run_inputs.hpp"
#include "time_sources.hpp"

namespace reach::scenario {

namespace {

// One site on one profile: its times per access speed and its isochrones.
struct ProfileSite {
    std::optional<detail::TimeSource::SiteTimes> times;  // nullopt: no road near the site
    std::vector<geo::Zone> zones;
};

const Group& group_named(const Scenario& s, const std::string& name) {
    for (const auto& g : s.population.groups) {
        if (g.name == name) return g;
    }
    throw InputError(fmt::format("{}: no group \"{}\"", s.source.string(), name));
}

double ms_between(std::chrono::steady_clock::time_point from,
                  std::chrono::steady_clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

struct SiteTrial::SiteCache {
    std::map<std::string, detail::TimeSource*> source;                 // per profile
    std::map<std::string, std::vector<std::optional<double>>> speeds;  // per profile
    std::map<std::string, const Surface*> surface;                     // per profile (every centre)
    std::map<std::pair<double, double>, std::map<std::string, ProfileSite>> sites;
    geo::Reprojector to_working;

    explicit SiteCache(const std::string& crs)
        : to_working(geo::make_srs(geo::wgs84), geo::make_srs(crs, "crs")) {}
};

SiteTrial::SiteTrial(Scenario scenario, RunOptions options)
    : m_scenario(std::move(scenario)), m_options(std::move(options)) {
    m_options.time_sources = make_time_source_cache();
    m_base = run_scenario(m_scenario, m_options);
    m_cache = std::make_unique<SiteCache>(m_scenario.crs);
    for (const auto& [key, source] : m_options.time_sources->sources) {
        m_cache->source[source->profile()] = source.get();
    }
    for (const auto& pair : m_base.pairs) {
        auto& speeds = m_cache->speeds[pair.profile];
        const auto kmh = group_named(m_scenario, pair.group).off_network_kmh;
        if (std::find(speeds.begin(), speeds.end(), kmh) == speeds.end()) speeds.push_back(kmh);
    }
    for (const auto& surface : m_base.surfaces) {
        if (surface.centre_id.empty()) m_cache->surface[surface.profile] = &surface;
    }
}

SiteTrial::~SiteTrial() = default;

TrialResult SiteTrial::try_sites(const std::vector<SitePoint>& sites) {
    const double max_time_s = 60.0 * m_base.thresholds_min.back();
    const std::vector<double> thresholds(m_base.thresholds_min.begin(),
                                         m_base.thresholds_min.end());
    // The site's own isochrones up to the target: where it brings residents within it.
    std::vector<double> zone_thresholds;
    for (const double t : thresholds) {
        if (t <= m_base.target_min) zone_thresholds.push_back(t);
    }
    if (zone_thresholds.empty()) zone_thresholds.push_back(thresholds.front());
    const double surface_max_s = 60.0 * zone_thresholds.back();
    if (m_cache->sites.size() > 256) m_cache->sites.clear();  // bounded memory
    TrialResult result;
    std::vector<std::map<std::string, ProfileSite>*> tried;
    for (std::size_t k = 0; k < sites.size(); ++k) {
        auto& entry = m_cache->sites[{sites[k].lon, sites[k].lat}];
        for (const auto& [profile, source] : m_cache->source) {
            if (entry.count(profile) != 0) continue;
            double x = sites[k].lon, y = sites[k].lat;
            ProfileSite site;
            const auto surface = m_cache->surface.find(profile);
            const snap::PixelGrid* grid =
                surface == m_cache->surface.end() ? nullptr : &surface->second->grid;
            const auto start = std::chrono::steady_clock::now();
            if (m_cache->to_working.transform(x, y)) {
                site.times = source->site_times(x, y, m_cache->speeds[profile], grid, max_time_s,
                                                surface_max_s);
            }
            const auto searched = std::chrono::steady_clock::now();
            if (site.times && site.times->window.width > 0) {
                const auto& w = site.times->window;
                std::vector<float> minutes;
                minutes.reserve(site.times->surface_s.size());
                for (const double t : site.times->surface_s) {
                    minutes.push_back(t == unreachable ? std::numeric_limits<float>::quiet_NaN()
                                                       : static_cast<float>(t / 60.0));
                }
                site.zones = geo::zones_from_raster(
                    {w.min_x, w.max_y, w.pixel_m, w.width, w.height, m_scenario.crs}, minutes,
                    zone_thresholds, m_scenario.catchments.simplify_tolerance_m());
            }
            debug(fmt::format("site {}: {}: search and surface {:.0f} ms, zones {:.0f} ms", k + 1,
                              profile, ms_between(start, searched),
                              ms_between(searched, std::chrono::steady_clock::now())));
            entry.emplace(profile, std::move(site));
        }
        for (const auto& [profile, site] : entry) {
            if (!site.times) {
                result.problems.push_back(fmt::format(
                    "site {} ({:.5f}, {:.5f}): no {} road within {:g} m", k + 1, sites[k].lon,
                    sites[k].lat, profile, m_scenario.snap.max_distance_m));
            } else if (!site.zones.empty()) {
                result.zones.push_back({k, profile, site.zones});
            }
        }
        tried.push_back(&entry);
    }
    for (const auto& pair : m_base.pairs) {
        const auto& g = group_named(m_scenario, pair.group);
        auto* source = m_cache->source.at(pair.profile);
        auto time_s = source->times(g.off_network_kmh, false).time_s;
        const auto& speeds = m_cache->speeds[pair.profile];
        const auto speed = static_cast<std::size_t>(
            std::find(speeds.begin(), speeds.end(), g.off_network_kmh) - speeds.begin());
        for (const auto* entry : tried) {
            const auto& site = entry->at(pair.profile);
            if (!site.times) continue;
            const auto& site_time_s = site.times->cell_time_s[speed];
            for (std::size_t i = 0; i < time_s.size(); ++i) {
                time_s[i] = std::min(time_s[i], site_time_s[i]);
            }
        }
        const auto group = static_cast<std::size_t>(
            std::find(m_base.group_name.begin(), m_base.group_name.end(), pair.group) -
            m_base.group_name.begin());
        const auto& persons = m_base.persons[group];
        TriedPair out{pair.profile, pair.group, std::vector<double>(thresholds.size(), 0.0)};
        for (std::size_t i = 0; i < time_s.size(); ++i) {
            if (m_base.cell_scored[i] == 0) continue;
            for (std::size_t k = 0; k < thresholds.size(); ++k) {
                if (within(time_s[i], 60.0 * thresholds[k])) out.covered[k] += persons[i];
            }
        }
        result.pairs.push_back(std::move(out));
    }
    return result;
}

}  // namespace reach::scenario
