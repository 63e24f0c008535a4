// The faded feedback schedule (controller/protocol/feedback_schedule), scenario by scenario
// over 10 sessions: the fade, the return when the unprompted cadence slips below the band or
// the loading rate stays above the advisory, the [feedback] section's validation, and the
// plan's feedback object read back by the HMI.
#include "controller/protocol/feedback_schedule.hpp"
#include "controller/protocol/profile_error.hpp"
#include "controller/protocol/profile_loader.hpp"
#include "hmi/feedback/feedback_settings.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace tg::protocol;

namespace {

constexpr double advisory = 66.0;

FeedbackRules default_rules() {
    return {}; // sessions 1-4 whole run, off from session 8
}

// Runs 10 sessions; `unprompted(n)` is session n's cadence before any cue, target 176.
template <class F>
std::vector<FeedbackPlan> ten_sessions(const FeedbackRules& rules, F unprompted,
                                       double loading = 55.0) {
    std::vector<FeedbackHistoryEntry> history;
    std::vector<FeedbackPlan> plans;
    for (int n = 1; n <= 10; ++n) {
        plans.push_back(plan_feedback(rules, history, advisory));
        history.push_back({unprompted(n), 176.0, loading});
    }
    return plans;
}

// The shipped cadence-retraining profile without its own [feedback] section, so each test
// adds the one it means.
std::string profile_text() {
    const char* dir = std::getenv("TG_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    std::ifstream in(std::string(dir) + "/profiles/cadence-retraining.toml");
    REQUIRE(in);
    std::string text;
    bool in_feedback = false;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("[")) in_feedback = line == "[feedback]";
        if (!in_feedback) text += line + "\n";
    }
    return text;
}

const char* feedback_section = R"(
[feedback]
metronome_full_sessions = 4
metronome_off_from_session = 8
loading_rate_full_sessions = 2
loading_rate_off_from_session = 6
cadence_band = 0.03
pain_check_interval_s = 300
loading_feedback = "both"
)";

} // namespace

TEST_CASE("a runner who learns: whole run in sessions 1-4, fading, off from session 8") {
    const auto plans = ten_sessions(default_rules(), [](int n) { return n == 1 ? 164.0 : 175.0; });
    const double expected[] = {1, 1, 1, 1, 0.75, 0.5, 0.25, 0, 0, 0};
    for (int i = 0; i < 10; ++i) {
        CAPTURE(i + 1);
        CHECK(plans[i].session == i + 1);
        CHECK(plans[i].metronome_share == doctest::Approx(expected[i]));
        CHECK_FALSE(plans[i].metronome_returned);
    }
    CHECK(plans[5].reason.find("metronome for 50% of the run (fading to off by session 8)") !=
          std::string::npos);
    CHECK(plans[9].reason.find("faded out") != std::string::npos);
    CHECK_FALSE(plans[0].cadence_goal_spm.has_value());
    CHECK(plans[1].cadence_goal_spm == 176.0);
}

TEST_CASE("cadence slips below the band in session 6: the metronome is back in session 7") {
    // goal 176, band 3%: below 170.7 the metronome returns for the whole run
    const auto plans = ten_sessions(default_rules(), [](int n) {
        if (n == 1) return 164.0;
        return n == 6 ? 168.0 : 174.0;
    });
    CHECK(plans[5].metronome_share == doctest::Approx(0.5)); // session 6 itself: still fading
    CHECK(plans[6].metronome_share == 1.0);                  // session 7: back
    CHECK(plans[6].metronome_returned);
    CHECK(plans[6].reason.find("168 steps/min was below the band (171-181)") != std::string::npos);
    CHECK(plans[7].metronome_share == 0.0); // session 8: back in band, faded out again
    CHECK_FALSE(plans[7].metronome_returned);
}

TEST_CASE("still below the band after the fade: the metronome stays on every session") {
    const auto plans = ten_sessions(default_rules(), [](int) { return 164.0; });
    for (int i = 0; i < 10; ++i)
        CHECK(plans[i].metronome_share == 1.0);
    CHECK_FALSE(plans[3].metronome_returned); // sessions 1-4 are whole-run anyway
    CHECK(plans[4].metronome_returned);
}

TEST_CASE("a loading rate above the advisory brings loading-rate feedback back") {
    FeedbackRules rules = default_rules();
    std::vector<FeedbackHistoryEntry> history(5, {175.0, 176.0, 58.0});
    FeedbackPlan plan = plan_feedback(rules, history, advisory); // session 6
    CHECK(plan.loading_share == doctest::Approx(0.5));
    history.back().mean_loading_rate_bw_s = 72.0;
    plan = plan_feedback(rules, history, advisory);
    CHECK(plan.loading_share == 1.0);
    CHECK(plan.loading_returned);
    CHECK(plan.reason.find("72 BW/s was above the advisory 66 BW/s") != std::string::npos);
    CHECK(plan.metronome_share == doctest::Approx(0.5)); // the metronome fades on its own
}

TEST_CASE("no cadence target ever cued (pain-free-limit): the fade alone decides") {
    std::vector<FeedbackHistoryEntry> history(6, {150.0, std::nullopt, std::nullopt});
    const FeedbackPlan plan = plan_feedback(default_rules(), history, advisory);
    CHECK(plan.metronome_share == doctest::Approx(0.25));
    CHECK_FALSE(plan.metronome_returned);
    CHECK(faded_share({0, 1}, 1) == 0.0);
    CHECK(faded_share({3, 4}, 3) == 1.0);
}

TEST_CASE("[feedback] in a profile: read, and refused with file, line and reason") {
    const Profile p = parse_profile(profile_text() + feedback_section, "cadence-retraining.toml");
    REQUIRE(p.feedback.has_value());
    CHECK(p.feedback->metronome.full_sessions == 4);
    CHECK(p.feedback->loading_rate.off_from_session == 6);
    CHECK(p.feedback->loading_feedback == "both");
    CHECK_FALSE(p.feedback->walk_metronome_spm.has_value());
    CHECK_FALSE(parse_profile(profile_text(), "cadence-retraining.toml").feedback.has_value());

    auto refused = [](const std::string& text, const std::string& needle) {
        try {
            parse_profile(profile_text() + text, "x.toml");
            FAIL("accepted: " << text);
        } catch (const ProfileError& e) {
            CAPTURE(e.what());
            CHECK(e.line() > 0);
            CHECK(std::string(e.what()).find(needle) != std::string::npos);
        }
    };
    std::string bad = feedback_section;
    refused(bad.replace(bad.find("off_from_session = 8"), 20, "off_from_session = 3"),
            "metronome_off_from_session");
    bad = feedback_section;
    refused(bad.replace(bad.find("\"both\""), 6, "\"loud\""), "loading_feedback");
    refused(std::string(feedback_section) + "metronome_volume = 3\n", "metronome_volume");
}

TEST_CASE("the plan's feedback object is what the HMI reads") {
    FeedbackRules rules = default_rules();
    rules.walk_metronome_spm = 118.0;
    rules.loading_feedback = "audio";
    rules.pain_check_interval_s = 240;
    std::vector<FeedbackHistoryEntry> history(5, {175.0, 176.0, 58.0});
    FeedbackPlan plan = plan_feedback(rules, history, advisory);
    plan.metronome_muted = true;
    const nlohmann::json j = {{"feedback", feedback_json(plan)}};
    std::string error;
    const tg::hmi::FeedbackSettings s = tg::hmi::feedback_settings_from_plan(j, &error);
    CHECK(error.empty());
    CHECK(s.metronome_muted);
    CHECK(s.metronome_share == doctest::Approx(0.5));
    CHECK(s.loading_share == doctest::Approx(0.5));
    CHECK(s.walk_metronome_spm == 118.0);
    CHECK(s.loading == tg::hmi::LoadingFeedback::audio);
    CHECK(s.pain_check_interval_s == 240);
    CHECK(s.cadence_band_fraction == doctest::Approx(0.03));
    CHECK(s.reason == plan.reason);
}
