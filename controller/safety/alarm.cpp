#include "controller/safety/alarm.hpp"

namespace tg::safety {

namespace {

constexpr std::array<AlarmText, kAlarmCodeCount> kTexts{{
    {"drive_link_lost", "No fresh status from the motor drive.",
     "Check the drive's cable and power; acknowledge once the drive answers again."},
    {"force_link_lost", "No fresh samples from the force plate while the belt was running.",
     "Check the force plate's cable and power; acknowledge once samples arrive again."},
    {"drive_fault", "The motor drive reports a fault.",
     "Read the drive's fault code, fix its cause, reset the drive, then acknowledge."},
    {"runner_off_belt", "Almost no weight on the belt for too long while it was moving.",
     "Check the runner is safe; press start again when ready."},
    {"client_lost", "The touchscreen or remote client stopped answering during the run.",
     "Reconnect the client; press start again when ready."},
    {"drive_overspeed", "The belt ran faster than commanded.",
     "Take the treadmill out of service and have the drive checked before acknowledging."},
    {"drive_start_timeout", "The belt did not start moving after the start command.",
     "Check the drive, its safety key and its run enable; then acknowledge."},
    {"drive_stop_timeout", "The belt kept moving after it was commanded to stop.",
     "Use the physical emergency stop; have the drive checked before acknowledging."},
    {"drive_not_confirming_stop",
     "The motor drive refused the stop command or is not carrying it out; the controller "
     "went silent on its link so the drive's own communication watchdog stops the belt.",
     "Use the physical emergency stop if the belt still moves; have the drive and its link "
     "checked; acknowledge once the drive accepts commands and the belt is at rest."},
    {"caps_invalid", "The session's speed or duration cap is missing or invalid.",
     "Reload the session profile, then acknowledge."},
    {"emergency_stop_pressed", "Emergency stop was requested.",
     "Make sure the runner is safe, then acknowledge; the belt will not restart by itself."},
    {"operator_stop", "Stop was requested.", "Press start to run again."},
    {"duration_cap_reached", "The session's duration cap was reached: cooling down, then stop.",
     "Nothing to do: the session ends by itself."},
    {"no_runner_selected", "No runner is selected.", "Select a runner first."},
    {"fault_latched", "A fault is latched.", "Acknowledge the fault first."},
    {"already_running", "The belt is already running.", "Stop first if you want to restart."},
    {"not_running", "The belt is not running.", "Press start first."},
    {"cool_down_in_progress", "The session is cooling down; speed is fixed.",
     "Wait for the cool-down to end, or press stop."},
    {"no_body_weight", "The runner has no body weight on record.",
     "Weigh the runner or enter the body weight."},
    {"belt_moving", "The belt is still moving.", "Wait until the belt has stopped."},
    {"request_invalid", "The requested speed is not a valid number of km/h.",
     "Request a speed of zero or more km/h."},
    {"request_above_cap", "The requested speed is above the session cap; the cap applies.",
     "Only a clinician can raise the cap."},
    {"nothing_to_acknowledge", "No fault is latched.", "Nothing to do."},
}};

} // namespace

std::string_view to_string(Action action) {
    switch (action) {
    case Action::none:
        return "none";
    case Action::advisory:
        return "advisory";
    case Action::controlled_stop:
        return "controlled_stop";
    case Action::emergency_stop:
        return "emergency_stop";
    }
    return "unknown";
}

const AlarmText& describe(AlarmCode code) {
    return kTexts.at(index_of(code));
}

void AlarmList::raise(Alarm alarm) {
    for (std::size_t i = 0; i < size_; ++i) {
        if (items_[i].code != alarm.code) continue;
        items_[i].action = most_severe(items_[i].action, alarm.action);
        items_[i].latched = items_[i].latched || alarm.latched;
        return;
    }
    if (size_ < items_.size()) items_[size_++] = alarm;
}

bool AlarmList::contains(AlarmCode code) const {
    for (const Alarm& alarm : *this)
        if (alarm.code == code) return true;
    return false;
}

Action AlarmList::worst() const {
    Action worst = Action::none;
    for (const Alarm& alarm : *this)
        worst = most_severe(worst, alarm.action);
    return worst;
}

} // namespace tg::safety
