#pragma once

#include "controller/gait/rolling_window.hpp"

#include <string_view>

namespace tg::gait {

enum class BodyWeightSource { unknown, configured, quiet_standing, step_cycles };
std::string_view to_string(BodyWeightSource source);

// Body weight from the force itself when the runner's record gives none:
// - quiet standing: a 0.5 s block above 200 N whose range stays within 5 % of its mean;
// - step cycles: over whole step cycles on a treadmill the mean vertical force equals
//   body weight (no net vertical acceleration); median of the last 8 cycles.
// Quiet standing wins because it does not assume steady-state running.
class BodyWeightEstimator {
public:
    explicit BodyWeightEstimator(double configured_n = 0.0) : configured_n_(configured_n) {}

    void add_sample(double time_s, double force_n);
    void add_cycle(double duration_s, double impulse_ns);
    void reset_block() { block_count_ = 0; }

    double body_weight_n() const;
    BodyWeightSource source() const;

private:
    static constexpr double block_s = 0.5;
    static constexpr double min_standing_n = 200.0;
    static constexpr double max_standing_range = 0.05;

    double configured_n_;
    double standing_n_ = 0.0;
    RollingWindow cycles_{8};

    double block_start_s_ = 0.0;
    long block_count_ = 0;
    double block_sum_ = 0.0;
    double block_min_ = 0.0;
    double block_max_ = 0.0;
};

} // namespace tg::gait
