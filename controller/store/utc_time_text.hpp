#pragma once
// Wall-clock time as text for the records: ISO-8601 UTC with milliseconds, and
// calendar dates (YYYY-MM-DD) for plans and check-ins. Pure: no clock is read here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tg::store {

// Unix milliseconds the store accepts: 1970-01-01 up to the end of year 9999.
bool is_storable_unix_ms(std::int64_t unix_ms);

// "2025-03-01T09:30:00.123Z"; empty optional outside is_storable_unix_ms.
std::optional<std::string> format_utc_iso8601(std::int64_t unix_ms);

// true for an existing Gregorian day written exactly as YYYY-MM-DD.
bool is_calendar_date(std::string_view text);

} // namespace tg::store
