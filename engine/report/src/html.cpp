#include "reach/report/html.hpp"

#include <fmt/format.h>

#include <cmath>

#include "reach/io/qgis_styles.hpp"

namespace reach::report {

std::string escape(std::string_view text) { return io::xml_text(text); }

std::string thousands(double value) {
    if (!std::isfinite(value)) {
        return "–";
    }
    const double rounded = std::round(value);
    const std::string digits = fmt::format("{:.0f}", std::fabs(rounded));
    std::string out = rounded < 0.0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

std::string percent(const std::optional<double>& share) {
    return share && std::isfinite(*share) ? fmt::format("{:.1f}\u00a0%", *share * 100.0) : "–";
}

std::string minutes_text(const std::optional<double>& minutes) {
    return minutes && std::isfinite(*minutes) ? fmt::format("{:.1f}\u00a0min", *minutes) : "–";
}

std::string raw_number(double value) {
    return std::isfinite(value) ? fmt::format("{}", value) : std::string();
}

}  // namespace reach::report
