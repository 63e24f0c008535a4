#include "controller/store/schema_migrations.hpp"

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

constexpr std::array<Migration, 3> migrations{{
    {1, "runners, sessions, steps, pain reports, audit log, settings", core_records_sql},
    {2, "plans, next-day check-ins, alarms", plans_checkins_alarms_sql},
    {3, "steps may have side 'unknown'", unknown_step_side_sql},
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
