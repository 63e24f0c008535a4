// Cadence and loading rate of the running steps only: walking steps (warm-up, cool-down,
// walk intervals) never enter the cadence baseline or loading-rate summaries the plan uses.
#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"

namespace tg::store {

Result<RunningSummary> Store::running_summary(RowId session_id) {
    if (auto found = session(session_id); !found) return found.error();
    // A running step has a flight phase (flight_time_s > 0); walking contacts overlap.
    return sqlite::query_one<RunningSummary>(
        connection_,
        "SELECT count(*), avg(cadence_spm), avg(valr_bw_s) FROM steps "
        "WHERE session_id = ? AND flight_time_s > 0",
        [](const sqlite::Statement& row) {
            RunningSummary summary;
            summary.running_steps = row.column_int64(0);
            summary.mean_cadence_spm = row.column_optional_double(1);
            summary.mean_valr_bw_s = row.column_optional_double(2);
            return summary;
        },
        "no summary", session_id);
}

} // namespace tg::store
