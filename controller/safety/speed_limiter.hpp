#pragma once
// The one gate every belt speed request passes through, whatever its source
// (operator, protocol phase, API): min(request, session cap, machine max),
// starting at no more than the start speed, bounded in acceleration and deceleration.

#include "controller/safety/limited_speed.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace tg::safety {

struct LimiterSettings {
    double machine_max_kmh = 16.0;          // the treadmill's own top speed (hw/treadmills/)
    double start_speed_kmh = 1.0;           // first setpoint from standstill
    double accel_kmh_per_s = 0.5;           // up ramp
    double decel_kmh_per_s = 1.0;           // down ramp (controlled stop, lower request)
    double emergency_decel_kmh_per_s = 3.0; // the drive's fastest safe ramp

    // Empty when every value lies inside its safe bound; otherwise one plain
    // sentence per refused value ("accel_kmh_per_s = 2 is outside [0.1, 1] ...").
    [[nodiscard]] std::vector<std::string> validate() const;
};

enum class RampMode { normal, emergency };

class SpeedLimiter {
public:
    // Throws std::invalid_argument (with every validate() reason) on unsafe settings.
    explicit SpeedLimiter(const LimiterSettings& settings);

    // Advances the setpoint by one tick of length `dt` towards `target_kmh`.
    // The result never exceeds min(session_cap_kmh, machine max), except while a cap
    // that fell below the current setpoint is being reached: then the setpoint comes down
    // at the deceleration bound of `mode`, never by a jump. A NaN or negative cap counts
    // as zero.
    LimitedSpeed step(std::chrono::steady_clock::duration dt, double target_kmh,
                      double session_cap_kmh, RampMode mode);

    [[nodiscard]] LimitedSpeed current() const { return LimitedSpeed(current_kmh_); }
    [[nodiscard]] const LimiterSettings& settings() const { return settings_; }

    // Standstill needs no limiting: always safe to command.
    [[nodiscard]] static LimitedSpeed standstill() { return LimitedSpeed(0.0); }

private:
    [[nodiscard]] double ceiling(double session_cap_kmh) const;
    [[nodiscard]] double ramp_up(double target, double seconds) const;
    [[nodiscard]] double ramp_down(double target, double seconds, RampMode mode) const;

    LimiterSettings settings_;
    double current_kmh_ = 0.0;
};

} // namespace tg::safety
