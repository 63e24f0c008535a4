// The HMI's audio core without a device: the click scheduler over a 30-minute stream, the
// mixer placing clicks and cues on the sample counter whatever the buffer size, and the
// command handoff between the UI thread and the callback.
#include "hmi/audio/audio_mixer.hpp"
#include "hmi/audio/click_scheduler.hpp"
#include "hmi/audio/command_queue.hpp"
#include "hmi/audio/sound_synth.hpp"

#include <cmath>
#include <cstdlib>
#include <doctest/doctest.h>
#include <thread>
#include <vector>

using namespace tg::hmi::audio;

namespace {

// Sample positions where the signal jumps from silence (>= `gap` quiet samples) to loud.
std::vector<SampleIndex> onsets(const std::vector<Sample>& pcm, int threshold, int gap) {
    std::vector<SampleIndex> out;
    int quiet = gap;
    for (std::size_t i = 0; i < pcm.size(); ++i) {
        if (std::abs(pcm[i]) >= threshold) {
            if (quiet >= gap) out.push_back(static_cast<SampleIndex>(i));
            quiet = 0;
        } else {
            ++quiet;
        }
    }
    return out;
}

// Clicks k = 0, 1, ... with k * 60 / spm s before `total` samples, in exact integers.
std::size_t expected_clicks(SampleIndex total, MilliSpm tempo) {
    const std::int64_t per_click = std::int64_t{60} * sample_rate_hz * 1000;
    return static_cast<std::size_t>((total * tempo + per_click - 1) / per_click);
}

} // namespace

TEST_CASE("30 minutes of clicks at 176 spm: every click within a sample of k*60/176 s, no drift") {
    ClickScheduler s;
    const MilliSpm tempo = to_milli_spm(176.0);
    s.set_tempo(tempo, 0);
    const SampleIndex total = SampleIndex{30} * 60 * sample_rate_hz;
    std::vector<SampleIndex> clicks;
    // Buffers of varying size, as a real device delivers them.
    const int sizes[] = {512, 480, 1024, 441, 256, 2048};
    SampleIndex t = 0;
    for (int i = 0; t < total; ++i) {
        const SampleIndex end = std::min(total, t + sizes[i % 6]);
        while (auto c = s.take_next(t, end))
            clicks.push_back(*c);
        t = end;
    }
    const double period = 60.0 / 176.0 * sample_rate_hz; // 16363.63... samples
    REQUIRE(clicks.size() == expected_clicks(total, tempo));
    double worst = 0.0;
    for (std::size_t k = 0; k < clicks.size(); ++k)
        worst = std::max(worst, std::abs(static_cast<double>(clicks[k]) - k * period));
    CHECK(worst < 1.0); // floor of the exact position: never a whole sample off
    const double last_drift = static_cast<double>(clicks.back()) - (clicks.size() - 1) * period;
    CHECK(std::lround(last_drift) == 0);
    MESSAGE("clicks=" << clicks.size() << " worst_error_samples=" << worst);
}

TEST_CASE("the tempo is reset only when it changes, and a new tempo continues the beat") {
    ClickScheduler s;
    s.set_tempo(to_milli_spm(180.0), 1000);
    CHECK(s.take_next(0, 48000).value() == 1000);
    CHECK(s.take_next(0, 48000).value() == 1000 + 16000);
    s.set_tempo(to_milli_spm(180.0), 20000); // the 20 Hz status repeats the target
    CHECK(s.next_position() == 1000 + 32000);
    s.set_tempo(to_milli_spm(160.0), 20000); // new target: one new period after the last click
    CHECK(s.next_position() == 17000 + 18000);
    s.stop();
    CHECK_FALSE(s.take_next(0, 1'000'000).has_value());
    CHECK(to_milli_spm(-3) == 0);
    CHECK(to_milli_spm(std::nan("")) == 0);
}

TEST_CASE("a late buffer skips the clicks it missed instead of bunching them up") {
    ClickScheduler s;
    s.set_tempo(to_milli_spm(120.0), 0); // a click every 24000 samples
    CHECK(s.take_next(0, 100).value() == 0);
    const auto next = s.take_next(100000, 101000); // 4 beats late
    CHECK_FALSE(next.has_value());
    CHECK(s.next_position() == 120000);
}

TEST_CASE("the mixer puts each click's first sample exactly on the scheduler's position") {
    CommandQueue q;
    AudioMixer mixer(q);
    const PcmClip click = click_clip(ClickSound::wood);
    REQUIRE(std::abs(click.samples[0]) > 20000); // a sharp onset on sample 0
    AudioCommand c;
    c.kind = CommandKind::metronome;
    c.tempo = to_milli_spm(171.0);
    c.clip = &click;
    c.gain = 0.8F;
    c.tag = 7;
    REQUIRE(q.push(c));
    std::vector<Sample> pcm(sample_rate_hz * 20);
    // Odd buffer sizes, one of them longer than a beat.
    std::size_t done = 0;
    const int sizes[] = {512, 17, 30000, 1000};
    for (int i = 0; done < pcm.size(); ++i) {
        const int n = static_cast<int>(std::min<std::size_t>(sizes[i % 4], pcm.size() - done));
        mixer.render(pcm.data() + done, n);
        done += static_cast<std::size_t>(n);
    }
    const auto found = onsets(pcm, 2000, 200);
    const double period = 60.0 / 171.0 * sample_rate_hz;
    REQUIRE(found.size() == expected_clicks(static_cast<SampleIndex>(pcm.size()), c.tempo));
    for (std::size_t k = 0; k < found.size(); ++k)
        CHECK(found[k] == static_cast<SampleIndex>(std::floor(k * period)));
    CHECK(mixer.counters().clicks.load() == found.size());
    CHECK(mixer.counters().last_tag.load() == 7);
    CHECK(mixer.counters().last_tag_sample.load() == 0);
}

TEST_CASE("a cue plays from the next buffer; silence stops everything") {
    CommandQueue q;
    AudioMixer mixer(q);
    const PcmClip cue = notes_clip({{660, 0.1}, {880, 0.1}}, 0.6);
    CHECK(cue.seconds() == doctest::Approx(0.2).epsilon(0.01));
    std::vector<Sample> pcm(4096);
    mixer.render(pcm.data(), 1024);
    REQUIRE(q.push({CommandKind::play, 0, &cue, 1.0F, 0, 0, 9}));
    mixer.render(pcm.data() + 1024, 1024);
    CHECK(mixer.counters().last_tag_sample.load() == 1024);
    const auto found = onsets(pcm, 500, 100);
    REQUIRE_FALSE(found.empty());
    CHECK(found[0] >= 1024);
    CHECK(found[0] < 1024 + 0.005 * sample_rate_hz); // within the 4 ms fade-in
    REQUIRE(q.push({CommandKind::silence, 0, nullptr, 0, 0, 0, 0}));
    mixer.render(pcm.data() + 2048, 2048);
    for (std::size_t i = 2048; i < pcm.size(); ++i)
        REQUIRE(pcm[i] == 0);
}

TEST_CASE("the pitch tone is a sine at the asked frequency, faded in and out") {
    CommandQueue q;
    AudioMixer mixer(q);
    REQUIRE(q.push({CommandKind::tone, 0, nullptr, 1.0F, 600.0F, 4800, 1}));
    std::vector<Sample> pcm(9600);
    mixer.render(pcm.data(), 9600);
    int crossings = 0;
    for (std::size_t i = 1; i < 4800; ++i)
        if ((pcm[i - 1] < 0) != (pcm[i] < 0)) ++crossings;
    CHECK(crossings == doctest::Approx(2 * 600 * 0.1).epsilon(0.03));
    CHECK(pcm[4900] == 0);
}

TEST_CASE("commands cross from one thread to another intact and in order") {
    CommandQueue q;
    constexpr std::uint32_t n = 100000;
    std::thread producer([&] {
        for (std::uint32_t i = 1; i <= n;)
            if (q.push({CommandKind::tone, 0, nullptr, 0, 0, 0, i})) ++i;
    });
    std::uint32_t expect = 1;
    AudioCommand c;
    while (expect <= n)
        if (q.pop(c)) {
            REQUIRE(c.tag == expect);
            ++expect;
        }
    producer.join();
    CHECK_FALSE(q.pop(c));
}

TEST_CASE("click sounds are short, sharp and selectable by name") {
    for (ClickSound s : click_sounds) {
        const PcmClip clip = click_clip(s);
        CHECK(clip.seconds() < 0.03);
        CHECK(std::abs(clip.samples.front()) > 20000);
        CHECK(click_sound_from(to_string(s)) == s);
    }
    CHECK_FALSE(click_sound_from("gong").has_value());
}
