#include "controller/api/api_events.hpp"

#include "controller/api/api_constants.hpp"

namespace tg::api {

void to_json(json& j, const StepEvent& v) {
    j = {{"side", v.side},
         {"mode", v.mode},
         {"peak_bw", or_null(v.peak_bw)},
         {"impact_peak_bw", or_null(v.impact_peak_bw)},
         {"valr_bw_s", or_null(v.valr_bw_s)},
         {"contact_s", or_null(v.contact_s)},
         {"cadence_spm", or_null(v.cadence_spm)}};
}
void from_json(const json& j, StepEvent& v) {
    v.side = required<std::string>(j, "side");
    v.mode = required<std::string>(j, "mode");
    v.peak_bw = nullable<double>(j, "peak_bw");
    v.impact_peak_bw = nullable<double>(j, "impact_peak_bw");
    v.valr_bw_s = nullable<double>(j, "valr_bw_s");
    v.contact_s = nullable<double>(j, "contact_s");
    v.cadence_spm = nullable<double>(j, "cadence_spm");
}

void to_json(json& j, const AlarmEvent& v) {
    j = {{"code", v.code}, {"severity", v.severity}, {"reason", v.reason}, {"action", v.action}};
}
void from_json(const json& j, AlarmEvent& v) {
    v.code = required<std::string>(j, "code");
    v.severity = required<std::string>(j, "severity");
    v.reason = required<std::string>(j, "reason");
    v.action = required<std::string>(j, "action");
}

void to_json(json& j, const SessionEndLimit& v) {
    j = {{"run_s", v.run_s}, {"speed_kmh", v.speed_kmh}};
}
void from_json(const json& j, SessionEndLimit& v) {
    v.run_s = required<double>(j, "run_s");
    v.speed_kmh = required<double>(j, "speed_kmh");
}

namespace {

struct Writer {
    json& j;
    void operator()(const StatusEvent& e) const { j["status"] = e.status; }
    void operator()(const StepEvent& e) const { j["step"] = e; }
    void operator()(const AlarmEvent& e) const { j["alarm"] = e; }
    void operator()(const PhaseEvent& e) const { j["text"] = e.text; }
    void operator()(const ErrorEvent& e) const { j["message"] = e.message; }
    void operator()(const SessionEndEvent& e) const {
        json summary = {{"session_id", e.session_id},
                        {"end_reason", e.end_reason},
                        {"alarm_code", e.alarm_code ? json(*e.alarm_code) : json(nullptr)},
                        {"distance_m", e.distance_m ? json(*e.distance_m) : json(nullptr)},
                        {"run_time_s", e.run_time_s}};
        if (e.limit) summary["limit"] = *e.limit;
        j["summary"] = summary;
    }
};

struct Namer {
    std::string_view operator()(const StatusEvent&) const { return "status"; }
    std::string_view operator()(const StepEvent&) const { return "step"; }
    std::string_view operator()(const AlarmEvent&) const { return "alarm"; }
    std::string_view operator()(const PhaseEvent&) const { return "phase"; }
    std::string_view operator()(const ErrorEvent&) const { return "error"; }
    std::string_view operator()(const SessionEndEvent&) const { return "session_end"; }
};

Event read_event(const json& m) {
    const auto name = required<std::string>(m, "event");
    if (name == "status") return StatusEvent{required<Status>(m, "status")};
    if (name == "step") return required<StepEvent>(m, "step");
    if (name == "alarm") return required<AlarmEvent>(m, "alarm");
    if (name == "phase") return PhaseEvent{required<std::string>(m, "text")};
    if (name == "error") return ErrorEvent{required<std::string>(m, "message")};
    if (name == "session_end") {
        const json& s = member(m, "summary");
        try {
            require_object(s, "summary");
            return SessionEndEvent{required<std::int64_t>(s, "session_id"),
                                   required<std::string>(s, "end_reason"),
                                   optional<SessionEndLimit>(s, "limit"),
                                   optional<std::string>(s, "alarm_code"),
                                   optional<double>(s, "distance_m"),
                                   optional<double>(s, "run_time_s").value_or(0.0)};
        } catch (const ContractError& e) {
            detail::rethrow_at("summary", e);
        }
    }
    throw ContractError("unknown event '" + name + "'", "event");
}

} // namespace

std::string_view event_name(const Event& event) {
    return std::visit(Namer{}, event);
}

json event_json(const Event& event) {
    json j = {{"v", kApiVersion}, {"event", std::string(event_name(event))}};
    std::visit(Writer{j}, event);
    return j;
}

Decoded<Event> decode_event(const json& message) noexcept {
    try {
        return Decoded<Event>(read_event(message));
    } catch (const std::exception& e) {
        return Decoded<Event>(DecodeError{e.what()});
    }
}

} // namespace tg::api
