#pragma once
// Running volume per calendar week from session records, and the band the protocol
// allows (no more than +30% over the week before), for the clinician's history plot.
#include <optional>
#include <string>
#include <vector>

namespace tg::hmi {

struct DatedValue {
    std::string date; // YYYY-MM-DD (longer ISO-8601 text is cut to the date)
    double value = 0.0;
};

struct WeekVolume {
    long week = 0;          // days since 1970-01-01 (a Thursday) / 7, Monday-based
    std::string monday;     // YYYY-MM-DD
    double run_s = 0.0;     // summed volume in the week
    double allowed_s = 0.0; // previous week x (1 + growth); 0 for the first week
};

// Weeks from the first to the last dated value, empty weeks included (volume 0);
// values whose date is not a real calendar date are left out.
std::vector<WeekVolume> weekly_volume(const std::vector<DatedValue>& sessions,
                                      double growth = 0.30);

} // namespace tg::hmi
