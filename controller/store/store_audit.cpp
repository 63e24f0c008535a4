#include "controller/store/record_validation.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"
#include "controller/store/utc_time_text.hpp"

namespace tg::store {

namespace {

AuditEntry read_audit(const sqlite::Statement& row) {
    AuditEntry e;
    e.id = row.column_int64(0);
    e.who = row.column_text(1);
    e.when_unix_ms = row.column_int64(2);
    e.when_utc = row.column_text(3);
    e.what = row.column_text(4);
    e.old_value = row.column_text(5);
    e.new_value = row.column_text(6);
    e.why = row.column_text(7);
    e.client = row.column_text(8);
    return e;
}

} // namespace

Result<RowId> Store::append_audit(const AuditEntry& entry) {
    if (auto status = validate(entry); !status) return status.error();
    auto status = sqlite::execute(connection_,
                                  "INSERT INTO audit_log (who, when_unix_ms, when_utc, what, "
                                  "old_value, new_value, why, client) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                  entry.who, entry.when_unix_ms,
                                  format_utc_iso8601(entry.when_unix_ms).value_or(""), entry.what,
                                  entry.old_value, entry.new_value, entry.why, entry.client);
    if (!status) return status.error();
    return connection_.last_insert_rowid();
}

Result<std::vector<AuditEntry>> Store::audit_log(std::size_t limit) {
    // The newest `limit` rows, returned oldest first; -1 is SQLite's "no limit".
    const std::int64_t sql_limit = limit == 0 ? -1 : static_cast<std::int64_t>(limit);
    return sqlite::query_rows<AuditEntry>(
        connection_,
        "SELECT * FROM (SELECT id, who, when_unix_ms, when_utc, what, old_value, new_value, why, "
        "client FROM audit_log ORDER BY id DESC LIMIT ?) ORDER BY id",
        read_audit, sql_limit);
}

} // namespace tg::store
