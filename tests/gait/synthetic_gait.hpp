#pragma once

#include "controller/gait/gait_sample.hpp"
#include "controller/gait/step_event.hpp"

#include <vector>

namespace tg::gait::test {

// Running on one plate under both feet, with known truth.
struct RunningSpec {
    double rate_hz = 1000.0;
    int steps = 40;
    double step_time_s = 0.36;
    double contact_time_s = 0.24;
    double body_weight_n = 700.0;
    double active_peak_bw = 2.5;
    double impact_peak_bw = 0.0; // extra transient at 10 % of stance; 0 = forefoot-like
    double offset_n = 0.0;
    double noise_n = 0.0; // uniform ± noise_n, deterministic
    bool clip_at_zero = false;
    double step_width_m = 0.10; // 0 = no CoP
    double drift_m_per_s = 0.0;
    double lead_in_s = 0.3; // flight before the first strike
};

struct Synthetic {
    std::vector<GaitSample> samples;
    std::vector<double> strike_times_s;
    std::vector<FootSide> sides; // per strike
};

Synthetic make_running(const RunningSpec& spec);

// Walking: both feet on one plate, double support, no flight.
struct WalkingSpec {
    double rate_hz = 1000.0;
    int steps = 20;
    double step_time_s = 0.55;
    double stance_time_s = 0.66;
    double body_weight_n = 700.0;
    double step_width_m = 0.12;
    bool with_cop = true;
};

Synthetic make_walking(const WalkingSpec& spec);

// Quiet standing for `seconds`, then the running signal shifted after it.
Synthetic stand_then(double seconds, double body_weight_n, const Synthetic& after, double rate_hz);

} // namespace tg::gait::test
