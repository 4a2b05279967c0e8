#include "reach/geo/cell_polygons.hpp"

#include <fmt/format.h>
#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "reach/core/assert.hpp"
#include "reach/core/error.hpp"

namespace reach::geo {
namespace {

// One GEOS context per dissolve_cells call; GEOS's notices are dropped, its errors kept for
// the message of the exception (and to decide on the fallback).
class GeosContext {
public:
    GeosContext() : m_handle(GEOS_init_r()) {
        REACH_ASSERT(m_handle != nullptr);
        GEOSContext_setErrorMessageHandler_r(m_handle, keep_error, &m_last_error);
    }
    ~GeosContext() { GEOS_finish_r(m_handle); }
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    [[nodiscard]] GEOSContextHandle_t handle() const { return m_handle; }
    [[nodiscard]] std::string take_error() { return std::exchange(m_last_error, {}); }

private:
    static void keep_error(const char* message, void* user_data) {
        *static_cast<std::string*>(user_data) = message != nullptr ? message : "";
    }

    GEOSContextHandle_t m_handle;
    std::string m_last_error;
};

struct GeometryDeleter {
    GEOSContextHandle_t context;
    void operator()(GEOSGeometry* geometry) const { GEOSGeom_destroy_r(context, geometry); }
};
using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct WkbWriterDeleter {
    GEOSContextHandle_t context;
    void operator()(GEOSWKBWriter* writer) const { GEOSWKBWriter_destroy_r(context, writer); }
};
using WkbWriterPtr = std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter>;

// Column and row of each cell on the grid of cell 0; the squares' corners are
// origin + column × size, one expression for both cells sharing an edge, so their vertices
// are bit-identical (centre ± size/2 per cell would differ in the last bit off integers).
struct Grid {
    double origin_x = 0.0;  // lower-left corner of cell 0
    double origin_y = 0.0;
    double size_m = 0.0;
    std::vector<std::int64_t> column;
    std::vector<std::int64_t> row;
};

std::int64_t grid_index(double centre, double centre0, double size_m, std::size_t cell, char axis) {
    if (!std::isfinite(centre)) {
        throw InputError(fmt::format("cell {}: centre {} is not a finite number", cell, axis));
    }
    const double steps = (centre - centre0) / size_m;
    const double index = std::round(steps);
    // 1e-3 of a cell: far above rounding noise of computed centres, far below any overlap
    // that would make the squares an invalid coverage.
    if (std::abs(steps - index) > 1e-3) {
        throw InputError(fmt::format(
            "cell {}: centre {} = {} is not on the grid of cell 0 (expected {} + k × {} m)", cell,
            axis, centre, centre0, size_m));
    }
    return static_cast<std::int64_t>(index);
}

Grid make_grid(std::span<const double> centre_x, std::span<const double> centre_y, double size_m) {
    if (!(size_m > 0.0) || !std::isfinite(size_m)) {
        throw InputError(
            fmt::format("cell size {} m is not a positive number (expected e.g. 1000)", size_m));
    }
    if (centre_x.size() != centre_y.size()) {
        throw InputError(fmt::format("{} cell x coordinates but {} y coordinates", centre_x.size(),
                                     centre_y.size()));
    }
    Grid grid;
    grid.size_m = size_m;
    if (centre_x.empty()) {
        return grid;
    }
    grid.column.resize(centre_x.size());
    grid.row.resize(centre_x.size());
    for (std::size_t i = 0; i < centre_x.size(); ++i) {
        grid.column[i] = grid_index(centre_x[i], centre_x[0], size_m, i, 'x');
        grid.row[i] = grid_index(centre_y[i], centre_y[0], size_m, i, 'y');
    }
    grid.origin_x = centre_x[0] - size_m / 2.0;
    grid.origin_y = centre_y[0] - size_m / 2.0;
    return grid;
}

GeometryPtr make_square(GEOSContextHandle_t context, const Grid& grid, std::uint32_t cell) {
    const auto x0 = grid.origin_x + static_cast<double>(grid.column[cell]) * grid.size_m;
    const auto x1 = grid.origin_x + static_cast<double>(grid.column[cell] + 1) * grid.size_m;
    const auto y0 = grid.origin_y + static_cast<double>(grid.row[cell]) * grid.size_m;
    const auto y1 = grid.origin_y + static_cast<double>(grid.row[cell] + 1) * grid.size_m;
    // Counter-clockwise shell, closed.
    const double xs[] = {x0, x1, x1, x0, x0};
    const double ys[] = {y0, y0, y1, y1, y0};
    GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(context, 5, 2);
    REACH_ASSERT(sequence != nullptr);
    for (unsigned i = 0; i < 5; ++i) {
        GEOSCoordSeq_setXY_r(context, sequence, i, xs[i], ys[i]);
    }
    GEOSGeometry* ring = GEOSGeom_createLinearRing_r(context, sequence);  // owns sequence
    REACH_ASSERT(ring != nullptr);
    GEOSGeometry* square = GEOSGeom_createPolygon_r(context, ring, nullptr, 0);  // owns ring
    REACH_ASSERT(square != nullptr);
    return GeometryPtr(square, GeometryDeleter{context});
}

// The squares of `cells` as one GeometryCollection (which owns them).
GeometryPtr make_squares(GEOSContextHandle_t context, const Grid& grid,
                         const std::vector<std::uint32_t>& cells) {
    std::vector<GEOSGeometry*> squares;
    squares.reserve(cells.size());
    for (const auto cell : cells) {
        squares.push_back(make_square(context, grid, cell).release());
    }
    GEOSGeometry* collection = GEOSGeom_createCollection_r(
        context, GEOS_GEOMETRYCOLLECTION, squares.data(), static_cast<unsigned>(squares.size()));
    if (collection == nullptr) {  // ownership not taken: free the squares ourselves
        for (auto* square : squares) {
            GEOSGeom_destroy_r(context, square);
        }
    }
    REACH_ASSERT(collection != nullptr);
    return GeometryPtr(collection, GeometryDeleter{context});
}

using GridPosition = std::pair<std::int64_t, std::int64_t>;  // column, row

class FilledCells {
public:
    FilledCells(const Grid& grid, const std::vector<std::uint32_t>& cells) {
        m_positions.reserve(cells.size());
        for (const auto cell : cells) {
            m_positions.emplace_back(grid.column[cell], grid.row[cell]);
        }
        std::sort(m_positions.begin(), m_positions.end());
    }
    [[nodiscard]] bool contains(std::int64_t column, std::int64_t row) const {
        return std::binary_search(m_positions.begin(), m_positions.end(),
                                  GridPosition{column, row});
    }
    [[nodiscard]] const std::vector<GridPosition>& positions() const { return m_positions; }

private:
    std::vector<GridPosition> m_positions;
};

GEOSGeometry* make_edge(GEOSContextHandle_t context, const Grid& grid, GridPosition from,
                        GridPosition to) {
    GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(context, 2, 2);
    REACH_ASSERT(sequence != nullptr);
    for (unsigned i = 0; i < 2; ++i) {
        const auto& corner = i == 0 ? from : to;
        GEOSCoordSeq_setXY_r(context, sequence, i,
                             grid.origin_x + static_cast<double>(corner.first) * grid.size_m,
                             grid.origin_y + static_cast<double>(corner.second) * grid.size_m);
    }
    return GEOSGeom_createLineString_r(context, sequence);  // owns sequence
}

// The cell edges with a filled cell on one side only, as one MultiLineString: already noded
// (unit edges meet only at grid corners), so the polygonizer needs no overlay.
GeometryPtr boundary_edges(GEOSContextHandle_t context, const Grid& grid,
                           const FilledCells& filled) {
    std::vector<GEOSGeometry*> edges;
    for (const auto& [c, r] : filled.positions()) {
        if (!filled.contains(c, r - 1)) {
            edges.push_back(make_edge(context, grid, {c, r}, {c + 1, r}));
        }
        if (!filled.contains(c + 1, r)) {
            edges.push_back(make_edge(context, grid, {c + 1, r}, {c + 1, r + 1}));
        }
        if (!filled.contains(c, r + 1)) {
            edges.push_back(make_edge(context, grid, {c + 1, r + 1}, {c, r + 1}));
        }
        if (!filled.contains(c - 1, r)) {
            edges.push_back(make_edge(context, grid, {c, r + 1}, {c, r}));
        }
    }
    return GeometryPtr(GEOSGeom_createCollection_r(context, GEOS_MULTILINESTRING, edges.data(),
                                                   static_cast<unsigned>(edges.size())),
                       GeometryDeleter{context});
}

// Fast path: polygonize the boundary edges and keep the faces made of filled cells. Every
// face is a union of whole cells of one kind (no boundary edge crosses a face), so the cell
// under any interior point tells the kind; filled faces never share an edge, at most a
// corner, so together they are a valid MultiPolygon without any union.
// GEOS 3.11's GEOSCoverageUnion_r would be the obvious tool but refuses groups whose cells
// touch at corners ("cannot process overlapping inputs"); GEOSUnaryUnion_r is 4× slower.
GeometryPtr polygonize_cells(GEOSContextHandle_t context, const Grid& grid,
                             const std::vector<std::uint32_t>& cells) {
    const FilledCells filled(grid, cells);
    const auto edges = boundary_edges(context, grid, filled);
    const GEOSGeometry* const input[] = {edges.get()};
    const GeometryPtr faces(GEOSPolygonize_r(context, input, 1), GeometryDeleter{context});
    if (faces == nullptr) {
        return GeometryPtr(nullptr, GeometryDeleter{context});
    }
    std::vector<GEOSGeometry*> parts;
    const int face_count = GEOSGetNumGeometries_r(context, faces.get());
    for (int i = 0; i < face_count; ++i) {
        const auto* face = GEOSGetGeometryN_r(context, faces.get(), i);
        const GeometryPtr inside(GEOSPointOnSurface_r(context, face), GeometryDeleter{context});
        double x = 0.0;
        double y = 0.0;
        if (inside == nullptr || GEOSGeomGetX_r(context, inside.get(), &x) != 1 ||
            GEOSGeomGetY_r(context, inside.get(), &y) != 1) {
            continue;  // the area check of the caller rejects the result
        }
        const auto column =
            static_cast<std::int64_t>(std::floor((x - grid.origin_x) / grid.size_m));
        const auto row = static_cast<std::int64_t>(std::floor((y - grid.origin_y) / grid.size_m));
        if (filled.contains(column, row)) {
            parts.push_back(GEOSGeom_clone_r(context, face));
        }
    }
    if (parts.size() == 1) {
        return GeometryPtr(parts[0], GeometryDeleter{context});
    }
    return GeometryPtr(GEOSGeom_createCollection_r(context, GEOS_MULTIPOLYGON, parts.data(),
                                                   static_cast<unsigned>(parts.size())),
                       GeometryDeleter{context});
}

// A union of `cell_count` squares: polygonal, valid, and with their total area (1e-9
// relative: exact for integer grid coordinates, rounding only otherwise).
bool is_union_of(GEOSContextHandle_t context, const GEOSGeometry* geometry, std::size_t cell_count,
                 double size_m) {
    if (geometry == nullptr) {
        return false;
    }
    const int type = GEOSGeomTypeId_r(context, geometry);
    double area_m2 = 0.0;
    const double expected_m2 = static_cast<double>(cell_count) * size_m * size_m;
    return (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) &&
           GEOSArea_r(context, geometry, &area_m2) == 1 &&
           std::abs(area_m2 - expected_m2) <= 1e-9 * expected_m2 &&
           GEOSisValid_r(context, geometry) == 1;
}

GeometryPtr union_cells(GeosContext& geos, const Grid& grid, std::vector<std::uint32_t> cells) {
    auto* context = geos.handle();
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());  // a cell counts once
    for (const auto cell : cells) {
        REACH_ASSERT(cell < grid.column.size());
    }
    auto merged = polygonize_cells(context, grid, cells);
    if (is_union_of(context, merged.get(), cells.size(), grid.size_m)) {
        return merged;
    }
    // Not seen in tests; the overlay union is the slow but general safety net.
    (void)geos.take_error();
    const auto squares = make_squares(context, grid, cells);
    merged.reset(GEOSUnaryUnion_r(context, squares.get()));
    if (!is_union_of(context, merged.get(), cells.size(), grid.size_m)) {
        // Squares on one grid always have a valid union: a GEOS failure here is a bug.
        throw Error(
            fmt::format("cannot dissolve {} cells (GEOS: {})", cells.size(), geos.take_error()));
    }
    return merged;
}

// `ring` without the vertices in the middle of a straight edge (the corners of inner cells
// along a border that the coverage union leaves): same point set, ~4× fewer vertices on long
// borders. Exact: every coordinate is a grid value, so collinear means equal x or equal y.
GEOSGeometry* drop_straight_vertices(GEOSContextHandle_t context, const GEOSGeometry* ring) {
    const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(context, ring);
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(context, sequence, &size);
    REACH_ASSERT(size >= 4);
    const unsigned n = size - 1;  // distinct vertices; the last repeats the first
    std::vector<double> xs(n);
    std::vector<double> ys(n);
    for (unsigned i = 0; i < n; ++i) {
        GEOSCoordSeq_getXY_r(context, sequence, i, &xs[i], &ys[i]);
    }
    std::vector<unsigned> kept;
    for (unsigned i = 0; i < n; ++i) {
        const unsigned prev = (i + n - 1) % n;
        const unsigned next = (i + 1) % n;
        const bool straight =
            (xs[prev] == xs[i] && xs[i] == xs[next]) || (ys[prev] == ys[i] && ys[i] == ys[next]);
        if (!straight) {
            kept.push_back(i);
        }
    }
    REACH_ASSERT(kept.size() >= 4);  // a rectilinear ring has at least 4 corners
    GEOSCoordSequence* out =
        GEOSCoordSeq_create_r(context, static_cast<unsigned>(kept.size() + 1), 2);
    for (unsigned j = 0; j <= kept.size(); ++j) {
        const unsigned i = kept[j % kept.size()];
        GEOSCoordSeq_setXY_r(context, out, j, xs[i], ys[i]);
    }
    return GEOSGeom_createLinearRing_r(context, out);
}

GEOSGeometry* polygon_without_straight_vertices(GEOSContextHandle_t context,
                                                const GEOSGeometry* polygon) {
    GEOSGeometry* shell = drop_straight_vertices(context, GEOSGetExteriorRing_r(context, polygon));
    const int hole_count = GEOSGetNumInteriorRings_r(context, polygon);
    std::vector<GEOSGeometry*> holes;
    holes.reserve(static_cast<std::size_t>(std::max(hole_count, 0)));
    for (int i = 0; i < hole_count; ++i) {
        holes.push_back(
            drop_straight_vertices(context, GEOSGetInteriorRingN_r(context, polygon, i)));
    }
    return GEOSGeom_createPolygon_r(context, shell, holes.data(),
                                    static_cast<unsigned>(holes.size()));
}

GeometryPtr without_straight_vertices(GEOSContextHandle_t context, const GEOSGeometry* merged) {
    if (GEOSGeomTypeId_r(context, merged) == GEOS_POLYGON) {
        return GeometryPtr(polygon_without_straight_vertices(context, merged),
                           GeometryDeleter{context});
    }
    const int part_count = GEOSGetNumGeometries_r(context, merged);
    std::vector<GEOSGeometry*> parts;
    parts.reserve(static_cast<std::size_t>(std::max(part_count, 0)));
    for (int i = 0; i < part_count; ++i) {
        parts.push_back(
            polygon_without_straight_vertices(context, GEOSGetGeometryN_r(context, merged, i)));
    }
    return GeometryPtr(GEOSGeom_createCollection_r(context, GEOS_MULTIPOLYGON, parts.data(),
                                                   static_cast<unsigned>(parts.size())),
                       GeometryDeleter{context});
}

std::vector<unsigned char> to_wkb(GEOSContextHandle_t context, GEOSWKBWriter& writer,
                                  const GEOSGeometry* geometry) {
    std::size_t size = 0;
    unsigned char* bytes = GEOSWKBWriter_write_r(context, &writer, geometry, &size);
    REACH_ASSERT(bytes != nullptr);
    std::vector<unsigned char> wkb(bytes, bytes + size);
    GEOSFree_r(context, bytes);
    return wkb;
}

}  // namespace

std::vector<DissolvedCells> dissolve_cells(std::span<const double> centre_x,
                                           std::span<const double> centre_y, double cell_size_m,
                                           const std::vector<std::vector<std::uint32_t>>& groups) {
    const Grid grid = make_grid(centre_x, centre_y, cell_size_m);
    GeosContext geos;
    auto* context = geos.handle();
    WkbWriterPtr writer(GEOSWKBWriter_create_r(context), WkbWriterDeleter{context});
    REACH_ASSERT(writer != nullptr);
    GEOSWKBWriter_setOutputDimension_r(context, writer.get(), 2);
    GEOSWKBWriter_setByteOrder_r(context, writer.get(), GEOS_WKB_NDR);
    GEOSWKBWriter_setFlavor_r(context, writer.get(), GEOS_WKB_ISO);

    std::vector<DissolvedCells> result;
    result.reserve(groups.size());
    for (const auto& cells : groups) {
        // An empty group is an empty MultiPolygon: a writer can still store it as the
        // group's (empty) geometry, and its type matches the other groups' multi parts.
        GeometryPtr geometry =
            cells.empty()
                ? GeometryPtr(GEOSGeom_createEmptyCollection_r(context, GEOS_MULTIPOLYGON),
                              GeometryDeleter{context})
                : without_straight_vertices(context, union_cells(geos, grid, cells).get());
        REACH_ASSERT(geometry != nullptr);
        // Normalised: ring starts and part order fixed, so the bytes do not depend on cell order.
        GEOSNormalize_r(context, geometry.get());
        DissolvedCells dissolved;
        dissolved.wkb = to_wkb(context, *writer, geometry.get());
        if (!cells.empty()) {
            [[maybe_unused]] const int ok = GEOSArea_r(context, geometry.get(), &dissolved.area_m2);
            REACH_ASSERT(ok == 1);
        }
        result.push_back(std::move(dissolved));
    }
    return result;
}

}  // namespace reach::geo
