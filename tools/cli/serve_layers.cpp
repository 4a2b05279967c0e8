#include "serve_layers.hpp"

#include <cmath>

#include "reach/geo/crs.hpp"
#include "reach/geo/polygon_rings.hpp"
#include "reach/scenario/credits.hpp"

namespace reach::cli {
namespace {

using nlohmann::json;

// Working CRS → lon/lat rounded to 1e-5° (about a metre).
class ToLonLat {
public:
    explicit ToLonLat(const std::string& crs)
        : m_reprojector(geo::make_srs(crs, "crs"), geo::make_srs(geo::wgs84)) {}

    [[nodiscard]] json point(double x, double y) const {
        if (!m_reprojector.transform(x, y)) return json::array();
        return json::array({std::round(x * 1e5) / 1e5, std::round(y * 1e5) / 1e5});
    }

    [[nodiscard]] json multipolygon(const std::vector<unsigned char>& wkb,
                                    double simplify_m) const {
        json polygons = json::array();
        for (const auto& polygon : geo::polygon_rings(wkb, simplify_m)) {
            json rings = json::array();
            for (const auto& ring : polygon) {
                json points = json::array();
                for (std::size_t i = 0; i < ring.x.size(); ++i) {
                    points.push_back(point(ring.x[i], ring.y[i]));
                }
                rings.push_back(std::move(points));
            }
            polygons.push_back(std::move(rings));
        }
        return {{"type", "MultiPolygon"}, {"coordinates", std::move(polygons)}};
    }

private:
    geo::Reprojector m_reprojector;
};

json feature(json geometry, json properties) {
    return {{"type", "Feature"},
            {"geometry", std::move(geometry)},
            {"properties", std::move(properties)}};
}

json collection(json features) {
    return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

json covered_json(const std::vector<int>& thresholds_min,
                  const std::vector<scenario::TriedPair>& pairs) {
    json covered = json::object();
    for (const auto& pair : pairs) {
        json by_threshold = json::object();
        for (std::size_t k = 0; k < thresholds_min.size(); ++k) {
            by_threshold[std::to_string(thresholds_min[k])] = pair.covered[k];
        }
        covered[pair.profile][pair.group] = std::move(by_threshold);
    }
    return covered;
}

json layers_json(const scenario::RunResult& r, const ToLonLat& to, double simplify_m) {
    json areas = json::array();
    for (const auto& area : r.areas) {
        areas.push_back(feature(to.multipolygon(area.wkb, simplify_m),
                                {{"id", area.id}, {"name", area.name}, {"country", area.country}}));
    }
    json centres = json::array();
    for (const auto& c : r.centre_points) {
        centres.push_back(feature({{"type", "Point"}, {"coordinates", to.point(c.x, c.y)}},
                                  {{"id", c.id}, {"name", c.name}}));
    }
    json bands = json::array();
    for (const auto& surface : r.surfaces) {
        if (!surface.centre_id.empty()) continue;
        for (std::size_t k = 0; k < surface.zones.size(); ++k) {
            bands.push_back(feature(to.multipolygon(surface.zones[k].band_wkb, simplify_m),
                                    {{"profile", surface.profile},
                                     {"threshold_min", r.thresholds_min[k]},
                                     {"from_min", k == 0 ? 0 : r.thresholds_min[k - 1]}}));
        }
    }
    return {{"areas", collection(std::move(areas))},
            {"centres", collection(std::move(centres))},
            {"bands", collection(std::move(bands))}};
}

}  // namespace

json base_json(const scenario::SiteTrial& trial, double simplify_m) {
    const auto& r = trial.base();
    const ToLonLat to(r.crs);
    std::vector<scenario::TriedPair> pairs;
    std::vector<std::string> profiles;
    for (const auto& pair : r.pairs) {
        pairs.push_back({pair.profile, pair.group, pair.figures.total.coverage.covered});
        if (std::find(profiles.begin(), profiles.end(), pair.profile) == profiles.end())
            profiles.push_back(pair.profile);
    }
    const auto credits = scenario::run_credits(trial.scenario(), r.roads_standin, r.stand_ins);
    return {{"scenario", r.scenario},
            {"thresholds_min", r.thresholds_min},
            {"target_min", r.target_min},
            {"profiles", profiles},
            {"groups", r.group_name},
            {"covered", covered_json(r.thresholds_min, pairs)},
            {"layers", layers_json(r, to, simplify_m)},
            {"stand_ins", credits.stand_ins},
            {"attribution", credits.attribution},
            {"warnings", r.warnings.size()}};
}

json trial_json(const scenario::SiteTrial& trial, const scenario::TrialResult& result,
                double simplify_m) {
    const auto& r = trial.base();
    const ToLonLat to(r.crs);
    json zones = json::array();
    for (const auto& site : result.zones) {
        for (std::size_t k = 0; k < site.zones.size(); ++k) {
            zones.push_back(feature(to.multipolygon(site.zones[k].band_wkb, simplify_m),
                                    {{"site", site.site},
                                     {"profile", site.profile},
                                     {"threshold_min", r.thresholds_min[k]},
                                     {"from_min", k == 0 ? 0 : r.thresholds_min[k - 1]}}));
        }
    }
    return {{"covered", covered_json(r.thresholds_min, result.pairs)},
            {"zones", collection(std::move(zones))},
            {"problems", result.problems}};
}

}  // namespace reach::cli
