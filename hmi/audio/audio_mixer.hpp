#pragma once
// The audio callback's whole job: take the UI's commands, place metronome clicks on the
// sample counter, play clips and the pitch tone, sum and clip. render() runs on SDL's audio
// thread; it allocates nothing and takes no lock (the CommandQueue's atomics are the only
// handoff). It is pure otherwise, so tests render by hand and read the samples.
#include "hmi/audio/audio_format.hpp"
#include "hmi/audio/click_scheduler.hpp"
#include "hmi/audio/command_queue.hpp"

#include <array>
#include <atomic>
#include <cstdint>

namespace tg::hmi::audio {

// Read by other threads (benchmark, logs) while the callback writes them.
struct MixerCounters {
    std::atomic<SampleIndex> rendered{0};         // frames written so far
    std::atomic<std::uint32_t> last_tag{0};       // tag of the last command that sounded
    std::atomic<SampleIndex> last_tag_sample{-1}; // where its first sample fell
    std::atomic<std::uint64_t> clicks{0};         // metronome clicks started
    std::atomic<SampleIndex> last_click_sample{-1};
};

class AudioMixer {
public:
    explicit AudioMixer(CommandQueue& queue) : queue_(queue) {}

    // Fills out[0, frames) with the next frames of sound.
    void render(Sample* out, int frames) noexcept;
    const MixerCounters& counters() const noexcept { return counters_; }

private:
    struct Voice {
        const Sample* data = nullptr;
        SampleIndex size = 0;
        SampleIndex start = 0; // sample index of data[0]
        float gain = 0.0F;
        std::uint32_t tag = 0;
    };
    struct ToneVoice {
        double hz = 0.0;
        SampleIndex start = 0;
        SampleIndex end = 0;
        float gain = 0.0F;
    };
    static constexpr std::size_t cue_voices = 6;

    void apply(const AudioCommand& command, SampleIndex begin) noexcept;
    void start_click(SampleIndex at) noexcept;
    void mix(Sample* out, SampleIndex from, SampleIndex to, SampleIndex begin) noexcept;
    static float voice_at(const Voice& v, SampleIndex t) noexcept;
    float tone_at(SampleIndex t) const noexcept;
    void note_started(std::uint32_t tag, SampleIndex at) noexcept;

    CommandQueue& queue_;
    MixerCounters counters_;
    ClickScheduler clicks_;
    const PcmClip* click_clip_ = nullptr;
    float click_gain_ = 0.0F;
    std::uint32_t click_tag_ = 0;
    bool click_tag_sounded_ = true;
    Voice click_voice_;
    std::array<Voice, cue_voices> voices_{};
    ToneVoice tone_;
};

} // namespace tg::hmi::audio
