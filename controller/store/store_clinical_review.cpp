// Clinical review records (issue 12): clearances of escalations, entry-check answers, and
// check-ins limited to the clinic's today or yesterday.
#include "controller/store/record_validation.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"
#include "controller/store/utc_time_text.hpp"

namespace tg::store {

namespace {

ClinicianClearance read_clearance(const sqlite::Statement& row) {
    ClinicianClearance c;
    c.id = row.column_int64(0);
    c.runner_id = row.column_int64(1);
    c.date = row.column_text(2);
    c.clinician = row.column_text(3);
    c.reason = row.column_text(4);
    c.when_unix_ms = row.column_int64(5);
    return c;
}

EntryCheckAnswer read_entry_check(const sqlite::Statement& row) {
    EntryCheckAnswer a;
    a.id = row.column_int64(0);
    a.runner_id = row.column_int64(1);
    a.date = row.column_text(2);
    a.check_id = row.column_text(3);
    a.passed = row.column_int64(4) != 0;
    a.answered_by = row.column_text(5);
    a.notes = row.column_text(6);
    a.when_unix_ms = row.column_int64(7);
    return a;
}

} // namespace

Status Store::add_checkin_for(const CheckIn& checkin, std::string_view local_today) {
    if (!is_calendar_date(local_today))
        return make_error(ErrorCode::invalid_argument, "check-in: today '" +
                                                           std::string(local_today) +
                                                           "' is not a YYYY-MM-DD date");
    if (auto status = validate(checkin); !status) return status;
    // SQLite's own calendar arithmetic gives yesterday (month and year ends, leap days).
    auto yesterday = sqlite::query_one<std::string>(
        connection_, "SELECT date(?, '-1 day')",
        [](const sqlite::Statement& row) { return row.column_text(0); }, "no date",
        std::string(local_today));
    if (!yesterday) return yesterday.error();
    if (checkin.date != local_today && checkin.date != yesterday.value())
        return make_error(ErrorCode::invalid_argument,
                          "check-in: date " + checkin.date + " is neither today (" +
                              std::string(local_today) + ") nor yesterday (" + yesterday.value() +
                              "): a check-in is about this morning or yesterday's");
    return add_checkin(checkin);
}

Result<RowId> Store::add_clearance(const ClinicianClearance& clearance) {
    if (auto status = validate(clearance); !status) return status.error();
    if (auto status = require_runner(clearance.runner_id); !status) return status.error();
    auto status = sqlite::execute(connection_,
                                  "INSERT INTO clinician_clearances (runner_id, date, clinician, "
                                  "reason, when_unix_ms) VALUES (?, ?, ?, ?, ?)",
                                  clearance.runner_id, clearance.date, clearance.clinician,
                                  clearance.reason, clearance.when_unix_ms);
    if (!status) return status.error();
    return connection_.last_insert_rowid();
}

Result<std::vector<ClinicianClearance>> Store::clearances(RowId runner_id) {
    if (auto status = require_runner(runner_id); !status) return status.error();
    return sqlite::query_rows<ClinicianClearance>(
        connection_,
        "SELECT id, runner_id, date, clinician, reason, when_unix_ms FROM clinician_clearances "
        "WHERE runner_id = ? ORDER BY date, id",
        read_clearance, runner_id);
}

Result<RowId> Store::add_entry_check(const EntryCheckAnswer& answer) {
    if (auto status = validate(answer); !status) return status.error();
    if (auto status = require_runner(answer.runner_id); !status) return status.error();
    auto status =
        sqlite::execute(connection_,
                        "INSERT INTO entry_checks (runner_id, date, check_id, passed, "
                        "answered_by, notes, when_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        answer.runner_id, answer.date, answer.check_id, answer.passed ? 1 : 0,
                        answer.answered_by, answer.notes, answer.when_unix_ms);
    if (!status) return status.error();
    return connection_.last_insert_rowid();
}

Result<std::vector<EntryCheckAnswer>> Store::entry_checks(RowId runner_id) {
    if (auto status = require_runner(runner_id); !status) return status.error();
    return sqlite::query_rows<EntryCheckAnswer>(
        connection_,
        "SELECT id, runner_id, date, check_id, passed, answered_by, notes, when_unix_ms "
        "FROM entry_checks WHERE runner_id = ? ORDER BY date, id",
        read_entry_check, runner_id);
}

} // namespace tg::store
