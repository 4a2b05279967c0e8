// The shipped regional dataset (data/) read through the same readers users use, with the
// mapping of scenarios/baseline.yaml. Expected figures computed independently from the CSV
// with Python's csv and gzip modules (the logic is repeated in this comment):
//   cells = 33 170, ΣT = 2 399 636 (LV 1 374 243, LT 1 025 393);
//   per group g and country c: share = Σ g / Σ T over cells with g_CI = 0 and T_CI = 0;
//   imputed = Σ T × share(country) over cells with g_CI = 1:
//     Y_GE65  published 490 399,    imputed 10 154.1907 (shares LV 0.205231, LT 0.213104)
//     Y_LT15  published 356 369,    imputed  8 066.3666
//     Y_1564  published 1 503 384,  imputed 31 245.9588
//   disabled = rate × ΣT per country: LV 0.113 × 1 374 243 = 155 289.459,
//                                     LT 0.0818 × 1 025 393 = 83 877.1474.
#include <gtest/gtest.h>

#include <string>

#include "reach/demand/population.hpp"
#include "reach/demand/rates.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::demand::GroupSpec;
using reach::demand::Impute;

GroupSpec group(const std::string& name, const std::string& column, bool flagged) {
    GroupSpec g;
    g.name = name;
    g.column = column;
    if (flagged) {
        g.flag_column = column + "_CI";
        g.impute = Impute::share_of_total_in_country;
    }
    return g;
}

const reach::demand::PopulationGrid& region() {
    static const auto grid = [] {
        reach::demand::PopulationSpec spec;
        spec.file = reach::test::source_path("data/population/census2021_1km.csv.gz").string();
        spec.id_field = "cell_id";
        spec.x_field = "x_ll";
        spec.y_field = "y_ll";
        spec.crs = "EPSG:3035";
        spec.point = reach::demand::PointAnchor::lower_left;
        spec.cell_size_m = 1000;
        spec.country_field = "cntr_derived";
        spec.groups = {group("total", "T", false), group("age65plus", "Y_GE65", true),
                       group("under15", "Y_LT15", true), group("age15to64", "Y_1564", true)};
        return reach::demand::read_population(spec, "EPSG:3035");
    }();
    return grid;
}

}  // namespace

TEST(RegionalDataset, CensusGridTotalsAndImputedAgeGroups) {
    const auto& grid = region();
    ASSERT_EQ(grid.cell_count(), 33170U);
    EXPECT_DOUBLE_EQ(grid.sum("total"), 2399636.0);
    const auto g65 = *grid.find_group("age65plus");
    EXPECT_NEAR(grid.imputed_persons[g65], 10154.1907, 1e-3);
    EXPECT_NEAR(grid.sum("age65plus"), 490399.0 + 10154.1907, 1e-3);
    EXPECT_NEAR(grid.imputed_persons[*grid.find_group("under15")], 8066.3666, 1e-3);
    EXPECT_NEAR(grid.imputed_persons[*grid.find_group("age15to64")], 31245.9588, 1e-3);
    EXPECT_EQ(grid.lower_bound[g65], 0);
    // Cell centres, not corners: the first cell in file order is CRS3035RES1000mN<y>E<x>.
    const std::string& id = grid.cell_id.front();
    const auto n = id.find('N');
    const auto e = id.find('E', n);
    EXPECT_DOUBLE_EQ(grid.x.front(), std::stod(id.substr(e + 1)) + 500.0);
    EXPECT_DOUBLE_EQ(grid.y.front(), std::stod(id.substr(n + 1, e - n - 1)) + 500.0);
}

TEST(RegionalDataset, DisabilityRatesSpreadPerCountry) {
    const auto& grid = region();
    const auto rates =
        reach::demand::read_rates(reach::test::source_path("data/rates/disability.csv").string());
    ASSERT_EQ(rates.rows(), 2U);
    const auto areas = reach::demand::assign_areas_by_field(grid.country, rates.area_id);
    EXPECT_EQ(areas.unassigned_cells(), 0U);
    const auto spread = reach::demand::spread_rates(rates, areas.area_of_cell, grid.group("total"));
    double sum = 0.0;
    for (const double p : spread.persons) {
        sum += p;
    }
    const double lv = 0.113 * 1374243.0;
    const double lt = 0.0818 * 1025393.0;
    EXPECT_NEAR(sum, lv + lt, 1e-6);
    for (std::size_t row = 0; row < rates.rows(); ++row) {
        EXPECT_NEAR(spread.area_persons[row], rates.area_id[row] == "LV" ? lv : lt, 1e-6);
    }
    // Every figure in the shipped rates carries its assumption text, so runs can list them.
    EXPECT_EQ(reach::demand::assumptions(rates).size(), 2U);
}
