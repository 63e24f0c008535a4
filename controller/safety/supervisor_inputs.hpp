#pragma once
// Everything the supervisor reads on one tick. The daemon fills it from the
// drivers and the API; time stamps come from the daemon's steady clock.

#include <chrono>
#include <cstdint>
#include <optional>

namespace tg::safety {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;

enum class CommandKind : std::uint8_t {
    select_runner,     // a runner is selected and the belt may be started (Idle -> Ready)
    start,             // the only way the belt ever starts
    stop,              // controlled stop
    emergency_stop,    // latched, fastest safe ramp
    request_speed,     // new target speed while running
    acknowledge_fault, // clears latched faults once their causes are gone; never restarts
};

struct OperatorCommand {
    CommandKind kind;
    // request_speed: the target; start: optional target to ramp to after the start
    // speed (0 = stay at the start speed). Ignored by the other commands.
    double speed_kmh = 0.0;
};

struct SessionCaps {
    double speed_cap_kmh = 0.0; // the clinician's cap for this session
    Duration duration_cap{};    // run time (from start) before the cool-down begins
    Duration cool_down{};       // how long the cool-down lasts (0 = stop at once)
    double cool_down_kmh = 0.0; // cool-down speed (never above the speed at its start)
};

struct DriveStatus {
    std::optional<TimePoint> last_fresh; // when the last status arrived (none yet: empty)
    std::uint16_t fault_code = 0;        // the drive's own code; 0 = no fault
    double actual_kmh = 0.0;             // belt speed the drive reports
    // A stop was commanded and the drive refused it or is not carrying it out (the drive
    // thread has gone silent so the drive's own watchdog stops the belt).
    bool stop_unconfirmed = false;
};

struct ForcePlateStatus {
    std::optional<TimePoint> last_fresh; // when the last sample arrived
    double vertical_force_n = 0.0;       // peak total vertical force since the previous tick
    double body_weight_n = 0.0;          // the selected runner's body weight
};

struct ClientStatus {
    std::optional<TimePoint> last_heartbeat; // last heartbeat of any interactive client
    bool interactive_required = true;        // the session needs someone watching
};

struct SupervisorInputs {
    std::optional<OperatorCommand> command; // at most one command per tick
    SessionCaps caps;
    DriveStatus drive;
    ForcePlateStatus force;
    ClientStatus client;
};

} // namespace tg::safety
