#include "controller/store/utc_time_text.hpp"

#include <chrono>
#include <cstdio>

namespace tg::store {

namespace {

constexpr std::int64_t year_10000_unix_ms = 253402300800000;

std::optional<int> parse_digits(std::string_view text) {
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

bool is_storable_unix_ms(std::int64_t unix_ms) {
    return unix_ms >= 0 && unix_ms < year_10000_unix_ms;
}

std::optional<std::string> format_utc_iso8601(std::int64_t unix_ms) {
    using namespace std::chrono;
    if (!is_storable_unix_ms(unix_ms)) return std::nullopt;
    const sys_time<milliseconds> time{milliseconds{unix_ms}};
    const sys_days day = floor<days>(time);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> clock{time - day};
    char text[96]; // ample for any int fields, so the compiler sees no truncation
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(clock.hours().count()),
                  int(clock.minutes().count()), int(clock.seconds().count()),
                  int(clock.subseconds().count()));
    return std::string(text);
}

bool is_calendar_date(std::string_view text) {
    using namespace std::chrono;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    const auto y = parse_digits(text.substr(0, 4));
    const auto m = parse_digits(text.substr(5, 2));
    const auto d = parse_digits(text.substr(8, 2));
    if (!y || !m || !d) return false;
    const year_month_day ymd{year{*y}, month{unsigned(*m)}, day{unsigned(*d)}};
    return ymd.ok();
}

} // namespace tg::store
