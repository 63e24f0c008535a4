#include "controller/api/status_message.hpp"

#include <algorithm>

namespace tg::api {

void to_json(json& j, const PhaseStatus& v) {
    j = {{"index", v.index},         {"kind", v.kind},   {"next", or_null(v.next)},
         {"elapsed_s", v.elapsed_s}, {"cap_s", v.cap_s}, {"speed_cap_kmh", v.speed_cap_kmh},
         {"running", v.running}};
}
void from_json(const json& j, PhaseStatus& v) {
    v.index = required<std::int64_t>(j, "index");
    v.kind = required<std::string>(j, "kind");
    v.next = nullable<std::string>(j, "next");
    v.elapsed_s = required<double>(j, "elapsed_s");
    v.cap_s = required<double>(j, "cap_s");
    v.speed_cap_kmh = required<double>(j, "speed_cap_kmh");
    v.running = required<bool>(j, "running");
}

void to_json(json& j, const SpeedStatus& v) {
    j = {{"actual_kmh", v.actual_kmh},
         {"commanded_kmh", v.commanded_kmh},
         {"requested_kmh", v.requested_kmh},
         {"cap_kmh", v.cap_kmh}};
}
void from_json(const json& j, SpeedStatus& v) {
    v.actual_kmh = required<double>(j, "actual_kmh");
    v.commanded_kmh = required<double>(j, "commanded_kmh");
    v.requested_kmh = required<double>(j, "requested_kmh");
    v.cap_kmh = required<double>(j, "cap_kmh");
}

void to_json(json& j, const TimeStatus& v) {
    j = {{"elapsed_s", v.elapsed_s}, {"cap_s", v.cap_s}, {"planned_s", or_null(v.planned_s)}};
}
void from_json(const json& j, TimeStatus& v) {
    v.elapsed_s = required<double>(j, "elapsed_s");
    v.cap_s = required<double>(j, "cap_s");
    v.planned_s = nullable<double>(j, "planned_s");
}

void to_json(json& j, const StepStatus& v) {
    j = {{"side", v.side},
         {"peak_bw", or_null(v.peak_bw)},
         {"valr_bw_s", or_null(v.valr_bw_s)},
         {"contact_s", or_null(v.contact_s)}};
}
void from_json(const json& j, StepStatus& v) {
    v.side = required<std::string>(j, "side");
    v.peak_bw = nullable<double>(j, "peak_bw");
    v.valr_bw_s = nullable<double>(j, "valr_bw_s");
    v.contact_s = nullable<double>(j, "contact_s");
}

void to_json(json& j, const CadenceStatus& v) {
    j = {{"spm", or_null(v.spm)}, {"target_spm", or_null(v.target_spm)}};
}
void from_json(const json& j, CadenceStatus& v) {
    v.spm = nullable<double>(j, "spm");
    v.target_spm = nullable<double>(j, "target_spm");
}

void to_json(json& j, const LoadingRateStatus& v) {
    j = {{"valr_bw_s", or_null(v.valr_bw_s)},
         {"advisory_bw_s", v.advisory_bw_s},
         {"method", v.method}};
}
void from_json(const json& j, LoadingRateStatus& v) {
    v.valr_bw_s = nullable<double>(j, "valr_bw_s");
    v.advisory_bw_s = required<double>(j, "advisory_bw_s");
    v.method = required<std::string>(j, "method");
}

void to_json(json& j, const PainStatus& v) {
    j = {{"last", or_null(v.last)}, {"max", or_null(v.max)}, {"threshold", or_null(v.threshold)}};
}
void from_json(const json& j, PainStatus& v) {
    v.last = nullable<int>(j, "last");
    v.max = nullable<int>(j, "max");
    v.threshold = nullable<double>(j, "threshold");
}

void to_json(json& j, const LimitStatus& v) {
    j = {{"run_s", v.run_s}, {"speed_kmh", v.speed_kmh}, {"reason", v.reason}};
}
void from_json(const json& j, LimitStatus& v) {
    v.run_s = required<double>(j, "run_s");
    v.speed_kmh = required<double>(j, "speed_kmh");
    v.reason = required<std::string>(j, "reason");
}

void to_json(json& j, const AlarmStatus& v) {
    j = {{"code", v.code},
         {"severity", v.severity},
         {"reason", v.reason},
         {"action", v.action},
         {"latched", v.latched}};
}
void from_json(const json& j, AlarmStatus& v) {
    v.code = required<std::string>(j, "code");
    v.severity = required<std::string>(j, "severity");
    v.reason = required<std::string>(j, "reason");
    v.action = required<std::string>(j, "action");
    v.latched = required<bool>(j, "latched");
}

void to_json(json& j, const DriveLinkStatus& v) {
    j = {{"ok", v.ok},
         {"age_ms", or_null(v.age_ms)},
         {"fault_code", v.fault_code},
         {"fault", or_null(v.fault)}};
}
void from_json(const json& j, DriveLinkStatus& v) {
    v.ok = required<bool>(j, "ok");
    v.age_ms = nullable<double>(j, "age_ms");
    v.fault_code = required<std::int64_t>(j, "fault_code");
    v.fault = nullable<std::string>(j, "fault");
}

void to_json(json& j, const PlateLinkStatus& v) {
    j = {{"ok", v.ok}, {"age_ms", or_null(v.age_ms)}, {"dropped", v.dropped}};
}
void from_json(const json& j, PlateLinkStatus& v) {
    v.ok = required<bool>(j, "ok");
    v.age_ms = nullable<double>(j, "age_ms");
    v.dropped = required<std::uint64_t>(j, "dropped");
}

void to_json(json& j, const LinksStatus& v) {
    j = {{"drive", v.drive}, {"plate", v.plate}};
}
void from_json(const json& j, LinksStatus& v) {
    v.drive = required<DriveLinkStatus>(j, "drive");
    v.plate = required<PlateLinkStatus>(j, "plate");
}

void to_json(json& j, const ForceStatus& v) {
    j = {{"vertical_n", v.vertical_n}, {"bw", or_null(v.bw)}};
}
void from_json(const json& j, ForceStatus& v) {
    v.vertical_n = required<double>(j, "vertical_n");
    v.bw = nullable<double>(j, "bw");
}

void to_json(json& j, const RecordsHealth& v) {
    j = {{"ok", v.ok}, {"message", v.message}};
}
void from_json(const json& j, RecordsHealth& v) {
    v.ok = required<bool>(j, "ok");
    v.message = required<std::string>(j, "message");
}

void to_json(json& j, const Status& v) {
    j = {{"state", v.state},
         {"runner", or_null(v.runner)},
         {"session_id", or_null(v.session_id)},
         {"phase", or_null(v.phase)},
         {"speed", v.speed},
         {"time", v.time},
         {"step", or_null(v.step)},
         {"cadence", v.cadence},
         {"loading_rate", v.loading_rate},
         {"pain", v.pain},
         {"limit", or_null(v.limit)},
         {"alarms", v.alarms},
         {"links", v.links},
         {"force", v.force},
         {"advice", v.advice},
         {"event", or_null(v.event)}};
    if (v.records) j["records"] = *v.records;
}
void from_json(const json& j, Status& v) {
    v.state = required<std::string>(j, "state");
    v.runner = nullable<std::string>(j, "runner");
    v.session_id = nullable<std::int64_t>(j, "session_id");
    v.phase = nullable<PhaseStatus>(j, "phase");
    v.speed = required<SpeedStatus>(j, "speed");
    v.time = required<TimeStatus>(j, "time");
    v.step = nullable<StepStatus>(j, "step");
    v.cadence = required<CadenceStatus>(j, "cadence");
    v.loading_rate = required<LoadingRateStatus>(j, "loading_rate");
    v.pain = required<PainStatus>(j, "pain");
    v.limit = nullable<LimitStatus>(j, "limit");
    v.alarms = required<std::vector<AlarmStatus>>(j, "alarms");
    v.links = required<LinksStatus>(j, "links");
    v.force = required<ForceStatus>(j, "force");
    v.advice = required<std::vector<std::string>>(j, "advice");
    v.event = nullable<std::string>(j, "event");
    v.records = optional<RecordsHealth>(j, "records");
}

bool belt_may_move(std::string_view state) {
    return state == "Starting" || state == "Running" || state == "CoolDown" || state == "Stopping";
}

bool is_latched_state(std::string_view state) {
    return state == "Fault" || state == "EmergencyStop";
}

} // namespace tg::api
