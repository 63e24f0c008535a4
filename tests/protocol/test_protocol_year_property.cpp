// Property test over year-long random histories (steady, symptomatic, random, with breaks;
// walk-run and continuous profiles): no planned session breaks the 30 %-over-2-weeks rule in
// any window it falls into, no run is planned while an escalation waits for a clinician, runs
// on consecutive days need the test passed again after every break or symptom, and the
// cadence cue stays anchored to the baseline. The rules are recomputed here from the history.
#include "controller/protocol/progress_state.hpp"
#include "tests/protocol/protocol_fixture.hpp"
#include "tests/protocol/volume_check.hpp"
#include "tests/protocol/year_histories.hpp"

#include <doctest/doctest.h>
#include <optional>

using namespace tg::protocol;
using namespace tg::protocol::testing;

namespace {

// 84 x 4 kinds x 3 profiles = 1008 year-long histories (about 6 s of CPU). The sanitizer
// build replays a quarter of them: memory errors show on any history, the rules were checked
// in full by the normal build.
#if defined(__SANITIZE_ADDRESS__)
constexpr unsigned histories_per_kind_and_profile = 21;
#else
constexpr unsigned histories_per_kind_and_profile = 84;
#endif

struct Checker {
    Checker(const Profile& p, WindowRule r) : profile(p), rule(r) {}
    const Profile& profile;
    WindowRule rule;
    int planned_runs = 0;
    int escalation_days = 0;
    std::optional<double> baseline;
    std::optional<Day> reset_day; // last break or symptom
    bool test_passed_since_reset = false;
    int threshold_in_row = 0;
    std::optional<Day> escalated_on; // oldest event not yet cleared
    std::size_t sessions_seen = 0, check_ins_seen = 0, reports_seen = 0, clearances_seen = 0;
    std::optional<Day> last_run;
    std::optional<Day> last_test_day;
    std::optional<Day> last_sore_pain_morning;
};

bool pain_hit(const SessionRecord& session, double threshold) {
    return session.max_pain > threshold || session.end_reason == EndReason::pain;
}

void escalate(Checker& c, Day day) {
    if (!c.escalated_on) c.escalated_on = day;
}

// Takes in what happened since the last day: sessions, check-ins, reports, clearances.
void observe(Checker& c, const History& h, double threshold) {
    for (; c.sessions_seen < h.sessions.size(); ++c.sessions_seen) {
        const SessionRecord& s = h.sessions[c.sessions_seen];
        if (c.last_run && s.date - *c.last_run > c.profile.rest.regress_after_gap_days + 30) {
            // a long break (well beyond any rest the plan imposes) withdraws consecutive days
            c.reset_day = s.date;
            c.test_passed_since_reset = false;
        }
        c.last_run = s.date;
        if (!c.baseline && s.cadence_spm) c.baseline = s.cadence_spm;
        const bool hit = pain_hit(s, threshold);
        c.threshold_in_row = hit ? c.threshold_in_row + 1 : 0;
        if (s.max_pain > c.profile.pain.escalate_above ||
            c.threshold_in_row >= c.profile.pain.escalate_after_threshold_sessions)
            escalate(c, s.date);
        if (hit) {
            c.reset_day = s.date;
            c.test_passed_since_reset = false;
        }
    }
    for (; c.check_ins_seen < h.check_ins.size(); ++c.check_ins_seen) {
        const CheckIn& in = h.check_ins[c.check_ins_seen];
        if (in.pain_above_baseline) {
            if (c.last_sore_pain_morning == in.date - 1) escalate(c, in.date);
            c.last_sore_pain_morning = in.date;
        } else {
            c.last_sore_pain_morning.reset();
        }
        if (in.symptomatic()) {
            c.reset_day = in.date;
            c.test_passed_since_reset = false;
        } else if (c.last_test_day && in.date == *c.last_test_day + 1 && c.last_run &&
                   *c.last_run == *c.last_test_day && !pain_hit(h.sessions.back(), threshold)) {
            c.test_passed_since_reset = true;
        }
    }
    for (; c.reports_seen < h.pain_reports.size(); ++c.reports_seen) {
        const PainReport& r = h.pain_reports[c.reports_seen];
        if (r.pain > c.profile.pain.escalate_above) escalate(c, r.date);
        if (r.pain > threshold) {
            c.reset_day = r.date;
            c.test_passed_since_reset = false;
        }
    }
    for (; c.clearances_seen < h.clearances.size(); ++c.clearances_seen) {
        // Every clearance comes after the events it clears; the counts start again.
        c.escalated_on.reset();
        c.threshold_in_row = 0;
        c.last_sore_pain_morning.reset();
    }
}

void check_day(Checker& c, const Runner& runner, const YearDay& day) {
    const DayPlan& plan = day.plan;
    observe(c, day.before, plan.pain_threshold);
    if (c.escalated_on) {
        ++c.escalation_days;
        CHECK_MESSAGE(plan.clinician_review_needed,
                      format_day(plan.date) << " escalated on " << format_day(*c.escalated_on)
                                            << ": " << plan.reasons.back());
    }
    if (plan.rest_day) {
        CHECK(plan.phases.empty());
        return;
    }
    ++c.planned_runs;
    // The planned run, added as planned, keeps every window it falls into within the rule.
    History with_plan = day.before;
    SessionRecord planned;
    planned.date = plan.date;
    planned.run_s = plan.planned_run_s;
    planned.speed_kmh = plan.step.speed_kmh;
    with_plan.sessions.push_back(planned);
    const auto breach = first_breach(with_plan, c.rule, plan.date - 13, plan.date);
    CHECK_MESSAGE(!breach, format_day(plan.date) << ": " << (breach ? breach_text(*breach) : ""));
    // Consecutive days: only as the test, or once it was passed since the last reset.
    if (c.last_run && *c.last_run == plan.date - 1) {
        const bool test = plan.decision == Decision::consecutive_day_test;
        CHECK_MESSAGE((test || c.test_passed_since_reset), format_day(plan.date));
        if (c.reset_day) CHECK(plan.date - *c.reset_day > 14);
        if (test) c.last_test_day = plan.date;
    }
    if (plan.consecutive_days_allowed) CHECK(c.test_passed_since_reset);
    // Cadence: anchored to the baseline, never compounding; no cue above the limit.
    const std::optional<double> baseline =
        runner.preferred_cadence_spm ? runner.preferred_cadence_spm : c.baseline;
    for (const Phase& phase : plan.phases) {
        if (!phase.cadence_target_spm) continue;
        REQUIRE(baseline.has_value());
        const double ratio = *phase.cadence_target_spm / *baseline;
        CHECK(ratio >= 1.05 - 0.004);
        CHECK(ratio <= 1.10 + 0.004);
        CHECK(*baseline <= c.profile.cadence->max_baseline_for_cue_spm);
    }
}

} // namespace

TEST_CASE("year-long random histories: no planned session breaks the rules") {
    const std::vector<Profile> profiles = {repo_profile("pain-free-limit"),
                                           repo_profile("walk-run"),
                                           repo_profile("cadence-retraining")};
    int planned = 0, escalated = 0, years = 0;
    unsigned seed = 1;
    for (const Profile& profile : profiles) {
        for (RunnerKind kind : {RunnerKind::steady, RunnerKind::symptomatic, RunnerKind::random,
                                RunnerKind::with_breaks}) {
            for (unsigned i = 0; i < histories_per_kind_and_profile; ++i, ++seed) {
                CAPTURE(seed);
                CAPTURE(profile.name);
                const std::string kind_name = to_string(kind);
                CAPTURE(kind_name);
                std::optional<Checker> checker;
                run_year(seed, profile, YearOptions{365, kind},
                         [&](const Runner& runner, const YearDay& day) {
                             if (!checker) {
                                 const VolumeRule rule = volume_rule(profile, runner);
                                 checker.emplace(
                                     profile, WindowRule{rule.growth, rule.floor_s, rule.floor_m});
                             }
                             check_day(*checker, runner, day);
                         });
                planned += checker->planned_runs;
                escalated += checker->escalation_days;
                ++years;
            }
        }
    }
    MESSAGE("checked " << planned << " planned runs in " << years << " year-long histories, "
                       << escalated << " days waiting for a clinician");
    CHECK(planned > years * 30); // the histories really run
    CHECK(escalated > 0);        // and the escalation path is exercised
}
