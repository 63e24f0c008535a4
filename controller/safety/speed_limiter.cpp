#include "controller/safety/speed_limiter.hpp"

#include "controller/safety/setting_bounds.hpp"

#include <algorithm>
#include <cmath>

namespace tg::safety {

std::vector<std::string> LimiterSettings::validate() const {
    std::vector<std::string> problems;
    check_bound(problems, "machine_max_kmh", machine_max_kmh, 1.0, 30.0, "km/h");
    check_bound(problems, "start_speed_kmh", start_speed_kmh, 0.3, 1.0, "km/h");
    check_bound(problems, "accel_kmh_per_s", accel_kmh_per_s, 0.1, 1.0, "km/h per s");
    check_bound(problems, "decel_kmh_per_s", decel_kmh_per_s, 0.2, 2.0, "km/h per s");
    check_bound(problems, "emergency_decel_kmh_per_s", emergency_decel_kmh_per_s, 1.0, 10.0,
                "km/h per s");
    if (emergency_decel_kmh_per_s < decel_kmh_per_s)
        problems.emplace_back("emergency_decel_kmh_per_s must be at least decel_kmh_per_s: an "
                              "emergency stop may not be gentler than a controlled stop");
    return problems;
}

SpeedLimiter::SpeedLimiter(const LimiterSettings& settings) : settings_(settings) {
    throw_if_invalid(settings_.validate(), "speed limiter settings");
}

double SpeedLimiter::ceiling(double session_cap_kmh) const {
    // Positive test: a NaN cap fails it and counts as zero.
    if (!(session_cap_kmh > 0.0)) return 0.0;
    return std::min(session_cap_kmh, settings_.machine_max_kmh);
}

double SpeedLimiter::ramp_up(double target, double seconds) const {
    // From standstill the belt starts at the start speed, never higher.
    if (current_kmh_ <= 0.0) return std::min(target, settings_.start_speed_kmh);
    return std::min(target, current_kmh_ + settings_.accel_kmh_per_s * seconds);
}

double SpeedLimiter::ramp_down(double target, double seconds, RampMode mode) const {
    const double rate = mode == RampMode::emergency ? settings_.emergency_decel_kmh_per_s
                                                    : settings_.decel_kmh_per_s;
    return std::max(target, current_kmh_ - rate * seconds);
}

LimitedSpeed SpeedLimiter::step(std::chrono::steady_clock::duration dt, double target_kmh,
                                double session_cap_kmh, RampMode mode) {
    const double top = ceiling(session_cap_kmh);
    const double target = std::isnan(target_kmh) ? 0.0 : std::clamp(target_kmh, 0.0, top);
    const double seconds = std::max(0.0, std::chrono::duration<double>(dt).count());
    // A cap lowered below the setpoint (a phase change, a clinician's override) is reached
    // at the deceleration bound: a jump would ask the drive for its own steepest ramp.
    if (target > current_kmh_)
        current_kmh_ = ramp_up(target, seconds);
    else
        current_kmh_ = ramp_down(target, seconds, mode);
    return LimitedSpeed(current_kmh_);
}

} // namespace tg::safety
