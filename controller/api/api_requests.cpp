#include "controller/api/api_requests.hpp"

namespace tg::api {
namespace {

// Optional request fields are left out when empty (the daemon applies its default).
template <class T>
void put(json& j, const char* key, const std::optional<T>& v) {
    if (v) j[key] = *v;
}

} // namespace

void to_json(json& j, const BareRequest& v) {
    j = {{"cmd", v.cmd}};
}
void from_json(const json& j, BareRequest& v) {
    v.cmd = required<std::string>(j, "cmd");
}

void to_json(json& j, const HelloRequest& v) {
    j = {{"cmd", v.cmd}, {"client", v.client}, {"interactive", v.interactive}};
}
void from_json(const json& j, HelloRequest& v) {
    v.client = optional<std::string>(j, "client").value_or("unknown");
    v.interactive = optional<bool>(j, "interactive").value_or(false);
}

void to_json(json& j, const SubscribeRequest& v) {
    j = {{"cmd", v.cmd}};
    put(j, "rate_hz", v.rate_hz);
}
void from_json(const json& j, SubscribeRequest& v) {
    v.rate_hz = optional<double>(j, "rate_hz");
}

void to_json(json& j, const RunnersAddRequest& v) {
    j = {{"cmd", v.cmd}, {"name", v.name}, {"mass_kg", v.mass_kg}};
    put(j, "preferred_cadence_spm", v.preferred_cadence_spm);
    put(j, "injury_side", v.injury_side);
    put(j, "notes", v.notes);
    put(j, "target_speed_kmh", v.target_speed_kmh);
    put(j, "target_duration_min", v.target_duration_min);
    put(j, "runs_per_week", v.runs_per_week);
    put(j, "profile", v.profile);
}
void from_json(const json& j, RunnersAddRequest& v) {
    v.name = required<std::string>(j, "name");
    v.mass_kg = required<double>(j, "mass_kg");
    v.preferred_cadence_spm = optional<double>(j, "preferred_cadence_spm");
    v.injury_side = optional<std::string>(j, "injury_side");
    v.notes = optional<std::string>(j, "notes");
    v.target_speed_kmh = optional<double>(j, "target_speed_kmh");
    v.target_duration_min = optional<double>(j, "target_duration_min");
    v.runs_per_week = optional<std::int64_t>(j, "runs_per_week");
    v.profile = optional<std::string>(j, "profile");
}

void to_json(json& j, const RunnerSelectRequest& v) {
    j = {{"cmd", v.cmd}, {"name", v.name}};
}
void from_json(const json& j, RunnerSelectRequest& v) {
    v.name = required<std::string>(j, "name");
}

void to_json(json& j, const PlanRequest& v) {
    j = {{"cmd", v.cmd}};
    put(j, "runner", v.runner);
    put(j, "days", v.days);
    put(j, "date", v.date);
}
void from_json(const json& j, PlanRequest& v) {
    v.runner = optional<std::string>(j, "runner");
    v.days = optional<std::int64_t>(j, "days");
    v.date = optional<std::string>(j, "date");
}

void to_json(json& j, const SpeedRequest& v) {
    j = {{"cmd", v.cmd}, {"kmh", v.kmh}};
}
void from_json(const json& j, SpeedRequest& v) {
    v.kmh = required<double>(j, "kmh");
}

void to_json(json& j, const PainRequest& v) {
    j = {{"cmd", v.cmd}, {"level", v.level}};
}
void from_json(const json& j, PainRequest& v) {
    v.level = required<std::int64_t>(j, "level");
}

void to_json(json& j, const FaultAckRequest& v) {
    j = {{"cmd", v.cmd}};
    put(j, "pin", v.pin);
}
void from_json(const json& j, FaultAckRequest& v) {
    v.pin = optional<std::string>(j, "pin");
}

void to_json(json& j, const CapsSetRequest& v) {
    j = {{"cmd", v.cmd}, {"pin", v.pin}, {"why", v.why}};
    put(j, "runner", v.runner);
    put(j, "speed_cap_kmh", v.speed_cap_kmh);
    put(j, "duration_cap_s", v.duration_cap_s);
    put(j, "pain_threshold", v.pain_threshold);
    put(j, "runs_per_week", v.runs_per_week);
}
void from_json(const json& j, CapsSetRequest& v) {
    v.pin = required<std::string>(j, "pin");
    v.why = required<std::string>(j, "why");
    v.runner = optional<std::string>(j, "runner");
    v.speed_cap_kmh = optional<double>(j, "speed_cap_kmh");
    v.duration_cap_s = optional<double>(j, "duration_cap_s");
    v.pain_threshold = optional<double>(j, "pain_threshold");
    v.runs_per_week = optional<std::int64_t>(j, "runs_per_week");
}

void to_json(json& j, const ProfileAssignRequest& v) {
    j = {{"cmd", v.cmd},
         {"pin", v.pin},
         {"why", v.why},
         {"runner", v.runner},
         {"profile", v.profile}};
}
void from_json(const json& j, ProfileAssignRequest& v) {
    v.pin = required<std::string>(j, "pin");
    v.why = required<std::string>(j, "why");
    v.runner = required<std::string>(j, "runner");
    v.profile = required<std::string>(j, "profile");
}

void to_json(json& j, const PinSetRequest& v) {
    j = {{"cmd", v.cmd}, {"new_pin", v.new_pin}};
    put(j, "old_pin", v.old_pin);
}
void from_json(const json& j, PinSetRequest& v) {
    v.new_pin = required<std::string>(j, "new_pin");
    v.old_pin = optional<std::string>(j, "old_pin");
}

void to_json(json& j, const RunnersUpdateRequest& v) {
    j = {{"cmd", v.cmd}, {"pin", v.pin}, {"why", v.why}, {"runner", v.runner}};
    put(j, "mass_kg", v.mass_kg);
    put(j, "preferred_cadence_spm", v.preferred_cadence_spm);
    put(j, "remeasure_cadence", v.remeasure_cadence);
    put(j, "injury_side", v.injury_side);
    put(j, "notes", v.notes);
    put(j, "target_speed_kmh", v.target_speed_kmh);
    put(j, "target_duration_min", v.target_duration_min);
    put(j, "runs_per_week", v.runs_per_week);
    put(j, "metronome_muted", v.metronome_muted);
}
void from_json(const json& j, RunnersUpdateRequest& v) {
    v.pin = required<std::string>(j, "pin");
    v.why = required<std::string>(j, "why");
    v.runner = required<std::string>(j, "runner");
    v.mass_kg = optional<double>(j, "mass_kg");
    v.preferred_cadence_spm = optional<double>(j, "preferred_cadence_spm");
    v.remeasure_cadence = optional<bool>(j, "remeasure_cadence");
    v.injury_side = optional<std::string>(j, "injury_side");
    v.notes = optional<std::string>(j, "notes");
    v.target_speed_kmh = optional<double>(j, "target_speed_kmh");
    v.target_duration_min = optional<double>(j, "target_duration_min");
    v.runs_per_week = optional<std::int64_t>(j, "runs_per_week");
    v.metronome_muted = optional<bool>(j, "metronome_muted");
}

void to_json(json& j, const ReviewClearRequest& v) {
    j = {{"cmd", v.cmd}, {"pin", v.pin}, {"why", v.why}, {"runner", v.runner}};
}
void from_json(const json& j, ReviewClearRequest& v) {
    v.pin = required<std::string>(j, "pin");
    v.why = required<std::string>(j, "why");
    v.runner = required<std::string>(j, "runner");
}

void to_json(json& j, const EntryCheckRequest& v) {
    j = {{"cmd", v.cmd}, {"runner", v.runner}, {"check_id", v.check_id}, {"passed", v.passed}};
    put(j, "notes", v.notes);
    put(j, "pin", v.pin);
}
void from_json(const json& j, EntryCheckRequest& v) {
    v.runner = required<std::string>(j, "runner");
    v.check_id = required<std::string>(j, "check_id");
    v.passed = required<bool>(j, "passed");
    v.notes = optional<std::string>(j, "notes");
    v.pin = optional<std::string>(j, "pin");
}

void to_json(json& j, const CheckinRequest& v) {
    j = {{"cmd", v.cmd}, {"runner", v.runner}};
    put(j, "date", v.date);
    put(j, "pain_above_baseline", v.pain_above_baseline);
    put(j, "swelling", v.swelling);
    put(j, "stiffness", v.stiffness);
    put(j, "notes", v.notes);
}
void from_json(const json& j, CheckinRequest& v) {
    v.runner = required<std::string>(j, "runner");
    v.date = optional<std::string>(j, "date");
    v.pain_above_baseline = optional<bool>(j, "pain_above_baseline");
    v.swelling = optional<bool>(j, "swelling");
    v.stiffness = optional<bool>(j, "stiffness");
    v.notes = optional<std::string>(j, "notes");
}

void to_json(json& j, const SessionsListRequest& v) {
    j = {{"cmd", v.cmd}};
    put(j, "runner", v.runner);
}
void from_json(const json& j, SessionsListRequest& v) {
    v.runner = optional<std::string>(j, "runner");
}

void to_json(json& j, const SessionsShowRequest& v) {
    j = {{"cmd", v.cmd}, {"session_id", v.session_id}};
}
void from_json(const json& j, SessionsShowRequest& v) {
    v.session_id = required<std::int64_t>(j, "session_id");
}

void to_json(json& j, const SessionsExportRequest& v) {
    j = {{"cmd", v.cmd}, {"session_id", v.session_id}};
    put(j, "format", v.format);
}
void from_json(const json& j, SessionsExportRequest& v) {
    v.session_id = required<std::int64_t>(j, "session_id");
    v.format = optional<std::string>(j, "format");
}

void to_json(json& j, const HistoryRequest& v) {
    j = {{"cmd", v.cmd}, {"runner", v.runner}};
}
void from_json(const json& j, HistoryRequest& v) {
    v.runner = required<std::string>(j, "runner");
}

void to_json(json& j, const ReportRequest& v) {
    j = {{"cmd", v.cmd}, {"runner", v.runner}};
    put(j, "from", v.from);
    put(j, "to", v.to);
    put(j, "paper", v.paper);
    put(j, "clinician", v.clinician);
    put(j, "pin", v.pin);
}
void from_json(const json& j, ReportRequest& v) {
    v.runner = required<std::string>(j, "runner");
    v.from = optional<std::string>(j, "from");
    v.to = optional<std::string>(j, "to");
    v.paper = optional<std::string>(j, "paper");
    v.clinician = optional<std::string>(j, "clinician");
    v.pin = optional<std::string>(j, "pin");
}

void to_json(json& j, const PinRequest& v) {
    j = {{"cmd", v.cmd}, {"pin", v.pin}};
}
void from_json(const json& j, PinRequest& v) {
    v.cmd = required<std::string>(j, "cmd");
    v.pin = required<std::string>(j, "pin");
}

void to_json(json& j, const PlateCalibrateRequest& v) {
    j = {{"cmd", v.cmd}, {"pin", v.pin}, {"mass_kg", v.mass_kg}};
}
void from_json(const json& j, PlateCalibrateRequest& v) {
    v.pin = required<std::string>(j, "pin");
    v.mass_kg = required<double>(j, "mass_kg");
}

} // namespace tg::api
