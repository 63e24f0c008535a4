#pragma once
// Store schema migration 8: the clinic outbox. Every record the clinic must receive is
// copied into clinic_outbox by a trigger, so the copy commits in the same transaction as
// the record itself: a killed controller can neither lose one nor send one twice. The
// outbox's AUTOINCREMENT key is the treadmill's record sequence number (never reused,
// and rolled back with a failed transaction, so it has no gaps). The triggers fire only
// while settings 'clinic.outbox' is 'on' (set by the clinic sync when a clinic is
// configured), so a treadmill without a clinic does not collect an outbox.
// Header only, no dependencies: controller/store/schema_migrations.cpp lists it as
// migration 8. Every statement is IF NOT EXISTS because the clinic sync also applies it
// to a store whose program does not list migration 8 yet (Outbox::open), and the
// migration must then still succeed.
#include <string_view>

namespace tg::store {

inline constexpr std::string_view outbox_setting_key = "clinic.outbox";

inline constexpr std::string_view outbox_migration_description =
    "clinic outbox filled by triggers in the records' own transactions";

inline constexpr std::string_view outbox_migration_sql = R"sql(
CREATE TABLE IF NOT EXISTS clinic_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    created_unix_ms INTEGER NOT NULL,
    payload TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS clinic_outbox_runner_added AFTER INSERT ON runners
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('runner',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('id', new.id, 'name', new.name, 'body_mass_kg', new.body_mass_kg,
            'preferred_cadence_spm', new.preferred_cadence_spm, 'injury_side', new.injury_side,
            'injury_notes', new.injury_notes, 'target_speed_kmh', new.target_speed_kmh,
            'target_duration_min', new.target_duration_min,
            'target_runs_per_week', new.target_runs_per_week, 'profile_name', new.profile_name));
END;
CREATE TRIGGER IF NOT EXISTS clinic_outbox_runner_changed AFTER UPDATE ON runners
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('runner',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('id', new.id, 'name', new.name, 'body_mass_kg', new.body_mass_kg,
            'preferred_cadence_spm', new.preferred_cadence_spm, 'injury_side', new.injury_side,
            'injury_notes', new.injury_notes, 'target_speed_kmh', new.target_speed_kmh,
            'target_duration_min', new.target_duration_min,
            'target_runs_per_week', new.target_runs_per_week, 'profile_name', new.profile_name));
END;
CREATE TRIGGER IF NOT EXISTS clinic_outbox_session_start AFTER INSERT ON sessions
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('session_start',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('id', new.id, 'runner_id', new.runner_id,
            'runner', (SELECT name FROM runners WHERE id = new.runner_id),
            'start_unix_ms', new.start_unix_ms, 'profile_name', new.profile_name,
            'speed_cap_kmh', new.speed_cap_kmh, 'duration_cap_s', new.duration_cap_s,
            'pain_stop_threshold', new.pain_stop_threshold));
END;
CREATE TRIGGER IF NOT EXISTS clinic_outbox_session_end AFTER UPDATE OF end_unix_ms ON sessions
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
            'run_time_s', new.run_time_s));
END;
CREATE TRIGGER IF NOT EXISTS clinic_outbox_step AFTER INSERT ON steps
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('step',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('session_id', new.session_id, 'seq', new.seq, 't_s', new.t_s,
            'side', new.side, 'step_time_s', new.step_time_s,
            'contact_time_s', new.contact_time_s, 'flight_time_s', new.flight_time_s,
            'peak_force_n', new.peak_force_n, 'peak_force_bw', new.peak_force_bw,
            'impact_peak_bw', new.impact_peak_bw, 'valr_bw_s', new.valr_bw_s,
            'vilr_bw_s', new.vilr_bw_s, 'cadence_spm', new.cadence_spm));
END;
CREATE TRIGGER IF NOT EXISTS clinic_outbox_pain AFTER INSERT ON pain_reports
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('pain',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('id', new.id, 'session_id', new.session_id, 't_s', new.t_s,
            'pain', new.pain));
END;
CREATE TRIGGER IF NOT EXISTS clinic_outbox_alarm AFTER INSERT ON alarms
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('alarm',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('id', new.id, 'session_id', new.session_id, 't_s', new.t_s,
            'code', new.code, 'severity', new.severity, 'reason', new.reason));
END;
CREATE TRIGGER IF NOT EXISTS clinic_outbox_checkin_added AFTER INSERT ON checkins
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('checkin',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('runner_id', new.runner_id, 'date', new.date,
            'pain_vs_baseline', new.pain_vs_baseline, 'swelling', new.swelling,
            'stiffness', new.stiffness, 'notes', new.notes));
END;
CREATE TRIGGER IF NOT EXISTS clinic_outbox_checkin_changed AFTER UPDATE ON checkins
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('checkin',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('runner_id', new.runner_id, 'date', new.date,
            'pain_vs_baseline', new.pain_vs_baseline, 'swelling', new.swelling,
            'stiffness', new.stiffness, 'notes', new.notes));
END;
CREATE TRIGGER IF NOT EXISTS clinic_outbox_audit AFTER INSERT ON audit_log
WHEN (SELECT value FROM settings WHERE key = 'clinic.outbox') = 'on'
BEGIN
    INSERT INTO clinic_outbox (kind, created_unix_ms, payload) VALUES ('audit',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        json_object('id', new.id, 'who', new.who, 'client', new.client,
            'when_unix_ms', new.when_unix_ms, 'what', new.what, 'old_value', new.old_value,
            'new_value', new.new_value, 'why', new.why));
END;
)sql";

// The triggers a working outbox needs (a later migration that rebuilds one of these
// tables drops its trigger: the clinic sync refuses to start rather than miss records).
inline constexpr std::string_view outbox_triggers[] = {
    "clinic_outbox_runner_added", "clinic_outbox_runner_changed", "clinic_outbox_session_start",
    "clinic_outbox_session_end",  "clinic_outbox_step",           "clinic_outbox_pain",
    "clinic_outbox_alarm",        "clinic_outbox_checkin_added",  "clinic_outbox_checkin_changed",
    "clinic_outbox_audit",
};

} // namespace tg::store
