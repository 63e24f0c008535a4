#include "controller/api/command_replies.hpp"

namespace tg::api {

void to_json(json& j, const HelloReply& v) {
    j = {{"api_version", v.api_version}, {"controller_version", v.controller_version}};
}
void from_json(const json& j, HelloReply& v) {
    v.api_version = required<int>(j, "api_version");
    v.controller_version = required<std::string>(j, "controller_version");
}

void to_json(json& j, const StatusReply& v) {
    j = {{"status", v.status}};
}
void from_json(const json& j, StatusReply& v) {
    v.status = required<Status>(j, "status");
}

void to_json(json& j, const SubscribeReply& v) {
    j = {{"rate_hz", v.rate_hz}};
}
void from_json(const json& j, SubscribeReply& v) {
    v.rate_hz = required<double>(j, "rate_hz");
}

void to_json(json& j, const CommandReply& v) {
    j = json::object();
    if (v.note) j["note"] = *v.note;
    if (v.session_id) j["session_id"] = *v.session_id;
    if (v.runner) j["runner"] = *v.runner;
    if (v.plan) j["plan"] = *v.plan;
}
void from_json(const json& j, CommandReply& v) {
    v.note = optional<std::string>(j, "note");
    v.session_id = optional<std::int64_t>(j, "session_id");
    v.runner = optional<std::string>(j, "runner");
    v.plan = optional<json>(j, "plan");
}

void to_json(json& j, const PainReply& v) {
    j = {{"pain", v.pain}, {"threshold", v.threshold}, {"ends_run_phase", v.ends_run_phase}};
}
void from_json(const json& j, PainReply& v) {
    v.pain = required<int>(j, "pain");
    v.threshold = required<double>(j, "threshold");
    v.ends_run_phase = required<bool>(j, "ends_run_phase");
}

void to_json(json& j, const RunnersListReply& v) {
    j = {{"runners", v.runners}};
}
void from_json(const json& j, RunnersListReply& v) {
    v.runners = required<std::vector<Runner>>(j, "runners");
}

void to_json(json& j, const RunnerReply& v) {
    j = {{"runner", v.runner}};
}
void from_json(const json& j, RunnerReply& v) {
    v.runner = required<Runner>(j, "runner");
}

void to_json(json& j, const PlanReply& v) {
    j = {{"runner", v.runner}, {"plans", v.plans}, {"text", v.text}};
}
void from_json(const json& j, PlanReply& v) {
    v.runner = required<std::string>(j, "runner");
    v.plans = required<json>(j, "plans");
    if (!v.plans.is_array()) throw ContractError("expected an array", "plans");
    v.text = required<std::string>(j, "text");
}

void to_json(json& j, const CapsSetReply& v) {
    j = {{"runner", v.runner}};
}
void from_json(const json& j, CapsSetReply& v) {
    v.runner = required<std::string>(j, "runner");
}

void to_json(json& j, const CheckinReply& v) {
    j = {{"advice", v.advice}};
}
void from_json(const json& j, CheckinReply& v) {
    v.advice = required<std::string>(j, "advice");
}

void to_json(json& j, const ExportReply& v) {
    j = {{"format", v.format}, {"content", v.content}};
}
void from_json(const json& j, ExportReply& v) {
    v.format = required<std::string>(j, "format");
    v.content = required<std::string>(j, "content");
}

void to_json(json& j, const DevicesReply& v) {
    j = {{"devices", v.devices}};
}
void from_json(const json& j, DevicesReply& v) {
    v.devices = required<Devices>(j, "devices");
}

void to_json(json& j, const CalibrationReply& v) {
    j = {{"message", v.message}};
}
void from_json(const json& j, CalibrationReply& v) {
    v.message = required<std::string>(j, "message");
}

} // namespace tg::api
