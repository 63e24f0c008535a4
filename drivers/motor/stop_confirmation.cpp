#include "drivers/motor/stop_confirmation.hpp"

#include <algorithm>
#include <cmath>

namespace tg::motor {

StopConfirmationSettings stop_confirmation_settings(const devicemap::DriveMap& map,
                                                    const devicemap::TreadmillSpec& treadmill,
                                                    double watchdog_timeout_s,
                                                    std::chrono::milliseconds period) {
    using std::chrono::milliseconds;
    StopConfirmationSettings s;
    // One register step, or a twentieth of a hertz, whichever is coarser.
    s.min_fall_hz = std::max(1.0 / map.units_per_hz, 0.05);
    s.standstill_hz = s.min_fall_hz;
    // At the machine's deceleration the output falls by 1 Hz in this time; allow that,
    // several cycles of status reads, and half a second for the drive to act on the stop.
    const double decel_hz_per_s = treadmill.to_hz(std::max(treadmill.max_decel_kmh_per_s, 0.1));
    const auto ramp = milliseconds(std::lround(1000.0 / decel_hz_per_s));
    s.not_falling_limit = milliseconds(500) + 4 * period + ramp;
    // Silent for the watchdog timeout plus as much again (at least 0.5 s) so the drive
    // trips whatever its timer's resolution.
    const auto watchdog = milliseconds(std::lround(watchdog_timeout_s * 1000.0));
    s.silence = watchdog + std::max(watchdog, milliseconds(500));
    return s;
}

StopVerdict StopConfirmation::step(TimePoint now, bool stopping,
                                   std::optional<StopWrite> stop_write,
                                   const std::optional<DriveStatus>& status, bool answered) {
    if (!stopping) {
        *this = StopConfirmation(settings_);
        return {};
    }
    if (!stopping_) {
        stopping_ = true;
        resumed(now);
    }
    if (stop_write == StopWrite::accepted) refused_ = false;
    if (stop_write == StopWrite::refused) refused_ = true;
    answered_ = answered_ || answered;
    if (status) watch_output(now, *status);
    if (!at_rest_ && answered_ && now - last_progress_ > settings_.not_falling_limit)
        not_falling_ = true;
    if (refused_ || not_falling_) unconfirmed_ = true;
    if (at_rest_ && status && !refused_) unconfirmed_ = false;
    return {refused_ || not_falling_, unconfirmed_};
}

void StopConfirmation::watch_output(TimePoint now, const DriveStatus& status) {
    const double hz = std::abs(status.output_hz);
    at_rest_ = hz <= settings_.standstill_hz;
    if (at_rest_ || !lowest_hz_ || hz <= *lowest_hz_ - settings_.min_fall_hz) {
        lowest_hz_ = hz;
        last_progress_ = now;
        answered_ = false;
        not_falling_ = false;
    }
}

void StopConfirmation::resumed(TimePoint now) {
    lowest_hz_.reset();
    last_progress_ = now;
    answered_ = false;
    not_falling_ = false;
}

} // namespace tg::motor
