// The HMI's feedback decisions, pure: the metronome follows the run phase's cadence target,
// cues fire at phase changes (and 10 s before), at the pain-check interval, after 20 s out of
// the cadence band, after 30 s above the loading-rate advisory, for every new alarm and at the
// end of the session; the loading-rate bar's colours; the plan's feedback object.
#include "hmi/feedback/cue_table.hpp"
#include "hmi/feedback/feedback_engine.hpp"
#include "hmi/feedback/feedback_settings.hpp"
#include "hmi/feedback/loading_rate_band.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <set>
#include <string>

using namespace tg::hmi;

namespace {

ControllerStatus moving(int index, const std::string& kind, double elapsed, double cap,
                        const std::string& next, bool running) {
    ControllerStatus st;
    st.state = "Running";
    st.session_id = 1;
    st.phase = PhaseStatus{index, kind, kind, next, elapsed, cap, running};
    st.valr_advisory_bw_s = 66.0;
    return st;
}

// Runs the engine over a script of one status per 0.1 s and collects the cues with times.
struct Run {
    FeedbackEngine engine;
    std::vector<std::pair<double, Cue>> cues;
    std::optional<double> last_metronome;
    void at(double t, const ControllerStatus* st, std::vector<std::string> events = {}) {
        const FeedbackOutput out = engine.update(t, st, events);
        for (Cue c : out.cues)
            cues.emplace_back(t, c);
        last_metronome = out.metronome_spm;
    }
    int count(Cue c) const {
        return static_cast<int>(
            std::count_if(cues.begin(), cues.end(), [c](const auto& p) { return p.second == c; }));
    }
    double first(Cue c) const {
        for (const auto& [t, cue] : cues)
            if (cue == c) return t;
        return -1;
    }
};

} // namespace

TEST_CASE("a session: walk, run with a target, cool-down: cues and metronome follow") {
    Run r;
    double t = 0;
    for (; t < 30.0; t += 0.1) { // 30 s warm-up walk
        const auto st = moving(0, "warm-up walk", t, 30, "run", false);
        r.at(t, &st);
        REQUIRE_FALSE(r.last_metronome.has_value());
    }
    for (; t < 130.0; t += 0.1) { // 100 s run, the target known from 40 s on
        auto st = moving(1, "run", t - 30, 100, "cool-down", true);
        if (t - 30 >= 40) st.cadence_target_spm = 172.0;
        st.cadence_spm = 171.0; // in band
        r.at(t, &st);
        CHECK(r.last_metronome.has_value() == (t - 30 >= 40));
    }
    for (; t < 140.0; t += 0.1) {
        const auto st = moving(2, "cool-down", t - 130, 10, "", false);
        r.at(t, &st);
        REQUIRE_FALSE(r.last_metronome.has_value());
    }
    ControllerStatus idle;
    idle.state = "Stopped";
    r.at(140.0, &idle);
    r.at(140.1, nullptr, {"session_end"}); // late event: no second end cue
    CHECK(r.count(Cue::walk_now) == 1);
    CHECK(r.first(Cue::walk_now) == doctest::Approx(0.0));
    CHECK(r.count(Cue::run_soon) == 1);
    CHECK(r.first(Cue::run_soon) == doctest::Approx(20.0).epsilon(0.01));
    CHECK(r.count(Cue::run_now) == 1);
    CHECK(r.first(Cue::run_now) == doctest::Approx(30.0).epsilon(0.01));
    CHECK(r.count(Cue::cool_down_soon) == 1);
    CHECK(r.first(Cue::cool_down_soon) == doctest::Approx(120.0).epsilon(0.01));
    CHECK(r.count(Cue::cool_down_now) == 1);
    CHECK(r.count(Cue::session_end) == 1);
    CHECK(r.count(Cue::cadence_low) == 0);
    CHECK(r.count(Cue::alarm) == 0);
}

TEST_CASE("walks click only when the profile asks; a faded share gates the metronome") {
    FeedbackSettings s;
    s.walk_metronome_spm = 118.0;
    s.metronome_share = 0.5;
    s.share_block_s = 60.0;
    Run r;
    r.engine.set_settings(s);
    auto walk = moving(0, "warm-up walk", 5, 30, "run", false);
    r.at(0, &walk);
    CHECK(r.last_metronome == 118.0);
    auto run = moving(1, "run", 10, 600, "cool-down", true);
    run.cadence_target_spm = 170.0;
    r.at(1, &run);
    CHECK(r.last_metronome == 170.0);
    run.phase->elapsed_s = 45; // second half of the first minute: faded out
    r.at(2, &run);
    CHECK_FALSE(r.last_metronome.has_value());
    run.phase->elapsed_s = 61;
    r.at(3, &run);
    CHECK(r.last_metronome == 170.0);
    CHECK(share_on(0, 0.0, 60) == false);
    CHECK(is_run_phase_kind("walk-run intervals"));
    CHECK(is_run_phase_kind("walk_run_intervals"));
    CHECK_FALSE(is_run_phase_kind("warm-up walk"));
    CHECK(share_on(1e6, 1.0, 60) == true);
}

TEST_CASE("walk-run intervals: run now / walk now at each switch inside the phase") {
    Run r;
    bool running = true;
    for (double t = 0; t < 300; t += 0.5) {
        running = std::fmod(t, 120.0) < 60.0; // 1 min run, 1 min walk
        const auto st = moving(1, "walk-run intervals", t, 1200, "cool-down", running);
        r.at(t, &st);
    }
    CHECK(r.count(Cue::run_now) == 3);  // 0, 120, 240
    CHECK(r.count(Cue::walk_now) == 2); // 60, 180
}

TEST_CASE("the pain check comes at the profile's interval of running") {
    FeedbackSettings s;
    s.pain_check_interval_s = 120;
    Run r;
    r.engine.set_settings(s);
    for (double t = 0; t < 400; t += 0.5) {
        const auto st = moving(1, "run", t, 1000, "cool-down", true);
        r.at(t, &st);
    }
    CHECK(r.count(Cue::pain_check) == 3); // 120, 240, 360
    CHECK(r.first(Cue::pain_check) == doctest::Approx(120.0));
}

TEST_CASE("cadence out of band for 20 s cues once, and again after it came back") {
    Run r;
    for (double t = 0; t < 100; t += 0.1) {
        auto st = moving(1, "run", t, 1000, "cool-down", true);
        st.cadence_target_spm = 176.0;
        // low for 30 s, in band 10 s, low 15 s (too short), in band, high 25 s
        if (t < 30)
            st.cadence_spm = 164.0;
        else if (t < 40)
            st.cadence_spm = 175.0;
        else if (t < 55)
            st.cadence_spm = 160.0;
        else if (t < 70)
            st.cadence_spm = 177.0;
        else
            st.cadence_spm = 186.0;
        r.at(t, &st);
    }
    CHECK(r.count(Cue::cadence_low) == 1);
    CHECK(r.first(Cue::cadence_low) == doctest::Approx(20.0).epsilon(0.01));
    CHECK(r.count(Cue::cadence_high) == 1);
    CHECK(r.first(Cue::cadence_high) == doctest::Approx(90.0).epsilon(0.01));
}

TEST_CASE("loading rate above the advisory for 30 s cues once; off when feedback is off") {
    for (LoadingFeedback mode : {LoadingFeedback::visual, LoadingFeedback::off}) {
        FeedbackSettings s;
        s.loading = mode;
        Run r;
        r.engine.set_settings(s);
        for (double t = 0; t < 80; t += 0.1) {
            auto st = moving(1, "run", t, 1000, "cool-down", true);
            st.valr_bw_s = t < 10 ? 50.0 : 80.0;
            r.at(t, &st);
        }
        CHECK(r.count(Cue::loading_high) == (mode == LoadingFeedback::off ? 0 : 1));
        if (mode != LoadingFeedback::off)
            CHECK(r.first(Cue::loading_high) == doctest::Approx(40.0).epsilon(0.01));
    }
}

TEST_CASE("every new alarm sounds once, whether its event or its status comes first") {
    Run r;
    auto st = moving(1, "run", 10, 1000, "cool-down", true);
    r.at(0, &st);
    r.at(0.1, &st, {"alarm:plate_link_lost"});
    st.alarms.push_back({"plate_link_lost", "advisory", "", "", false});
    for (double t = 0.2; t < 5; t += 0.1)
        r.at(t, &st);
    st.alarms.push_back({"drive_link_lost", "controlled_stop", "", "", false});
    r.at(5.0, &st);
    r.at(5.1, &st, {"alarm:drive_link_lost"});
    CHECK(r.count(Cue::alarm) == 2);
    st.alarms.clear();
    for (double t = 6; t < 10; t += 0.1)
        r.at(t, &st);
    st.alarms.push_back({"plate_link_lost", "advisory", "", "", false});
    r.at(10, &st); // it came back: a new alarm
    CHECK(r.count(Cue::alarm) == 3);
}

TEST_CASE("loading-rate bar: green below the baseline, amber to the advisory, red above") {
    CHECK(loading_band(40, 55.0, 66) == LoadingBand::green);
    CHECK(loading_band(60, 55.0, 66) == LoadingBand::amber);
    CHECK(loading_band(70, 55.0, 66) == LoadingBand::red);
    CHECK(loading_band(60, std::nullopt, 66) == LoadingBand::amber); // 0.85 x 66 = 56.1
    CHECK(loading_band(50, std::nullopt, 66) == LoadingBand::green);
    CHECK(loading_band(60, 90.0, 66) == LoadingBand::green); // baseline above the advisory
    CHECK(loading_tone_hz(33, 66) == doctest::Approx(300));
    CHECK(loading_tone_hz(99, 66) == doctest::Approx(1200));
    CHECK(loading_tone_hz(500, 66) == doctest::Approx(1200));
    CHECK(loading_tone_hz(66, 66) > loading_tone_hz(50, 66));
}

TEST_CASE("the plan's feedback object sets the session's feedback; bad keys are named") {
    nlohmann::json plan = {{"feedback",
                            {{"metronome_share", 0.5},
                             {"loading_feedback", "both"},
                             {"pain_check_interval_s", 240},
                             {"walk_metronome_spm", 120},
                             {"reason", "session 6 of the fade"}}}};
    std::string error;
    FeedbackSettings s = feedback_settings_from_plan(plan, &error);
    CHECK(error.empty());
    CHECK(s.metronome_share == 0.5);
    CHECK(s.loading == LoadingFeedback::both);
    CHECK(s.pain_check_interval_s == 240);
    CHECK(s.walk_metronome_spm == 120.0);
    CHECK(s.reason == "session 6 of the fade");
    plan["feedback"]["metronome_share"] = 3;
    s = feedback_settings_from_plan(plan, &error);
    CHECK(s.metronome_share == 1.0);
    CHECK(error.find("metronome_share") != std::string::npos);
    CHECK(feedback_settings_from_plan(nlohmann::json::object()).metronome_share == 1.0);
}

TEST_CASE("every cue has words, a band colour and a tone; the alarm sounds like no cue") {
    std::set<std::string> phrases;
    for (int i = 0; i < cue_count; ++i) {
        const Cue c = static_cast<Cue>(i);
        const std::string phrase = cue_phrase(c, CueLanguage::en);
        CHECK_FALSE(phrase.empty());
        phrases.insert(phrase);
        CHECK(cue_style(c).band_abgr != 0);
        CHECK(cue_style(c).band_s > 0);
        const auto notes = cue_notes(c);
        REQUIRE_FALSE(notes.empty());
        const bool harsh = std::any_of(notes.begin(), notes.end(), [](auto& n) { return n.harsh; });
        CHECK(harsh == (c == Cue::alarm));
    }
    CHECK(phrases.size() == static_cast<std::size_t>(cue_count));
    CHECK(cue_language_from("en") == CueLanguage::en);
    CHECK_FALSE(cue_language_from("xx").has_value());
}
