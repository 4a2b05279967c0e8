#pragma once
// Dissolving grid cells into polygons: the union of the cells' squares per group, e.g. the
// cells of one gap or one catchment, as a 2D ISO WKB Polygon or MultiPolygon ready for a
// GDAL writer. Cells are axis-aligned squares of side `cell_size_m` on one grid (a metric
// CRS); holes are kept and cells touching only at a corner stay separate parts.
//
// Invariants of each result: the geometry is valid (GEOSisValid), normalised (GEOSNormalize,
// so the bytes do not depend on the order of the cells in the group), its area is exactly
// count × cell_size_m² for integer grid coordinates, and no vertex lies in the middle of a
// straight edge. Square corners are computed from one grid origin and an integer
// column/row, so neighbouring cells share bit-identical corners.
//
// How: the cell edges with a filled cell on one side only are polygonized (GEOSPolygonize_r)
// and the faces made of filled cells kept: no overlay. Cost O(b log b) for b boundary edges:
// 0.36 s in all (with the validity check and normalising) for 24 000 cells (60 % of a
// 200 × 200 grid at random), where GEOSUnaryUnion_r alone takes 1.6 s, and GEOS 3.11's
// GEOSCoverageUnion_r refuses such groups when cells touch at corners
// ("cannot process overlapping inputs"). GEOSUnaryUnion_r stays as the safety net when the
// fast result is not valid or has the wrong area (never seen in the tests).
// Uses GEOS's reentrant C API with its own context per call: safe to call from many threads.
#include <cstdint>
#include <span>
#include <vector>

namespace reach::geo {

struct DissolvedCells {
    // ISO WKB, 2D, little endian: a Polygon or MultiPolygon in the cells' CRS. An empty
    // group gives an empty MultiPolygon (type 6, 0 parts).
    std::vector<unsigned char> wkb;
    double area_m2 = 0.0;  // area of that geometry (0 for an empty group)
};

// One dissolved geometry per entry of `groups` (same order); each group lists indices into
// centre_x / centre_y (duplicates are allowed and counted once).
// Throws InputError for cell_size_m <= 0 or not finite, centre arrays of different lengths,
// a non-finite centre, or a centre that is not on the grid of cell 0 (off by more than
// 1e-3 × cell_size_m: the cells would overlap or leave slivers). An index out of range is
// a caller bug (REACH_ASSERT).
[[nodiscard]] std::vector<DissolvedCells> dissolve_cells(
    std::span<const double> centre_x, std::span<const double> centre_y, double cell_size_m,
    const std::vector<std::vector<std::uint32_t>>& groups);

}  // namespace reach::geo
