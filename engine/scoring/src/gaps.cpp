#include "reach/scoring/gaps.hpp"

#include <algorithm>
#include <cmath>

#include "reach/core/assert.hpp"
#include "reach/core/units.hpp"

namespace reach::scoring {

std::vector<GapCell> gap_cells(std::span<const double> persons,
                               std::span<const double> nearest_time_s,
                               std::span<const std::string> cell_id, double target_min) {
    REACH_ASSERT(persons.size() == nearest_time_s.size());
    REACH_ASSERT(persons.size() == cell_id.size());
    const double target_s = target_min * 60.0;
    std::vector<GapCell> gaps;
    for (std::uint32_t i = 0; i < persons.size(); ++i) {
        const double t = nearest_time_s[i];
        if (persons[i] <= 0.0 || within(t, target_s)) {
            continue;
        }
        GapCell gap{i, persons[i], std::nullopt, std::nullopt};
        if (std::isfinite(t)) {
            gap.minutes_beyond = (t - target_s) / 60.0;
            gap.score = persons[i] * *gap.minutes_beyond;
        }
        gaps.push_back(gap);
    }
    std::sort(gaps.begin(), gaps.end(), [&](const GapCell& a, const GapCell& b) {
        const bool a_unreachable = !a.score.has_value();
        const bool b_unreachable = !b.score.has_value();
        if (a_unreachable != b_unreachable) {
            return a_unreachable;
        }
        const double key_a = a_unreachable ? a.persons : *a.score;
        const double key_b = b_unreachable ? b.persons : *b.score;
        if (key_a != key_b) {
            return key_a > key_b;
        }
        return cell_id[a.cell] < cell_id[b.cell];  // bytewise (char_traits<char> compares as
                                                   // unsigned char)
    });
    return gaps;
}

}  // namespace reach::scoring
