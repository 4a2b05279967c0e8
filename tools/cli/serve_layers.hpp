#pragma once
// What `reach serve` sends to its page, as JSON: the base run's layers as GeoJSON in
// EPSG:4326 (areas, centres, isochrone bands per profile), its covered persons, and the
// figures and isochrones of the sites tried (scenario::SiteTrial). Polygons are simplified to
// `simplify_m` (the web map needs no finer detail than the run's pixels).
#include <nlohmann/json.hpp>

#include "reach/scenario/site_trial.hpp"

namespace reach::cli {

// {scenario, thresholds_min, target_min, profiles, groups, covered, layers: {areas, centres,
// bands}, stand_ins, attribution, warnings}; covered = {profile: {group: {"T": persons}}}.
[[nodiscard]] nlohmann::json base_json(const scenario::SiteTrial& trial, double simplify_m);

// {covered, zones (GeoJSON bands of each site: site, profile, threshold_min), problems}.
[[nodiscard]] nlohmann::json trial_json(const scenario::SiteTrial& trial,
                                        const scenario::TrialResult& result, double simplify_m);

}  // namespace reach::cli
