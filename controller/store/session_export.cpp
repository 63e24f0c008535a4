#include "controller/store/session_export.hpp"

#include <charconv>
#include <string>

namespace tg::store {

namespace {

constexpr const char* csv_header =
    "seq,t_s,side,step_time_s,contact_time_s,flight_time_s,peak_force_n,peak_force_bw,"
    "impact_peak_bw,valr_bw_s,vilr_bw_s,cadence_spm\n";

// Shortest text that reads back to the same double, independent of the locale.
void append_number(std::string& line, double value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    line.append(text, result.ptr);
}

void append_csv_row(std::string& line, const StepRecord& s) {
    line.clear();
    line += std::to_string(s.seq);
    line += ',';
    append_number(line, s.t_s);
    line += ',';
    line += step_side_name(s.side);
    // An unmeasured metric is an empty cell, never 0.
    const std::optional<double> cells[] = {s.step_time_s,  s.contact_time_s, s.flight_time_s,
                                           s.peak_force_n, s.peak_force_bw,  s.impact_peak_bw,
                                           s.valr_bw_s,    s.vilr_bw_s,      s.cadence_spm};
    for (const std::optional<double>& value : cells) {
        line += ',';
        if (value) append_number(line, *value);
    }
    line += '\n';
}

Status stream_status(const std::ostream& out, RowId session_id) {
    if (out) return {};
    return make_error(ErrorCode::database,
                      "writing the export of session " + std::to_string(session_id) + " failed");
}

nlohmann::json side_json(const SideStats& s) {
    return {{"steps", s.steps},
            {"mean_contact_time_s", optional_json(s.mean_contact_time_s)},
            {"mean_step_time_s", optional_json(s.mean_step_time_s)},
            {"mean_peak_force_bw", optional_json(s.mean_peak_force_bw)},
            {"mean_valr_bw_s", optional_json(s.mean_valr_bw_s)},
            {"max_valr_bw_s", optional_json(s.max_valr_bw_s)}};
}

nlohmann::json session_json(const Session& s) {
    return {{"id", s.id},
            {"runner_id", s.runner_id},
            {"start_utc", s.start_utc},
            {"start_unix_ms", s.start_unix_ms},
            {"end_utc", optional_json(s.end_utc)},
            {"end_unix_ms", optional_json(s.end_unix_ms)},
            {"profile", s.profile_name},
            {"caps",
             {{"speed_kmh", s.caps.speed_kmh},
              {"duration_s", s.caps.duration_s},
              {"pain_stop_threshold", s.caps.pain_stop_threshold}}},
            {"end_reason", optional_json(s.end_reason)},
            {"alarm_code", optional_json(s.alarm_code)},
            {"pain_free_limit_s", optional_json(s.pain_free_limit_s)},
            {"pain_free_limit_kmh", optional_json(s.pain_free_limit_kmh)},
            {"max_pain", optional_json(s.max_pain)},
            {"totals",
             {{"step_count", s.totals.step_count},
              {"distance_m", optional_json(s.totals.distance_m)},
              {"run_time_s", s.totals.run_time_s}}}};
}

} // namespace

Status export_session_csv(Store& store, RowId session_id, std::ostream& out) {
    out << csv_header;
    std::string line;
    auto status = store.visit_steps(session_id, [&](const StepRecord& step) {
        append_csv_row(line, step);
        out << line;
    });
    if (!status) return status;
    return stream_status(out, session_id);
}

nlohmann::json session_summary_json(const SessionSummary& summary) {
    nlohmann::json pain = nlohmann::json::array();
    for (const PainReport& p : summary.pain_reports)
        pain.push_back({{"t_s", p.t_s}, {"pain", p.pain}});
    nlohmann::json alarms = nlohmann::json::array();
    for (const AlarmRecord& a : summary.alarms)
        alarms.push_back({{"t_s", a.t_s},
                          {"code", a.code},
                          {"severity", alarm_severity_name(a.severity)},
                          {"reason", a.reason}});
    return {{"format", "treadguard.session_summary"},
            {"format_version", 1},
            {"runner", summary.runner_name},
            {"session", session_json(summary.session)},
            {"steps",
             {{"count", summary.step_count},
              {"mean_cadence_spm", optional_json(summary.mean_cadence_spm)},
              {"max_valr_bw_s", optional_json(summary.max_valr_bw_s)},
              {"contact_time_symmetry_pct", optional_json(summary.contact_time_symmetry_pct)},
              {"left", side_json(summary.left)},
              {"right", side_json(summary.right)}}},
            {"pain_reports", pain},
            {"alarms", alarms}};
}

Status export_session_json(Store& store, RowId session_id, std::ostream& out) {
    auto summary = store.session_summary(session_id);
    if (!summary) return summary.error();
    // replace: free-text fields (notes, reasons) are not guaranteed to be UTF-8.
    out << session_summary_json(summary.value())
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n';
    return stream_status(out, session_id);
}

} // namespace tg::store
