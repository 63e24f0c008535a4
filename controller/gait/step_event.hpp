#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace tg::gait {

inline constexpr double not_measured = std::numeric_limits<double>::quiet_NaN();

enum class FootSide { unknown, left, right };
enum class GaitMode { running, walking };
// Which part of the force curve the loading rates were taken from.
enum class LoadingRateWindow { none, impact_20_80, stance_3_12 };

std::string_view to_string(FootSide side);
std::string_view to_string(GaitMode mode);
std::string_view to_string(LoadingRateWindow window);

// Everything measured about one step. Values that do not apply (e.g. flight time
// while walking) or could not be measured are NaN; BW values are NaN while the
// body weight is still unknown.
struct StepEvent {
    std::uint64_t index = 0; // 0-based count of steps emitted by this analyser
    GaitMode mode = GaitMode::running;
    FootSide side = FootSide::unknown;

    double strike_time_s = not_measured;  // foot strike (walking: the step instant)
    double toe_off_time_s = not_measured; // running only
    double step_time_s = not_measured;    // since the previous step's strike
    double contact_time_s = not_measured;
    double flight_time_s = not_measured; // previous toe-off to this strike

    double peak_force_n = not_measured;
    double peak_force_bw = not_measured;
    double peak_time_s = not_measured;

    bool has_impact_peak = false;
    double impact_peak_n = not_measured;
    double impact_peak_bw = not_measured;
    double impact_peak_time_s = not_measured;

    LoadingRateWindow loading_rate_window = LoadingRateWindow::none;
    double valr_n_s = not_measured; // average loading rate
    double vilr_n_s = not_measured; // instantaneous (largest sample-to-sample) loading rate
    double valr_bw_s = not_measured;
    double vilr_bw_s = not_measured;

    double body_weight_n = not_measured; // the body weight used for the BW values
    double cadence_spm = not_measured;   // rolling cadence including this step
};

} // namespace tg::gait
