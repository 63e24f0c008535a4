// Issue 12, items 1, 2, 3 and 5: graded return after breaks, escalation of severe or repeated
// pain, the next-morning check-in rules, and the cadence target anchored to a baseline.
// Days are driven by hand.
#include "controller/protocol/clinician_override.hpp"
#include "controller/protocol/day_planner.hpp"
#include "controller/protocol/live_session.hpp"
#include "controller/protocol/plan_forecast.hpp"
#include "tests/protocol/protocol_fixture.hpp"
#include "tests/protocol/scenario_support.hpp"

#include <cmath>
#include <doctest/doctest.h>

using namespace tg::protocol;
using namespace tg::protocol::testing;

namespace {

SessionRecord run_on(Day date, int run_s, double speed, double pain = 1.0,
                     EndReason reason = EndReason::duration_cap) {
    SessionRecord session;
    session.date = date;
    session.run_s = run_s;
    session.pain_free_limit_s = run_s;
    session.speed_kmh = speed;
    session.end_reason = reason;
    session.max_pain = pain;
    return session;
}

// A runner a clinician set at 25 min and 9.5 km/h, with clean runs every other day for four
// weeks up to `last`.
History progressed_runner(Day last) {
    History history;
    ClinicianOverride step;
    step.date = last - 27;
    step.clinician = "dr. test";
    step.reason = "returning at a known level";
    step.run_cap_s = 1500;
    step.speed_kmh = 9.5;
    history.overrides.push_back(step);
    for (Day day = last - 26; day <= last; day += 2) {
        history.sessions.push_back(run_on(day, 1500, 9.5));
        history.check_ins.push_back({day + 1, false, false, false});
    }
    return history;
}

DayPlan first_run(const Profile& profile, const Runner& runner, const History& history, Day from) {
    for (Day day = from; day < from + 14; ++day) {
        const DayPlan plan = plan_day(profile, runner, history, day);
        if (!plan.rest_day) return plan;
    }
    FAIL("no run within two weeks of " << format_day(from));
    return {};
}

std::vector<DayPlan> steady_weeks(const Profile& profile, const Runner& runner, int weeks) {
    return plan_days(profile, runner, {}, start_day, weeks * 7);
}

} // namespace

TEST_CASE("graded return: the step back depends on the length of the break") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    const Day last = start_day + 40;
    const History history = progressed_runner(last);
    CHECK(profile.break_return.source.find("clinical default, configurable") != std::string::npos);

    const Step before = plan_day(profile, runner, history, last + 2).step;
    REQUIRE(before.run_cap_s > 1200);
    // Up to 7 days off: no step back.
    const DayPlan short_break = plan_day(profile, runner, history, last + 6);
    CHECK(short_break.decision != Decision::regress);
    CHECK(short_break.step.run_cap_s >= before.run_cap_s);
    // 8-14 days: one step (the cap shrinks by the profile's 20 %), speed unchanged.
    const DayPlan ten = plan_day(profile, runner, history, last + 10);
    CHECK(ten.decision == Decision::regress);
    CHECK(ten.step.run_cap_s == std::lround(before.run_cap_s * 0.8));
    CHECK(ten.step.speed_kmh == doctest::Approx(before.speed_kmh));
    // 15-28 days: about half of the progression since the first session, speed included.
    const DayPlan twenty_two = plan_day(profile, runner, history, last + 22);
    CHECK(twenty_two.decision == Decision::regress);
    CHECK(twenty_two.step.run_cap_s == 600 + (before.run_cap_s - 600) / 2);
    CHECK(twenty_two.step.speed_kmh == doctest::Approx(9.0)); // 8.5 + (9.5 - 8.5) / 2
    CHECK(mentions(twenty_two.reasons, "about half"));
    // More than 4 weeks: the first-session caps, speed included.
    const DayPlan ninety = plan_day(profile, runner, history, last + 90);
    CHECK(ninety.decision == Decision::regress);
    CHECK(ninety.step.run_cap_s == 600);
    CHECK(ninety.step.speed_kmh == doctest::Approx(8.5));
    CHECK(mentions(ninety.reasons, "first-session caps"));
}

TEST_CASE("graded return in walk-run: one phase, about half the phases, or phase 1") {
    const Profile profile = repo_profile("walk-run");
    const Runner runner = test_runner("walk-run");
    History history;
    ClinicianOverride phase;
    phase.date = start_day;
    phase.clinician = "dr. test";
    phase.reason = "at phase 5";
    phase.walk_run_phase = 5;
    history.overrides.push_back(phase);
    history.sessions.push_back(run_on(start_day, 720, 7.5));
    history.check_ins.push_back({start_day + 1, false, false, false});
    CHECK(plan_day(profile, runner, history, start_day + 10).step.walk_run_phase == 3);
    CHECK(plan_day(profile, runner, history, start_day + 20).step.walk_run_phase == 2);
    CHECK(plan_day(profile, runner, history, start_day + 40).step.walk_run_phase == 0);
}

TEST_CASE("a break withdraws consecutive days: the test must be passed again") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    auto plans = steady_weeks(profile, runner, 20);
    REQUIRE(plans.back().consecutive_days_allowed);
    // Rebuild the history of those 20 weeks, then three weeks off.
    History history;
    for (const DayPlan& plan : plans)
        record_outcome(history, plan, SimulatedOutcome{});
    const Day back = start_day + 20 * 7 + 21;
    const auto after = plan_days(profile, runner, history, back, 21);
    CHECK_FALSE(after.front().consecutive_days_allowed);
    CHECK(mentions(after.front().reasons, "withdrawn"));
    for (std::size_t i = 1; i < after.size(); ++i)
        if (!after[i].rest_day) CHECK_FALSE(!after[i - 1].rest_day); // no two runs in a row
    CHECK(after.front().runs_per_week <= 4);
}

TEST_CASE("a symptom withdraws consecutive days, and none come within two weeks of it") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    const auto plans = steady_weeks(profile, runner, 20);
    REQUIRE(plans.back().consecutive_days_allowed);
    History history;
    for (const DayPlan& plan : plans)
        record_outcome(history, plan, SimulatedOutcome{});
    const Day sore = history.check_ins.back().date;
    history.check_ins.back().swelling = true;
    const auto after = plan_days(profile, runner, history, sore, 42);
    bool test_done = false;
    for (std::size_t i = 1; i < after.size(); ++i) {
        // Withdrawn until the consecutive-day test is passed again (3 symptom-free weeks).
        if (!test_done) CHECK_FALSE(after[i].consecutive_days_allowed);
        if (!after[i].rest_day && !after[i - 1].rest_day) CHECK(after[i].date - sore > 14);
        test_done = test_done || after[i].decision == Decision::consecutive_day_test;
    }
    CHECK_FALSE(after[14].consecutive_days_allowed);
}

TEST_CASE("escalation: pain above 5/10 in a run pauses planning until a clinician clears it") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    History history;
    history.sessions.push_back(run_on(start_day, 240, 8.5, 10.0, EndReason::pain));
    history.check_ins.push_back({start_day + 1, false, false, false});
    for (Day day = start_day + 1; day < start_day + 42; ++day) {
        const DayPlan plan = plan_day(profile, runner, history, day);
        CHECK(plan.rest_day);
        CHECK(plan.decision == Decision::clinician_review);
        CHECK(plan.clinician_review_needed);
        CHECK(plan.review_reason.find("pain 10.0/10") != std::string::npos);
        CHECK(mentions(plan.reasons, "Clinician review needed"));
    }
    history.clearances.push_back({start_day + 42, "dr. test", "examined: irritation settled"});
    const DayPlan cleared = first_run(profile, runner, history, start_day + 42);
    CHECK_FALSE(cleared.clinician_review_needed);
    CHECK(cleared.decision == Decision::regress); // and never a progression after it
    CHECK(mentions(cleared.reasons, "examined: irritation settled"));
}

TEST_CASE("escalation: 10/10 on every run for six weeks plans no second run") {
    const Profile profile = repo_profile("pain-free-limit");
    const auto outcome = [](const DayPlan&) {
        SimulatedOutcome out;
        out.end_reason = EndReason::pain;
        out.max_pain = 10.0;
        out.run_fraction = 0.3;
        return out;
    };
    const auto plans = plan_days(profile, test_runner(), {}, start_day, 42, outcome);
    CHECK(run_plans(plans).size() == 1);
}

TEST_CASE("escalation: the threshold hit in three sessions in a row") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    History history;
    for (int i = 0; i < 3; ++i) {
        history.sessions.push_back(run_on(start_day + 3 * i, 300, 8.5, 3.0, EndReason::pain));
        history.check_ins.push_back({start_day + 3 * i + 1, false, false, false});
        const DayPlan next = plan_day(profile, runner, history, start_day + 3 * i + 3);
        CHECK(next.clinician_review_needed == (i == 2));
    }
    CHECK(plan_day(profile, runner, history, start_day + 9).review_reason.find("3 sessions") !=
          std::string::npos);
}

TEST_CASE("escalation: pain at rest above 5/10, or above baseline two mornings in a row") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    History rest_pain;
    rest_pain.pain_reports.push_back({start_day, 6.0});
    CHECK(plan_day(profile, runner, rest_pain, start_day + 2).clinician_review_needed);

    History mornings;
    mornings.sessions.push_back(run_on(start_day, 600, 8.5));
    mornings.check_ins.push_back({start_day + 1, true, false, false});
    CHECK_FALSE(plan_day(profile, runner, mornings, start_day + 1).clinician_review_needed);
    mornings.check_ins.push_back({start_day + 2, true, false, false});
    const DayPlan plan = plan_day(profile, runner, mornings, start_day + 3);
    CHECK(plan.clinician_review_needed);
    CHECK(plan.review_reason.find("two mornings in a row") != std::string::npos);
}

TEST_CASE("severe pain in a live session: short cool-down, and the plan says what to do") {
    const Profile profile = repo_profile("pain-free-limit");
    const DayPlan plan = plan_day(profile, test_runner(), {}, start_day);
    CHECK(plan.live.severe_pain_above == doctest::Approx(5.0));
    CHECK(plan.live.severe_pain_cool_down_s == 60);
    CHECK(is_severe_pain(plan.live, 6.0));
    CHECK_FALSE(is_severe_pain(plan.live, 5.0));
    LiveSession live(plan, 0.0);
    LiveInput input;
    input.now_s = 300.0;
    input.belt_speed_kmh = 5.0;
    live.update(input); // warm-up done
    input.now_s = 400.0;
    input.belt_speed_kmh = 8.5;
    input.pain = 9.0;
    const LiveOutput out = live.update(input);
    CHECK(out.severe_pain);
    CHECK(out.run_phase_ended);
    CHECK(out.kind == PhaseKind::cool_down);
    CHECK(out.event.find("Clinician review needed") != std::string::npos);
    input.pain.reset();
    input.now_s = 400.0 + 59.0;
    CHECK_FALSE(live.update(input).finished);
    input.now_s = 400.0 + 61.0; // the short cool-down, not the plan's 5 minutes
    CHECK(live.update(input).finished);
}

TEST_CASE("check-ins: a missed one makes the next session a hold; two ask a clinician") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    History history;
    history.sessions = {run_on(start_day, 600, 8.5), run_on(start_day + 3, 600, 8.5)};
    history.check_ins = {{start_day + 1, false, false, false}};
    const DayPlan hold = first_run(profile, runner, history, start_day + 5);
    CHECK(hold.decision == Decision::hold);
    CHECK(mentions(hold.reasons, "has no next-morning check-in"));
    CHECK_FALSE(hold.clinician_prompt.has_value());

    history.sessions.push_back(run_on(hold.date, 600, 8.5)); // and no check-in again
    const DayPlan second = plan_day(profile, runner, history, hold.date + 3);
    REQUIRE(second.clinician_prompt.has_value());
    CHECK(second.clinician_prompt->find("2 sessions in a row") != std::string::npos);
    history.check_ins.push_back({hold.date + 1, false, false, false});
    CHECK_FALSE(plan_day(profile, runner, history, hold.date + 3).clinician_prompt.has_value());
}

TEST_CASE("check-ins: soreness adds a whole extra rest day to an every-other-day schedule") {
    const Profile profile = repo_profile("walk-run");
    const Runner runner = test_runner("walk-run");
    History history;
    history.sessions = {run_on(start_day, 540, 7.5)};
    history.check_ins = {{start_day + 1, false, false, true}};
    CHECK(plan_day(profile, runner, history, start_day + 1).rest_day);
    CHECK(plan_day(profile, runner, history, start_day + 2).rest_day); // the extra day
    CHECK_FALSE(plan_day(profile, runner, history, start_day + 3).rest_day);
}

TEST_CASE("cadence: the target stays at baseline x 1.075 when the runner follows the cue") {
    const Profile profile = repo_profile("cadence-retraining");
    const Runner runner = test_runner("cadence-retraining"); // typed-in baseline 164
    OutcomeFunction follow = [](const DayPlan& plan) {
        SimulatedOutcome out;
        out.cadence_spm = running_phase(plan)->cadence_target_spm;
        return out;
    };
    const auto plans = plan_days(profile, runner, {}, start_day, 8 * 7, follow);
    int cued = 0;
    for (const DayPlan& plan : run_plans(plans)) {
        const Phase* run = running_phase(plan);
        REQUIRE(run->cadence_target_spm.has_value());
        CHECK(*run->cadence_target_spm == 176.0); // 164 x 1.075, session 1 and session 20
        CHECK(run->measure_cadence_s == 0);
        ++cued;
    }
    CHECK(cued > 10);
}

TEST_CASE("cadence: without a typed-in value the baseline is measured once, then fixed") {
    const Profile profile = repo_profile("cadence-retraining");
    Runner runner = test_runner("cadence-retraining");
    runner.preferred_cadence_spm.reset();
    int session = 0;
    OutcomeFunction follow = [&session](const DayPlan& plan) {
        SimulatedOutcome out;
        const auto target = running_phase(plan)->cadence_target_spm;
        out.cadence_spm = session++ == 0 ? 150.0 : target.value_or(150.0) + 3.0;
        return out;
    };
    const auto plans = plan_days(profile, runner, {}, start_day, 6 * 7, follow);
    const auto runs = run_plans(plans);
    REQUIRE(runs.size() > 5);
    CHECK(running_phase(runs[0])->measure_cadence_s == profile.cadence->measure_s);
    CHECK_FALSE(running_phase(runs[0])->cadence_target_spm.has_value());
    for (std::size_t i = 1; i < runs.size(); ++i) {
        CHECK(runs[i].cadence_baseline_spm == doctest::Approx(150.0));
        CHECK(running_phase(runs[i])->cadence_target_spm == doctest::Approx(161.0)); // 150 x 1.075
    }
}

TEST_CASE("cadence: a baseline above 170 is flagged and gets no automatic cue") {
    const Profile profile = repo_profile("cadence-retraining");
    Runner runner = test_runner("cadence-retraining");
    runner.preferred_cadence_spm = 176.0;
    const DayPlan plan = plan_day(profile, runner, {}, start_day);
    REQUIRE_FALSE(plan.rest_day);
    CHECK(plan.cadence_baseline_above_cue_limit);
    CHECK_FALSE(running_phase(plan)->cadence_increase.has_value());
    CHECK_FALSE(running_phase(plan)->cadence_target_spm.has_value());
    CHECK(mentions(plan.advisories, "above 170"));
}

TEST_CASE("cadence live: the cue is the plan's anchored target, not this session x 1.075") {
    const Profile profile = repo_profile("cadence-retraining");
    const DayPlan plan = plan_day(profile, test_runner("cadence-retraining"), {}, start_day);
    LiveSession live(plan, 0.0);
    LiveInput input;
    input.now_s = 300.0;
    input.belt_speed_kmh = 5.0;
    live.update(input);
    input.belt_speed_kmh = 8.5;
    input.cadence_spm = 176.0; // already at the target
    for (double t = 301.0; t < 300.0 + 200.0; t += 1.0) {
        input.now_s = t;
        const LiveOutput out = live.update(input);
        REQUIRE(out.cadence_target_spm.has_value());
        CHECK(*out.cadence_target_spm == 176.0); // not 189
    }
}

TEST_CASE("entry checks are data in the profile and listed for the first session only") {
    const Profile profile = repo_profile("pain-free-limit");
    REQUIRE(profile.entry_checks.size() == 3);
    CHECK(profile.entry_checks[0].id == "pain_at_rest");
    CHECK(profile.entry_checks[2].asked_of == "clinician");
    const auto plans = plan_days(profile, test_runner(), {}, start_day, 7);
    const auto runs = run_plans(plans);
    REQUIRE(runs.size() >= 2);
    std::vector<std::string> ids;
    for (const auto& check : runs[0].entry_checks) {
        ids.push_back(check.id);
        CHECK_FALSE(check.passed);
    }
    CHECK(ids == std::vector<std::string>{"pain_at_rest", "pain_free_walking", "cleared_to_run"});
    CHECK(runs[0].entry_checks_open());
    CHECK(mentions(runs[0].reasons, "Cleared to run by the clinician (clinician)"));
    CHECK(runs[1].entry_checks.empty());
    // Answers in the records: passed ones close, the plan names only what is still open.
    History answered;
    answered.entry_checks_passed = {"pain_at_rest", "cleared_to_run"};
    const auto again = run_plans(plan_days(profile, test_runner(), answered, start_day, 1));
    REQUIRE(again.size() == 1);
    CHECK(again[0].entry_checks_open());
    CHECK(again[0].entry_checks[0].passed);
    CHECK_FALSE(again[0].entry_checks[1].passed);
    CHECK_FALSE(mentions(again[0].reasons, "Cleared to run by the clinician (clinician)"));
    answered.entry_checks_passed.push_back("pain_free_walking");
    const auto cleared = run_plans(plan_days(profile, test_runner(), answered, start_day, 1));
    REQUIRE(cleared.size() == 1);
    CHECK_FALSE(cleared[0].entry_checks_open());
}

TEST_CASE("an entry check asked of nobody is refused with file and line") {
    const std::string text = R"(
[profile]
name = "x"
kind = "walk-run"
description = "x"
[pain]
threshold = 2.0
max_threshold = 5.0
[warm_up]
duration_s = 60
speed_kmh = 5.0
[cool_down]
duration_s = 60
speed_kmh = 4.5
[rest]
min_rest_days_between_runs = 1
days_off_after_soreness = 1
regress_after_gap_days = 7
[progression]
symptom_free_sessions_to_progress = 2
max_volume_growth_2wk = 0.3
volume_floor_run_s_2wk = 3000
regress_fraction = 0.8
min_share_of_cap = 0.5
[loading_rate]
advisory_bw_per_s = 66.0
method = "m"
cadence_cue_when_high = false
[walk_run]
walk_speed_kmh = 5.0
run_speed_fraction = 0.75
runs_per_week = 3
[[walk_run.phase]]
walk_s = 120
run_s = 180
distance_m = 1600.0
effort = 3
[[entry_check]]
id = "pain_at_rest"
question = "Pain at rest is low"
asked_of = "the neighbour"
)";
    try {
        (void)parse_profile(text, "bad.toml");
        FAIL("accepted");
    } catch (const ProfileError& error) {
        const std::string what = error.what();
        CHECK(what.find("bad.toml") != std::string::npos);
        CHECK(what.find("asked_of") != std::string::npos);
    }
}
