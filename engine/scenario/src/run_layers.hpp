#pragma once
// The spatial layers of a run for reach.gpkg (SCENARIO.md, The run folder; issue 6):
//  * centres  points: id, name, operator, capacity, country; per profile load_<p> and, per
//             group, nearest_<p>_<g> and unique_<p>_<g> (persons);
//  * cells    the population cells (squares of cell_size_m, else points) with the columns of
//             cells.csv (times NULL when unreachable or unsnapped);
//  * gaps     gap areas per profile × group, dissolved, ranked (rank, score, persons);
//  * areas    one feature per area × profile × group with its aggregates (population,
//             covered_<T>, share_<T>, mean/median/p90 minutes, beyond_target, E2SFCA mean,
//             Gini, Palma) — filter by profile and group in QGIS for a choropleth;
//  * catchments  per profile, isochrone bands (kind = band, (T_{k-1}, T_k]) and cumulative
//             zones (kind = cumulative, ≤ T_k) with area and persons per group (= covered);
//  * reached_network  per profile, the parts of segments reached in each time band
//             (threshold_min = the band's upper bound; `threshold_min <= 30` is the network
//             reached within 30 min), with the times at both segment ends;
//  * network  (outputs.network_layer) per profile, every usable edge whole with its
//             traversal times and the nearest-centre times of its ends.
// Every layer's metadata carries the attribution and the stand-ins. Private to
// engine/scenario.
#include <map>
#include <string>
#include <vector>

#include "reach/io/qgis_styles.hpp"
#include "reach/io/vector_writer.hpp"
#include "reach/scenario/run.hpp"

namespace reach::scenario::detail {

[[nodiscard]] std::vector<io::VectorLayer> run_layers(const RunResult& result,
                                                      const std::map<std::string, std::string>&
                                                          metadata);

// catchments.geojson: the bands only (reprojected to EPSG:4326 by the writer).
[[nodiscard]] io::VectorLayer catchment_bands_layer(
    const RunResult& result, const std::map<std::string, std::string>& metadata);

// The cells layer alone (outputs.files renames cells to a vector format).
[[nodiscard]] io::VectorLayer cells_vector_layer(const RunResult& result,
                                                 const std::map<std::string, std::string>&
                                                     metadata);

// The QGIS default style of each layer run_layers() makes (io::write_layer_styles): time
// classes for cells (first profile) and the reached network, centres by operator, gap areas
// by score quintile, areas by their share within the target (first profile and group).
[[nodiscard]] std::vector<io::LayerStyle> run_layer_styles(const RunResult& result);

// ISO WKB of a point (empty when not finite) and of the square of a cell centred on (x, y).
[[nodiscard]] std::vector<unsigned char> point_wkb(double x, double y);
[[nodiscard]] std::vector<unsigned char> square_wkb(double x, double y, double size);

// "attribution" and "stand_ins" for the layers' metadata (data/README.md: what each licence
// requires shown).
[[nodiscard]] std::map<std::string, std::string> layer_metadata(const Scenario& scenario,
                                                                const RunResult& result);

}  // namespace reach::scenario::detail
