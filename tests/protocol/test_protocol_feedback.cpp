// Issue 16, item 3: the faded feedback schedule as the planner applies it to a runner's real
// history: today's session number, the shares, the return when cadence falls back, the
// clinician's mute, and the plan's JSON as the HMI reads it. Days are driven by hand.
#include "controller/protocol/day_planner.hpp"
#include "controller/protocol/plan_json.hpp"
#include "tests/protocol/protocol_fixture.hpp"

#include <doctest/doctest.h>
#include <functional>

using namespace tg::protocol;
using namespace tg::protocol::testing;

namespace {

// Runs every planned run day from start_day as planned, with `cadence(n)` the n-th session's
// mean running cadence, until `sessions` runs are done; returns each run day's plan.
std::vector<DayPlan> run_sessions(const Profile& profile, const Runner& runner, int sessions,
                                  const std::function<double(int)>& cadence,
                                  History* out = nullptr) {
    History history;
    std::vector<DayPlan> plans;
    for (Day day = start_day; static_cast<int>(plans.size()) < sessions; ++day) {
        REQUIRE(day < start_day + 120);
        const DayPlan plan = plan_day(profile, runner, history, day);
        if (plan.rest_day) continue;
        plans.push_back(plan);
        SessionRecord s;
        s.date = day;
        s.run_s = plan.planned_run_s;
        s.pain_free_limit_s = plan.planned_run_s;
        s.speed_kmh = plan.step.speed_kmh;
        s.end_reason = EndReason::duration_cap;
        s.max_pain = 1.0;
        s.cadence_spm = cadence(static_cast<int>(plans.size()));
        s.avg_loading_rate_bw_per_s = 48.0;
        history.sessions.push_back(s);
        history.check_ins.push_back({day + 1, false, false, false});
    }
    if (out) *out = history;
    return plans;
}

double in_band(int) {
    return 176.0; // the goal: 164 x 1.075, rounded
}

} // namespace

TEST_CASE("cadence retraining: whole run in sessions 1-4, fading, off from session 8") {
    const Profile profile = repo_profile("cadence-retraining");
    REQUIRE(profile.feedback.has_value());
    const auto plans = run_sessions(profile, test_runner("cadence-retraining"), 10, in_band);
    const double expected[] = {1.0, 1.0, 1.0, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0, 0.0};
    for (std::size_t i = 0; i < plans.size(); ++i) {
        CAPTURE(i);
        REQUIRE(plans[i].feedback.has_value());
        const FeedbackPlan& f = *plans[i].feedback;
        CHECK(f.session == static_cast<int>(i) + 1);
        CHECK(f.metronome_share == doctest::Approx(expected[i]));
        CHECK(f.loading_share == doctest::Approx(expected[i]));
        CHECK_FALSE(f.metronome_returned);
        CHECK_FALSE(f.metronome_muted);
        if (i > 0) CHECK(f.cadence_goal_spm == doctest::Approx(176.0));
        // The reason is in the plan's words too (the CLI's plan and the HMI's plan screen).
        bool told = false;
        for (const std::string& r : plans[i].reasons)
            told = told || r.starts_with("Feedback, session " + std::to_string(i + 1) + ":");
        CHECK(told);
    }
    CHECK(plans[5].feedback->reason.find("fading to off by session 8") != std::string::npos);
    CHECK(plans[8].feedback->reason.find("faded out") != std::string::npos);
}

TEST_CASE("the metronome returns for the whole run when cadence falls below the band") {
    const Profile profile = repo_profile("cadence-retraining");
    // Session 6 drifts back to the old cadence: 165 < 176 x 0.97.
    const auto plans = run_sessions(profile, test_runner("cadence-retraining"), 8,
                                    [](int n) { return n == 6 ? 165.0 : 176.0; });
    REQUIRE(plans[6].feedback.has_value());
    CHECK(plans[6].feedback->metronome_returned);
    CHECK(plans[6].feedback->metronome_share == doctest::Approx(1.0));
    CHECK(plans[6].feedback->reason.find("below the band") != std::string::npos);
    CHECK(plans[6].feedback->loading_share == doctest::Approx(0.25)); // loading rate was fine
    // Back in band in session 7: session 8 fades again (here: off).
    CHECK_FALSE(plans[7].feedback->metronome_returned);
    CHECK(plans[7].feedback->metronome_share == doctest::Approx(0.0));
}

TEST_CASE("a clinician's per-runner mute reaches the plan and its JSON") {
    const Profile profile = repo_profile("cadence-retraining");
    Runner runner = test_runner("cadence-retraining");
    runner.metronome_muted = true;
    const auto plans = run_sessions(profile, runner, 1, in_band);
    REQUIRE(plans[0].feedback.has_value());
    CHECK(plans[0].feedback->metronome_muted);
    CHECK(plans[0].feedback->reason.find("muted for this runner") != std::string::npos);
    const nlohmann::json j = plan_json(plans[0]);
    CHECK(j["feedback"]["metronome_muted"] == true);
    CHECK(j["feedback"]["metronome_share"] == 1.0);
    CHECK(j["feedback"]["session"] == 1);
    CHECK(j["feedback"]["loading_feedback"] == "visual");
}

TEST_CASE("without a [feedback] section: whole-run feedback, said so; rest days carry none") {
    const Profile profile = repo_profile("pain-free-limit");
    REQUIRE_FALSE(profile.feedback.has_value());
    History history;
    const auto plans = run_sessions(profile, test_runner(), 6, in_band, &history);
    for (const DayPlan& plan : plans) {
        REQUIRE(plan.feedback.has_value());
        CHECK(plan.feedback->metronome_share == 1.0);
        CHECK(plan.feedback->loading_share == 1.0);
        CHECK(plan.feedback->reason.find("no [feedback] schedule") != std::string::npos);
    }
    CHECK(plans.back().feedback->session == 6);
    // The day after a run is a rest day in this profile (a day of rest between runs).
    const DayPlan rest =
        plan_day(profile, test_runner(), history, history.sessions.back().date + 1);
    REQUIRE(rest.rest_day);
    CHECK_FALSE(rest.feedback.has_value());
    CHECK(plan_json(rest)["feedback"].is_null());
}
