// dissolve_cells: the union of grid squares per group, read back from its WKB with GEOS.
#include "reach/geo/cell_polygons.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "reach/core/error.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::geo::dissolve_cells;
using reach::geo::DissolvedCells;

// The WKB parsed back, with the few things the tests look at.
class Parsed {
public:
    explicit Parsed(const std::vector<unsigned char>& wkb) : m_context(GEOS_init_r()) {
        GEOSWKBReader* reader = GEOSWKBReader_create_r(m_context);
        m_geometry = GEOSWKBReader_read_r(m_context, reader, wkb.data(), wkb.size());
        GEOSWKBReader_destroy_r(m_context, reader);
    }
    ~Parsed() {
        if (m_geometry != nullptr) {
            GEOSGeom_destroy_r(m_context, m_geometry);
        }
        GEOS_finish_r(m_context);
    }
    Parsed(const Parsed&) = delete;
    Parsed& operator=(const Parsed&) = delete;

    [[nodiscard]] bool ok() const { return m_geometry != nullptr; }
    [[nodiscard]] int type() const { return GEOSGeomTypeId_r(m_context, m_geometry); }
    [[nodiscard]] bool empty() const { return GEOSisEmpty_r(m_context, m_geometry) == 1; }
    [[nodiscard]] bool valid() const { return GEOSisValid_r(m_context, m_geometry) == 1; }
    [[nodiscard]] int parts() const { return GEOSGetNumGeometries_r(m_context, m_geometry); }
    [[nodiscard]] double area() const {
        double area = -1.0;
        GEOSArea_r(m_context, m_geometry, &area);
        return area;
    }
    [[nodiscard]] int holes(int part = 0) const {
        return GEOSGetNumInteriorRings_r(m_context,
                                         GEOSGetGeometryN_r(m_context, m_geometry, part));
    }
    // Distinct vertices of the shell of `part` (the closing point not counted twice).
    [[nodiscard]] std::set<std::pair<double, double>> shell_vertices(int part = 0) const {
        const auto* polygon = GEOSGetGeometryN_r(m_context, m_geometry, part);
        const auto* sequence =
            GEOSGeom_getCoordSeq_r(m_context, GEOSGetExteriorRing_r(m_context, polygon));
        unsigned size = 0;
        GEOSCoordSeq_getSize_r(m_context, sequence, &size);
        std::set<std::pair<double, double>> vertices;
        for (unsigned i = 0; i < size; ++i) {
            double x = 0;
            double y = 0;
            GEOSCoordSeq_getXY_r(m_context, sequence, i, &x, &y);
            vertices.emplace(x, y);
        }
        return vertices;
    }
    [[nodiscard]] std::vector<double> envelope() const {
        double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
        GEOSGeom_getXMin_r(m_context, m_geometry, &xmin);
        GEOSGeom_getYMin_r(m_context, m_geometry, &ymin);
        GEOSGeom_getXMax_r(m_context, m_geometry, &xmax);
        GEOSGeom_getYMax_r(m_context, m_geometry, &ymax);
        return {xmin, ymin, xmax, ymax};
    }

private:
    GEOSContextHandle_t m_context;
    GEOSGeometry* m_geometry = nullptr;
};

// Cells of a 1 km population grid (centres at k × 1000 + 500), given as (column, row) with
// the grid's lower-left corner at (5 000 000, 3 000 000), an EPSG:3035-like position.
struct TestGrid {
    std::vector<double> x;
    std::vector<double> y;
    std::uint32_t add(int column, int row) {
        x.push_back(5'000'000.0 + column * 1000.0 + 500.0);
        y.push_back(3'000'000.0 + row * 1000.0 + 500.0);
        return static_cast<std::uint32_t>(x.size() - 1);
    }
};

DissolvedCells dissolve_one(const TestGrid& grid, std::vector<std::uint32_t> cells,
                            double size_m = 1000.0) {
    auto result = dissolve_cells(grid.x, grid.y, size_m, {std::move(cells)});
    EXPECT_EQ(result.size(), 1U);
    return result.at(0);
}

}  // namespace

//   row 1: a b
//   row 0: c d      four 1 km cells → one 2 km × 2 km square, area 4 × 1e6 = 4e6 m²,
// whose shell has just the 4 outer corners (the edge midpoints at x or y = +1000 dropped).
TEST(DissolveCells, TwoByTwoBlockIsOneSquareWithFourCorners) {
    TestGrid grid;
    const auto a = grid.add(0, 1);
    const auto b = grid.add(1, 1);
    const auto c = grid.add(0, 0);
    const auto d = grid.add(1, 0);
    const auto dissolved = dissolve_one(grid, {a, b, c, d});
    EXPECT_DOUBLE_EQ(dissolved.area_m2, 4e6);
    const Parsed parsed(dissolved.wkb);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed.type(), GEOS_POLYGON);
    EXPECT_TRUE(parsed.valid());
    EXPECT_EQ(parsed.holes(), 0);
    EXPECT_DOUBLE_EQ(parsed.area(), 4e6);
    const std::set<std::pair<double, double>> corners = {{5'000'000.0, 3'000'000.0},
                                                         {5'002'000.0, 3'000'000.0},
                                                         {5'002'000.0, 3'002'000.0},
                                                         {5'000'000.0, 3'002'000.0}};
    EXPECT_EQ(parsed.shell_vertices(), corners);
}

//   row 1: a
//   row 0: b c      an L of 3 cells: one polygon, area 3e6 m², 6 corners, envelope 2 km × 2 km.
TEST(DissolveCells, LOfThreeCellsIsOnePolygonWithSixCorners) {
    TestGrid grid;
    const auto a = grid.add(0, 1);
    const auto b = grid.add(0, 0);
    const auto c = grid.add(1, 0);
    const auto dissolved = dissolve_one(grid, {a, b, c});
    EXPECT_DOUBLE_EQ(dissolved.area_m2, 3e6);
    const Parsed parsed(dissolved.wkb);
    EXPECT_EQ(parsed.type(), GEOS_POLYGON);
    EXPECT_TRUE(parsed.valid());
    EXPECT_EQ(parsed.shell_vertices().size(), 6U);
    EXPECT_EQ(parsed.envelope(),
              (std::vector<double>{5'000'000.0, 3'000'000.0, 5'002'000.0, 3'002'000.0}));
}

//   row 1:   b
//   row 0: a        touching at one corner only: a MultiPolygon of 2 squares, 2e6 m².
TEST(DissolveCells, DiagonalCellsStaySeparateParts) {
    TestGrid grid;
    const auto a = grid.add(0, 0);
    const auto b = grid.add(1, 1);
    const auto dissolved = dissolve_one(grid, {a, b});
    EXPECT_DOUBLE_EQ(dissolved.area_m2, 2e6);
    const Parsed parsed(dissolved.wkb);
    EXPECT_EQ(parsed.type(), GEOS_MULTIPOLYGON);
    EXPECT_TRUE(parsed.valid());
    EXPECT_EQ(parsed.parts(), 2);
    EXPECT_EQ(parsed.shell_vertices(0).size(), 4U);
    EXPECT_EQ(parsed.shell_vertices(1).size(), 4U);
}

//   # # #
//   # . #     8 cells around a missing one: a Polygon with one hole,
//   # # #     area 9e6 − 1e6 = 8e6 m²; shell and hole have 4 corners each.
TEST(DissolveCells, RingOfEightCellsKeepsTheHole) {
    TestGrid grid;
    std::vector<std::uint32_t> ring;
    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column) {
            if (row != 1 || column != 1) {
                ring.push_back(grid.add(column, row));
            }
        }
    }
    const auto dissolved = dissolve_one(grid, ring);
    EXPECT_DOUBLE_EQ(dissolved.area_m2, 8e6);
    const Parsed parsed(dissolved.wkb);
    EXPECT_EQ(parsed.type(), GEOS_POLYGON);
    EXPECT_TRUE(parsed.valid());
    EXPECT_EQ(parsed.holes(), 1);
    EXPECT_EQ(parsed.shell_vertices().size(), 4U);
    EXPECT_DOUBLE_EQ(parsed.area(), 8e6);
}

//   # # # # #
//   # . . . #     a 5 × 5 ring (16 cells) around a 3 × 3 hole with one cell in its middle:
//   # . # . #     two parts, the ring with one hole (25e6 − 9e6 = 16e6 m²) and the island
//   # . . . #     (1e6 m²); 17e6 m² in all.
//   # # # # #
TEST(DissolveCells, IslandInsideAHoleIsASecondPart) {
    TestGrid grid;
    std::vector<std::uint32_t> cells;
    for (int row = 0; row < 5; ++row) {
        for (int column = 0; column < 5; ++column) {
            const bool border = row == 0 || row == 4 || column == 0 || column == 4;
            if (border || (row == 2 && column == 2)) {
                cells.push_back(grid.add(column, row));
            }
        }
    }
    const auto dissolved = dissolve_one(grid, cells);
    EXPECT_DOUBLE_EQ(dissolved.area_m2, 17e6);
    const Parsed parsed(dissolved.wkb);
    EXPECT_EQ(parsed.type(), GEOS_MULTIPOLYGON);
    EXPECT_TRUE(parsed.valid());
    ASSERT_EQ(parsed.parts(), 2);
    // One hole (in the ring); both shells are squares with 4 corners.
    EXPECT_EQ(parsed.holes(0) + parsed.holes(1), 1);
    EXPECT_EQ(parsed.shell_vertices(0).size() + parsed.shell_vertices(1).size(), 8U);
}

//   . # .
//   # . #     four cells around an empty one, touching each other only at corners: four
//   . # .     one-cell parts (4e6 m²), the middle not a hole.
TEST(DissolveCells, CellsAroundAnEmptyCellTouchingAtCornersStayFourParts) {
    TestGrid grid;
    const std::vector<std::uint32_t> cells = {grid.add(1, 0), grid.add(0, 1), grid.add(2, 1),
                                              grid.add(1, 2)};
    const auto dissolved = dissolve_one(grid, cells);
    EXPECT_DOUBLE_EQ(dissolved.area_m2, 4e6);
    const Parsed parsed(dissolved.wkb);
    EXPECT_EQ(parsed.type(), GEOS_MULTIPOLYGON);
    EXPECT_TRUE(parsed.valid());
    EXPECT_EQ(parsed.parts(), 4);
}

// A group without cells: an empty MultiPolygon (still parseable WKB), area 0; the groups
// around it are unaffected and keep their order.
TEST(DissolveCells, EmptyGroupIsAnEmptyMultiPolygon) {
    TestGrid grid;
    const auto a = grid.add(0, 0);
    const auto b = grid.add(5, 5);
    const auto result = dissolve_cells(grid.x, grid.y, 1000.0, {{a}, {}, {a, b}});
    ASSERT_EQ(result.size(), 3U);
    EXPECT_DOUBLE_EQ(result[0].area_m2, 1e6);
    EXPECT_EQ(result[1].area_m2, 0.0);
    const Parsed empty(result[1].wkb);
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty.type(), GEOS_MULTIPOLYGON);
    EXPECT_TRUE(empty.empty());
    // ISO WKB, little endian: byte order 1, type 6 (MultiPolygon), 0 parts → 9 bytes.
    EXPECT_EQ(result[1].wkb, (std::vector<unsigned char>{1, 6, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_DOUBLE_EQ(result[2].area_m2, 2e6);
}

// The same cell twice in a group counts once (overlapping squares would break the coverage).
TEST(DissolveCells, RepeatedCellCountsOnce) {
    TestGrid grid;
    const auto a = grid.add(0, 0);
    const auto b = grid.add(1, 0);
    EXPECT_DOUBLE_EQ(dissolve_one(grid, {a, b, a, b, a}).area_m2, 2e6);
}

// Cells with an odd size and centres off the integers (100 m cells at 0.05 + k × 0.1 km):
// corners from one origin keep shared vertices exact, so 3 cells in a row are one rectangle
// with 4 corners, area 3 × 100² = 3e4 m².
TEST(DissolveCells, NonIntegerGridStillSharesVertices) {
    const std::vector<double> x = {100.05, 200.05, 300.05};
    const std::vector<double> y = {7.3, 7.3, 7.3};
    const auto result = dissolve_cells(x, y, 100.0, {{0, 1, 2}});
    EXPECT_NEAR(result[0].area_m2, 3e4, 3e4 * 1e-9);
    const Parsed parsed(result[0].wkb);
    EXPECT_EQ(parsed.type(), GEOS_POLYGON);
    EXPECT_EQ(parsed.shell_vertices().size(), 4U);
}

// 200 × 200 grid, each cell kept with probability 0.6 (fixed seed): many parts, holes and
// corner touches. The result is valid and its area is count × 1e6 m² (exact: every
// coordinate is an integer; a lost hole or a duplicated part would change it).
TEST(DissolveCells, LargeRandomGroupIsValidWithExactArea) {
    TestGrid grid;
    std::vector<std::uint32_t> cells;
    std::mt19937 random(42);
    std::bernoulli_distribution keep(0.6);
    for (int row = 0; row < 200; ++row) {
        for (int column = 0; column < 200; ++column) {
            const auto cell = grid.add(column, row);
            if (keep(random)) {
                cells.push_back(cell);
            }
        }
    }
    ASSERT_GT(cells.size(), 20000U);
    const auto dissolved = dissolve_one(grid, cells);
    const double expected_m2 = static_cast<double>(cells.size()) * 1e6;
    EXPECT_NEAR(dissolved.area_m2, expected_m2, expected_m2 * 1e-6);
    const Parsed parsed(dissolved.wkb);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed.type(), GEOS_MULTIPOLYGON);
    EXPECT_TRUE(parsed.valid());
    EXPECT_NEAR(parsed.area(), expected_m2, expected_m2 * 1e-6);
}

TEST(DissolveCells, NonPositiveCellSizeIsAnInputError) {
    TestGrid grid;
    grid.add(0, 0);
    const auto message =
        reach::test::input_error_message([&] { (void)dissolve_cells(grid.x, grid.y, 0.0, {{0}}); });
    EXPECT_NE(message.find("cell size 0 m"), std::string::npos) << message;
}

TEST(DissolveCells, NonFiniteCentreIsAnInputErrorNamingTheCell) {
    TestGrid grid;
    grid.add(0, 0);
    grid.add(1, 0);
    grid.y[1] = std::numeric_limits<double>::quiet_NaN();
    const auto message = reach::test::input_error_message([&] {
        (void)dissolve_cells(grid.x, grid.y, 1000.0, {{0, 1}});
    });
    EXPECT_NE(message.find("cell 1: centre y is not a finite number"), std::string::npos)
        << message;
}

// A centre 300 m off the 1 km grid (wrong cell size or not a grid): refused, not snapped.
TEST(DissolveCells, CentreOffTheGridIsAnInputError) {
    TestGrid grid;
    grid.add(0, 0);
    grid.add(1, 0);
    grid.x[1] += 300.0;
    const auto message = reach::test::input_error_message([&] {
        (void)dissolve_cells(grid.x, grid.y, 1000.0, {{0, 1}});
    });
    EXPECT_NE(message.find("cell 1: centre x = 5001800 is not on the grid"), std::string::npos)
        << message;
}
