#pragma once
// What every line carries: a request's v/id/cmd, a reply's v/id/ok/error, an event's
// v/event. A reply's body (its other fields) is read with the command's reply type.
#include "controller/api/json_reader.hpp"

#include <optional>
#include <string>

namespace tg::api {

struct ApiError {
    std::string code; // one of kErrorCodes
    std::string message;
    std::optional<std::string> reason_code; // the supervisor's alarm id when it refused
};

struct ReplyHeader {
    int v = 1;
    json id = nullptr; // the request's id (integer or string), null when it had none
    bool ok = false;
    std::optional<ApiError> error; // present when !ok
};

struct RequestHeader {
    std::optional<int> v; // left out: the current version
    json id = nullptr;
    std::string cmd;
};

// A line is a reply, an event (has "event") or neither.
enum class LineKind { reply, event };
LineKind line_kind(const json& message);

// {"ok":false,"error":{...}} with v and id left for the sender to add.
json error_body(std::string_view code, const std::string& message);

void to_json(json& j, const ApiError& v);
void from_json(const json& j, ApiError& v);
void to_json(json& j, const ReplyHeader& v);
void from_json(const json& j, ReplyHeader& v);
void to_json(json& j, const RequestHeader& v);
void from_json(const json& j, RequestHeader& v);

} // namespace tg::api
