#include "controller/api/session_messages.hpp"

#include <array>
#include <utility>

namespace tg::api {
namespace {

struct ReasonName {
    EndReason reason;
    std::string_view id;
    std::string_view words;
};

constexpr std::array<ReasonName, 11> kReasons = {{
    {EndReason::limit_coming, "limit_coming", "pain-free limit reached (limit coming)"},
    {EndReason::pain, "pain", "pain above the threshold"},
    {EndReason::duration_cap, "duration_cap", "duration cap reached"},
    {EndReason::completed, "completed", "completed"},
    {EndReason::operator_stop, "operator_stop", "stopped by the operator"},
    {EndReason::emergency_stop, "emergency_stop", "emergency stop"},
    {EndReason::fault, "fault", "fault"},
    {EndReason::link_loss, "link_loss", "link to the treadmill lost"},
    {EndReason::runner_off_belt, "runner_off_belt", "runner off the belt"},
    {EndReason::client_lost, "client_lost", "touchscreen lost"},
    {EndReason::interrupted, "interrupted", "interrupted (controller restart)"},
}};

} // namespace

std::string_view end_reason_id(EndReason reason) {
    for (const auto& r : kReasons)
        if (r.reason == reason) return r.id;
    return "unknown";
}

std::optional<EndReason> parse_end_reason(std::string_view text) {
    for (const auto& r : kReasons)
        if (r.id == text) return r.reason;
    return std::nullopt;
}

std::string end_reason_text(std::string_view text) {
    for (const auto& r : kReasons)
        if (r.id == text) return std::string(r.words);
    return std::string(text);
}

bool ended_abnormally(std::string_view text) {
    if (auto r = parse_end_reason(text)) {
        switch (*r) {
        case EndReason::emergency_stop:
        case EndReason::fault:
        case EndReason::link_loss:
        case EndReason::runner_off_belt:
        case EndReason::client_lost:
        case EndReason::interrupted:
            return true;
        default:
            return false;
        }
    }
    // Records from before the end reasons were one list.
    return text == "stopped" || text.starts_with("fault") || text.starts_with("emergency");
}

void to_json(json& j, const SessionCapsRecord& v) {
    j = {{"speed_kmh", v.speed_kmh},
         {"duration_s", v.duration_s},
         {"pain_threshold", v.pain_threshold}};
}
void from_json(const json& j, SessionCapsRecord& v) {
    v.speed_kmh = required<double>(j, "speed_kmh");
    v.duration_s = required<double>(j, "duration_s");
    v.pain_threshold = required<std::int64_t>(j, "pain_threshold");
}

void to_json(json& j, const SessionSummary& v) {
    j = {{"id", v.id},
         {"runner_id", v.runner_id},
         {"start_utc", v.start_utc},
         {"end_utc", or_null(v.end_utc)},
         {"profile", v.profile},
         {"end_reason", or_null(v.end_reason)},
         {"alarm_code", or_null(v.alarm_code)},
         {"pain_free_limit_s", or_null(v.pain_free_limit_s)},
         {"pain_free_limit_kmh", or_null(v.pain_free_limit_kmh)},
         {"max_pain", or_null(v.max_pain)},
         {"steps", v.steps},
         {"run_time_s", v.run_time_s},
         {"distance_m", or_null(v.distance_m)},
         {"caps", v.caps}};
    if (v.runner) j["runner"] = *v.runner;
}
void from_json(const json& j, SessionSummary& v) {
    v.id = required<std::int64_t>(j, "id");
    v.runner_id = required<std::int64_t>(j, "runner_id");
    v.runner = optional<std::string>(j, "runner");
    v.start_utc = required<std::string>(j, "start_utc");
    v.end_utc = nullable<std::string>(j, "end_utc");
    v.profile = required<std::string>(j, "profile");
    v.end_reason = nullable<std::string>(j, "end_reason");
    v.alarm_code = nullable<std::string>(j, "alarm_code");
    v.pain_free_limit_s = nullable<double>(j, "pain_free_limit_s");
    v.pain_free_limit_kmh = nullable<double>(j, "pain_free_limit_kmh");
    v.max_pain = nullable<int>(j, "max_pain");
    v.steps = required<std::int64_t>(j, "steps");
    v.run_time_s = required<double>(j, "run_time_s");
    v.distance_m = nullable<double>(j, "distance_m");
    v.caps = required<SessionCapsRecord>(j, "caps");
}

void to_json(json& j, const HistorySession& v) {
    to_json(j, static_cast<const SessionSummary&>(v));
    j["mean_cadence_spm"] = or_null(v.mean_cadence_spm);
    j["max_valr_bw_s"] = or_null(v.max_valr_bw_s);
}
void from_json(const json& j, HistorySession& v) {
    from_json(j, static_cast<SessionSummary&>(v));
    v.mean_cadence_spm = nullable<double>(j, "mean_cadence_spm");
    v.max_valr_bw_s = nullable<double>(j, "max_valr_bw_s");
}

void to_json(json& j, const PainRecord& v) {
    j = {{"t_s", v.t_s}, {"pain", v.pain}};
}
void from_json(const json& j, PainRecord& v) {
    v.t_s = required<double>(j, "t_s");
    v.pain = required<int>(j, "pain");
}

void to_json(json& j, const AlarmRecord& v) {
    j = {{"t_s", v.t_s}, {"code", v.code}, {"reason", v.reason}};
}
void from_json(const json& j, AlarmRecord& v) {
    v.t_s = required<double>(j, "t_s");
    v.code = required<std::string>(j, "code");
    v.reason = required<std::string>(j, "reason");
}

void to_json(json& j, const SessionShowReply& v) {
    j = {{"session", v.session},
         {"steps_count", v.steps_count},
         {"mean_cadence_spm", or_null(v.mean_cadence_spm)},
         {"max_valr_bw_s", or_null(v.max_valr_bw_s)},
         {"pain", v.pain},
         {"alarms", v.alarms}};
}
void from_json(const json& j, SessionShowReply& v) {
    v.session = required<SessionSummary>(j, "session");
    v.steps_count = required<std::int64_t>(j, "steps_count");
    v.mean_cadence_spm = nullable<double>(j, "mean_cadence_spm");
    v.max_valr_bw_s = nullable<double>(j, "max_valr_bw_s");
    v.pain = required<std::vector<PainRecord>>(j, "pain");
    v.alarms = required<std::vector<AlarmRecord>>(j, "alarms");
}

void to_json(json& j, const SessionsListReply& v) {
    j = {{"sessions", v.sessions}};
}
void from_json(const json& j, SessionsListReply& v) {
    v.sessions = required<std::vector<SessionSummary>>(j, "sessions");
}

void to_json(json& j, const CheckinRecord& v) {
    j = {{"date", v.date},
         {"pain_above_baseline", v.pain_above_baseline},
         {"swelling", v.swelling},
         {"stiffness", v.stiffness},
         {"notes", v.notes}};
}
void from_json(const json& j, CheckinRecord& v) {
    v.date = required<std::string>(j, "date");
    v.pain_above_baseline = required<bool>(j, "pain_above_baseline");
    v.swelling = required<bool>(j, "swelling");
    v.stiffness = required<bool>(j, "stiffness");
    v.notes = required<std::string>(j, "notes");
}

void to_json(json& j, const HistoryReply& v) {
    j = {{"runner", v.runner}, {"sessions", v.sessions}, {"checkins", v.checkins}};
}
void from_json(const json& j, HistoryReply& v) {
    v.runner = required<Runner>(j, "runner");
    v.sessions = required<std::vector<HistorySession>>(j, "sessions");
    v.checkins = required<std::vector<CheckinRecord>>(j, "checkins");
}

} // namespace tg::api
