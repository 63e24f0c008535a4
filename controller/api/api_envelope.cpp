#include "controller/api/api_envelope.hpp"

namespace tg::api {
namespace {

json read_id(const json& j) {
    const auto it = j.find("id");
    if (it == j.end() || it->is_null()) return nullptr;
    if (!it->is_number_integer() && !it->is_string())
        throw ContractError("expected an integer or a string, got " + type_name(*it), "id");
    return *it;
}

} // namespace

LineKind line_kind(const json& message) {
    return message.is_object() && message.contains("event") ? LineKind::event : LineKind::reply;
}

json error_body(std::string_view code, const std::string& message) {
    return {{"ok", false}, {"error", ApiError{std::string(code), message, std::nullopt}}};
}

void to_json(json& j, const ApiError& v) {
    j = {{"code", v.code}, {"message", v.message}};
    if (v.reason_code) j["reason_code"] = *v.reason_code;
}
void from_json(const json& j, ApiError& v) {
    v.code = required<std::string>(j, "code");
    v.message = required<std::string>(j, "message");
    v.reason_code = optional<std::string>(j, "reason_code");
}

void to_json(json& j, const ReplyHeader& v) {
    j = {{"v", v.v}, {"id", v.id}, {"ok", v.ok}};
    if (v.error) j["error"] = *v.error;
}
void from_json(const json& j, ReplyHeader& v) {
    v.v = optional<int>(j, "v").value_or(1);
    v.id = read_id(j);
    v.ok = required<bool>(j, "ok");
    v.error = optional<ApiError>(j, "error");
    if (!v.ok && !v.error) throw ContractError("is missing from a refusal", "error");
}

void to_json(json& j, const RequestHeader& v) {
    j = {{"id", v.id}, {"cmd", v.cmd}};
    j["v"] = v.v.value_or(1);
}
void from_json(const json& j, RequestHeader& v) {
    v.v = optional<int>(j, "v");
    v.id = read_id(j);
    v.cmd = required<std::string>(j, "cmd");
}

} // namespace tg::api
