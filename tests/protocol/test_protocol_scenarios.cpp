#include "controller/protocol/plan_forecast.hpp"
#include "tests/protocol/protocol_fixture.hpp"
#include "tests/protocol/scenario_support.hpp"

#include <doctest/doctest.h>

using namespace tg::protocol;
using namespace tg::protocol::testing;

namespace {

constexpr int weeks = 16;

std::vector<DayPlan> forecast(const OutcomeFunction& outcome = {},
                              const std::string& profile = "pain-free-limit") {
    return plan_days(repo_profile(profile), test_runner(profile), {}, start_day, weeks * 7,
                     outcome);
}

// No run the day after a run unless it is the consecutive-day test or that test was passed.
void check_rest_days(const std::vector<DayPlan>& plans) {
    for (std::size_t i = 1; i < plans.size(); ++i) {
        if (plans[i].rest_day || plans[i - 1].rest_day) continue;
        CHECK_MESSAGE((plans[i].decision == Decision::consecutive_day_test ||
                       plans[i].consecutive_days_allowed),
                      format_day(plans[i].date));
    }
}

void check_volume(const std::vector<DayPlan>& plans, int floor_s = 3000) {
    for (const DayPlan& plan : run_plans(plans)) {
        CHECK(plan.volume_14d_s <= plan.volume_allowed_14d_s);
        CHECK(plan.volume_allowed_14d_s <=
              std::max(static_cast<int>(plan.volume_prev_14d_s * 1.3), floor_s));
    }
}

const DayPlan& first_run_from(const std::vector<DayPlan>& plans, Day day) {
    for (const DayPlan& plan : plans)
        if (!plan.rest_day && plan.date >= day) return plan;
    FAIL("no run on or after " << format_day(day));
    return plans.front();
}

} // namespace

TEST_CASE("steady responder: the limit, then the speed, then the runs per week grow") {
    // 20 weeks: with every 14-day window held to +30 %, the consecutive-day test comes once
    // the volume is steady at the goal (week 17), not during the ramp.
    const auto plans =
        plan_days(repo_profile("pain-free-limit"), test_runner(), {}, start_day, 20 * 7);
    const auto runs = run_plans(plans);
    REQUIRE(runs.size() > 20);

    // Week 1: two runs at 85% of the target speed with a 10-minute cap.
    CHECK(runs_in_week(plans, start_day, 0) == 2);
    CHECK(runs[0].decision == Decision::first_session);
    CHECK(runs[0].phases.size() == 3);
    CHECK(runs[0].phases[0].kind == PhaseKind::warm_up_walk);
    CHECK(runs[0].phases[2].kind == PhaseKind::cool_down);
    CHECK(running_phase(runs[0])->speed_cap_kmh == doctest::Approx(8.5));
    CHECK(running_phase(runs[0])->duration_cap_s == 600);
    CHECK(runs[1].decision == Decision::hold);
    // Week 2: after two symptom-free sessions the cap grows 20% from the last limit.
    CHECK(week_plans(plans, start_day, 1)[0].decision == Decision::progress);
    CHECK(run_plans(week_plans(plans, start_day, 1))[0].step.run_cap_s == 720);
    CHECK(run_plans(week_plans(plans, start_day, 2))[0].step.run_cap_s == 864);

    int previous_cap = 0;
    double previous_speed = 0.0;
    bool reached_goal = false;
    int goal_week = -1;
    for (int week = 0; week < weeks; ++week) {
        const auto week_runs = run_plans(week_plans(plans, start_day, week));
        CHECK_MESSAGE(week_runs.size() >= 2, "week " << week + 1);
        for (const DayPlan& plan : week_runs) {
            // Nothing goes backwards for a runner without symptoms.
            CHECK(plan.step.run_cap_s >= previous_cap);
            CHECK(plan.step.speed_kmh >= previous_speed);
            CHECK(plan.decision != Decision::regress);
            CHECK(plan.step.speed_kmh <= 10.0);
            CHECK(plan.step.run_cap_s <= 1800);
            previous_cap = plan.step.run_cap_s;
            previous_speed = plan.step.speed_kmh;
            if (plan.decision == Decision::maintain && !reached_goal) {
                reached_goal = true;
                goal_week = week;
            }
            // Runs per week follow the cap: 2 below half the target, 3 from half, 4 from 80%.
            const double fraction = plan.step.run_cap_s / 1800.0;
            CHECK(plan.runs_per_week == (fraction >= 0.8 ? 4 : fraction >= 0.5 ? 3 : 2));
        }
    }
    // Speed grows only once the duration goal is reached.
    for (const DayPlan& plan : runs)
        if (plan.step.speed_kmh > 8.5) CHECK(plan.step.run_cap_s == 1800);
    CHECK(reached_goal);
    CHECK(goal_week >= 8);  // gradual...
    CHECK(goal_week <= 14); // ...but it gets there

    // The consecutive-day test comes once, after at least 3 symptom-free weeks, and opens
    // consecutive days.
    int tests = 0;
    for (const DayPlan& plan : runs) {
        if (plan.decision != Decision::consecutive_day_test) continue;
        ++tests;
        CHECK(plan.date - start_day >= 21);
        CHECK(plan.planned_run_s == plan.step.run_cap_s);
    }
    CHECK(tests == 1);
    CHECK(plans.back().consecutive_days_allowed);
    check_rest_days(plans);
    check_volume(plans);
}

TEST_CASE("pain in week 2 ends the run and the plan steps down, then climbs again") {
    Day pain_day = 0;
    const auto outcome = [&pain_day](const DayPlan& plan) {
        SimulatedOutcome out;
        if (pain_day == 0 && plan.date >= start_day + 7) {
            pain_day = plan.date;
            out.run_fraction = 0.6;
            out.end_reason = EndReason::pain;
            out.max_pain = 4.0;
        }
        return out;
    };
    const auto plans = forecast(outcome);
    REQUIRE(pain_day == start_day + 7);
    const auto week2 = run_plans(week_plans(plans, start_day, 1));
    REQUIRE(week2.size() == 2);
    CHECK(week2[0].step.run_cap_s == 720); // the run in which pain came: 432 s of 720
    // Next run: regress to 80% of the time at which pain came, never progress.
    const DayPlan& after = week2[1];
    CHECK(after.decision == Decision::regress);
    CHECK(after.step.run_cap_s == 346);
    CHECK(mentions(after.reasons, "pain 4.0/10 went above the 2.0/10 threshold"));
    // Then two symptom-free sessions at 346 s before the cap grows again.
    const auto week3 = run_plans(week_plans(plans, start_day, 2));
    REQUIRE(week3.size() >= 2);
    CHECK(week3[0].decision == Decision::hold);
    CHECK(week3[0].step.run_cap_s == 346);
    CHECK(week3[1].decision == Decision::progress);
    CHECK(week3[1].step.run_cap_s == 415);
    // Week by week the runner stays behind the steady responder, and still gets back on track.
    const auto steady = forecast();
    for (int week = 1; week < 6; ++week) {
        const auto mine = run_plans(week_plans(plans, start_day, week));
        const auto theirs = run_plans(week_plans(steady, start_day, week));
        REQUIRE(!mine.empty());
        CHECK(mine.back().step.run_cap_s < theirs.back().step.run_cap_s);
    }
    CHECK(run_plans(plans).back().step.run_cap_s == 1800);
    check_rest_days(plans);
    check_volume(plans);
}

TEST_CASE("next-day soreness: a day off, then a lower step, never a progression") {
    const Day sore_session = start_day + 14; // the week-3 Monday run
    const auto outcome = [sore_session](const DayPlan& plan) {
        SimulatedOutcome out;
        out.next_morning_stiffness = plan.date == sore_session;
        out.next_morning_swelling = plan.date == sore_session;
        return out;
    };
    const auto plans = forecast(outcome);
    const DayPlan& sore_run = plans[static_cast<std::size_t>(sore_session - start_day)];
    REQUIRE_FALSE(sore_run.rest_day);
    CHECK(sore_run.step.run_cap_s == 864);
    const DayPlan& morning = plans[static_cast<std::size_t>(sore_session + 1 - start_day)];
    CHECK(morning.rest_day);
    CHECK(mentions(morning.reasons, "swelling, stiffness"));
    CHECK(mentions(morning.reasons, "soreness means a whole day off"));
    const DayPlan& next = first_run_from(plans, sore_session + 1);
    CHECK(next.decision == Decision::regress);
    CHECK(next.step.run_cap_s == 691); // 80% of 864
    CHECK(mentions(next.reasons, "reported swelling, stiffness"));
    // The run after that holds: the count of symptom-free sessions started again.
    const DayPlan& then = first_run_from(plans, next.date + 1);
    CHECK(then.decision == Decision::hold);
    CHECK(then.step.run_cap_s == 691);
    check_rest_days(plans);
    check_volume(plans);
}

TEST_CASE("a runner who skips ten days restarts one step lower") {
    const Day skip_from = start_day + 14;
    const Day skip_to = start_day + 23;
    const auto outcome = [=](const DayPlan& plan) {
        SimulatedOutcome out;
        out.skipped = plan.date >= skip_from && plan.date <= skip_to;
        return out;
    };
    const auto plans = forecast(outcome);
    // Week 3: planned every day (the runner keeps not coming), none done.
    const auto week3 = week_plans(plans, start_day, 2);
    CHECK(run_plans(week3).size() == 7);
    // The last session was day 10 at 720 s with two clean sessions; 14 days later the plan
    // steps down instead of progressing.
    const DayPlan& back = first_run_from(plans, skip_to + 1);
    CHECK(back.date == skip_to + 1);
    CHECK(back.decision == Decision::regress);
    CHECK(back.step.run_cap_s == 576);
    CHECK(mentions(back.reasons, "14 days since the last run (more than 7 days: one step lower"));
    const DayPlan& next = first_run_from(plans, back.date + 1);
    CHECK(next.decision == Decision::hold);
    CHECK(next.date - back.date >= 2);
    // Runs trimmed by the volume rule do not prove the step: no climb before two full ones.
    const DayPlan& third = first_run_from(plans, next.date + 1);
    CHECK(third.decision != Decision::regress);
    CHECK(third.step.run_cap_s <= 691);
    check_volume(plans);
}

TEST_CASE("a high loading rate is advised on, cued with cadence, and never gates the plan") {
    const auto outcome = [](const DayPlan&) {
        SimulatedOutcome out;
        out.avg_loading_rate_bw_per_s = 80.0;
        out.cadence_spm = 164.0;
        return out;
    };
    const auto plans = forecast(outcome);
    const auto steady = forecast();
    REQUIRE(plans.size() == steady.size());
    int advised = 0;
    for (std::size_t i = 0; i < plans.size(); ++i) {
        // Same days, same steps, same caps as the runner with low loading rates.
        CHECK(plans[i].rest_day == steady[i].rest_day);
        CHECK(plans[i].step.run_cap_s == steady[i].step.run_cap_s);
        CHECK(plans[i].planned_run_s == steady[i].planned_run_s);
        CHECK(plans[i].decision == steady[i].decision);
        if (plans[i].date == start_day) {
            CHECK(plans[i].advisories.empty()); // nothing measured yet
            continue;
        }
        REQUIRE(plans[i].advisories.size() == 1);
        ++advised;
        CHECK(plans[i].advisories[0].find("80.0 BW/s, above 66.0 BW/s") != std::string::npos);
        CHECK(plans[i].advisories[0].find("20% to 80% of the impact peak") != std::string::npos);
        CHECK(steady[i].advisories.empty());
        if (plans[i].rest_day) continue;
        const Phase* run = running_phase(plans[i]);
        REQUIRE(run != nullptr);
        REQUIRE(run->cadence_increase.has_value());
        CHECK(*run->cadence_increase == doctest::Approx(0.075));
        CHECK(run->measure_cadence_s == 0); // the typed-in baseline is the anchor
        CHECK(run->cadence_target_spm == doctest::Approx(176.0)); // 164 x 1.075
    }
    CHECK(advised == weeks * 7 - 1);
}

TEST_CASE("walk-run: six phases in order, each at least twice, a rest day between runs") {
    const auto plans = forecast({}, "walk-run");
    const auto runs = run_plans(plans);
    int phase = 0;
    int at_phase = 0;
    for (const DayPlan& plan : runs) {
        const Phase* run = running_phase(plan);
        REQUIRE(run != nullptr);
        if (plan.step.walk_run_phase != phase) {
            CHECK(plan.step.walk_run_phase == phase + 1); // one phase at a time
            CHECK(at_phase >= 2);                         // each phase at least twice
            phase = plan.step.walk_run_phase;
            at_phase = 0;
        }
        if (plan.planned_run_s == plan.step.run_cap_s) ++at_phase;
        if (phase < 5) {
            CHECK(run->kind == PhaseKind::walk_run_intervals);
            CHECK(run->walk_s > 0);
        } else {
            CHECK(run->kind == PhaseKind::run);
        }
        CHECK(plan.phases.front().duration_cap_s == 600); // Trials: 10-15 min warm-up
    }
    CHECK(phase == 5);
    const auto first = running_phase(runs.front());
    CHECK(first->walk_s == 120);
    CHECK(first->run_s == 180);
    CHECK(first->duration_cap_s == 3 * 300); // 3 cycles cover 1 mile at 7.5 / 5.0 km/h
    for (int week = 0; week < weeks; ++week)
        CHECK(runs_in_week(plans, start_day, week) <= 3);
    check_rest_days(plans);
    check_volume(plans, 3240);
}

TEST_CASE("cadence retraining cues +7.5% over the preferred cadence on every run") {
    const auto plans = forecast({}, "cadence-retraining");
    for (const DayPlan& plan : run_plans(plans)) {
        const Phase* run = running_phase(plan);
        REQUIRE(run != nullptr);
        REQUIRE(run->cadence_increase.has_value());
        CHECK(*run->cadence_increase >= 0.05);
        CHECK(*run->cadence_increase <= 0.10);
        CHECK(run->cadence_target_spm == doctest::Approx(176.0));
        CHECK(run->duration_cap_s >= 180); // long enough to measure first
    }
    check_rest_days(plans);
}
