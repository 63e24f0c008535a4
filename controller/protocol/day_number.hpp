#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tg::protocol {

// A calendar day as days since 1970-01-01. Plans work in whole days and never read a clock:
// the caller says which day "today" is.
using Day = int;

// "YYYY-MM-DD" -> Day; nullopt for anything that is not a real calendar date.
std::optional<Day> parse_day(std::string_view text);

// Day -> "YYYY-MM-DD".
std::string format_day(Day day);

} // namespace tg::protocol
