// The leaks of the old 30 %-over-2-weeks guard (issue 12, item 4), one test each. Each fails on
// the engine before the fix: it counted run time only, checked only the window ending on the
// planned day, and allowed a fixed floor whatever the previous two weeks held.
#include "controller/protocol/clinician_override.hpp"
#include "controller/protocol/day_planner.hpp"
#include "controller/protocol/live_session.hpp"
#include "controller/protocol/plan_forecast.hpp"
#include "controller/protocol/progress_state.hpp"
#include "tests/protocol/protocol_fixture.hpp"
#include "tests/protocol/scenario_support.hpp"
#include "tests/protocol/volume_check.hpp"

#include <doctest/doctest.h>

using namespace tg::protocol;
using namespace tg::protocol::testing;

namespace {

WindowRule rule_of(const Profile& profile, const Runner& runner) {
    WindowRule rule;
    rule.growth = profile.progression.max_volume_growth_2wk;
    rule.floor_s = profile.progression.volume_floor_run_s_2wk;
    rule.floor_m = rule.floor_s * initial_step(profile, runner).speed_kmh / 3.6;
    return rule;
}

// Plans `days` days from `first` on top of `history`, every planned run done in full.
History forecast_into(const Profile& profile, const Runner& runner, History history, Day first,
                      int days) {
    for (Day day = first; day < first + days; ++day) {
        const DayPlan plan = plan_day(profile, runner, history, day);
        record_outcome(history, plan, SimulatedOutcome{});
    }
    return history;
}

void check_no_breach(const History& history, const WindowRule& rule, Day first, Day last) {
    const auto breach = first_breach(history, rule, first, last);
    CHECK_MESSAGE(!breach, (breach ? breach_text(*breach) : std::string()));
}

SessionRecord done_run(Day date, int run_s, double speed_kmh, EndReason reason) {
    SessionRecord session;
    session.date = date;
    session.run_s = run_s;
    session.pain_free_limit_s = run_s;
    session.speed_kmh = speed_kmh;
    session.end_reason = reason;
    return session;
}

} // namespace

TEST_CASE("leak 1: speed steps cannot grow the 14-day distance by more than 30 %") {
    // At the duration goal the run time stays flat while the speed steps up, so the run time
    // never grows but the distance does (+39-43 % in 14 days before the fix).
    const Profile profile = repo_profile("pain-free-limit");
    Runner runner = test_runner();
    runner.target_speed_kmh = 12.0;
    History history;
    ClinicianOverride at_goal_time;
    at_goal_time.date = start_day;
    at_goal_time.clinician = "dr. test";
    at_goal_time.reason = "returning runner at full duration";
    at_goal_time.speed_kmh = 7.0;
    at_goal_time.run_cap_s = runner.target_run_s;
    at_goal_time.runs_per_week = 3;
    REQUIRE(validate_override(at_goal_time, profile, runner).empty());
    history.overrides.push_back(at_goal_time);
    // Four weeks at 7 km/h, then a clinician raises the speed step by step.
    for (int week = 0; week < 4; ++week)
        for (int run = 0; run < 3; ++run)
            history.sessions.push_back(done_run(start_day + 7 * week + 2 * run, runner.target_run_s,
                                                7.0, EndReason::duration_cap));
    ClinicianOverride faster = at_goal_time;
    faster.date = start_day + 28;
    faster.speed_kmh = 10.5;
    faster.reason = "speed up";
    history.overrides.push_back(faster);
    const Day first = start_day + 28;
    history = forecast_into(profile, runner, history, first, 28);
    check_no_breach(history, rule_of(profile, runner), first - 13, first + 27);
}

TEST_CASE("leak 2: windows that end on rest days are checked too (walk-run)") {
    const Profile profile = repo_profile("walk-run");
    const Runner runner = test_runner("walk-run");
    const History history = forecast_into(profile, runner, {}, start_day, 112);
    REQUIRE(history.sessions.size() > 20);
    check_no_breach(history, rule_of(profile, runner), start_day - 13, start_day + 111);
}

TEST_CASE("leak 2: windows that end on rest days are checked too (pain-free limit)") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    const History history = forecast_into(profile, runner, {}, start_day, 112);
    REQUIRE(history.sessions.size() > 20);
    check_no_breach(history, rule_of(profile, runner), start_day - 13, start_day + 111);
}

TEST_CASE("leak 3: the floor tapers: a small first fortnight does not buy a full floor") {
    // One 10-minute run, then nothing for two weeks: the old fixed floor (50 min) allowed the
    // third week +384 % over it. The floor now only starts a streak: two weeks in, it is 30 %.
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    History history;
    history.sessions.push_back(done_run(start_day, 620, 8.5, EndReason::duration_cap));
    history.check_ins.push_back({start_day + 1, false, false, false});
    const Day first = start_day + 14;
    history = forecast_into(profile, runner, history, first, 42);
    REQUIRE(history.sessions.size() > 3);
    check_no_breach(history, rule_of(profile, runner), start_day - 13, first + 41);
    const auto days = volume_by_day(history);
    CHECK(window_sum(days, first, first + 13).run_s <= 620 * 1.3 + 1);
}

TEST_CASE("stopped and faulted runs count with their real run time") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    History history;
    // Four runs stopped (a stop button, a drive fault) after 12 minutes each.
    for (int run = 0; run < 4; ++run)
        history.sessions.push_back(done_run(start_day + 3 * run, 720, 8.5, EndReason::stopped));
    const Day today = start_day + 12;
    const DayPlan plan = plan_day(profile, runner, history, today);
    // 48 minutes in the last 13 days: the floor (50 min) minus nothing before them leaves 2.
    CHECK(plan.planned_run_s <= profile.progression.volume_floor_run_s_2wk - 4 * 720);
    CHECK(plan.rest_day); // less than the shortest run is left

    // The live session records what was really run when it is stopped mid-run.
    const DayPlan first = plan_day(profile, runner, {}, start_day);
    LiveSession live(first, 0.0);
    LiveInput input;
    input.now_s = 300.0; // end of the warm-up
    input.belt_speed_kmh = 5.0;
    live.update(input);
    input.now_s = 310.0; // running
    input.belt_speed_kmh = 8.5;
    live.update(input);
    input.now_s = 500.0;
    input.stop = true;
    live.update(input);
    const SessionRecord record = live.record(start_day);
    CHECK(record.run_s == 200);
    CHECK(record.end_reason == EndReason::stopped);
}
