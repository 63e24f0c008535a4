#pragma once

#include "controller/protocol/day_number.hpp"
#include "controller/protocol/runner_history.hpp"

#include <optional>

namespace tg::protocol {

// Running time (run seconds, walking excluded) of the sessions on days [first, last].
int run_seconds_between(const History& history, Day first, Day last);

// Volume check for a run planned on `today`: the 14 days ending today may hold at most
// (1 + growth) x the 14 days before them (Nielsen 2014), never less than `floor_s`
// (so a runner can start again after a break).
struct VolumeWindow {
    int previous_s = 0; // days today-27 .. today-14
    int current_s = 0;  // days today-13 .. today-1, without today's plan
    int allowed_s = 0;  // for days today-13 .. today
    int left_today_s() const { return allowed_s > current_s ? allowed_s - current_s : 0; }
};

VolumeWindow volume_window(const History& history, Day today, double growth, int floor_s);

// Acute:chronic workload ratio of run time: last 7 days over the weekly mean of the last
// 28 days, both including today's planned run. Shown only (Impellizzeri 2020 disputes it).
std::optional<double> acute_chronic_ratio(const History& history, Day today, int planned_today_s);

} // namespace tg::protocol
