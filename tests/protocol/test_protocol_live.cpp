#include "controller/protocol/day_planner.hpp"
#include "controller/protocol/live_session.hpp"
#include "tests/protocol/protocol_fixture.hpp"

#include <doctest/doctest.h>

using namespace tg::protocol;
using namespace tg::protocol::testing;

namespace {

// warm-up 60 s, run 300 s, cool-down 60 s, pain threshold 2/10.
DayPlan simple_plan() {
    DayPlan plan;
    plan.rest_day = false;
    plan.pain_threshold = 2.0;
    plan.phases = {Phase{PhaseKind::warm_up_walk, 5.0, 60, 0, 0, 0.0, {}, 0, {}, "warm"},
                   Phase{PhaseKind::run, 9.0, 300, 0, 0, 0.0, {}, 0, {}, "run"},
                   Phase{PhaseKind::cool_down, 4.5, 60, 0, 0, 0.0, {}, 0, {}, "cool"}};
    return plan;
}

LiveInput at(double now_s, double belt_kmh = 0.0) {
    LiveInput input;
    input.now_s = now_s;
    input.belt_speed_kmh = belt_kmh;
    return input;
}

// Ticks at 10 Hz from `from` to `to` with the belt at the requested speed.
LiveOutput run_until(LiveSession& session, double from, double to, double& belt) {
    LiveOutput out;
    const int ticks = static_cast<int>((to - from) * 10.0 + 0.5);
    for (int i = 0; i <= ticks; ++i) {
        out = session.update(at(from + i * 0.1, belt));
        belt = out.speed_request_kmh;
        if (out.finished) break;
    }
    return out;
}

} // namespace

TEST_CASE("warm-up, run to the duration cap, cool-down, finished") {
    LiveSession session(simple_plan(), 100.0);
    double belt = 0.0;
    LiveOutput out = session.update(at(100.0));
    CHECK(out.kind == PhaseKind::warm_up_walk);
    CHECK(out.speed_request_kmh == 5.0);
    out = run_until(session, 100.0, 160.0, belt);
    CHECK(out.kind == PhaseKind::run);
    CHECK(out.running);
    CHECK(out.speed_request_kmh == 9.0);
    out = run_until(session, 160.1, 459.9, belt);
    CHECK(out.kind == PhaseKind::run);
    out = session.update(at(460.1, 9.0));
    CHECK(out.run_phase_ended);
    CHECK(out.kind == PhaseKind::cool_down);
    CHECK(out.speed_request_kmh == 4.5);
    REQUIRE(session.limit().has_value());
    CHECK(session.limit()->reason == EndReason::duration_cap);
    CHECK(session.limit()->run_s == 300);
    CHECK(session.limit()->speed_kmh == 9.0);
    out = run_until(session, 460.2, 530.0, belt);
    CHECK(out.finished);
    CHECK(out.speed_request_kmh == 0.0);
    const SessionRecord record = session.record(start_day);
    CHECK(record.run_s == 300);
    CHECK(record.end_reason == EndReason::duration_cap);
}

TEST_CASE("pain above the threshold ends the run phase and records the limit") {
    LiveSession session(simple_plan(), 0.0);
    double belt = 0.0;
    run_until(session, 0.0, 200.0, belt);
    LiveInput input = at(200.1, 8.8);
    input.pain = 2.0; // at the threshold: go on
    CHECK_FALSE(session.update(input).run_phase_ended);
    input.now_s = 230.0;
    input.pain = 3.0;
    const LiveOutput out = session.update(input);
    CHECK(out.run_phase_ended);
    CHECK(out.kind == PhaseKind::cool_down);
    CHECK(out.event.find("pain") != std::string::npos);
    REQUIRE(session.limit().has_value());
    CHECK(session.limit()->reason == EndReason::pain);
    CHECK(session.limit()->run_s == 170);
    CHECK(session.limit()->max_pain == 3.0);
    CHECK(session.record(start_day).max_pain == 3.0);
}

TEST_CASE("\"limit coming\" ends the run phase; stop ends everything; time never runs back") {
    LiveSession session(simple_plan(), 0.0);
    double belt = 0.0;
    run_until(session, 0.0, 120.0, belt);
    LiveInput input = at(120.0, 9.0);
    input.limit_coming = true;
    CHECK(session.update(input).run_phase_ended);
    CHECK(session.limit()->reason == EndReason::limit_coming);
    CHECK(session.limit()->run_s == 60);
    CHECK(session.update(at(50.0)).kind ==
          PhaseKind::cool_down); // an old timestamp changes nothing
    LiveInput stop = at(130.0);
    stop.stop = true;
    const LiveOutput out = session.update(stop);
    CHECK(out.finished);
    CHECK(out.speed_request_kmh == 0.0);
    CHECK(session.limit()->reason == EndReason::limit_coming); // the limit was already set
}

TEST_CASE("pain during the warm-up skips the run") {
    LiveSession session(simple_plan(), 0.0);
    LiveInput input = at(30.0);
    input.pain = 4.0;
    const LiveOutput out = session.update(input);
    CHECK(out.kind == PhaseKind::cool_down);
    CHECK(out.run_phase_ended);
    CHECK(session.limit()->run_s == 0);
    CHECK(session.limit()->reason == EndReason::pain);
}

TEST_CASE("walk-run intervals alternate run and walk speeds and count only running time") {
    DayPlan plan = simple_plan();
    plan.phases[1] =
        Phase{PhaseKind::walk_run_intervals, 8.0, 3 * 300, 120, 180, 5.0, {}, 0, {}, "iv"};
    LiveSession session(plan, 0.0);
    double belt = 0.0;
    run_until(session, 0.0, 60.0, belt);
    CHECK(session.update(at(61.0, 8.0)).speed_request_kmh == 8.0);         // run first
    CHECK(session.update(at(60.0 + 200.0, 8.0)).speed_request_kmh == 5.0); // then walk
    CHECK_FALSE(session.update(at(60.0 + 200.0, 5.0)).running);
    CHECK(session.update(at(60.0 + 310.0, 5.0)).speed_request_kmh == 8.0);
    LiveInput input = at(60.0 + 520.0, 5.0); // 2nd walk: 180 + 180 s run so far
    input.limit_coming = true;
    session.update(input);
    REQUIRE(session.limit().has_value());
    CHECK(session.limit()->run_s == 360);
}

TEST_CASE("cadence: without a baseline, measured over the first minutes, then cued +7.5%") {
    Runner runner = test_runner("cadence-retraining");
    runner.preferred_cadence_spm.reset();
    const DayPlan plan = plan_day(repo_profile("cadence-retraining"), runner, {}, start_day);
    REQUIRE(plan.phases.size() == 3);
    LiveSession session(plan, 0.0);
    double belt = 0.0;
    run_until(session, 0.0, 300.0, belt); // warm-up is 5 min
    LiveOutput out;
    for (double t = 300.1; t < 300.0 + 119.0; t += 1.0) {
        LiveInput input = at(t, 8.5);
        input.cadence_spm = 160.0;
        out = session.update(input);
        CHECK_FALSE(out.cadence_target_spm.has_value()); // still measuring
    }
    LiveInput input = at(300.0 + 125.0, 8.5);
    input.cadence_spm = 171.0; // after the measurement window: not part of the preferred cadence
    out = session.update(input);
    REQUIRE(out.cadence_target_spm.has_value());
    CHECK(*out.cadence_target_spm == 172.0); // 160 x 1.075
    CHECK(session.measured_cadence_spm() == doctest::Approx(160.0));
}

TEST_CASE("a rest day has nothing to run") {
    DayPlan plan;
    LiveSession session(plan, 0.0);
    CHECK(session.finished());
    CHECK(session.update(at(1.0)).speed_request_kmh == 0.0);
}
