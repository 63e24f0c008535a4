#pragma once
// The status object (API.md "Status object"): what the `status` reply and the `status`
// event carry. Fields that do not apply are null (empty optionals); every key is always
// sent. `records` is the records writer's health (absent from controllers before it).
#include "controller/api/json_reader.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tg::api {

struct PhaseStatus {
    std::int64_t index = 0;
    std::string kind; // "walk", "run", "cool-down", ... (controller/protocol)
    std::optional<std::string> next;
    double elapsed_s = 0;
    double cap_s = 0;
    double speed_cap_kmh = 0;
    bool running = false;
};

struct SpeedStatus {
    double actual_kmh = 0;
    double commanded_kmh = 0;
    double requested_kmh = 0;
    double cap_kmh = 0;
};

struct TimeStatus {
    double elapsed_s = 0;
    double cap_s = 0;
    std::optional<double> planned_s;
};

struct StepStatus {
    std::string side; // "left", "right", "unknown"
    std::optional<double> peak_bw;
    std::optional<double> valr_bw_s;
    std::optional<double> contact_s;
};

struct CadenceStatus {
    std::optional<double> spm;
    std::optional<double> target_spm;
};

struct LoadingRateStatus {
    std::optional<double> valr_bw_s;
    double advisory_bw_s = 66.0;
    std::string method;
};

struct PainStatus {
    std::optional<int> last;
    std::optional<int> max;
    std::optional<double> threshold;
};

struct LimitStatus {
    double run_s = 0;
    double speed_kmh = 0;
    std::string reason;
};

struct AlarmStatus {
    std::string code;     // e.g. "drive_link_lost", "drive_not_confirming_stop"
    std::string severity; // "advisory", "controlled_stop", "emergency_stop", ...
    std::string reason;
    std::string action;
    bool latched = false;
};

struct DriveLinkStatus {
    bool ok = false;
    std::optional<double> age_ms;
    std::int64_t fault_code = 0;
    std::optional<std::string> fault;
};

struct PlateLinkStatus {
    bool ok = false;
    std::optional<double> age_ms;
    std::uint64_t dropped = 0;
};

struct LinksStatus {
    DriveLinkStatus drive;
    PlateLinkStatus plate;
};

struct ForceStatus {
    double vertical_n = 0;
    std::optional<double> bw;
};

struct RecordsHealth {
    bool ok = true;
    std::string message; // empty when ok
};

struct Status {
    std::string state; // one of kStates
    std::optional<std::string> runner;
    std::optional<std::int64_t> session_id;
    std::optional<PhaseStatus> phase;
    SpeedStatus speed;
    TimeStatus time;
    std::optional<StepStatus> step;
    CadenceStatus cadence;
    LoadingRateStatus loading_rate;
    PainStatus pain;
    std::optional<LimitStatus> limit;
    std::vector<AlarmStatus> alarms;
    LinksStatus links;
    ForceStatus force;
    std::vector<std::string> advice;
    std::optional<std::string> event; // the last phase event's text
    std::optional<RecordsHealth> records;
};

void to_json(json& j, const PhaseStatus& v);
void from_json(const json& j, PhaseStatus& v);
void to_json(json& j, const SpeedStatus& v);
void from_json(const json& j, SpeedStatus& v);
void to_json(json& j, const TimeStatus& v);
void from_json(const json& j, TimeStatus& v);
void to_json(json& j, const StepStatus& v);
void from_json(const json& j, StepStatus& v);
void to_json(json& j, const CadenceStatus& v);
void from_json(const json& j, CadenceStatus& v);
void to_json(json& j, const LoadingRateStatus& v);
void from_json(const json& j, LoadingRateStatus& v);
void to_json(json& j, const PainStatus& v);
void from_json(const json& j, PainStatus& v);
void to_json(json& j, const LimitStatus& v);
void from_json(const json& j, LimitStatus& v);
void to_json(json& j, const AlarmStatus& v);
void from_json(const json& j, AlarmStatus& v);
void to_json(json& j, const DriveLinkStatus& v);
void from_json(const json& j, DriveLinkStatus& v);
void to_json(json& j, const PlateLinkStatus& v);
void from_json(const json& j, PlateLinkStatus& v);
void to_json(json& j, const LinksStatus& v);
void from_json(const json& j, LinksStatus& v);
void to_json(json& j, const ForceStatus& v);
void from_json(const json& j, ForceStatus& v);
void to_json(json& j, const RecordsHealth& v);
void from_json(const json& j, RecordsHealth& v);
void to_json(json& j, const Status& v);
void from_json(const json& j, Status& v);

// States in which the belt may be moving (STOP must be on screen).
bool belt_may_move(std::string_view state);
// Latched states that need fault.ack before anything else.
bool is_latched_state(std::string_view state);

} // namespace tg::api
