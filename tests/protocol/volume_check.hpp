#pragma once
// The 30 %-over-2-weeks rule, recomputed from a history independently of the engine: every
// 14-day window that holds a run may hold at most 1.3 x the 14 days before it, in run time
// and in running distance (time x speed); the profile's floor instead when more, but only in
// the first two weeks of a streak (runs with no hole of more than 14 days).
// Uses only History's plain fields, so the same checker runs against any engine version.

#include "controller/protocol/runner_history.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string>

namespace tg::protocol::testing {

struct WindowVolume {
    double run_s = 0.0;
    double distance_m = 0.0;
};

inline std::map<Day, WindowVolume> volume_by_day(const History& history) {
    std::map<Day, WindowVolume> days;
    for (const SessionRecord& session : history.sessions) {
        days[session.date].run_s += session.run_s;
        days[session.date].distance_m += session.run_s * session.speed_kmh / 3.6;
    }
    return days;
}

inline WindowVolume window_sum(const std::map<Day, WindowVolume>& days, Day first, Day last) {
    WindowVolume sum;
    for (auto it = days.lower_bound(first); it != days.end() && it->first <= last; ++it) {
        sum.run_s += it->second.run_s;
        sum.distance_m += it->second.distance_m;
    }
    return sum;
}

struct WindowBreach {
    Day window_start = 0;
    std::string what; // "time" or "distance"
    double previous = 0.0;
    double current = 0.0;
    double allowed = 0.0;
};

struct WindowRule {
    double growth = 0.30;
    double floor_s = 0.0;
    double floor_m = 0.0;
};

inline double rule_allowed(double previous, double growth, double floor) {
    return std::max(previous * (1.0 + growth), floor);
}

// First day of the streak (sessions with no hole of more than 14 days) holding `day`.
inline Day streak_start_of(const std::map<Day, WindowVolume>& days, Day day) {
    Day start = day;
    for (auto it = std::make_reverse_iterator(days.lower_bound(day)); it != days.rend(); ++it) {
        if (start - it->first > 14) break;
        start = it->first;
    }
    return start;
}

// The first window, of those starting in [first_start, last_start], that breaks the rule. The
// floor counts only for a window whose 14 days before are not all inside its streak.
inline std::optional<WindowBreach> first_breach(const History& history, const WindowRule& rule,
                                                Day first_start, Day last_start) {
    const auto days = volume_by_day(history);
    for (Day start = first_start; start <= last_start; ++start) {
        const auto first_run = days.lower_bound(start);
        if (first_run == days.end() || first_run->first > start + 13) continue;
        const WindowVolume current = window_sum(days, start, start + 13);
        const WindowVolume previous = window_sum(days, start - 14, start - 1);
        const bool floor = start - streak_start_of(days, first_run->first) < 14;
        const double allowed_s =
            rule_allowed(previous.run_s, rule.growth, floor ? rule.floor_s : 0.0);
        // 1 s and 1 m of slack for the rounding of planned seconds.
        if (current.run_s > allowed_s + 1.0)
            return WindowBreach{start, "time", previous.run_s, current.run_s, allowed_s};
        const double allowed_m =
            rule_allowed(previous.distance_m, rule.growth, floor ? rule.floor_m : 0.0);
        if (current.distance_m > allowed_m + 1.0)
            return WindowBreach{start, "distance", previous.distance_m, current.distance_m,
                                allowed_m};
    }
    return std::nullopt;
}

inline std::string breach_text(const WindowBreach& breach) {
    return "window from day " + std::to_string(breach.window_start) + ": " + breach.what + " " +
           std::to_string(breach.current) + " after " + std::to_string(breach.previous) +
           " (allowed " + std::to_string(breach.allowed) + ")";
}

} // namespace tg::protocol::testing
