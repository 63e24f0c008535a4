#include "controller/store/record_validation.hpp"
#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"

namespace tg::store {

namespace {

const std::string select_plan = "SELECT runner_id, date, phases_json, reasons_json FROM plans ";

// The JSON was written by set_plan; a hand-edited row that no longer parses is
// returned as JSON null rather than thrown.
PlanDay read_plan(const sqlite::Statement& row) {
    PlanDay plan;
    plan.runner_id = row.column_int64(0);
    plan.date = row.column_text(1);
    plan.phases = nlohmann::json::parse(row.column_text(2), nullptr, false);
    plan.reasons = nlohmann::json::parse(row.column_text(3), nullptr, false);
    if (plan.phases.is_discarded()) plan.phases = nullptr;
    if (plan.reasons.is_discarded()) plan.reasons = nullptr;
    return plan;
}

std::string to_text(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

Status Store::set_plan(const PlanDay& plan) {
    if (auto status = validate(plan); !status) return status;
    if (auto status = require_runner(plan.runner_id); !status) return status;
    return sqlite::execute(connection_,
                           "INSERT INTO plans (runner_id, date, phases_json, reasons_json) "
                           "VALUES (?, ?, ?, ?) ON CONFLICT (runner_id, date) DO UPDATE SET "
                           "phases_json = excluded.phases_json, "
                           "reasons_json = excluded.reasons_json",
                           plan.runner_id, plan.date, to_text(plan.phases), to_text(plan.reasons));
}

Result<PlanDay> Store::plan(RowId runner_id, std::string_view date) {
    return sqlite::query_one<PlanDay>(
        connection_, select_plan + "WHERE runner_id = ? AND date = ?", read_plan,
        "no plan for runner " + std::to_string(runner_id) + " on " + std::string(date), runner_id,
        date);
}

Result<std::vector<PlanDay>> Store::plans(RowId runner_id) {
    return sqlite::query_rows<PlanDay>(
        connection_, select_plan + "WHERE runner_id = ? ORDER BY date", read_plan, runner_id);
}

} // namespace tg::store
