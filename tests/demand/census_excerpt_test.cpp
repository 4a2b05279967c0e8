// The real census grid: tests/data/census_excerpt.csv.gz holds the 199 Eurostat Census 2021
// 1 km cells around Zarasai (x_ll 5 327 000 – 5 343 000, y_ll 3 735 000 – 3 751 000, EPSG:3035;
// 117 LT and 82 LV cells, 73 with Y_GE65_CI = 1). Expected figures, computed independently
// with Python's csv module:
//
//   python3 -c "import csv,gzip; r=list(csv.DictReader(gzip.open(
//     'tests/data/census_excerpt.csv.gz','rt'))); s={}
//   [s.setdefault(c['cntr_derived'],[0,0]) for c in r]
//   [(s[c['cntr_derived']].__setitem__(0,s[c['cntr_derived']][0]+int(c['Y_GE65'])),
//     s[c['cntr_derived']].__setitem__(1,s[c['cntr_derived']][1]+int(c['T'])))
//    for c in r if c['Y_GE65_CI']=='0' and c['T_CI']=='0']
//   print(len(r), sum(int(c['T']) for c in r), sum(int(c['Y_GE65']) for c in r), s,
//     repr(sum(int(c['T'])*s[c['cntr_derived']][0]/s[c['cntr_derived']][1]
//              for c in r if c['Y_GE65_CI']=='1')))"
//   → 199 8575 1907 {'LT': [1795, 7714], 'LV': [112, 526]} 72.27956872645755
//
// So ΣT = 8 575; published ΣY_GE65 = 1 907 (a lower bound); the 73 flagged cells hold
// T = 8 575 − 7 714 − 526 = 335 persons, imputed with the LT share 1 795 / 7 714 and the
// LV share 112 / 526 to 72.2796 persons aged 65+ (LT 11.1693, LV 61.1103).
// With one share for the file (no country field): 335 × 1 907 / 8 240 = 77.5303.
#include <gtest/gtest.h>

#include <string>

#include "fixtures.hpp"
#include "reach/demand/population.hpp"
#include "reach/demand/rates.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::test::demand::band_group;
using reach::test::demand::column_group;

using reach::demand::GroupSpec;
using reach::demand::Impute;
using reach::demand::PointAnchor;
using reach::demand::PopulationSpec;

PopulationSpec census_spec(Impute impute) {
    PopulationSpec spec;
    spec.file = reach::test::data_path("census_excerpt.csv.gz").string();
    spec.id_field = "cell_id";
    spec.x_field = "x_ll";
    spec.y_field = "y_ll";
    spec.crs = "EPSG:3035";
    spec.point = PointAnchor::lower_left;
    spec.cell_size_m = 1000;
    spec.country_field = "cntr_derived";
    spec.groups = {column_group("total", "T", "T_CI"),
                   column_group("age65plus", "Y_GE65", "Y_GE65_CI", impute)};
    return spec;
}

}  // namespace

TEST(CensusExcerpt, ImputesConfidentialY65PerCountry) {
    const auto grid =
        reach::demand::read_population(census_spec(Impute::share_of_total_in_country), "EPSG:3035");
    ASSERT_EQ(grid.cell_count(), 199U);
    EXPECT_EQ(grid.sum("total"), 8575.0);
    EXPECT_EQ(grid.flagged_cells[0], 0U);  // T_CI is 0 everywhere
    EXPECT_EQ(grid.flagged_cells[1], 73U);
    EXPECT_NEAR(grid.imputed_persons[1], 72.27956872645755, 1e-9);
    EXPECT_NEAR(grid.sum("age65plus"), 1907.0 + 72.27956872645755, 1e-9);
    EXPECT_EQ(grid.lower_bound[1], 0);
    // The first row, CRS3035RES1000mN3735000E5327000: lower-left (5327000, 3735000) + 500 m.
    EXPECT_EQ(grid.cell_id[0], "CRS3035RES1000mN3735000E5327000");
    EXPECT_EQ(grid.x[0], 5327500.0);
    EXPECT_EQ(grid.y[0], 3735500.0);
}

TEST(CensusExcerpt, WithoutImputationY65IsAPublishedLowerBound) {
    const auto grid = reach::demand::read_population(census_spec(Impute::none), "EPSG:3035");
    EXPECT_EQ(grid.sum("age65plus"), 1907.0);
    EXPECT_EQ(grid.lower_bound[1], 1);
    EXPECT_EQ(grid.imputed_persons[1], 0.0);
}

TEST(CensusExcerpt, WithoutACountryFieldOneShareServesTheFile) {
    auto spec = census_spec(Impute::share_of_total_in_country);
    spec.country_field.clear();
    const auto grid = reach::demand::read_population(spec, "EPSG:3035");
    EXPECT_NEAR(grid.imputed_persons[1], 335.0 * 1907.0 / 8240.0, 1e-9);
}

// Disability rates per country (113 ‰ LV, 81.8 ‰ LT, as in data/rates/disability.csv) on the
// excerpt's total: ΣT is LT 7 762, LV 813 (python: sum(int(c['T']) for c in r if
// c['cntr_derived']=='LV')), so LV 813 × 0.113 = 91.869 and LT 7 762 × 0.0818 = 634.9316.
TEST(CensusExcerpt, DisabilityRatesPerCountryKeepCountryTotals) {
    const reach::test::TempDir dir;
    reach::test::write_text(dir / "rates.csv",
                            "area_id,rate_per_1000,base,source,assumption\n"
                            "LV,113.0,total,test,same rate everywhere\n"
                            "LT,81.8,total,test,same rate everywhere\n");
    auto grid =
        reach::demand::read_population(census_spec(Impute::share_of_total_in_country), "EPSG:3035");
    const auto rates = reach::demand::read_rates((dir / "rates.csv").string());
    const auto areas = reach::demand::assign_areas_by_field(grid.country, rates.area_id);
    EXPECT_EQ(areas.unassigned_cells(), 0U);
    auto spread = reach::demand::spread_rates(rates, areas.area_of_cell, grid.group("total"));
    EXPECT_NEAR(spread.area_persons[0], 91.869, 1e-9);
    EXPECT_NEAR(spread.area_persons[1], 634.9316, 1e-9);
    grid.add_group("disabled", std::move(spread.persons));
    EXPECT_NEAR(grid.sum("disabled"), 91.869 + 634.9316, 1e-9);
    EXPECT_EQ(grid.group_count(), 3U);
}
