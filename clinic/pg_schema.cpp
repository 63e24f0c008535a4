#include "clinic/pg_schema.hpp"

#include <array>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <string>

namespace tg::clinic {

namespace {

// Local ids (runner, session, pain report ...) are the treadmill's own SQLite row ids, so
// every key starts with the treadmill. `records` holds every record as received, keyed by
// (treadmill, seq): a duplicate delivery hits that key and changes nothing.
constexpr std::string_view fleet_records_sql = R"sql(
CREATE TABLE treadmills (
    id text PRIMARY KEY,
    last_seq bigint NOT NULL DEFAULT 0,
    online boolean,
    last_status jsonb,
    last_status_at timestamptz,
    last_seen timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE records (
    treadmill text NOT NULL REFERENCES treadmills(id),
    seq bigint NOT NULL,
    kind text NOT NULL,
    created_unix_ms bigint NOT NULL,
    data jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (treadmill, seq)
);
CREATE TABLE runners (
    treadmill text NOT NULL REFERENCES treadmills(id),
    local_id bigint NOT NULL,
    name text NOT NULL,
    data jsonb NOT NULL,
    record_seq bigint NOT NULL,
    PRIMARY KEY (treadmill, local_id)
);
CREATE INDEX runners_by_name ON runners(name);
CREATE TABLE sessions (
    treadmill text NOT NULL,
    local_id bigint NOT NULL,
    runner_local_id bigint NOT NULL,
    start_unix_ms bigint NOT NULL,
    profile_name text NOT NULL,
    end_unix_ms bigint,
    end_reason text,
    alarm_code text,
    pain_free_limit_s double precision,
    pain_free_limit_kmh double precision,
    max_pain integer,
    step_count integer,
    distance_m double precision,
    run_time_s double precision,
    start_seq bigint NOT NULL,
    end_seq bigint,
    PRIMARY KEY (treadmill, local_id),
    FOREIGN KEY (treadmill, runner_local_id) REFERENCES runners(treadmill, local_id)
);
CREATE TABLE steps (
    treadmill text NOT NULL,
    session_local_id bigint NOT NULL,
    seq bigint NOT NULL,
    t_s double precision NOT NULL,
    side text NOT NULL,
    contact_time_s double precision,
    peak_force_bw double precision NOT NULL,
    valr_bw_s double precision,
    cadence_spm double precision,
    record_seq bigint NOT NULL,
    PRIMARY KEY (treadmill, session_local_id, seq),
    FOREIGN KEY (treadmill, session_local_id) REFERENCES sessions(treadmill, local_id)
);
CREATE TABLE pain_reports (
    treadmill text NOT NULL,
    local_id bigint NOT NULL,
    session_local_id bigint NOT NULL,
    t_s double precision NOT NULL,
    pain integer NOT NULL,
    record_seq bigint NOT NULL,
    PRIMARY KEY (treadmill, local_id),
    FOREIGN KEY (treadmill, session_local_id) REFERENCES sessions(treadmill, local_id)
);
CREATE TABLE alarms (
    treadmill text NOT NULL,
    local_id bigint NOT NULL,
    session_local_id bigint NOT NULL,
    t_s double precision NOT NULL,
    code text NOT NULL,
    severity text NOT NULL,
    reason text NOT NULL,
    PRIMARY KEY (treadmill, local_id)
);
CREATE TABLE checkins (
    treadmill text NOT NULL,
    runner_local_id bigint NOT NULL,
    date text NOT NULL,
    data jsonb NOT NULL,
    record_seq bigint NOT NULL,
    PRIMARY KEY (treadmill, runner_local_id, date),
    FOREIGN KEY (treadmill, runner_local_id) REFERENCES runners(treadmill, local_id)
);
CREATE TABLE audit_log (
    treadmill text NOT NULL,
    local_id bigint NOT NULL,
    when_unix_ms bigint NOT NULL,
    who text NOT NULL,
    what text NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (treadmill, local_id)
);
CREATE TABLE live_alarms (
    id bigserial PRIMARY KEY,
    treadmill text NOT NULL,
    at_unix_ms bigint,
    code text,
    body jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE quarantine (
    id bigserial PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    topic text NOT NULL,
    treadmill text,
    seq bigint,
    reason text NOT NULL,
    excerpt text NOT NULL
);
)sql";

constexpr std::array<PgMigration, 1> migrations{{
    {1,
     "treadmills, records, runners, sessions, steps, pain, alarms, check-ins, audit, "
     "quarantine",
     fleet_records_sql},
}};

} // namespace

std::span<const PgMigration> pg_migrations() {
    return migrations;
}

void migrate_pg(pqxx::connection& connection) {
    pqxx::work setup(connection);
    // One server at a time migrates; a second one waits here.
    setup.exec("SELECT pg_advisory_xact_lock(7317)");
    setup.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
               "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    const auto applied = setup.exec("SELECT coalesce(max(version), 0) FROM schema_migrations");
    const int current = applied[0][0].as<int>();
    for (const PgMigration& m : migrations) {
        if (m.version <= current) continue;
        setup.exec(std::string(m.sql));
        setup.exec_params("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)",
                          m.version, std::string(m.description));
    }
    setup.commit();
}

} // namespace tg::clinic
