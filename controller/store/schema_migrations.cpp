#include "controller/store/schema_migrations.hpp"

#include "controller/store/outbox_schema.hpp"
#include "controller/store/sqlite_transaction.hpp"

#include <array>
#include <string>

namespace tg::store {

namespace {

constexpr std::string_view core_records_sql = R"sql(
CREATE TABLE runners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    body_mass_kg REAL NOT NULL,
    preferred_cadence_spm REAL NOT NULL,
    injury_side TEXT NOT NULL,
    injury_notes TEXT NOT NULL,
    target_speed_kmh REAL NOT NULL,
    target_duration_min REAL NOT NULL,
    target_runs_per_week INTEGER NOT NULL,
    profile_name TEXT NOT NULL
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    runner_id INTEGER NOT NULL REFERENCES runners(id),
    start_utc TEXT NOT NULL,
    start_unix_ms INTEGER NOT NULL,
    end_utc TEXT,
    end_unix_ms INTEGER,
    profile_name TEXT NOT NULL,
    speed_cap_kmh REAL NOT NULL,
    duration_cap_s REAL NOT NULL,
    pain_stop_threshold INTEGER NOT NULL,
    end_reason TEXT,
    pain_free_limit_s REAL,
    pain_free_limit_kmh REAL,
    max_pain INTEGER,
    step_count INTEGER NOT NULL DEFAULT 0,
    distance_m REAL NOT NULL DEFAULT 0,
    run_time_s REAL NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_runner ON sessions(runner_id, start_unix_ms);
CREATE TABLE steps (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    t_s REAL NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('left', 'right')),
    step_time_s REAL NOT NULL,
    contact_time_s REAL NOT NULL,
    flight_time_s REAL NOT NULL,
    peak_force_n REAL NOT NULL,
    peak_force_bw REAL NOT NULL,
    impact_peak_bw REAL,
    valr_bw_s REAL NOT NULL,
    vilr_bw_s REAL NOT NULL,
    cadence_spm REAL NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE pain_reports (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    t_s REAL NOT NULL,
    pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10)
);
CREATE INDEX pain_by_session ON pain_reports(session_id, t_s);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    who TEXT NOT NULL,
    when_unix_ms INTEGER NOT NULL,
    when_utc TEXT NOT NULL,
    what TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    why TEXT NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
)sql";

constexpr std::string_view plans_checkins_alarms_sql = R"sql(
CREATE TABLE plans (
    runner_id INTEGER NOT NULL REFERENCES runners(id),
    date TEXT NOT NULL,
    phases_json TEXT NOT NULL,
    reasons_json TEXT NOT NULL,
    PRIMARY KEY (runner_id, date)
);
CREATE TABLE checkins (
    runner_id INTEGER NOT NULL REFERENCES runners(id),
    date TEXT NOT NULL,
    pain_vs_baseline INTEGER NOT NULL,
    swelling INTEGER NOT NULL,
    stiffness INTEGER NOT NULL,
    notes TEXT NOT NULL,
    PRIMARY KEY (runner_id, date)
);
CREATE TABLE alarms (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    t_s REAL NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX alarms_by_session ON alarms(session_id, t_s);
)sql";

// Gait analysis cannot always tell the foot (no centre of pressure, a narrow step width):
// such steps are stored as side 'unknown' rather than guessed. SQLite cannot change a
// CHECK constraint in place, so the table is rebuilt.
constexpr std::string_view unknown_step_side_sql = R"sql(
CREATE TABLE steps_v3 (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    t_s REAL NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('left', 'right', 'unknown')),
    step_time_s REAL NOT NULL,
    contact_time_s REAL NOT NULL,
    flight_time_s REAL NOT NULL,
    peak_force_n REAL NOT NULL,
    peak_force_bw REAL NOT NULL,
    impact_peak_bw REAL,
    valr_bw_s REAL NOT NULL,
    vilr_bw_s REAL NOT NULL,
    cadence_spm REAL NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
INSERT INTO steps_v3 SELECT * FROM steps;
DROP TABLE steps;
ALTER TABLE steps_v3 RENAME TO steps;
)sql";

// Metrics the analysis did not measure are NULL, never 0. Older programs wrote 0
// for them; a zero step time, contact time, cadence or loading rate cannot be a
// measurement, so those zeros become NULL (and the flight time of a step without a
// contact time, which was derived from it).
constexpr std::string_view nullable_step_metrics_sql = R"sql(
CREATE TABLE steps_v4 (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    t_s REAL NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('left', 'right', 'unknown')),
    step_time_s REAL,
    contact_time_s REAL,
    flight_time_s REAL,
    peak_force_n REAL NOT NULL,
    peak_force_bw REAL NOT NULL,
    impact_peak_bw REAL,
    valr_bw_s REAL,
    vilr_bw_s REAL,
    cadence_spm REAL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
INSERT INTO steps_v4 SELECT session_id, seq, t_s, side, nullif(step_time_s, 0),
    nullif(contact_time_s, 0), CASE WHEN contact_time_s = 0 THEN NULL ELSE flight_time_s END,
    peak_force_n, peak_force_bw, impact_peak_bw, nullif(valr_bw_s, 0), nullif(vilr_bw_s, 0),
    nullif(cadence_spm, 0) FROM steps;
DROP TABLE steps;
ALTER TABLE steps_v4 RENAME TO steps;
)sql";

// End reasons become the ids of end_reason.hpp, a fault keeps its alarm code in its
// own column, and an unknown distance is NULL (older programs stored 0 after a run).
// Old texts are mapped where the meaning is certain; others (e.g. "stopped", which
// said nothing about the cause) stay as they were and remain readable. The table is
// rebuilt because SQLite cannot drop NOT NULL; foreign keys are off while migrating.
constexpr std::string_view end_reason_ids_sql = R"sql(
CREATE TABLE sessions_v5 (
    id INTEGER PRIMARY KEY,
    runner_id INTEGER NOT NULL REFERENCES runners(id),
    start_utc TEXT NOT NULL,
    start_unix_ms INTEGER NOT NULL,
    end_utc TEXT,
    end_unix_ms INTEGER,
    profile_name TEXT NOT NULL,
    speed_cap_kmh REAL NOT NULL,
    duration_cap_s REAL NOT NULL,
    pain_stop_threshold INTEGER NOT NULL,
    end_reason TEXT,
    alarm_code TEXT,
    pain_free_limit_s REAL,
    pain_free_limit_kmh REAL,
    max_pain INTEGER,
    step_count INTEGER NOT NULL DEFAULT 0,
    distance_m REAL,
    run_time_s REAL NOT NULL DEFAULT 0
);
INSERT INTO sessions_v5 SELECT id, runner_id, start_utc, start_unix_ms, end_utc, end_unix_ms,
    profile_name, speed_cap_kmh, duration_cap_s, pain_stop_threshold,
    CASE
        WHEN end_reason = 'duration cap' THEN 'duration_cap'
        WHEN end_reason = 'limit coming' THEN 'limit_coming'
        WHEN end_reason IN ('pain_limit', 'pain limit') THEN 'pain'
        WHEN end_reason LIKE 'fault:%' THEN 'fault'
        ELSE end_reason
    END,
    CASE WHEN end_reason LIKE 'fault:%' THEN substr(end_reason, 7) END,
    pain_free_limit_s, pain_free_limit_kmh, max_pain, step_count,
    CASE WHEN distance_m = 0 AND run_time_s > 0 THEN NULL ELSE distance_m END,
    run_time_s FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_v5 RENAME TO sessions;
CREATE INDEX sessions_by_runner ON sessions(runner_id, start_unix_ms);
)sql";

// The audit log names the API client besides the person, and never holds a PIN:
// older programs logged whole requests with the clinician PIN in them. PIN keys are
// removed from JSON objects; any other text that still mentions one is replaced.
constexpr std::string_view audit_client_no_secrets_sql = R"sql(
ALTER TABLE audit_log ADD COLUMN client TEXT NOT NULL DEFAULT '';
UPDATE audit_log SET
    old_value = CASE WHEN json_valid(old_value) AND json_type(old_value) = 'object'
        THEN json_remove(old_value, '$.pin', '$.new_pin', '$.old_pin') ELSE old_value END,
    new_value = CASE WHEN json_valid(new_value) AND json_type(new_value) = 'object'
        THEN json_remove(new_value, '$.pin', '$.new_pin', '$.old_pin') ELSE new_value END,
    why = CASE WHEN json_valid(why) AND json_type(why) = 'object'
        THEN json_remove(why, '$.pin', '$.new_pin', '$.old_pin') ELSE why END;
UPDATE audit_log SET old_value = '[removed: it held a PIN]'
    WHERE old_value LIKE '%"pin"%' OR old_value LIKE '%new_pin%' OR old_value LIKE '%old_pin%';
UPDATE audit_log SET new_value = '[removed: it held a PIN]'
    WHERE new_value LIKE '%"pin"%' OR new_value LIKE '%new_pin%' OR new_value LIKE '%old_pin%';
UPDATE audit_log SET why = '[removed: it held a PIN]'
    WHERE why LIKE '%"pin"%' OR why LIKE '%new_pin%' OR why LIKE '%old_pin%';
UPDATE audit_log SET what = '[removed: it held a PIN]'
    WHERE what LIKE '%"pin"%' OR what LIKE '%new_pin%' OR what LIKE '%old_pin%';
)sql";

// Clinical review (issue 12): a clinician's clearance of an escalation ("clinician review
// needed"), with the reason, and the entry checks answered before a runner's first run.
// Both only add tables, so they do not depend on any later step.
constexpr std::string_view clinical_review_sql = R"sql(
CREATE TABLE clinician_clearances (
    id INTEGER PRIMARY KEY,
    runner_id INTEGER NOT NULL REFERENCES runners(id),
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    clinician TEXT NOT NULL CHECK (length(clinician) > 0),
    reason TEXT NOT NULL CHECK (length(reason) > 0),
    when_unix_ms INTEGER NOT NULL
);
CREATE INDEX clinician_clearances_by_runner ON clinician_clearances(runner_id, date);
CREATE TABLE entry_checks (
    id INTEGER PRIMARY KEY,
    runner_id INTEGER NOT NULL REFERENCES runners(id),
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    check_id TEXT NOT NULL CHECK (length(check_id) > 0),
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
    answered_by TEXT NOT NULL CHECK (length(answered_by) > 0),
    notes TEXT NOT NULL DEFAULT '',
    when_unix_ms INTEGER NOT NULL
);
CREATE INDEX entry_checks_by_runner ON entry_checks(runner_id, date);
)sql";

// Run distance (issue 12: the 30 % guard measures volume as distance of the running part,
// not the whole belt distance, which includes the walks) and a clinician's metronome mute
// per runner (issue 16). The clinic's session-end record gains the run distance: its
// trigger (migration 8) is replaced by one that names it.
constexpr std::string_view run_distance_mute_sql = R"sql(
ALTER TABLE sessions ADD COLUMN run_distance_m REAL CHECK (run_distance_m >= 0);
ALTER TABLE runners ADD COLUMN metronome_muted INTEGER NOT NULL DEFAULT 0
    CHECK (metronome_muted IN (0, 1));
DROP TRIGGER IF EXISTS clinic_outbox_session_end;
CREATE TRIGGER clinic_outbox_session_end AFTER UPDATE OF end_unix_ms ON sessions
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
    AND new.end_unix_ms IS NOT NULL
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('session_end',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('id', new.id, 'runner_id', new.runner_id, 'end_unix_ms', new.end_unix_ms,
            'end_reason', new.end_reason, 'alarm_code', new.alarm_code,
            'pain_free_limit_s', new.pain_free_limit_s,
            'pain_free_limit_kmh', new.pain_free_limit_kmh, 'max_pain', new.max_pain,
            'step_count', new.step_count, 'distance_m', new.distance_m,
            'run_time_s', new.run_time_s, 'run_distance_m', new.run_distance_m));
END;
)sql";

constexpr std::array<Migration, 9> migrations{{
    {1, "runners, sessions, steps, pain reports, audit log, settings", core_records_sql},
    {2, "plans, next-day check-ins, alarms", plans_checkins_alarms_sql},
    {3, "steps may have side 'unknown'", unknown_step_side_sql},
    {4, "unmeasured step metrics are NULL", nullable_step_metrics_sql},
    {5, "end reason ids, alarm code, unknown distance is NULL", end_reason_ids_sql},
    {6, "audit log names the client and holds no PIN", audit_client_no_secrets_sql},
    {7, "clinician clearances of escalations, entry checks", clinical_review_sql},
    {8, outbox_migration_description, outbox_migration_sql},
    {9, "run distance of the running part, metronome mute per runner", run_distance_mute_sql},
}};

Status apply(sqlite::Connection& connection, const Migration& step) {
    auto transaction = sqlite::Transaction::begin(connection);
    if (!transaction) return transaction.error();
    if (auto status = connection.exec(step.sql); !status)
        return make_error(status.error().code, "schema migration " + std::to_string(step.version) +
                                                   " (" + std::string(step.description) +
                                                   ") failed: " + status.error().message);
    const std::string bump = "PRAGMA user_version = " + std::to_string(step.version);
    if (auto status = connection.exec(bump); !status) return status;
    return transaction->commit();
}

} // namespace

std::span<const Migration> schema_migrations() {
    return migrations;
}

Result<int> schema_version(sqlite::Connection& connection) {
    auto version = connection.query_int("PRAGMA user_version");
    if (!version) return version.error();
    return static_cast<int>(version.value());
}

Status migrate(sqlite::Connection& connection, std::span<const Migration> steps) {
    auto current = schema_version(connection);
    if (!current) return current.error();
    const int known = steps.empty() ? 0 : steps.back().version;
    if (current.value() > known)
        return make_error(ErrorCode::conflict, "database schema version " +
                                                   std::to_string(current.value()) +
                                                   " is newer than this program supports (" +
                                                   std::to_string(known) + "); upgrade treadguard");
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].version != static_cast<int>(i) + 1)
            return make_error(ErrorCode::invalid_argument,
                              "schema migration steps must be numbered 1, 2, 3, ... (step " +
                                  std::to_string(i + 1) + " says " +
                                  std::to_string(steps[i].version) + ")");
    for (const Migration& step : steps) {
        if (step.version <= current.value()) continue;
        if (auto status = apply(connection, step); !status) return status;
    }
    return {};
}

} // namespace tg::store
