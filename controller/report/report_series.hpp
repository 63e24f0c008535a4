#pragma once
// Series the report plots, computed from the sessions (pure).

#include "controller/report/report_data.hpp"

#include <string>
#include <vector>

namespace tg::report {

struct WeekTotal {
    std::string week_start; // Monday, YYYY-MM-DD
    double run_minutes = 0.0;
    int runs = 0;
    // Upper edge of the +30 %-per-2-weeks band: 1.3 x the volume two weeks before;
    // negative when there is no week two weeks before.
    double band_max_minutes = -1.0;
};

// Days since 1970-01-01 for YYYY-MM-DD; throws std::invalid_argument otherwise.
long days_from_date(const std::string& date);
std::string date_from_days(long days);

// Weeks (Monday to Sunday) from the first session's week to the last's, empty weeks kept.
std::vector<WeekTotal> weekly_totals(const std::vector<ReportSession>& sessions);

} // namespace tg::report
