// Sessions the controller never closed (kill -9, a crash, a full disk) are closed at
// the next start from what they recorded, so the planner does not see them as
// running for ever and the records say what happened.
#include "controller/store/sqlite_query.hpp"
#include "controller/store/sqlite_transaction.hpp"
#include "controller/store/store.hpp"
#include "controller/store/utc_time_text.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace tg::store {

namespace {

struct OpenSession {
    RowId id = 0;
    std::int64_t start_unix_ms = 0;
    double last_record_s = 0.0; // latest step, pain report or alarm after the start
    std::int64_t step_count = 0;
    double run_time_s = 0.0;
};

// Run time: the summed step times of running steps, those with a flight phase
// (flight_time_s > 0). Walking steps (overlapping contacts, no flight) and steps
// without a measured step time add nothing: a walk phase is not run time.
constexpr std::string_view select_open_sessions = R"sql(
SELECT s.id, s.start_unix_ms,
    max(0.0,
        coalesce((SELECT max(t_s) FROM steps WHERE session_id = s.id), 0.0),
        coalesce((SELECT max(t_s) FROM pain_reports WHERE session_id = s.id), 0.0),
        coalesce((SELECT max(t_s) FROM alarms WHERE session_id = s.id), 0.0)),
    (SELECT count(*) FROM steps WHERE session_id = s.id),
    (SELECT total(step_time_s) FROM steps WHERE session_id = s.id AND flight_time_s > 0)
FROM sessions s WHERE s.end_unix_ms IS NULL ORDER BY s.id
)sql";

OpenSession read_open_session(const sqlite::Statement& row) {
    return OpenSession{row.column_int64(0), row.column_int64(1), row.column_double(2),
                       row.column_int64(3), row.column_double(4)};
}

// The time of the last record, never later than now (a wrong clock or a garbage
// t_s must not put the end in the future) and never before the start.
std::int64_t end_time(const OpenSession& s, std::int64_t now_unix_ms) {
    const double offset_ms = std::min(std::round(s.last_record_s * 1000.0), 1.0e15);
    const std::int64_t end = s.start_unix_ms + static_cast<std::int64_t>(offset_ms);
    return std::max(s.start_unix_ms, std::min(end, std::max(now_unix_ms, s.start_unix_ms)));
}

} // namespace

Result<int> Store::close_interrupted_sessions(std::int64_t now_unix_ms) {
    auto open =
        sqlite::query_rows<OpenSession>(connection_, select_open_sessions, read_open_session);
    if (!open) return open.error();
    if (open->empty()) return 0;
    auto transaction = sqlite::Transaction::begin(connection_);
    if (!transaction) return transaction.error();
    for (const OpenSession& s : open.value()) {
        const std::int64_t end_ms = end_time(s, now_unix_ms);
        // Distance stays NULL: steps do not carry the belt speed.
        auto status = sqlite::execute(
            connection_,
            "UPDATE sessions SET end_utc = ?, end_unix_ms = ?, end_reason = ?, "
            "distance_m = NULL, run_time_s = ?, step_count = ?, "
            "max_pain = (SELECT max(pain) FROM pain_reports WHERE session_id = sessions.id) "
            "WHERE id = ? AND end_unix_ms IS NULL",
            format_utc_iso8601(end_ms).value_or(""), end_ms,
            end_reason_name(EndReason::interrupted), std::min(s.run_time_s, 24.0 * 3600.0),
            s.step_count, s.id);
        if (!status) return status.error();
    }
    if (auto status = transaction->commit(); !status) return status.error();
    return static_cast<int>(open->size());
}

} // namespace tg::store
