// The metronome and the cues as the runner hears them: treadguard-hmi under Xvfb with SDL's
// disk audio driver, against the real treadguard-controller and treadguard-sim, running a
// shortened cadence-retraining session. The written audio is then analysed: clicks every
// 60/target s within 1 ms, nothing but cues in the walks and the measuring part of the run,
// a cue at each phase change and at the end of the session; a clinician's per-runner mute
// silences the metronome; spoken cues carry their phrase after the tone.
#include "hmi/feedback/sound_bank.hpp"
#include "tests/hmi/api_probe.hpp"
#include "tests/hmi/audio_bursts.hpp"
#include "tests/hmi/hmi_session.hpp"

#include <chrono>
#include <cmath>
#include <doctest/doctest.h>
#include <thread>

using nlohmann::json;
using tg::testing::ApiProbe;
using tg::testing::Burst;
using tg::testing::HmiSession;

namespace {

constexpr int rate = 48000;
constexpr double one_ms = rate / 1000.0;

bool is_click(const Burst& b) {
    return b.seconds(rate) < 0.03;
}
bool is_cue(const Burst& b) {
    return b.seconds(rate) >= 0.15;
}

// Bursts of a disk-audio file: gaps under 8 ms join (a click is one burst).
std::vector<Burst> bursts_of(const std::string& raw) {
    return tg::testing::find_bursts(tg::testing::read_s16_file(raw), 1500,
                                    static_cast<std::int64_t>(8 * one_ms));
}

// Starts today's session for Ana from the HMI; returns the run's cadence target once set.
double start_quick_session(HmiSession& hmi, ApiProbe& api) {
    hmi.wait_screen("runners");
    hmi.tap("runner:Ana");
    hmi.wait_screen("plan");
    hmi.tap("start");
    // 2 s walk, then the run (with the target at once, or after measuring for 30 s).
    json st = api.wait_status(
        [](const json& s) {
            return s.contains("/cadence/target_spm"_json_pointer) &&
                   s["cadence"]["target_spm"].is_number();
        },
        60);
    REQUIRE(st["cadence"]["target_spm"].is_number());
    return st["cadence"]["target_spm"].get<double>();
}

// Lets the run go on `run_ms`, then "limit coming" ends it and the session runs out.
void finish_quick_session(HmiSession& hmi, int run_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(run_ms));
    hmi.tap("limit"); // the run phase ends: cool-down walk, then the end of the session
    hmi.wait_hmi_line("cue cool_down_now", 10);
    hmi.wait_hmi_line("cue session_end", 30);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200)); // the end cue is 0.6 s
    hmi.stop_hmi();
}

} // namespace

TEST_CASE("metronome at the target, silent walks, cues at phase changes (disk audio)") {
    const std::string dir = tg::testing::make_temp_dir("tg-hmi-audio");
    const std::string raw = dir + "/hmi-audio.raw";
    HmiSession hmi({.size = "800x480",
                    .screenshot_dir = tg::testing::screens_dir() + "/audio",
                    .disk_audio_file = raw,
                    // Speech and the loading-rate cue would overlap clicks: tones only.
                    .hmi_args = {"--no-speech", "--loading-feedback", "off"},
                    .quick_cadence_profile = true});
    REQUIRE_MESSAGE(hmi.real_controller(), "needs treadguard-controller and treadguard-sim");
    ApiProbe api(hmi.api_socket());
    hmi.wait_hmi_line("audio driver=disk", 15);
    const double target = start_quick_session(hmi, api);
    const std::string started = hmi.wait_hmi_line("metronome spm=", 10);
    CHECK(started.find("spm=" + std::to_string(static_cast<int>(target))) != std::string::npos);
    finish_quick_session(hmi, 5500); // ~15 clicks

    const auto pcm = tg::testing::read_s16_file(raw);
    const auto bursts = tg::testing::find_bursts(pcm, 1500, static_cast<std::int64_t>(8 * one_ms));
    std::vector<Burst> clicks, cues;
    for (const Burst& b : bursts) {
        if (is_click(b)) clicks.push_back(b);
        if (is_cue(b)) cues.push_back(b);
    }
    MESSAGE("audio_s=" << pcm.size() / double(rate) << " bursts=" << bursts.size() << " clicks="
                       << clicks.size() << " cues=" << cues.size() << " target_spm=" << target);
    REQUIRE(clicks.size() >= 8);
    REQUIRE(cues.size() >= 4); // walk now, run now, cool-down now, session over

    // Before the first click: the walk-now and run-now cues, and nothing else that sounds.
    std::size_t cues_before = 0;
    for (const Burst& b : bursts)
        if (b.start < clicks.front().start) {
            CHECK_MESSAGE(is_cue(b), "a sound in the walk or the measuring run at "
                                         << b.start / double(rate) << " s");
            ++cues_before;
        }
    CHECK(cues_before >= 2);
    // The clicks start with the run: right after the run-now cue when the target is known
    // from the runner's baseline, else once the preferred cadence is measured (30 s).
    const Burst& run_now = cues[cues_before - 1];
    const double run_to_click_s = (clicks.front().start - run_now.start) / double(rate);
    MESSAGE("run_now_to_first_click_s=" << run_to_click_s);
    CHECK(run_to_click_s > 0.0);
    CHECK(run_to_click_s < 40.0);

    // Click onsets: every 60/target s within 1 ms, none missing.
    const double period = 60.0 / target * rate;
    double worst = 0.0;
    int checked = 0;
    for (std::size_t i = 1; i < clicks.size(); ++i) {
        const double interval = static_cast<double>(clicks[i].start - clicks[i - 1].start);
        worst = std::max(worst, std::abs(interval - period));
        ++checked;
    }
    MESSAGE("click_interval_worst_error_ms=" << worst / one_ms << " intervals=" << checked);
    CHECK(worst <= one_ms);
    const double span_periods = (clicks.back().start - clicks.front().start) / period;
    CHECK(std::lround(span_periods) + 1 == static_cast<long>(clicks.size()));

    // The phase change to the cool-down walk: a cue, and no click after it.
    std::vector<Burst> after;
    for (const Burst& b : cues)
        if (b.start > clicks.front().start) after.push_back(b);
    REQUIRE(after.size() >= 2);
    CHECK(after[0].start >= clicks.back().start);
    CHECK(after[0].start - clicks.back().start < static_cast<std::int64_t>(period + 0.5 * rate));
    const double walk_s = (after[1].start - after[0].start) / double(rate);
    CHECK(walk_s > 2.5); // the 4 s cool-down walk, silent between its two cues
}

TEST_CASE("a clinician's per-runner mute: no metronome, cues still sound (disk audio)") {
    const std::string dir = tg::testing::make_temp_dir("tg-hmi-mute");
    const std::string raw = dir + "/hmi-audio.raw";
    HmiSession hmi({.disk_audio_file = raw,
                    .hmi_args = {"--no-speech", "--loading-feedback", "off"},
                    .quick_cadence_profile = true});
    REQUIRE_MESSAGE(hmi.real_controller(), "needs treadguard-controller and treadguard-sim");
    ApiProbe api(hmi.api_socket());
    const json muted = api.call({{"cmd", "runners.update"},
                                 {"runner", "Ana"},
                                 {"metronome_muted", true},
                                 {"pin", tg::testing::kClinicianPin},
                                 {"why", "clicks distract her"}});
    REQUIRE_MESSAGE(muted.value("ok", false), muted.dump());
    const json plan = api.call({{"cmd", "plan"}, {"runner", "Ana"}});
    CHECK(plan["plans"][0]["feedback"]["metronome_muted"] == true);
    hmi.wait_hmi_line("audio driver=disk", 15);
    start_quick_session(hmi, api);
    finish_quick_session(hmi, 4000); // ~11 clicks if the mute were not obeyed

    std::size_t clicks = 0, cues = 0;
    for (const Burst& b : bursts_of(raw)) {
        clicks += is_click(b) ? 1 : 0;
        cues += is_cue(b) ? 1 : 0;
    }
    MESSAGE("muted: clicks=" << clicks << " cues=" << cues);
    CHECK(clicks == 0);
    CHECK(cues >= 4); // walk now, run now, cool-down now, session over
}

TEST_CASE("spoken cues: the phrase follows the tone (disk audio, espeak-ng)") {
    const std::string dir = tg::testing::make_temp_dir("tg-hmi-speech");
    const std::string raw = dir + "/hmi-audio.raw";
    HmiSession hmi({.disk_audio_file = raw,
                    .hmi_args = {"--loading-feedback", "off"},
                    .quick_cadence_profile = true});
    REQUIRE_MESSAGE(hmi.real_controller(), "needs treadguard-controller and treadguard-sim");
    ApiProbe api(hmi.api_socket());
    hmi.wait_hmi_line("audio driver=disk", 15);
    const std::string ready = hmi.wait_hmi_line("speech ready", 30);
    CHECK(ready.find("phrases=12") != std::string::npos);
    const double target = start_quick_session(hmi, api);
    finish_quick_session(hmi, 3500);

    // The cool-down cue comes after the metronome's last click: the tone, then the spoken
    // phrase, as one stretch of sound with only the pauses of speech in it. Syllables can be
    // as short as clicks, so the clicks are the longest train at the metronome's period.
    const std::vector<Burst> bursts = bursts_of(raw);
    const double period = 60.0 / target * rate;
    std::size_t train = 0;
    std::int64_t last_click_end = 0;
    for (std::size_t i = 0; i < bursts.size(); ++i) {
        if (!is_click(bursts[i])) continue;
        std::size_t length = 1, at = i;
        for (std::size_t j = i + 1; j < bursts.size(); ++j)
            if (is_click(bursts[j]) &&
                std::abs(static_cast<double>(bursts[j].start - bursts[at].start) - period) <
                    one_ms) {
                ++length;
                at = j;
            }
        if (length > train) {
            train = length;
            last_click_end = bursts[at].end;
        }
    }
    MESSAGE("clicks in the train: " << train);
    REQUIRE(train >= 3);
    std::int64_t start = -1, end = -1;
    for (const Burst& b : bursts) {
        if (b.start < last_click_end) continue;
        if (start < 0)
            start = b.start;
        else if (b.start - end > static_cast<std::int64_t>(0.25 * rate))
            break;
        end = b.end;
    }
    REQUIRE(start >= 0);
    const tg::hmi::SoundBank bank; // tones only: no speech worker fills it
    const double tone_s = bank.cue(tg::hmi::Cue::cool_down_now).seconds();
    const double heard_s = static_cast<double>(end - start) / rate;
    MESSAGE("cool_down_now: tone_s=" << tone_s << " heard_s=" << heard_s);
    CHECK(heard_s > tone_s + 0.3); // "cool-down walk now" takes well over 0.3 s to say
}
