#include "controller/gait/walking_step_detector.hpp"

#include <algorithm>

namespace tg::gait {

namespace {
constexpr double mean_time_constant_s = 2.0;
}

void WalkingStepDetector::reset() {
    started_ = false;
    has_cop_mean_ = false;
    cop_side_ = FootSide::unknown;
    in_valley_ = false;
    last_step_s_ = -1e300;
}

std::optional<WalkingStep> WalkingStepDetector::update(double time_s, double force_n,
                                                       std::optional<double> cop_ml_m) {
    const double dt = started_ ? time_s - previous_time_s_ : 0.0;
    const double alpha = std::clamp(dt / mean_time_constant_s, 0.0, 1.0);
    if (!started_) force_mean_n_ = force_n;
    started_ = true;
    previous_time_s_ = time_s;
    force_mean_n_ = follow(force_mean_n_, force_n, alpha);

    if (cop_ml_m) {
        cop_mean_m_ = has_cop_mean_ ? follow(cop_mean_m_, *cop_ml_m, alpha) : *cop_ml_m;
        has_cop_mean_ = true;
        return from_cop(time_s, *cop_ml_m);
    }
    return from_force(time_s, force_n);
}

std::optional<WalkingStep> WalkingStepDetector::from_cop(double time_s, double cop_ml_m) {
    FootSide now = FootSide::unknown;
    if (cop_ml_m > cop_mean_m_ + config_.cop_hysteresis_m) now = FootSide::right;
    if (cop_ml_m < cop_mean_m_ - config_.cop_hysteresis_m) now = FootSide::left;
    if (now == FootSide::unknown || now == cop_side_) return std::nullopt;
    const bool was_known = cop_side_ != FootSide::unknown;
    cop_side_ = now;
    if (!was_known) return std::nullopt; // the first side seen is not a step change
    return accept(time_s, now);
}

std::optional<WalkingStep> WalkingStepDetector::from_force(double time_s, double force_n) {
    if (!in_valley_) {
        if (force_n < force_mean_n_ * (1.0 - config_.valley_depth_fraction)) {
            in_valley_ = true;
            valley_force_n_ = force_n;
            valley_time_s_ = time_s;
        }
        return std::nullopt;
    }
    if (force_n < valley_force_n_) {
        valley_force_n_ = force_n;
        valley_time_s_ = time_s;
    }
    if (force_n <= force_mean_n_) return std::nullopt;
    in_valley_ = false;
    return accept(valley_time_s_, FootSide::unknown);
}

std::optional<WalkingStep> WalkingStepDetector::accept(double time_s, FootSide side) {
    if (time_s - last_step_s_ < config_.min_step_time_s) return std::nullopt;
    last_step_s_ = time_s;
    return WalkingStep{time_s, side};
}

} // namespace tg::gait
