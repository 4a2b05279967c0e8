#pragma once
// Text for the HTML report: escaping and the number formats a reader expects (English, comma
// thousands separators: "306,240"; shares as "93.9 %"; minutes as "12.3 min", each with a
// no-break space before the unit; "–" for no value).
#include <optional>
#include <string>
#include <string_view>

namespace reach::report {

// &, <, >, " and ' escaped (line breaks and tabs as character references): safe in element
// text and in double-quoted attributes.
[[nodiscard]] std::string escape(std::string_view text);

// Rounded to an integer with comma thousands separators: 306239.6 → "306,240", −1234 → "-1,234".
[[nodiscard]] std::string thousands(double value);

// A share 0…1 as a percentage with one decimal ("93.9 %"); "–" without a value.
[[nodiscard]] std::string percent(const std::optional<double>& share);

// Minutes with one decimal ("12.3 min"); "–" without a value.
[[nodiscard]] std::string minutes_text(const std::optional<double>& minutes);

// A number for an attribute (data-value): shortest round-trip form, "" when not finite.
[[nodiscard]] std::string raw_number(double value);

}  // namespace reach::report
