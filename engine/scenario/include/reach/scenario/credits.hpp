#pragma once
// What every output must say about its data (data/README.md, licence — attribution to show;
// DESIGN.md: stand-ins and assumptions named in the summary, manifest, every GeoPackage layer
// and the report): one attribution line per input the licence asks to credit, and the
// stand-ins in words ("road network: stand-in (not surveyed)").
//
// The shipped files are recognised by name (census2021*, areas.gpkg, existing.csv,
// candidates.csv, *_standin.osm.pbf is flagged by the scenario itself); any other file is
// named as given, and OSM files (.pbf, .osm) carry the ODbL credit.
#include <string>
#include <vector>

#include "reach/scenario/run.hpp"
#include "reach/scenario/scenario.hpp"

namespace reach::scenario {

struct Credits {
    std::vector<std::string> attribution;  // "Roads: …", "Population: …", "Areas: …", …
    std::vector<std::string> stand_ins;    // in words; empty = none
};

[[nodiscard]] Credits run_credits(const Scenario& scenario, bool roads_standin,
                                  const std::vector<std::string>& stand_ins);

}  // namespace reach::scenario
