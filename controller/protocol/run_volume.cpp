#include "controller/protocol/run_volume.hpp"

#include <algorithm>
#include <cmath>

namespace tg::protocol {

int run_seconds_between(const History& history, Day first, Day last) {
    int total = 0;
    for (const SessionRecord& session : history.sessions)
        if (session.date >= first && session.date <= last) total += std::max(0, session.run_s);
    return total;
}

VolumeWindow volume_window(const History& history, Day today, double growth, int floor_s) {
    VolumeWindow window;
    window.previous_s = run_seconds_between(history, today - 27, today - 14);
    window.current_s = run_seconds_between(history, today - 13, today - 1);
    const auto grown = static_cast<int>(std::floor(window.previous_s * (1.0 + growth)));
    window.allowed_s = std::max(grown, floor_s);
    return window;
}

std::optional<double> acute_chronic_ratio(const History& history, Day today, int planned_today_s) {
    const double acute = run_seconds_between(history, today - 6, today - 1) + planned_today_s;
    const double chronic =
        (run_seconds_between(history, today - 27, today - 1) + planned_today_s) / 4.0;
    if (chronic <= 0.0) return std::nullopt;
    return acute / chronic;
}

} // namespace tg::protocol
