#include "controller/service/progress_report.hpp"

#include "controller/protocol/day_planner.hpp"
#include "controller/service/protocol_bridge.hpp"
#include "controller/store/end_reason.hpp"

#include <filesystem>

namespace tg::service {

namespace {

// A clinician's change of this runner's plan: caps, profile, record fields, a cleared review.
bool changes_plan_of(const std::string& what, const std::string& runner) {
    for (const char* cmd : {"caps.set ", "profile.assign ", "runners.update ", "review.clear "}) {
        const std::string head = cmd + runner;
        if (what == head || what.starts_with(head + " ")) return true;
    }
    return false;
}

bool in_period(const std::string& date, const ReportPeriod& p) {
    return (p.from.empty() || date >= p.from) && (p.to.empty() || date <= p.to);
}

report::ReportSession session_row(store::Store& db, const store::Session& s,
                                  const std::string& time_zone, const std::string& treadmill) {
    report::ReportSession r;
    r.id = s.id;
    r.date = clinic_date(time_zone, s.start_unix_ms);
    r.treadmill = treadmill;
    if (s.end_unix_ms) r.duration_s = static_cast<double>(*s.end_unix_ms - s.start_unix_ms) / 1e3;
    r.run_time_s = s.totals.run_time_s;
    r.distance_m = s.totals.distance_m;
    r.speed_cap_kmh = s.caps.speed_kmh;
    r.end_reason = s.end_reason.value_or("running");
    r.max_pain = s.max_pain;
    r.limit_s = s.pain_free_limit_s;
    r.limit_kmh = s.pain_free_limit_kmh;
    if (auto summary = db.session_summary(s.id); summary.ok()) {
        r.mean_cadence_spm = summary->mean_cadence_spm;
        r.max_valr_bw_s = summary->max_valr_bw_s;
        r.symmetry_pct = summary->contact_time_symmetry_pct;
    }
    return r;
}

// The history as it stood when `day` was planned: what happened before it, and the
// clinician's decisions in force on it (the engine applies those from their date).
protocol::History before(const protocol::History& h, protocol::Day day) {
    protocol::History out = h;
    std::erase_if(out.sessions, [&](const auto& s) { return s.date >= day; });
    std::erase_if(out.pain_reports, [&](const auto& p) { return p.date >= day; });
    std::erase_if(out.check_ins, [&](const auto& c) { return c.date >= day; });
    std::erase_if(out.overrides, [&](const auto& o) { return o.date > day; });
    std::erase_if(out.clearances, [&](const auto& c) { return c.date > day; });
    return out;
}

// The decision the engine made for each session's day, from the history before it.
void add_decisions(report::ReportData& d, store::Store& db, const ControllerConfig& config,
                   const store::Runner& runner) {
    auto profile = runner_profile(config.profiles_dir, runner);
    auto history = engine_history(db, runner, config.time_zone);
    if (!std::holds_alternative<protocol::Profile>(profile) || !history.ok()) return;
    std::string last;
    for (const report::ReportSession& s : d.sessions) {
        if (s.date == last) continue;
        last = s.date;
        const auto day = protocol::parse_day(s.date);
        if (!day) continue;
        const protocol::DayPlan plan =
            protocol::plan_day(std::get<protocol::Profile>(profile), engine_runner(runner),
                               before(history.value(), *day), *day);
        std::string reasons;
        for (const std::string& r : plan.reasons)
            reasons += (reasons.empty() ? "" : " ") + r; // each reason is a sentence
        d.decisions.push_back({s.date, protocol::to_string(plan.decision), reasons});
    }
}

} // namespace

std::variant<report::ReportData, ReportRequestError>
gather_report(store::Store& db, const ControllerConfig& config, const store::Runner& runner,
              const ReportPeriod& period, bool with_audit) {
    report::ReportData d;
    d.runner = runner.name;
    d.injured_side = store::injury_side_name(runner.injury_side);
    d.profile = runner.profile_name.empty() ? "pain-free-limit" : runner.profile_name;
    d.version = TG_VERSION;
    if (runner.preferred_cadence_spm > 0) d.target_cadence_spm = runner.preferred_cadence_spm;
    const std::string treadmill = std::filesystem::path(config.treadmill).stem().string();
    auto sessions = db.list_sessions(runner.id);
    if (!sessions.ok()) return ReportRequestError{sessions.error().message};
    for (const store::Session& s : sessions.value()) {
        report::ReportSession row = session_row(db, s, config.time_zone, treadmill);
        if (in_period(row.date, period)) d.sessions.push_back(std::move(row));
    }
    auto checkins = db.checkins(runner.id);
    if (!checkins.ok()) return ReportRequestError{checkins.error().message};
    for (const store::CheckIn& c : checkins.value())
        if (in_period(c.date, period))
            d.checkins.push_back(
                {c.date, c.pain_vs_baseline > 0, c.swelling, c.stiffness, c.notes});
    d.period_from = !period.from.empty() ? period.from
                    : d.sessions.empty() ? clinic_date(config.time_zone, 0)
                                         : d.sessions.front().date;
    d.period_to = !period.to.empty()   ? period.to
                  : d.sessions.empty() ? d.period_from
                                       : d.sessions.back().date;
    if (with_audit) {
        auto log = db.audit_log();
        if (!log.ok()) return ReportRequestError{log.error().message};
        d.audit_included = true;
        const ReportPeriod audited{d.period_from, d.period_to};
        for (const store::AuditEntry& e : log.value())
            if (changes_plan_of(e.what, runner.name) &&
                in_period(e.when_utc.substr(0, 10), audited))
                d.audit.push_back({e.when_utc, e.who, e.what, e.old_value, e.new_value, e.why});
    }
    add_decisions(d, db, config, runner);
    return d;
}

} // namespace tg::service
