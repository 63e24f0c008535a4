#pragma once
// What the UI thread tells the audio callback. Plain values only: the callback copies a
// command out of the queue and never allocates or locks.
#include "hmi/audio/click_scheduler.hpp"
#include "hmi/audio/pcm_clip.hpp"

#include <cstdint>

namespace tg::hmi::audio {

enum class CommandKind : std::uint8_t {
    metronome, // tempo (0 = off), click clip, gain
    play,      // a clip once, now
    tone,      // a sine beep at hz for duration_samples (the loading-rate pitch tone)
    silence,   // stop every voice and the metronome (session over, window closing)
};

struct AudioCommand {
    CommandKind kind = CommandKind::silence;
    MilliSpm tempo = 0;
    const PcmClip* clip = nullptr; // owned by the SoundBank, alive as long as the device
    float gain = 1.0F;
    float hz = 0.0F;
    std::int32_t duration_samples = 0;
    std::uint32_t tag = 0; // echoed in the mixer's counters (latency measurements)
};

} // namespace tg::hmi::audio
