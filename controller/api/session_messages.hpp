#pragma once
// Session records as the API shows them: the summary (sessions.list, sessions.show,
// history), the sessions.show reply and the end reasons. Unmeasured numbers are null,
// never 0.
#include "controller/api/json_reader.hpp"
#include "controller/api/runner_messages.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tg::api {

// Why a session ended. Older records may hold other text ("stopped"): the summary keeps
// the text as stored, and parse_end_reason() says whether it is one of these.
enum class EndReason {
    limit_coming,
    pain,
    duration_cap,
    completed,
    operator_stop,
    emergency_stop,
    fault,
    link_loss,
    runner_off_belt,
    client_lost,
    interrupted,
};

std::string_view end_reason_id(EndReason reason);
std::optional<EndReason> parse_end_reason(std::string_view text);
// Words for a person: "emergency stop", "pain above the threshold", ...; unknown
// (legacy) text is returned as it is.
std::string end_reason_text(std::string_view text);
// The session did not end as planned: emergency stop, fault, link loss, runner off the
// belt, client lost, interrupted (and legacy "stopped"/"fault:..." text).
bool ended_abnormally(std::string_view text);

struct SessionCapsRecord {
    double speed_kmh = 0;
    double duration_s = 0;
    std::int64_t pain_threshold = 0;
};

struct SessionSummary {
    std::int64_t id = 0;
    std::int64_t runner_id = 0;
    std::optional<std::string> runner; // the runner's name (sessions.list, sessions.show)
    std::string start_utc;
    std::optional<std::string> end_utc; // null while the session runs
    std::string profile;
    std::optional<std::string> end_reason; // an EndReason id, or legacy text
    std::optional<std::string> alarm_code; // the alarm that ended it (fault)
    std::optional<double> pain_free_limit_s;
    std::optional<double> pain_free_limit_kmh;
    std::optional<int> max_pain;
    std::int64_t steps = 0;
    double run_time_s = 0;
    std::optional<double> distance_m;
    SessionCapsRecord caps;
};

// A session in the `history` reply: the summary plus means over its steps.
struct HistorySession : SessionSummary {
    std::optional<double> mean_cadence_spm; // null when not measured
    std::optional<double> max_valr_bw_s;
};

struct PainRecord {
    double t_s = 0;
    int pain = 0;
};

struct AlarmRecord {
    double t_s = 0;
    std::string code;
    std::string reason;
};

struct SessionShowReply {
    SessionSummary session;
    std::int64_t steps_count = 0;
    std::optional<double> mean_cadence_spm; // null: no step had a cadence
    std::optional<double> max_valr_bw_s;    // null: no step had a loading rate
    std::vector<PainRecord> pain;
    std::vector<AlarmRecord> alarms;
};

struct SessionsListReply {
    std::vector<SessionSummary> sessions;
};

struct CheckinRecord {
    std::string date;
    bool pain_above_baseline = false;
    bool swelling = false;
    bool stiffness = false;
    std::string notes;
};

struct HistoryReply {
    Runner runner;
    std::vector<HistorySession> sessions;
    std::vector<CheckinRecord> checkins;
};

void to_json(json& j, const SessionCapsRecord& v);
void from_json(const json& j, SessionCapsRecord& v);
void to_json(json& j, const SessionSummary& v);
void from_json(const json& j, SessionSummary& v);
void to_json(json& j, const HistorySession& v);
void from_json(const json& j, HistorySession& v);
void to_json(json& j, const PainRecord& v);
void from_json(const json& j, PainRecord& v);
void to_json(json& j, const AlarmRecord& v);
void from_json(const json& j, AlarmRecord& v);
void to_json(json& j, const SessionShowReply& v);
void from_json(const json& j, SessionShowReply& v);
void to_json(json& j, const SessionsListReply& v);
void from_json(const json& j, SessionsListReply& v);
void to_json(json& j, const CheckinRecord& v);
void from_json(const json& j, CheckinRecord& v);
void to_json(json& j, const HistoryReply& v);
void from_json(const json& j, HistoryReply& v);

} // namespace tg::api
