#pragma once

#include "controller/protocol/day_number.hpp"
#include "controller/protocol/runner_history.hpp"

#include <optional>

namespace tg::protocol {

// Length of the windows of the volume rule (Nielsen 2014: +30 % over 2 weeks).
inline constexpr int volume_window_days = 14;

// Running volume of some days: run time (every session with its real run time, however it
// ended) and running distance (the record's, else run time x speed).
struct Volume {
    double run_s = 0.0;
    double distance_m = 0.0;
};

double session_distance_m(const SessionRecord& session);

// Volume of the sessions on days [first, last].
Volume volume_between(const History& history, Day first, Day last);

// The most a 14-day window may hold given the 14 days before it: (1 + growth) x previous, or
// the start budget `floor` when that is more. The budget applies only to windows whose 14
// days before are not all inside the runner's current streak (runs with no 14-day hole): it
// lets a runner start, or start again after 14 days off, and is gone two weeks into a streak,
// so a small first fortnight does not buy a full floor in week 3.
double allowed_volume(double previous, double growth, double floor);

// First day of the streak a run on `today` belongs to: the earliest session day reached from
// today through gaps of at most 14 days (today itself when the last run is longer ago).
Day streak_start(const History& history, Day today);

// The rule as a whole: the profile's growth and the floors in time and distance.
struct VolumeRule {
    double growth = 0.30;
    double floor_s = 0.0;
    double floor_m = 0.0;
};

// Check of a run planned on `today`: every 14-day window that holds today, against the 14
// days before that window, in run time and in distance. Days after today hold nothing yet.
struct VolumeWindow {
    int previous_s = 0;  // days today-27 .. today-14 (shown)
    int current_s = 0;   // days today-13 .. today-1, without today's plan (shown)
    int allowed_s = 0;   // for days today-13 .. today (shown)
    int max_today_s = 0; // the longest run today that keeps every window within the rule
    int left_today_s() const { return max_today_s; }
};

VolumeWindow volume_window(const History& history, Day today, const VolumeRule& rule,
                           double run_speed_kmh);

// Acute:chronic workload ratio of run time: last 7 days over the weekly mean of the last
// 28 days, both including today's planned run. Shown only (Impellizzeri 2020 disputes it),
// and only once the runner has 28 days of history (else it means nothing: 4.0 on day 1).
std::optional<double> acute_chronic_ratio(const History& history, Day today, int planned_today_s);

} // namespace tg::protocol
