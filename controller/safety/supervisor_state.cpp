#include "controller/safety/supervisor_state.hpp"

namespace tg::safety {

std::string_view to_string(SupervisorState state) {
    switch (state) {
    case SupervisorState::idle:
        return "Idle";
    case SupervisorState::ready:
        return "Ready";
    case SupervisorState::starting:
        return "Starting";
    case SupervisorState::running:
        return "Running";
    case SupervisorState::cool_down:
        return "CoolDown";
    case SupervisorState::stopping:
        return "Stopping";
    case SupervisorState::stopped:
        return "Stopped";
    case SupervisorState::fault:
        return "Fault";
    case SupervisorState::emergency_stop:
        return "EmergencyStop";
    }
    return "Unknown";
}

} // namespace tg::safety
