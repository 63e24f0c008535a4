#include "controller/protocol/run_volume.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace tg::protocol {
namespace {

constexpr int acute_chronic_history_days = 28;

// What today may add to one window, in seconds at `speed_mps`.
// The volume of each of the 27 days before today (index 0 = today - 27), once, so the 14
// windows of one check do not scan the history again each.
struct RecentDays {
    static constexpr int span = 2 * volume_window_days - 1;
    std::array<Volume, span> days{};

    RecentDays(const History& history, Day today) {
        for (const SessionRecord& session : history.sessions) {
            const int index = session.date - (today - span);
            if (index < 0 || index >= span) continue;
            days[static_cast<std::size_t>(index)].run_s += std::max(0, session.run_s);
            days[static_cast<std::size_t>(index)].distance_m += session_distance_m(session);
        }
    }
    // Days [today - span + first, today - span + last], clipped to what is held.
    Volume sum(int first, int last) const {
        Volume total;
        for (int i = std::max(0, first); i <= std::min(span - 1, last); ++i) {
            total.run_s += days[static_cast<std::size_t>(i)].run_s;
            total.distance_m += days[static_cast<std::size_t>(i)].distance_m;
        }
        return total;
    }
};

// What today may add to the window starting `offset` days after today - 13. Sessions dated
// today or later are not counted: the check is of what a plan made on `today` could know (a
// session today makes today a rest day anyway).
double room_in_window(const RecentDays& recent, int offset, bool floor, const VolumeRule& rule,
                      double speed_mps) {
    const int first = volume_window_days + offset; // index of the window's first day
    const Volume previous = recent.sum(first - volume_window_days, first - 1);
    const Volume current = recent.sum(first, RecentDays::span - 1);
    double room =
        allowed_volume(previous.run_s, rule.growth, floor ? rule.floor_s : 0.0) - current.run_s;
    if (speed_mps > 0.0) {
        const double room_m =
            allowed_volume(previous.distance_m, rule.growth, floor ? rule.floor_m : 0.0) -
            current.distance_m;
        room = std::min(room, room_m / speed_mps);
    }
    return std::max(0.0, room);
}

} // namespace

double session_distance_m(const SessionRecord& session) {
    if (session.run_distance_m) return std::max(0.0, *session.run_distance_m);
    return std::max(0, session.run_s) * std::max(0.0, session.speed_kmh) / 3.6;
}

Volume volume_between(const History& history, Day first, Day last) {
    Volume volume;
    for (const SessionRecord& session : history.sessions) {
        if (session.date < first || session.date > last) continue;
        volume.run_s += std::max(0, session.run_s);
        volume.distance_m += session_distance_m(session);
    }
    return volume;
}

double allowed_volume(double previous, double growth, double floor) {
    return std::max(previous * (1.0 + growth), floor);
}

Day streak_start(const History& history, Day today) {
    const auto& sessions = history.sessions;
    const auto by_date = [](const SessionRecord& a, const SessionRecord& b) {
        return a.date < b.date;
    };
    Day start = today;
    // Records come in date order; walk back without copying. Otherwise sort a copy of days.
    if (std::is_sorted(sessions.begin(), sessions.end(), by_date)) {
        for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
            if (it->date >= today) continue;
            if (start - it->date > volume_window_days) break;
            start = it->date;
        }
        return start;
    }
    std::vector<Day> days;
    for (const SessionRecord& session : sessions)
        if (session.date < today) days.push_back(session.date);
    std::sort(days.begin(), days.end());
    for (auto day = days.rbegin(); day != days.rend() && start - *day <= volume_window_days; ++day)
        start = *day;
    return start;
}

VolumeWindow volume_window(const History& history, Day today, const VolumeRule& rule,
                           double run_speed_kmh) {
    const RecentDays recent(history, today);
    const Day streak = streak_start(history, today);
    const Day first = today - (volume_window_days - 1);
    VolumeWindow window;
    const Volume previous = recent.sum(first - volume_window_days - (today - RecentDays::span),
                                       first - 1 - (today - RecentDays::span));
    window.previous_s = static_cast<int>(std::lround(previous.run_s));
    window.current_s =
        static_cast<int>(std::lround(recent.sum(volume_window_days, RecentDays::span - 1).run_s));
    // The floor only for windows whose 14 days before are not all inside the streak.
    const auto floor_for = [&](Day start) { return start - streak < volume_window_days; };
    window.allowed_s = static_cast<int>(std::floor(
        allowed_volume(previous.run_s, rule.growth, floor_for(first) ? rule.floor_s : 0.0)));
    // Every window [start, start + 13] with start in [today - 13, today] holds today's run.
    const double speed_mps = run_speed_kmh / 3.6;
    double room = std::numeric_limits<double>::max();
    for (int offset = 0; offset < volume_window_days; ++offset)
        room = std::min(room,
                        room_in_window(recent, offset, floor_for(first + offset), rule, speed_mps));
    // Whole seconds, rounded down, so the rounded plan never exceeds any window.
    window.max_today_s = static_cast<int>(std::floor(room + 1e-6));
    return window;
}

std::optional<double> acute_chronic_ratio(const History& history, Day today, int planned_today_s) {
    const auto first = std::min_element(
        history.sessions.begin(), history.sessions.end(),
        [](const SessionRecord& a, const SessionRecord& b) { return a.date < b.date; });
    if (first == history.sessions.end() || today - first->date < acute_chronic_history_days)
        return std::nullopt;
    const double acute = volume_between(history, today - 6, today - 1).run_s + planned_today_s;
    const double chronic =
        (volume_between(history, today - 27, today - 1).run_s + planned_today_s) / 4.0;
    if (chronic <= 0.0) return std::nullopt;
    return acute / chronic;
}

} // namespace tg::protocol
