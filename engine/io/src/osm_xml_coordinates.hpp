#pragma once
// Private to io: a guard run before libosmium reads an OSM XML file.
#include <string>

namespace reach::io::detail {

// Throws InputError (file, line, attribute) when a coordinate attribute of an OSM XML file —
// lat/lon of nodes and node refs, the bounds of <bounds> and changesets — holds a number
// outside decimal degrees (|lat| > 90, |lon| > 180). Why: libosmium 2.19 parses an exponent
// like "26.23E21270" by multiplying by 10 once per unit, a signed overflow (undefined
// behaviour; in practice the node lands at 0°, silently). Found by tools/fuzz/osm_fuzz.
// Files that are not OSM XML (by libosmium's suffix rules) are not read; anything else
// wrong with the XML is left for libosmium to report.
void check_osm_xml_coordinates(const std::string& path);

}  // namespace reach::io::detail
