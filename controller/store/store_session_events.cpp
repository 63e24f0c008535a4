// Pain reports and alarms: timestamped events inside one session.
#include "controller/store/record_validation.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"

namespace tg::store {

namespace {

PainReport read_pain_report(const sqlite::Statement& row) {
    return PainReport{row.column_int64(0), row.column_double(1),
                      static_cast<int>(row.column_int64(2))};
}

AlarmRecord read_alarm(const sqlite::Statement& row) {
    AlarmRecord a;
    a.session_id = row.column_int64(0);
    a.t_s = row.column_double(1);
    a.code = row.column_text(2);
    a.severity = parse_alarm_severity(row.column_text(3)).value_or(AlarmSeverity::fault);
    a.reason = row.column_text(4);
    return a;
}

} // namespace

Status Store::add_pain_report(const PainReport& report) {
    if (auto status = validate(report); !status) return status;
    if (auto found = open_session(report.session_id); !found) return found.error();
    return sqlite::execute(connection_,
                           "INSERT INTO pain_reports (session_id, t_s, pain) VALUES (?, ?, ?)",
                           report.session_id, report.t_s, report.pain);
}

// Alarms may arrive after the session ended (e.g. a fault during the stop), so the
// session only has to exist.
Status Store::add_alarm(const AlarmRecord& alarm) {
    if (auto status = validate(alarm); !status) return status;
    if (auto found = session(alarm.session_id); !found) return found.error();
    return sqlite::execute(connection_,
                           "INSERT INTO alarms (session_id, t_s, code, severity, reason) "
                           "VALUES (?, ?, ?, ?, ?)",
                           alarm.session_id, alarm.t_s, alarm.code,
                           alarm_severity_name(alarm.severity), alarm.reason);
}

Result<std::vector<PainReport>> Store::pain_reports(RowId session_id) {
    if (auto found = session(session_id); !found) return found.error();
    return sqlite::query_rows<PainReport>(
        connection_,
        "SELECT session_id, t_s, pain FROM pain_reports WHERE session_id = ? ORDER BY t_s, id",
        read_pain_report, session_id);
}

Result<std::vector<AlarmRecord>> Store::alarms(RowId session_id) {
    if (auto found = session(session_id); !found) return found.error();
    return sqlite::query_rows<AlarmRecord>(
        connection_,
        "SELECT session_id, t_s, code, severity, reason FROM alarms "
        "WHERE session_id = ? ORDER BY t_s, id",
        read_alarm, session_id);
}

} // namespace tg::store
