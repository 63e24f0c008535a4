#pragma once
// Requests (client -> server). to_json writes the command's fields and "cmd" (the
// sender adds v and id); from_json checks presence and types. Ranges (0..10 pain,
// 0..30 km/h) are the daemon's to enforce: it answers bad_request with the reason.
#include "controller/api/json_reader.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tg::api {

// Commands without fields: status, heartbeat, runners.list, start, stop, emergency_stop,
// limit, devices.
struct BareRequest {
    std::string cmd;
};

struct HelloRequest {
    static constexpr const char* cmd = "hello";
    std::string client;
    bool interactive = false;
};

struct SubscribeRequest {
    static constexpr const char* cmd = "subscribe";
    std::optional<double> rate_hz; // 1..50, default 20
};

struct RunnersAddRequest {
    static constexpr const char* cmd = "runners.add";
    std::string name;
    double mass_kg = 0;
    std::optional<double> preferred_cadence_spm;
    std::optional<std::string> injury_side;
    std::optional<std::string> notes;
    std::optional<double> target_speed_kmh;
    std::optional<double> target_duration_min;
    std::optional<std::int64_t> runs_per_week;
    std::optional<std::string> profile;
};

struct RunnerSelectRequest {
    static constexpr const char* cmd = "runner.select";
    std::string name;
};

struct PlanRequest {
    static constexpr const char* cmd = "plan";
    std::optional<std::string> runner;
    std::optional<std::int64_t> days;
    std::optional<std::string> date; // YYYY-MM-DD
};

struct SpeedRequest {
    static constexpr const char* cmd = "speed";
    double kmh = 0;
};

struct PainRequest {
    static constexpr const char* cmd = "pain";
    std::int64_t level = 0;
};

// Acknowledging a latched emergency stop needs the local HMI or a clinician PIN: without
// either the reply is an error with code "pin".
struct FaultAckRequest {
    static constexpr const char* cmd = "fault.ack";
    std::optional<std::string> pin;
};

struct CapsSetRequest {
    static constexpr const char* cmd = "caps.set";
    std::string pin;
    std::string why;
    std::optional<std::string> runner;
    std::optional<double> speed_cap_kmh;
    std::optional<double> duration_cap_s;
    std::optional<double> pain_threshold;
    std::optional<std::int64_t> runs_per_week;
};

struct ProfileAssignRequest {
    static constexpr const char* cmd = "profile.assign";
    std::string pin;
    std::string why;
    std::string runner;
    std::string profile;
};

// A clinician's change of a runner's record (PIN, reason, audited field by field). Name and
// profile are not here: a name is the runner's key, a profile has profile.assign.
// remeasure_cadence forgets the anchored cadence baseline so the next session measures it.
struct RunnersUpdateRequest {
    static constexpr const char* cmd = "runners.update";
    std::string pin;
    std::string why;
    std::string runner;
    std::optional<double> mass_kg;
    std::optional<double> preferred_cadence_spm;
    std::optional<bool> remeasure_cadence;
    std::optional<std::string> injury_side;
    std::optional<std::string> notes;
    std::optional<double> target_speed_kmh;
    std::optional<double> target_duration_min;
    std::optional<std::int64_t> runs_per_week;
    std::optional<bool> metronome_muted;
};

// A clinician's "reviewed, planning may go on" after an escalation (clinician review
// needed): PIN and reason, audited; today's plan is made again.
struct ReviewClearRequest {
    static constexpr const char* cmd = "review.clear";
    std::string pin;
    std::string why;
    std::string runner;
};

// One answer to an entry check of the runner's first session. A check asked of the
// clinician needs the PIN; one asked of the runner is answered on the treadmill.
struct EntryCheckRequest {
    static constexpr const char* cmd = "entry_check";
    std::string runner;
    std::string check_id;
    bool passed = false;
    std::optional<std::string> notes;
    std::optional<std::string> pin;
};

struct PinSetRequest {
    static constexpr const char* cmd = "pin.set";
    std::string new_pin;
    std::optional<std::string> old_pin;
};

struct CheckinRequest {
    static constexpr const char* cmd = "checkin";
    std::string runner;
    std::optional<std::string> date;
    std::optional<bool> pain_above_baseline;
    std::optional<bool> swelling;
    std::optional<bool> stiffness;
    std::optional<std::string> notes;
};

struct SessionsListRequest {
    static constexpr const char* cmd = "sessions.list";
    std::optional<std::string> runner;
};

struct SessionsShowRequest {
    static constexpr const char* cmd = "sessions.show";
    std::int64_t session_id = 0;
};

struct SessionsExportRequest {
    static constexpr const char* cmd = "sessions.export";
    std::int64_t session_id = 0;
    std::optional<std::string> format; // "csv", "json" (default), "recording"
};

struct HistoryRequest {
    static constexpr const char* cmd = "history";
    std::string runner;
};

// The episode-of-care progress report as PDF (reply: pdf_base64, pages, sessions). With the
// clinician PIN it includes the audit of cap changes.
struct ReportRequest {
    static constexpr const char* cmd = "report";
    std::string runner;
    std::optional<std::string> from, to; // YYYY-MM-DD, inclusive
    std::optional<std::string> paper;    // "a4" (default) or "letter"
    std::optional<std::string> clinician;
    std::optional<std::string> pin;
};

// audit, plate.tare
struct PinRequest {
    std::string cmd;
    std::string pin;
};

struct PlateCalibrateRequest {
    static constexpr const char* cmd = "plate.calibrate";
    std::string pin;
    double mass_kg = 0;
};

#define TG_API_CODEC(T)                                                                            \
    void to_json(json& j, const T& v);                                                             \
    void from_json(const json& j, T& v)
TG_API_CODEC(BareRequest);
TG_API_CODEC(HelloRequest);
TG_API_CODEC(SubscribeRequest);
TG_API_CODEC(RunnersAddRequest);
TG_API_CODEC(RunnerSelectRequest);
TG_API_CODEC(PlanRequest);
TG_API_CODEC(SpeedRequest);
TG_API_CODEC(PainRequest);
TG_API_CODEC(FaultAckRequest);
TG_API_CODEC(CapsSetRequest);
TG_API_CODEC(ProfileAssignRequest);
TG_API_CODEC(RunnersUpdateRequest);
TG_API_CODEC(ReviewClearRequest);
TG_API_CODEC(EntryCheckRequest);
TG_API_CODEC(PinSetRequest);
TG_API_CODEC(CheckinRequest);
TG_API_CODEC(SessionsListRequest);
TG_API_CODEC(SessionsShowRequest);
TG_API_CODEC(SessionsExportRequest);
TG_API_CODEC(HistoryRequest);
TG_API_CODEC(ReportRequest);
TG_API_CODEC(PinRequest);
TG_API_CODEC(PlateCalibrateRequest);
#undef TG_API_CODEC

} // namespace tg::api
