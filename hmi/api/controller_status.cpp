#include "hmi/api/controller_status.hpp"

#include "hmi/api/json_fields.hpp"

#include <algorithm>

namespace tg::hmi {
namespace {

std::optional<PhaseStatus> parse_phase(const nlohmann::json& phase) {
    if (!phase.is_object()) return std::nullopt;
    PhaseStatus out;
    out.index = static_cast<int>(json_integer(phase, "index").value_or(0));
    out.kind = json_text(phase, "kind");
    out.label = json_text(phase, "label");
    if (out.label.empty()) out.label = out.kind;
    out.next = json_text(phase, "next");
    out.elapsed_s = json_number(phase, "elapsed_s").value_or(0.0);
    out.cap_s = json_number(phase, "cap_s");
    return out;
}

std::optional<LinkStatus> parse_link(const nlohmann::json& links, const char* name) {
    const nlohmann::json& link = json_object(links, name);
    if (link.empty()) return std::nullopt;
    LinkStatus out;
    out.ok = json_bool(link, "ok").value_or(false);
    out.age_ms = json_number(link, "age_ms");
    out.dropped = json_integer(link, "dropped");
    return out;
}

std::vector<AlarmStatus> parse_alarms(const nlohmann::json& alarms) {
    std::vector<AlarmStatus> out;
    if (!alarms.is_array()) return out;
    for (const nlohmann::json& a : alarms) {
        if (!a.is_object()) continue;
        out.push_back({json_text(a, "code"), json_text(a, "severity"), json_text(a, "reason"),
                       json_text(a, "action"), json_bool(a, "latched").value_or(false)});
    }
    return out;
}

} // namespace

std::optional<LimitStatus> parse_limit(const nlohmann::json& limit) {
    if (!limit.is_object()) return std::nullopt;
    LimitStatus out;
    out.time_s = json_number(limit, "time_s");
    if (!out.time_s) out.time_s = json_number(limit, "pain_free_limit_s");
    if (!out.time_s) out.time_s = json_number(limit, "run_s");
    if (!out.time_s) out.time_s = json_number(limit, "elapsed_s");
    out.speed_kmh = json_number(limit, "speed_kmh");
    if (!out.speed_kmh) out.speed_kmh = json_number(limit, "pain_free_limit_kmh");
    if (!out.speed_kmh) out.speed_kmh = json_number(limit, "kmh");
    return out;
}

ControllerStatus parse_status(const nlohmann::json& status) {
    ControllerStatus out;
    out.state = json_text(status, "state");
    out.runner = json_text(status, "runner");
    out.session_id = json_integer(status, "session_id");
    if (status.is_object() && status.contains("phase")) out.phase = parse_phase(status["phase"]);
    const nlohmann::json& speed = json_object(status, "speed");
    out.actual_kmh = json_number(speed, "actual_kmh");
    out.commanded_kmh = json_number(speed, "commanded_kmh");
    out.requested_kmh = json_number(speed, "requested_kmh");
    out.cap_kmh = json_number(speed, "cap_kmh");
    const nlohmann::json& time = json_object(status, "time");
    out.elapsed_s = json_number(time, "elapsed_s");
    out.time_cap_s = json_number(time, "cap_s");
    out.step_peak_bw = json_number(json_object(status, "step"), "peak_bw");
    const nlohmann::json& cadence = json_object(status, "cadence");
    out.cadence_spm = json_number(cadence, "spm");
    out.cadence_target_spm = json_number(cadence, "target_spm");
    const nlohmann::json& loading = json_object(status, "loading_rate");
    out.valr_bw_s = json_number(loading, "valr_bw_s");
    out.valr_advisory_bw_s = json_number(loading, "advisory_bw_s");
    out.valr_method = json_text(loading, "method");
    const nlohmann::json& pain = json_object(status, "pain");
    if (auto last = json_integer(pain, "last")) out.pain_last = static_cast<int>(*last);
    out.pain_threshold = json_number(pain, "threshold");
    if (status.is_object() && status.contains("limit")) out.limit = parse_limit(status["limit"]);
    out.alarms = parse_alarms(json_array(status, "alarms"));
    const nlohmann::json& links = json_object(status, "links");
    out.drive_link = parse_link(links, "drive");
    out.plate_link = parse_link(links, "plate");
    for (const nlohmann::json& a : json_array(status, "advice"))
        if (a.is_string()) out.advice.push_back(a.get<std::string>());
    return out;
}

bool belt_may_move(const std::string& state) {
    return state == "Starting" || state == "Running" || state == "CoolDown" || state == "Stopping";
}

bool is_latched_state(const std::string& state) {
    return state == "Fault" || state == "EmergencyStop";
}

bool has_latched_alarm(const ControllerStatus& status) {
    return is_latched_state(status.state) ||
           std::any_of(status.alarms.begin(), status.alarms.end(),
                       [](const AlarmStatus& a) { return a.latched; });
}

} // namespace tg::hmi
