#include "controller/protocol/clinician_override.hpp"
#include "controller/protocol/day_planner.hpp"
#include "controller/protocol/run_volume.hpp"
#include "tests/protocol/protocol_fixture.hpp"
#include "tests/protocol/scenario_support.hpp"

#include <doctest/doctest.h>

using namespace tg::protocol;
using namespace tg::protocol::testing;

namespace {

SessionRecord clean_session(Day date, int run_s, double speed = 8.5) {
    SessionRecord session;
    session.date = date;
    session.run_s = run_s;
    session.pain_free_limit_s = run_s;
    session.speed_kmh = speed;
    session.end_reason = EndReason::duration_cap;
    session.max_pain = 1.0;
    return session;
}

CheckIn clean_check_in(Day date) {
    return CheckIn{date, false, false, false};
}

// Two clean 10-minute runs with clean next mornings: ready to progress.
History two_clean_runs() {
    History history;
    history.sessions = {clean_session(start_day, 600), clean_session(start_day + 3, 600)};
    history.check_ins = {clean_check_in(start_day + 1), clean_check_in(start_day + 4)};
    return history;
}

} // namespace

TEST_CASE("the first plan is a run at the profile's starting caps") {
    const Profile profile = repo_profile("pain-free-limit");
    const DayPlan plan = plan_day(profile, test_runner(), {}, start_day);
    REQUIRE_FALSE(plan.rest_day);
    CHECK(plan.decision == Decision::first_session);
    CHECK(plan.pain_threshold == 2.0);
    CHECK(plan.runs_per_week == 2);
    REQUIRE(plan.phases.size() == 3);
    CHECK(plan.phases[0].duration_cap_s == 300);
    CHECK(plan.phases[1].speed_cap_kmh == doctest::Approx(8.5));
    CHECK(plan.phases[1].duration_cap_s == 600);
    CHECK(plan.planned_run_s == 600);
    CHECK(plan.volume_allowed_14d_s == 3000);
}

TEST_CASE("progress needs two symptom-free sessions and their next-morning check-ins") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    History history = two_clean_runs();
    const DayPlan ready = plan_day(profile, runner, history, start_day + 7);
    CHECK(ready.decision == Decision::progress);
    CHECK(ready.step.run_cap_s == 720);

    history.check_ins.pop_back(); // the second session was never confirmed
    const DayPlan unconfirmed = plan_day(profile, runner, history, start_day + 7);
    CHECK(unconfirmed.decision == Decision::hold);
    CHECK(unconfirmed.step.run_cap_s == 600);
    CHECK(mentions(unconfirmed.reasons, "has no next-morning check-in"));

    history = two_clean_runs();
    history.sessions[1].end_reason = EndReason::stopped; // a stop says nothing: no count
    CHECK(plan_day(profile, runner, history, start_day + 7).decision == Decision::hold);

    history = two_clean_runs();
    history.sessions[1].max_pain = 2.5; // above 2/10: regress, even with a clean morning
    const DayPlan after_pain = plan_day(profile, runner, history, start_day + 7);
    CHECK(after_pain.decision == Decision::regress);
    CHECK(after_pain.step.run_cap_s == 480);
}

TEST_CASE("a symptomatic check-in this morning means a rest day; the next run regresses") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    History history = two_clean_runs();
    history.check_ins.push_back(CheckIn{start_day + 7, true, false, false});
    const DayPlan today = plan_day(profile, runner, history, start_day + 7);
    CHECK(today.rest_day);
    CHECK(mentions(today.reasons, "soreness means a whole day off"));
    CHECK(mentions(today.reasons, "pain above baseline"));
    // Soreness adds a whole extra rest day on top of the usual one between runs.
    CHECK(plan_day(profile, runner, history, start_day + 8).rest_day);
    const DayPlan after = plan_day(profile, runner, history, start_day + 9);
    CHECK_FALSE(after.rest_day);
    CHECK(after.decision == Decision::regress);
    CHECK(after.step.run_cap_s == 480);
}

TEST_CASE("a pain report on a rest day counts as a symptom") {
    const Profile profile = repo_profile("pain-free-limit");
    History history = two_clean_runs();
    history.pain_reports.push_back({start_day + 6, 4.0});
    const DayPlan plan = plan_day(profile, test_runner(), history, start_day + 7);
    CHECK(plan.decision == Decision::regress);
    CHECK(mentions(plan.reasons, "pain 4.0/10 reported"));
    history.pain_reports.back().pain = 1.5; // within the threshold: nothing changes
    CHECK(plan_day(profile, test_runner(), history, start_day + 7).decision == Decision::progress);
}

TEST_CASE("the limit coming early pulls the next cap down to the limit plus growth") {
    const Profile profile = repo_profile("pain-free-limit");
    History history;
    SessionRecord session = clean_session(start_day, 300);
    session.end_reason = EndReason::limit_coming;
    history.sessions = {session};
    history.check_ins = {clean_check_in(start_day + 1)};
    const DayPlan plan = plan_day(profile, test_runner(), history, start_day + 3);
    CHECK(plan.decision == Decision::hold);
    CHECK(plan.step.run_cap_s == 360);
    CHECK(mentions(plan.reasons, "The limit came at 5:00"));
}

TEST_CASE("rest days and an already finished session") {
    const Profile profile = repo_profile("pain-free-limit");
    const History history = two_clean_runs();
    const DayPlan next_day = plan_day(profile, test_runner(), history, start_day + 4);
    CHECK(next_day.rest_day);
    CHECK(mentions(next_day.reasons, "at least 1 rest day between runs"));
    const DayPlan same_day = plan_day(profile, test_runner(), history, start_day + 3);
    CHECK(same_day.rest_day);
    CHECK(mentions(same_day.reasons, "already recorded for today"));
}

TEST_CASE("the running volume window and the acute:chronic ratio") {
    History history;
    history.sessions = {clean_session(start_day, 600), clean_session(start_day + 13, 900),
                        clean_session(start_day + 20, 1200)};
    const Day today = start_day + 27;
    const VolumeWindow window = volume_window(history, today, VolumeRule{0.30, 0.0, 0.0}, 8.5);
    CHECK(window.previous_s == 1500); // days 0 and 13
    CHECK(window.current_s == 1200);  // day 20
    CHECK(window.allowed_s == 1950);
    // The window of days 15-28 holds today too: its 14 days before held only 900 s (day 13),
    // so day 20 already used all of its 1170 s and nothing is left today.
    CHECK(window.left_today_s() == 0);
    // Two weeks into a streak (runs with no 14-day hole) the start budget is gone...
    const VolumeWindow budget = volume_window(history, today, VolumeRule{0.30, 4000.0, 1e9}, 8.5);
    CHECK(budget.allowed_s == 1950);
    CHECK(budget.left_today_s() == 0);
    // ...and it is whole again for a fresh start, or after more than 14 days off.
    CHECK(volume_window({}, today, VolumeRule{0.30, 4000.0, 1e9}, 8.5).left_today_s() == 4000);
    CHECK(volume_window(history, today + 20, VolumeRule{0.30, 4000.0, 1e9}, 8.5).left_today_s() ==
          4000);
    // The record's running distance, when it has one, is the distance (not time x speed).
    SessionRecord measured = clean_session(start_day, 600);
    CHECK(session_distance_m(measured) == doctest::Approx(600 * 8.5 / 3.6));
    measured.run_distance_m = 1800.0;
    CHECK(session_distance_m(measured) == doctest::Approx(1800.0));
    CHECK_FALSE(acute_chronic_ratio(history, today, 600).has_value()); // 27 days of history
    const auto ratio = acute_chronic_ratio(history, today + 1, 600);
    REQUIRE(ratio.has_value());
    CHECK(*ratio == doctest::Approx(600.0 / ((900 + 1200 + 600) / 4.0)));
    CHECK_FALSE(acute_chronic_ratio({}, today, 0).has_value());
}

TEST_CASE("the acute:chronic ratio is shown only with 28 days of history, and never gates") {
    const Profile profile = repo_profile("pain-free-limit");
    const DayPlan early = plan_day(profile, test_runner(), two_clean_runs(), start_day + 7);
    CHECK_FALSE(early.acute_chronic_ratio.has_value()); // 4.0 on day 1 meant nothing
    const DayPlan plan = plan_day(profile, test_runner(), two_clean_runs(), start_day + 30);
    REQUIRE(plan.acute_chronic_ratio.has_value());
    CHECK(*plan.acute_chronic_ratio > 1.5); // a "danger zone" value by Gabbett...
    CHECK_FALSE(plan.rest_day);             // ...and still the plan runs
    CHECK(mentions(plan.reasons, "it decides nothing"));
}

TEST_CASE("clinician overrides are validated against their bounds") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    ClinicianOverride change;
    change.date = start_day;
    change.clinician = "PT Jansen";
    change.reason = "pain tolerance assessed";
    change.pain_threshold = 5.0;
    CHECK(validate_override(change, profile, runner).empty());
    change.pain_threshold = 5.5;
    CHECK(validate_override(change, profile, runner).size() == 1);
    change.pain_threshold.reset();
    CHECK(validate_override(change, profile, runner).front() == "the override changes nothing");
    change.speed_kmh = 11.0; // above the runner's pre-injury speed
    change.run_cap_s = 60;   // below the profile's shortest run
    change.walk_run_phase = 2;
    change.runs_per_week = 9;
    CHECK(validate_override(change, profile, runner).size() == 4);
    change.clinician.clear();
    change.reason.clear();
    CHECK(validate_override(change, profile, runner).size() == 6);
}

TEST_CASE("an override sets the step and the threshold; the rules still apply") {
    const Profile profile = repo_profile("pain-free-limit");
    History history = two_clean_runs();
    ClinicianOverride change;
    change.date = start_day + 5;
    change.clinician = "PT Jansen";
    change.reason = "tolerates more";
    change.pain_threshold = 4.0;
    change.run_cap_s = 1800;
    REQUIRE(validate_override(change, profile, test_runner()).empty());
    history.overrides.push_back(change);
    SessionRecord stopped = clean_session(start_day + 5, 300);
    stopped.end_reason = EndReason::stopped;
    history.sessions.push_back(stopped);
    const DayPlan plan = plan_day(profile, test_runner(), history, start_day + 7);
    CHECK(plan.pain_threshold == 4.0);
    CHECK(plan.step.run_cap_s == 1800);
    CHECK(plan.decision == Decision::hold); // a new step: its own two sessions first
    CHECK(mentions(plan.reasons, "Clinician override by PT Jansen (tolerates more)"));
    // The 30%-over-2-weeks rule still trims the run: 1500 s done, 3000 s allowed.
    CHECK(plan.planned_run_s == 1500);
    CHECK(mentions(plan.reasons, "Running time trimmed from 30:00 to 25:00"));
}

TEST_CASE("the plan is deterministic") {
    const Profile profile = repo_profile("walk-run");
    const History history = two_clean_runs();
    const DayPlan a = plan_day(profile, test_runner("walk-run"), history, start_day + 9);
    const DayPlan b = plan_day(profile, test_runner("walk-run"), history, start_day + 9);
    CHECK(a.reasons == b.reasons);
    CHECK(a.planned_run_s == b.planned_run_s);
    CHECK(a.decision == b.decision);
}

TEST_CASE("without an entered preferred cadence, the last session's measured one is used") {
    const Profile profile = repo_profile("cadence-retraining");
    Runner runner = test_runner("cadence-retraining");
    runner.preferred_cadence_spm.reset();
    const DayPlan first = plan_day(profile, runner, {}, start_day);
    REQUIRE_FALSE(first.rest_day);
    CHECK(first.phases[1].cadence_increase.has_value());
    CHECK_FALSE(first.phases[1].cadence_target_spm.has_value()); // measured live
    History history;
    history.sessions = {clean_session(start_day, 600)};
    history.sessions[0].cadence_spm = 160.0;
    history.check_ins = {clean_check_in(start_day + 1)};
    const DayPlan next = plan_day(profile, runner, history, start_day + 3);
    REQUIRE_FALSE(next.rest_day);
    CHECK(next.phases[1].cadence_target_spm == doctest::Approx(172.0));
}
