#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"

#include <algorithm>
#include <cmath>

namespace tg::store {

namespace {

struct SideRow {
    std::optional<StepSide> side;
    SideStats stats;
    double cadence_sum = 0.0;
    std::int64_t cadence_count = 0; // steps with a measured cadence
};

SideRow read_side(const sqlite::Statement& row) {
    SideRow r;
    r.side = parse_step_side(row.column_text(0));
    r.stats.steps = row.column_int64(1);
    // avg() and max() skip NULLs and are NULL when nothing was measured.
    r.stats.mean_contact_time_s = row.column_optional_double(2);
    r.stats.mean_step_time_s = row.column_optional_double(3);
    r.stats.mean_peak_force_bw = row.column_optional_double(4);
    r.stats.mean_valr_bw_s = row.column_optional_double(5);
    r.stats.max_valr_bw_s = row.column_optional_double(6);
    r.cadence_sum = row.column_double(7);
    r.cadence_count = row.column_int64(8);
    return r;
}

std::optional<double> symmetry_pct(const SideStats& left, const SideStats& right) {
    if (!left.mean_contact_time_s || !right.mean_contact_time_s) return std::nullopt;
    const double l = *left.mean_contact_time_s;
    const double r = *right.mean_contact_time_s;
    const double mean = 0.5 * (l + r);
    if (mean <= 0.0) return std::nullopt;
    return 100.0 * std::abs(l - r) / mean;
}

std::optional<double> larger(std::optional<double> a, std::optional<double> b) {
    if (!a) return b;
    if (!b) return a;
    return std::max(*a, *b);
}

} // namespace

Result<SessionSummary> Store::session_summary(RowId session_id) {
    SessionSummary summary;
    auto found = session(session_id);
    if (!found) return found.error();
    summary.session = std::move(found).value();
    auto owner = runner(summary.session.runner_id);
    if (!owner) return owner.error();
    summary.runner_name = owner->name;

    auto stmt = sqlite::prepare_bound(
        connection_,
        "SELECT side, count(*), avg(contact_time_s), avg(step_time_s), avg(peak_force_bw), "
        "avg(valr_bw_s), max(valr_bw_s), total(cadence_spm), count(cadence_spm) FROM steps WHERE "
        "session_id = ? "
        "GROUP BY side",
        session_id);
    if (!stmt) return stmt.error();
    auto sides = sqlite::collect_rows<SideRow>(stmt.value(), read_side);
    if (!sides) return sides.error();
    double cadence_sum = 0.0;
    std::int64_t cadence_count = 0;
    for (const SideRow& row : sides.value()) {
        if (row.side == StepSide::left) summary.left = row.stats;
        if (row.side == StepSide::right) summary.right = row.stats;
        summary.step_count += row.stats.steps;
        summary.max_valr_bw_s = larger(summary.max_valr_bw_s, row.stats.max_valr_bw_s);
        cadence_sum += row.cadence_sum;
        cadence_count += row.cadence_count;
    }
    if (cadence_count > 0)
        summary.mean_cadence_spm = cadence_sum / static_cast<double>(cadence_count);
    summary.contact_time_symmetry_pct = symmetry_pct(summary.left, summary.right);

    auto pain = pain_reports(session_id);
    if (!pain) return pain.error();
    summary.pain_reports = std::move(pain).value();
    auto alarm_list = alarms(session_id);
    if (!alarm_list) return alarm_list.error();
    summary.alarms = std::move(alarm_list).value();
    return summary;
}

} // namespace tg::store
