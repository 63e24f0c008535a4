#pragma once
// The controller's status object as the screens use it, read through the API contract
// (controller/api/status_message.hpp). Fields the controller sends as null are empty.
#include "controller/api/status_message.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tg::hmi {

struct PhaseStatus {
    int index = 0;
    std::string kind;
    std::string label;
    std::string next; // empty: last phase
    double elapsed_s = 0.0;
    std::optional<double> cap_s;
    bool running = false; // in a run (or the run part of an interval) right now
};

struct AlarmStatus {
    std::string code;
    std::string severity; // e.g. "advisory", "controlled_stop", "emergency_stop", "fault"
    std::string reason;
    std::string action;
    bool latched = false;
};

struct LinkStatus {
    bool ok = false;
    std::optional<double> age_ms;
    std::optional<long long> dropped;
};

// Today's pain-free limit once recorded.
struct LimitStatus {
    std::optional<double> time_s;
    std::optional<double> speed_kmh;
};

struct ControllerStatus {
    std::string
        state; // Idle, Ready, Starting, Running, CoolDown, Stopping, Stopped, Fault, EmergencyStop
    std::string runner;
    std::optional<long long> session_id;
    std::optional<PhaseStatus> phase;
    std::optional<double> actual_kmh, commanded_kmh, requested_kmh, cap_kmh;
    std::optional<double> elapsed_s, time_cap_s;
    std::optional<double> step_peak_bw;
    std::optional<double> cadence_spm, cadence_target_spm;
    std::optional<double> valr_bw_s, valr_advisory_bw_s;
    std::string valr_method;
    std::optional<int> pain_last;
    std::optional<double> pain_threshold;
    std::optional<LimitStatus> limit;
    std::vector<AlarmStatus> alarms;
    std::optional<LinkStatus> drive_link, plate_link;
    std::vector<std::string> advice;
    std::optional<api::RecordsHealth> records; // the records writer's health, when reported
};

// The screens' view of a contract status object.
ControllerStatus to_controller_status(const api::Status& status);
// Reads a status object; empty (and `error` says why) when it does not match the contract.
std::optional<ControllerStatus> parse_status(const nlohmann::json& status, std::string* error);

// States in which the belt may be moving: STOP must be on screen.
bool belt_may_move(const std::string& state);
// Latched states that need fault.ack before anything else.
bool is_latched_state(const std::string& state);
bool has_latched_alarm(const ControllerStatus& status);

} // namespace tg::hmi
