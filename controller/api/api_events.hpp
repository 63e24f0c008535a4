#pragma once
// Events (server -> client, no id): {"v":1,"event":<name>, <name's object>}.
#include "controller/api/json_reader.hpp"
#include "controller/api/status_message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace tg::api {

struct StatusEvent { // "status", at the subscribed rate
    Status status;
};

struct StepEvent { // "step", every foot strike
    std::string side;
    std::string mode; // "run", "walk"
    std::optional<double> peak_bw;
    std::optional<double> impact_peak_bw; // null without a distinct impact peak
    std::optional<double> valr_bw_s;
    std::optional<double> contact_s;
    std::optional<double> cadence_spm;
};

struct AlarmEvent { // "alarm", when an alarm appears
    std::string code;
    std::string severity;
    std::string reason;
    std::string action;
};

struct PhaseEvent { // "phase", when the session's phase changes
    std::string text;
};

struct ErrorEvent { // "error", e.g. the records failed
    std::string message;
};

struct SessionEndLimit {
    double run_s = 0;
    double speed_kmh = 0;
};

struct SessionEndEvent { // "session_end", once the session's record is closed
    std::int64_t session_id = 0;
    std::string end_reason; // an EndReason id (session_messages.hpp)
    std::optional<SessionEndLimit> limit;
    std::optional<std::string> alarm_code; // the alarm that stopped the belt, if one did
    std::optional<double> distance_m;      // belt distance, integral of belt speed
    double run_time_s = 0;                 // time run in run phases, whatever ended it
};

using Event =
    std::variant<StatusEvent, StepEvent, AlarmEvent, PhaseEvent, ErrorEvent, SessionEndEvent>;

// The event's name ("status", "step", ...).
std::string_view event_name(const Event& event);
// The whole line's object, {"v":1,"event":...,...}.
json event_json(const Event& event);
// Reads an event line's object; an unknown event name is an error.
Decoded<Event> decode_event(const json& message) noexcept;

void to_json(json& j, const StepEvent& v);
void from_json(const json& j, StepEvent& v);
void to_json(json& j, const AlarmEvent& v);
void from_json(const json& j, AlarmEvent& v);
void to_json(json& j, const SessionEndLimit& v);
void from_json(const json& j, SessionEndLimit& v);

} // namespace tg::api
