#pragma once
// The supervisor's thresholds. Each may be changed only within its safe bound
// (only by a clinician); validate() refuses anything else with a reason.

#include "controller/safety/speed_limiter.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace tg::safety {

struct SupervisorSettings {
    using Duration = std::chrono::steady_clock::duration;

    LimiterSettings ramp;
    Duration drive_status_timeout = std::chrono::milliseconds(250);
    Duration force_sample_timeout = std::chrono::milliseconds(500);
    double off_belt_fraction_bw = 0.2; // "on the belt" = vertical force >= this x body weight
    Duration off_belt_time = std::chrono::seconds(2);
    Duration heartbeat_timeout = std::chrono::seconds(1);
    bool stop_on_client_loss = true; // losing the last interactive client stops the belt
    double standstill_kmh = 0.2;     // at or below: the belt counts as stopped
    Duration start_timeout = std::chrono::seconds(5);  // belt must move within this after start
    Duration stop_timeout = std::chrono::seconds(10);  // belt must stop within this after 0 km/h
    double overspeed_tolerance_kmh = 1.5;              // actual above command by more than this...
    Duration overspeed_time = std::chrono::seconds(1); // ...for this long: emergency stop

    // Empty when all values lie within their safe bounds, else one reason per value.
    [[nodiscard]] std::vector<std::string> validate() const;
};

} // namespace tg::safety
