#include "controller/store/record_validation.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"
#include "controller/store/utc_time_text.hpp"

namespace tg::store {

namespace {

const std::string select_session =
    "SELECT id, runner_id, start_utc, start_unix_ms, end_utc, end_unix_ms, profile_name, "
    "speed_cap_kmh, duration_cap_s, pain_stop_threshold, end_reason, pain_free_limit_s, "
    "pain_free_limit_kmh, max_pain, step_count, distance_m, run_time_s, alarm_code, run_distance_m "
    "FROM sessions ";

std::optional<std::string> optional_text(const sqlite::Statement& row, int column) {
    if (row.is_null(column)) return std::nullopt;
    return row.column_text(column);
}

Session read_session(const sqlite::Statement& row) {
    Session s;
    s.id = row.column_int64(0);
    s.runner_id = row.column_int64(1);
    s.start_utc = row.column_text(2);
    s.start_unix_ms = row.column_int64(3);
    s.end_utc = optional_text(row, 4);
    s.end_unix_ms = row.column_optional_int64(5);
    s.profile_name = row.column_text(6);
    s.caps.speed_kmh = row.column_double(7);
    s.caps.duration_s = row.column_double(8);
    s.caps.pain_stop_threshold = static_cast<int>(row.column_int64(9));
    s.end_reason = optional_text(row, 10);
    s.pain_free_limit_s = row.column_optional_double(11);
    s.pain_free_limit_kmh = row.column_optional_double(12);
    if (auto pain = row.column_optional_int64(13)) s.max_pain = static_cast<int>(*pain);
    s.totals.step_count = row.column_int64(14);
    s.totals.distance_m = row.column_optional_double(15);
    s.totals.run_time_s = row.column_double(16);
    s.alarm_code = optional_text(row, 17);
    s.totals.run_distance_m = row.column_optional_double(18);
    return s;
}

} // namespace

Result<RowId> Store::begin_session(const SessionStart& start) {
    if (auto status = validate(start); !status) return status.error();
    if (auto status = require_runner(start.runner_id); !status) return status.error();
    auto status = sqlite::execute(
        connection_,
        "INSERT INTO sessions (runner_id, start_utc, start_unix_ms, profile_name, speed_cap_kmh, "
        "duration_cap_s, pain_stop_threshold) VALUES (?, ?, ?, ?, ?, ?, ?)",
        start.runner_id, format_utc_iso8601(start.start_unix_ms).value_or(""), start.start_unix_ms,
        start.profile_name, start.caps.speed_kmh, start.caps.duration_s,
        start.caps.pain_stop_threshold);
    if (!status) return status.error();
    return connection_.last_insert_rowid();
}

Status Store::end_session(RowId session_id, const SessionEnd& end) {
    if (auto status = validate(end); !status) return status;
    auto found = open_session(session_id);
    if (!found) return found.error();
    if (end.end_unix_ms < found->start_unix_ms)
        return make_error(ErrorCode::invalid_argument, "session end: end_unix_ms " +
                                                           std::to_string(end.end_unix_ms) +
                                                           " is before the session start " +
                                                           std::to_string(found->start_unix_ms));
    // Totals the store can count itself are counted here, in the same statement.
    return sqlite::execute(
        connection_,
        "UPDATE sessions SET end_utc = ?, end_unix_ms = ?, end_reason = ?, alarm_code = ?, "
        "pain_free_limit_s = ?, pain_free_limit_kmh = ?, distance_m = ?, run_time_s = ?, "
        "run_distance_m = ?, step_count = (SELECT count(*) FROM steps WHERE session_id = "
        "sessions.id), "
        "max_pain = (SELECT max(pain) FROM pain_reports WHERE session_id = sessions.id) "
        "WHERE id = ?",
        format_utc_iso8601(end.end_unix_ms).value_or(""), end.end_unix_ms,
        end_reason_name(end.end_reason), end.alarm_code, end.pain_free_limit_s,
        end.pain_free_limit_kmh, end.distance_m, end.run_time_s, end.run_distance_m, session_id);
}

Result<Session> Store::session(RowId session_id) {
    return sqlite::query_one<Session>(connection_, select_session + "WHERE id = ?", read_session,
                                      "no session with id " + std::to_string(session_id),
                                      session_id);
}

Result<std::vector<Session>> Store::list_sessions(RowId runner_id) {
    if (auto status = require_runner(runner_id); !status) return status.error();
    return sqlite::query_rows<Session>(
        connection_, select_session + "WHERE runner_id = ? ORDER BY start_unix_ms, id",
        read_session, runner_id);
}

} // namespace tg::store
