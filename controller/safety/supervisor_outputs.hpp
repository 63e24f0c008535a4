#pragma once
// What one supervisor tick decides: the one speed command for the drive, what
// the drive should do with it, and every alarm with its reason.

#include "controller/safety/alarm.hpp"
#include "controller/safety/limited_speed.hpp"
#include "controller/safety/supervisor_inputs.hpp"
#include "controller/safety/supervisor_state.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tg::safety {

enum class DriveIntent : std::uint8_t {
    stop,           // drive's stop command (its own controlled ramp)
    run,            // run forward at the setpoint
    emergency_stop, // drive's fastest safe ramp
};

[[nodiscard]] std::string_view to_string(DriveIntent intent);

struct CommandResult {
    CommandKind kind;
    bool accepted;
    std::optional<AlarmCode> note; // refused: why; accepted: an optional remark
};

struct SupervisorOutputs {
    LimitedSpeed speed; // the setpoint: the only value the motor driver accepts
    DriveIntent intent;
    SupervisorState state;
    Action action;                        // the most severe action decided this tick
    AlarmList alarms;                     // active conditions, latched faults, notes
    std::optional<CommandResult> command; // the outcome of this tick's command, if any
};

// Enough for a status display or the API's status reply.
struct SupervisorStatus {
    SupervisorState state;
    std::string_view state_name;
    double commanded_kmh;
    double requested_kmh;
    double speed_cap_kmh;
    Duration run_elapsed; // since the start was accepted (0 when not running)
    Duration duration_cap;
    Duration cool_down_remaining;
    LatchedCodes latched;
    std::optional<AlarmCode> last_stop_reason;
};

} // namespace tg::safety
