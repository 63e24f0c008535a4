#pragma once
// Does the drive obey a stop? A pure core (time is an argument) that watches each cycle's
// stop write and status while the commanded intent is stop or emergency stop.
//
// A drive that refuses the stop (an exception or a broken reply, or the connection breaking
// on the stop), or keeps answering without its status showing the output falling (or at
// rest) for longer than the ramp allows, is "not confirming the stop". A link where
// nothing is answered at all is link loss, not this: the drive hears nothing then and its
// watchdog trips anyway. The drive worker then goes silent on the link: the drive's own comm-loss
// watchdog is the one stop path that needs nothing from the drive's write handling, and
// any frame we send (even a status read) would keep that watchdog fed.
#include "drivers/devicemap/drive_map.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"
#include "drivers/motor/drive_status.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace tg::motor {

struct StopConfirmationSettings {
    // Output above standstill that has not fallen by min_fall_hz for this long.
    std::chrono::milliseconds not_falling_limit{700};
    double min_fall_hz = 0.05;
    double standstill_hz = 0.05;
    // How long the worker stays silent: beyond the drive's watchdog timeout plus a margin.
    std::chrono::milliseconds silence{1000};
};

// Bounds from the data: the machine's deceleration (as motor Hz/s) gives how soon the
// output must visibly fall; the watchdog timeout gives how long to be silent.
StopConfirmationSettings stop_confirmation_settings(const devicemap::DriveMap& map,
                                                    const devicemap::TreadmillSpec& treadmill,
                                                    double watchdog_timeout_s,
                                                    std::chrono::milliseconds period);

enum class StopWrite : std::uint8_t {
    accepted,
    refused,    // the drive answered with an exception or a wrong reply, or the link broke
    unanswered, // timed out or never sent: we cannot tell whether the drive heard it
};

struct StopVerdict {
    bool go_silent = false;   // stop talking on the link now (the worker owns for how long)
    bool unconfirmed = false; // the drive has not confirmed the stop
};

class StopConfirmation {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    explicit StopConfirmation(StopConfirmationSettings settings) : settings_(settings) {}

    // One cycle. stopping: the intent is stop or emergency stop. stop_write: the result of
    // a stop (or fast stop) write sent this cycle, if one was sent. status: this cycle's
    // status read, if it succeeded. answered: the drive answered at least one request.
    StopVerdict step(TimePoint now, bool stopping, std::optional<StopWrite> stop_write,
                     const std::optional<DriveStatus>& status, bool answered);
    // The worker comes back after a silence: the output has to start falling afresh.
    void resumed(TimePoint now);
    const StopConfirmationSettings& settings() const { return settings_; }

private:
    void watch_output(TimePoint now, const DriveStatus& status);

    StopConfirmationSettings settings_;
    bool stopping_ = false;
    bool refused_ = false;     // the last stop write was not accepted
    bool at_rest_ = false;     // a status showed the belt at rest (until it shows motion)
    bool answered_ = false;    // the drive answered something since the last progress
    bool not_falling_ = false; // no progress seen beyond the limit while the drive answers
    bool unconfirmed_ = false; // latched until a stop is accepted and the belt is at rest
    std::optional<double> lowest_hz_;
    TimePoint last_progress_{}; // the output last fell (or was at rest)
};

} // namespace tg::motor
