#pragma once

#include "controller/gait/step_event.hpp"

#include <span>

namespace tg::gait {

struct ForcePoint {
    double time_s = 0.0;
    double force_n = 0.0; // baseline-corrected, filtered
};

struct StanceAnalysisConfig {
    double impact_window_fraction = 0.30;
    double impact_min_dip_fraction = 0.01;
};

// Force-curve metrics of one stance, in newtons (BW conversion is the caller's).
struct StanceMetrics {
    double peak_force_n = not_measured;
    double peak_time_s = not_measured;
    bool has_impact_peak = false;
    double impact_peak_n = not_measured;
    double impact_peak_time_s = not_measured;
    LoadingRateWindow loading_rate_window = LoadingRateWindow::none;
    double valr_n_s = not_measured;
    double vilr_n_s = not_measured;
};

// Analyses the samples of one stance, strike to toe-off (times in the points are on
// the same clock as the two event times). Loading rates: 20-80 % of the impact peak
// when there is one, else 3-12 % of stance (REFERENCES.md, "Loading rate definitions").
StanceMetrics analyze_stance(std::span<const ForcePoint> stance, double strike_time_s,
                             double toe_off_time_s, const StanceAnalysisConfig& config);

} // namespace tg::gait
