#pragma once
// The supervisor's states. Fault and EmergencyStop are latched: only an
// acknowledgement leaves them, and it leads to Stopped, never to motion.

#include <cstdint>
#include <string_view>

namespace tg::safety {

enum class SupervisorState : std::uint8_t {
    idle,           // no runner selected
    ready,          // runner selected, belt at rest
    starting,       // start accepted, waiting for the belt to move at start speed
    running,        // following the requested speed within the caps
    cool_down,      // duration cap reached: slow for the cool-down time
    stopping,       // controlled stop: ramping down at the deceleration bound
    stopped,        // belt at rest after a run
    fault,          // latched fault: belt ramps down, drive told to stop
    emergency_stop, // latched emergency stop: fastest safe ramp
};

[[nodiscard]] std::string_view to_string(SupervisorState state);

// States in which the belt is meant to move (or is ramping down from motion).
[[nodiscard]] constexpr bool is_motion_state(SupervisorState state) {
    return state == SupervisorState::starting || state == SupervisorState::running ||
           state == SupervisorState::cool_down || state == SupervisorState::stopping;
}

// States in which the belt is driven forward on purpose (not stopping).
[[nodiscard]] constexpr bool is_driving_state(SupervisorState state) {
    return state == SupervisorState::starting || state == SupervisorState::running ||
           state == SupervisorState::cool_down;
}

[[nodiscard]] constexpr bool is_latched_state(SupervisorState state) {
    return state == SupervisorState::fault || state == SupervisorState::emergency_stop;
}

} // namespace tg::safety
