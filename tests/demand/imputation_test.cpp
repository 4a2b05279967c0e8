// Imputation of confidential counts: T × the group's share among unflagged cells of the same
// country.
//
//   cell country   T    Y65  flag
//   a    LT       100    20   0
//   b    LT       300    40   0
//   c    LT        50     ?   1     LT share = (20 + 40) / (100 + 300) = 0.15 → c = 7.5
//   d    LV       200    60   0
//   e    LV        10     ?   1     LV share = 60 / 200 = 0.3               → e = 3
//   f    LV         0     ?   1     T = 0                                   → f = 0
//   imputed persons = 7.5 + 3 = 10.5; 3 flagged cells.
//   With no country: one share (20 + 40 + 60) / (100 + 300 + 200) = 0.2 → c = 10, e = 2.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixtures.hpp"
#include "reach/demand/imputation.hpp"
#include "reach/demand/population.hpp"
#include "reach_test/support.hpp"

namespace {

using reach::test::demand::band_group;
using reach::test::demand::column_group;

using reach::demand::impute_share_of_total;
using reach::test::demand::input_error_message;

const std::vector<double> total = {100, 300, 50, 200, 10, 0};
const std::vector<char> flagged = {0, 0, 1, 0, 1, 1};
const std::vector<std::string> countries = {"LT", "LT", "LT", "LV", "LV", "LV"};

}  // namespace

TEST(Imputation, FillsFlaggedCellsWithTheShareOfTheirCountry) {
    std::vector<double> y65 = {20, 40, 0, 60, 0, 0};
    const auto result = impute_share_of_total(y65, flagged, total, {}, countries, "test");
    EXPECT_DOUBLE_EQ(y65[2], 7.5);
    EXPECT_DOUBLE_EQ(y65[4], 3.0);
    EXPECT_EQ(y65[5], 0.0);
    EXPECT_EQ(y65[0], 20.0);  // unflagged counts are untouched
    EXPECT_DOUBLE_EQ(result.imputed_persons, 10.5);
    EXPECT_EQ(result.flagged_cells, 3U);
    EXPECT_EQ(result.fallback_cells, 0U);
}

TEST(Imputation, WithoutCountriesOneShareServesTheWholeGrid) {
    std::vector<double> y65 = {20, 40, 0, 60, 0, 0};
    const std::vector<std::string> none(6);
    const auto result = impute_share_of_total(y65, flagged, total, {}, none, "test");
    EXPECT_DOUBLE_EQ(y65[2], 10.0);
    EXPECT_DOUBLE_EQ(y65[4], 2.0);
    EXPECT_DOUBLE_EQ(result.imputed_persons, 12.0);
}

// A country whose every cell is flagged (EE, T = 40) takes the whole-grid share 0.2 → 8.
TEST(Imputation, ACountryWithoutPublishedCountsTakesTheWholeGridShare) {
    std::vector<double> y65 = {20, 40, 0, 60, 0, 0, 0};
    auto t = total;
    t.push_back(40);
    auto f = flagged;
    f.push_back(1);
    auto c = countries;
    c.emplace_back("EE");
    const auto result = impute_share_of_total(y65, f, t, {}, c, "test");
    EXPECT_DOUBLE_EQ(y65[6], 8.0);
    EXPECT_DOUBLE_EQ(y65[2], 7.5);
    EXPECT_EQ(result.fallback_cells, 1U);
}

// A cell whose T is itself confidential tells nothing about the share: with cell a's T
// flagged, LT's share is 40 / 300 → c = 50 × 40 / 300 = 6.6667.
TEST(Imputation, CellsWithAFlaggedTotalTakeNoPartInTheShare) {
    std::vector<double> y65 = {20, 40, 0, 60, 0, 0};
    const std::vector<char> t_flagged = {1, 0, 0, 0, 0, 0};
    (void)impute_share_of_total(y65, flagged, total, t_flagged, countries, "test");
    EXPECT_DOUBLE_EQ(y65[2], 50.0 * 40.0 / 300.0);
}

TEST(Imputation, NothingPublishedAnywhereIsAnError) {
    std::vector<double> y65 = {0, 0};
    const auto message = input_error_message([&] {
        (void)impute_share_of_total(y65, {1, 1}, {5, 6}, {}, {"LT", "LT"}, "grid.csv: groups.y");
    });
    EXPECT_NE(message.find("grid.csv: groups.y: every count is confidential"), std::string::npos)
        << message;
}

// The same table through read_population: the CSV's flagged Y65 values (0, as the GEOSTAT
// tiler writes them) become 7.5 and 3.
TEST(Imputation, ReadPopulationImputesAndReportsImputedPersons) {
    const reach::test::TempDir dir;
    reach::test::write_text(dir / "grid.csv",
                            "id,x,y,cntr,T,Y65,Y65_CI\n"
                            "a,500,500,LT,100,20,0\n"
                            "b,1500,500,LT,300,40,0\n"
                            "c,2500,500,LT,50,0,1\n"
                            "d,500,1500,LV,200,60,0\n"
                            "e,1500,1500,LV,10,0,1\n"
                            "f,2500,1500,LV,0,0,1\n");
    reach::demand::PopulationSpec spec;
    spec.file = (dir / "grid.csv").string();
    // (std::string(...): GCC 12 warns -Wrestrict on assigning one-letter literals, bug 105329.)
    spec.id_field = std::string("id");
    spec.x_field = std::string("x");
    spec.y_field = std::string("y");
    spec.country_field = std::string("cntr");
    // Groups in any order: the total is settled first.
    spec.groups = {column_group("age65plus", "Y65", "Y65_CI",
                                reach::demand::Impute::share_of_total_in_country),
                   column_group("total", "T")};
    const auto grid = reach::demand::read_population(spec, "EPSG:3035");
    EXPECT_EQ(grid.group_name[0], "age65plus");
    const auto& y65 = grid.group("age65plus");
    EXPECT_DOUBLE_EQ(y65[2], 7.5);
    EXPECT_DOUBLE_EQ(y65[4], 3.0);
    EXPECT_DOUBLE_EQ(grid.imputed_persons[0], 10.5);
    EXPECT_EQ(grid.flagged_cells[0], 3U);
    EXPECT_EQ(grid.lower_bound[0], 0);
    // 20 + 40 + 7.5 + 60 + 3 + 0
    EXPECT_DOUBLE_EQ(grid.sum("age65plus"), 130.5);
}
