#pragma once

#include "controller/gait/step_event.hpp"

#include <optional>

namespace tg::gait {

struct WalkingStep {
    double time_s = 0.0;
    FootSide side = FootSide::unknown;
};

struct WalkingDetectorConfig {
    double cop_hysteresis_m = 0.015;
    double min_step_time_s = 0.25;
    double valley_depth_fraction = 0.06;
};

// Steps of walking on one plate, where the total force never drops to zero
// (Roerdink et al. 2008). With a mediolateral CoP a step is the CoP moving across the
// midline (a slow mean of the CoP) by more than the hysteresis toward the new stance
// foot: the weight transfer of double support. Without CoP a step is the minimum of
// total force in mid single support (one valley per step, below the slow mean by the
// depth fraction); its side is unknown.
class WalkingStepDetector {
public:
    explicit WalkingStepDetector(const WalkingDetectorConfig& config) : config_(config) {}

    std::optional<WalkingStep> update(double time_s, double force_n,
                                      std::optional<double> cop_ml_m);
    void reset();

private:
    std::optional<WalkingStep> from_cop(double time_s, double cop_ml_m);
    std::optional<WalkingStep> from_force(double time_s, double force_n);
    std::optional<WalkingStep> accept(double time_s, FootSide side);
    static double follow(double mean, double value, double alpha) {
        return mean + alpha * (value - mean);
    }

    WalkingDetectorConfig config_;
    bool started_ = false;
    double previous_time_s_ = 0.0;
    double last_step_s_ = -1e300;

    double cop_mean_m_ = 0.0;
    bool has_cop_mean_ = false;
    FootSide cop_side_ = FootSide::unknown;

    double force_mean_n_ = 0.0;
    bool in_valley_ = false;
    double valley_time_s_ = 0.0;
    double valley_force_n_ = 0.0;
};

} // namespace tg::gait
