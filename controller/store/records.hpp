#pragma once
// The typed records the store takes and returns. Times the daemon passes are
// wall-clock unix milliseconds (UTC); the store adds the ISO-8601 text itself.
// Speeds are km/h, durations seconds, forces newtons or body weights (BW).

#include "controller/store/end_reason.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tg::store {

using RowId = std::int64_t;

enum class InjurySide { none, left, right, both };
enum class StepSide { left, right, unknown };
enum class AlarmSeverity { info, advisory, warning, fault };

const char* injury_side_name(InjurySide side);
std::optional<InjurySide> parse_injury_side(std::string_view text);
const char* step_side_name(StepSide side);
std::optional<StepSide> parse_step_side(std::string_view text);
const char* alarm_severity_name(AlarmSeverity severity);
std::optional<AlarmSeverity> parse_alarm_severity(std::string_view text);

struct Runner {
    RowId id = 0; // assigned by add_runner
    std::string name;
    double body_mass_kg = 0.0;
    double preferred_cadence_spm = 0.0;
    InjurySide injury_side = InjurySide::none;
    std::string injury_notes;
    double target_speed_kmh = 0.0;
    double target_duration_min = 0.0;
    int target_runs_per_week = 0;
    std::string profile_name;     // empty: no profile assigned yet
    bool metronome_muted = false; // a clinician's mute: the runner's controls cannot undo it
};

// One planned day: the protocol engine's phases and the reasons it chose them.
struct PlanDay {
    RowId runner_id = 0;
    std::string date; // YYYY-MM-DD, local calendar day of the runner
    nlohmann::json phases = nlohmann::json::array();
    nlohmann::json reasons = nlohmann::json::array();
};

struct SessionCaps {
    double speed_kmh = 0.0;
    double duration_s = 0.0;
    int pain_stop_threshold = 2; // 0..10; pain above it ends the run phase
};

struct SessionStart {
    RowId runner_id = 0;
    std::int64_t start_unix_ms = 0;
    std::string profile_name;
    SessionCaps caps;
};

struct SessionEnd {
    std::int64_t end_unix_ms = 0;
    EndReason end_reason = EndReason::completed;
    std::optional<std::string> alarm_code; // e.g. the fault's alarm id ("link_loss")
    std::optional<double> pain_free_limit_s;
    std::optional<double> pain_free_limit_kmh;
    std::optional<double> distance_m;          // integral of belt speed; empty when not known
    double run_time_s = 0.0;                   // time the belt moved
    std::optional<double> run_distance_m = {}; // belt distance in the running phases only
};

struct SessionTotals {
    std::int64_t step_count = 0;
    std::optional<double> distance_m; // empty when it could not be derived (interrupted)
    double run_time_s = 0.0;
    std::optional<double> run_distance_m = {}; // running phases only; empty before migration 9
};

struct Session {
    RowId id = 0;
    RowId runner_id = 0;
    std::string start_utc; // ISO-8601, e.g. 2025-03-01T09:30:00.000Z
    std::int64_t start_unix_ms = 0;
    std::optional<std::string> end_utc; // empty while the session runs
    std::optional<std::int64_t> end_unix_ms;
    std::string profile_name;
    SessionCaps caps;
    // The stored text id (end_reason_name()); databases from before end reasons were
    // an enum may hold legacy text such as "stopped", which stays readable as is.
    std::optional<std::string> end_reason;
    std::optional<std::string> alarm_code; // the fault's alarm id when end_reason is "fault"
    std::optional<double> pain_free_limit_s;
    std::optional<double> pain_free_limit_kmh;
    std::optional<int> max_pain; // highest pain report; empty if none was given
    SessionTotals totals;        // step_count is counted by the store at end_session
};

struct StepRecord {
    std::int64_t seq = 0; // unique within the session
    double t_s = 0.0;     // seconds since session start
    StepSide side = StepSide::left;
    // Metrics the analysis could not measure for this step (e.g. contact time and
    // loading rates of a walking step) are empty: stored NULL, exported empty, left
    // out of every mean. Never 0.
    std::optional<double> step_time_s;
    std::optional<double> contact_time_s;
    std::optional<double> flight_time_s; // negative when contacts overlap (walking)
    double peak_force_n = 0.0;
    double peak_force_bw = 0.0;
    std::optional<double> impact_peak_bw; // empty when the step had no distinct impact peak
    std::optional<double> valr_bw_s;
    std::optional<double> vilr_bw_s;
    std::optional<double> cadence_spm;
};

struct PainReport {
    RowId session_id = 0;
    double t_s = 0.0;
    int pain = 0; // 0..10
};

struct CheckIn {
    RowId runner_id = 0;
    std::string date;         // YYYY-MM-DD
    int pain_vs_baseline = 0; // points above (+) or below (-) the runner's baseline, -10..10
    bool swelling = false;
    bool stiffness = false;
    std::string notes;
};

struct AlarmRecord {
    RowId session_id = 0;
    double t_s = 0.0;
    std::string code; // e.g. "valr_high", "link_loss"
    AlarmSeverity severity = AlarmSeverity::info;
    std::string reason;
};

// Never holds a secret: append_audit refuses text with a "pin", "new_pin" or
// "old_pin" key (see audit_secrets.hpp).
struct AuditEntry {
    RowId id = 0;    // assigned by append_audit
    std::string who; // the person: clinician name or role, or "operator"
    std::int64_t when_unix_ms = 0;
    std::string when_utc; // filled by the store
    std::string what;
    std::string old_value;
    std::string new_value;
    std::string why;
    std::string client = {}; // the API client that sent it, e.g. "hmi uid=1000"; may be empty
};

// The running steps of a session only (flight_time_s > 0): what the cadence baseline and the
// loading-rate advisory use. Means skip unmeasured metrics; empty when none was measured.
struct RunningSummary {
    std::int64_t running_steps = 0;
    std::optional<double> mean_cadence_spm;
    std::optional<double> mean_valr_bw_s;
};

// A clinician's "reviewed, planning may go on" after an escalation (clinician review needed).
// The caller also writes it to the audit log.
struct ClinicianClearance {
    RowId id = 0; // assigned by add_clearance
    RowId runner_id = 0;
    std::string date; // YYYY-MM-DD, the clinic's local day it takes effect
    std::string clinician;
    std::string reason;
    std::int64_t when_unix_ms = 0;
};

// One answer to a profile's entry check before the first run (e.g. "pain_at_rest").
struct EntryCheckAnswer {
    RowId id = 0; // assigned by add_entry_check
    RowId runner_id = 0;
    std::string date; // YYYY-MM-DD, local day
    std::string check_id;
    bool passed = false;
    std::string answered_by; // the runner, or the clinician's name
    std::string notes;
    std::int64_t when_unix_ms = 0;
};

// Means skip steps where the metric was not measured; empty when none was.
struct SideStats {
    std::int64_t steps = 0;
    std::optional<double> mean_contact_time_s;
    std::optional<double> mean_step_time_s;
    std::optional<double> mean_peak_force_bw;
    std::optional<double> mean_valr_bw_s;
    std::optional<double> max_valr_bw_s;
};

struct SessionSummary {
    Session session;
    std::string runner_name;
    SideStats left;
    SideStats right;
    std::int64_t step_count = 0;            // steps recorded so far (also for a running session)
    std::optional<double> mean_cadence_spm; // empty when no step had a cadence
    std::optional<double> max_valr_bw_s;
    // 100 * |L - R| / mean(L, R) of mean contact time; empty without steps on both sides.
    std::optional<double> contact_time_symmetry_pct;
    std::vector<PainReport> pain_reports;
    std::vector<AlarmRecord> alarms;
};

} // namespace tg::store
