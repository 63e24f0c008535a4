#pragma once
// The records store: one SQLite database in WAL mode holding runners, plans,
// sessions, per-step metrics, pain reports, check-ins, alarms, the audit log and
// settings. Every function returns a value or an Error; none throws to the caller.
// Time values are arguments (the daemon passes wall-clock unix ms); the store reads
// no clock. One Store is used from one thread.
//
// Failing storage: the database is opened with SQLite's "unix-excl" VFS, which keeps
// the WAL index in heap memory instead of an mmap of the -shm file (a truncated,
// vanished or unwritable -shm killed the daemon with SIGBUS). Connections inside one
// process share it (the daemon and its RecordWriter); another process cannot open the
// database while one has it open (the CLI goes through the API). A full, read-only
// or failing disk makes writes return an Error (SQLITE_FULL, SQLITE_READONLY,
// SQLITE_IOERR text in the message); nothing throws or aborts. An existing database
// must pass PRAGMA quick_check before anything is written to it.

#include "controller/store/records.hpp"
#include "controller/store/sqlite_connection.hpp"
#include "controller/store/store_result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tg::store {

struct StoreOptions {
    // Mode of the database file and its -wal (0640) and of directories the store
    // creates (0750), whatever the umask: see private_files.hpp.
    // Create missing parent directories (for the default path under ~/.local/share).
    bool create_parent_directories = false;
    // How long a writer waits for another process (e.g. the CLI) holding the lock.
    int busy_timeout_ms = 5000;
};

class Store {
public:
    // Opens or creates the database and migrates it to the current schema.
    static Result<Store> open(const std::filesystem::path& path, const StoreOptions& options = {});

    const std::filesystem::path& path() const { return path_; }
    sqlite::Connection& connection() { return connection_; }

    // Runners. Names are unique; update_runner replaces every field of runner.id.
    Result<RowId> add_runner(const Runner& runner);
    Status update_runner(const Runner& runner);
    Result<Runner> find_runner(std::string_view name);
    Result<Runner> runner(RowId id);
    Result<std::vector<Runner>> list_runners();

    // Plans: one per runner and day; set_plan replaces that day's plan.
    Status set_plan(const PlanDay& plan);
    Result<PlanDay> plan(RowId runner_id, std::string_view date);
    Result<std::vector<PlanDay>> plans(RowId runner_id);

    // Sessions.
    Result<RowId> begin_session(const SessionStart& start);
    // Appends one batch in one transaction: all steps or none.
    Status append_steps(RowId session_id, std::span<const StepRecord> steps);
    Status add_pain_report(const PainReport& report);
    Status add_alarm(const AlarmRecord& alarm);
    // Closes the session; counts its steps and takes max pain from its pain reports.
    Status end_session(RowId session_id, const SessionEnd& end);
    // Closes every session that has no end (the controller was killed, crashed or
    // lost its disk): end_reason "interrupted", end time = its last step, pain report
    // or alarm (else its start; never after now_unix_ms), step count and max pain
    // counted, run time = summed step times of running steps (flight_time_s > 0),
    // distance NULL (steps carry no belt speed). Returns how many it closed. The
    // daemon calls it once at start, before any new session.
    Result<int> close_interrupted_sessions(std::int64_t now_unix_ms);
    Result<Session> session(RowId session_id);
    Result<std::vector<Session>> list_sessions(RowId runner_id);
    Result<SessionSummary> session_summary(RowId session_id);

    // Steps in seq order; visit_steps streams them without building a vector.
    Status visit_steps(RowId session_id, const std::function<void(const StepRecord&)>& visit);
    Result<std::vector<StepRecord>> steps(RowId session_id);
    Result<std::vector<PainReport>> pain_reports(RowId session_id);
    Result<std::vector<AlarmRecord>> alarms(RowId session_id);

    // Next-day check-ins: one per runner and day; a second one that day replaces it.
    Status add_checkin(const CheckIn& checkin);
    Result<std::vector<CheckIn>> checkins(RowId runner_id);

    // A check-in may only be for the clinic's today or yesterday (local_today: YYYY-MM-DD,
    // from protocol::ClinicTimeZone): a future or older date is refused with the reason.
    Status add_checkin_for(const CheckIn& checkin, std::string_view local_today);

    // Cadence and loading rate of the running steps only (walking steps left out).
    Result<RunningSummary> running_summary(RowId session_id);

    // Clinician clearances of escalations and entry-check answers, oldest first.
    Result<RowId> add_clearance(const ClinicianClearance& clearance);
    Result<std::vector<ClinicianClearance>> clearances(RowId runner_id);
    Result<RowId> add_entry_check(const EntryCheckAnswer& answer);
    Result<std::vector<EntryCheckAnswer>> entry_checks(RowId runner_id);

    // Audit log, oldest first. limit > 0 returns only the newest `limit` entries.
    Result<RowId> append_audit(const AuditEntry& entry);
    Result<std::vector<AuditEntry>> audit_log(std::size_t limit = 0);

    // Key/value settings (the clinician PIN hash lives here).
    Status set_setting(std::string_view key, std::string_view value);
    Result<std::optional<std::string>> setting(std::string_view key);

private:
    Store(std::filesystem::path path, sqlite::Connection connection)
        : path_(std::move(path)), connection_(std::move(connection)) {}

    // The session, if it exists and has not ended.
    Result<Session> open_session(RowId session_id);
    Status require_runner(RowId runner_id);

    std::filesystem::path path_;
    sqlite::Connection connection_;
};

} // namespace tg::store
