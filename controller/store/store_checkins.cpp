#include "controller/store/record_validation.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"

namespace tg::store {

namespace {

CheckIn read_checkin(const sqlite::Statement& row) {
    CheckIn c;
    c.runner_id = row.column_int64(0);
    c.date = row.column_text(1);
    c.pain_vs_baseline = static_cast<int>(row.column_int64(2));
    c.swelling = row.column_int64(3) != 0;
    c.stiffness = row.column_int64(4) != 0;
    c.notes = row.column_text(5);
    return c;
}

} // namespace

Status Store::add_checkin(const CheckIn& checkin) {
    if (auto status = validate(checkin); !status) return status;
    if (auto status = require_runner(checkin.runner_id); !status) return status;
    return sqlite::execute(
        connection_,
        "INSERT INTO checkins (runner_id, date, pain_vs_baseline, swelling, stiffness, notes) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (runner_id, date) DO UPDATE SET "
        "pain_vs_baseline = excluded.pain_vs_baseline, swelling = excluded.swelling, "
        "stiffness = excluded.stiffness, notes = excluded.notes",
        checkin.runner_id, checkin.date, checkin.pain_vs_baseline, checkin.swelling ? 1 : 0,
        checkin.stiffness ? 1 : 0, checkin.notes);
}

Result<std::vector<CheckIn>> Store::checkins(RowId runner_id) {
    if (auto status = require_runner(runner_id); !status) return status.error();
    return sqlite::query_rows<CheckIn>(connection_,
                                       "SELECT runner_id, date, pain_vs_baseline, swelling, "
                                       "stiffness, notes FROM checkins WHERE runner_id = ? "
                                       "ORDER BY date",
                                       read_checkin, runner_id);
}

} // namespace tg::store
