#include "controller/report/report_series.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace tg::report {

// Civil-date arithmetic (proleptic Gregorian), after the well-known days-from-civil method.
long days_from_date(const std::string& date) {
    int y = 0, m = 0, d = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        throw std::invalid_argument("not a YYYY-MM-DD date: '" + date + "'");
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::string date_from_days(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    char text[64];
    std::snprintf(text, sizeof text, "%04ld-%02ld-%02ld", y, m, d);
    return text;
}

std::vector<WeekTotal> weekly_totals(const std::vector<ReportSession>& sessions) {
    std::vector<WeekTotal> weeks;
    if (sessions.empty()) return weeks;
    // 1970-01-01 was a Thursday: the Monday on or before day n is n - (n + 3) mod 7.
    auto week_of = [](long day) { return day - ((day + 3) % 7 + 7) % 7; };
    const long first = week_of(days_from_date(sessions.front().date));
    long last = first;
    for (const auto& s : sessions)
        last = std::max(last, week_of(days_from_date(s.date)));
    for (long w = first; w <= last; w += 7)
        weeks.push_back({date_from_days(w), 0.0, 0, -1.0});
    for (const auto& s : sessions) {
        auto& week = weeks[static_cast<std::size_t>((week_of(days_from_date(s.date)) - first) / 7)];
        week.run_minutes += s.run_time_s / 60.0;
        if (s.run_time_s > 0) ++week.runs;
    }
    for (std::size_t i = 2; i < weeks.size(); ++i)
        weeks[i].band_max_minutes = (1.0 + weekly_growth_limit) * weeks[i - 2].run_minutes;
    return weeks;
}

} // namespace tg::report
