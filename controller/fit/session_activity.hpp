#pragma once
// A recorded session as a FIT activity. The store keeps steps, not a speed trace: a
// second is "moving" when a step falls in it, and the session's distance is spread
// evenly over the moving seconds (the belt runs at the capped speed of each phase,
// so this is exact within a phase of constant speed and the totals are always exact).
// Laps are the session's phases as the steps show them: walking (no flight phase)
// and running (flight between steps), each held at least min_phase_s.

#include "controller/fit/fit_activity.hpp"

#include <optional>
#include <vector>

namespace tg::fit {

struct SessionStep {
    double t_s = 0.0;
    std::optional<double> cadence_spm;
    std::optional<double> flight_time_s; // > 0 running, <= 0 walking
    std::optional<double> peak_force_bw;
    std::optional<double> loading_rate_bw_s; // VALR
};

struct SessionTotals {
    double start_unix_s = 0.0;
    double duration_s = 0.0; // start to end
    std::optional<double> distance_m;
    double run_time_s = 0.0;
    std::uint32_t serial_number = 1;
};

inline constexpr double min_phase_s = 15.0;

FitActivity session_activity(const SessionTotals& totals, const std::vector<SessionStep>& steps);

} // namespace tg::fit
