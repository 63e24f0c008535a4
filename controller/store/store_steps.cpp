#include "controller/store/record_validation.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/sqlite_transaction.hpp"
#include "controller/store/store.hpp"

namespace tg::store {

namespace {

constexpr std::string_view insert_step =
    "INSERT INTO steps (session_id, seq, t_s, side, step_time_s, contact_time_s, flight_time_s, "
    "peak_force_n, peak_force_bw, impact_peak_bw, valr_bw_s, vilr_bw_s, cadence_spm) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr std::string_view select_steps =
    "SELECT seq, t_s, side, step_time_s, contact_time_s, flight_time_s, peak_force_n, "
    "peak_force_bw, impact_peak_bw, valr_bw_s, vilr_bw_s, cadence_spm FROM steps "
    "WHERE session_id = ? ORDER BY seq";

StepRecord read_step(const sqlite::Statement& row) {
    StepRecord s;
    s.seq = row.column_int64(0);
    s.t_s = row.column_double(1);
    s.side = parse_step_side(row.column_text(2)).value_or(StepSide::left);
    s.step_time_s = row.column_optional_double(3);
    s.contact_time_s = row.column_optional_double(4);
    s.flight_time_s = row.column_optional_double(5);
    s.peak_force_n = row.column_double(6);
    s.peak_force_bw = row.column_double(7);
    s.impact_peak_bw = row.column_optional_double(8);
    s.valr_bw_s = row.column_optional_double(9);
    s.vilr_bw_s = row.column_optional_double(10);
    s.cadence_spm = row.column_optional_double(11);
    return s;
}

Status insert(sqlite::Statement& stmt, RowId session_id, const StepRecord& s) {
    if (auto status =
            stmt.bind_all(session_id, s.seq, s.t_s, step_side_name(s.side), s.step_time_s,
                          s.contact_time_s, s.flight_time_s, s.peak_force_n, s.peak_force_bw,
                          s.impact_peak_bw, s.valr_bw_s, s.vilr_bw_s, s.cadence_spm);
        !status)
        return status;
    Status status = stmt.run();
    (void)stmt.reset();
    if (!status && status.error().code == ErrorCode::already_exists)
        return make_error(ErrorCode::already_exists, "step seq " + std::to_string(s.seq) +
                                                         " is already recorded for session " +
                                                         std::to_string(session_id));
    return status;
}

} // namespace

Status Store::append_steps(RowId session_id, std::span<const StepRecord> steps) {
    for (const StepRecord& step : steps)
        if (auto status = validate(step); !status) return status;
    if (auto found = open_session(session_id); !found) return found.error();
    if (steps.empty()) return {};
    auto transaction = sqlite::Transaction::begin(connection_);
    if (!transaction) return transaction.error();
    auto stmt = connection_.prepare(insert_step);
    if (!stmt) return stmt.error();
    for (const StepRecord& step : steps)
        if (auto status = insert(stmt.value(), session_id, step); !status) return status;
    return transaction->commit();
}

Status Store::visit_steps(RowId session_id, const std::function<void(const StepRecord&)>& visit) {
    if (auto found = session(session_id); !found) return found.error();
    auto stmt = sqlite::prepare_bound(connection_, select_steps, session_id);
    if (!stmt) return stmt.error();
    return sqlite::for_each_row(stmt.value(),
                                [&](const sqlite::Statement& row) { visit(read_step(row)); });
}

Result<std::vector<StepRecord>> Store::steps(RowId session_id) {
    std::vector<StepRecord> steps;
    auto status = visit_steps(session_id, [&](const StepRecord& step) { steps.push_back(step); });
    if (!status) return status.error();
    return steps;
}

} // namespace tg::store
