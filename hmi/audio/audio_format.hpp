#pragma once
// The one output format of the HMI's audio: 48 kHz, mono, signed 16-bit. Clips, the mixer
// and the SDL device all use it, so nothing resamples in the audio callback.
#include <cstdint>

namespace tg::hmi::audio {

inline constexpr int sample_rate_hz = 48000;
inline constexpr int device_buffer_frames = 512; // ~10.7 ms: the latency floor of a cue
using Sample = std::int16_t;
using SampleIndex = std::int64_t; // frames since the device opened (the mixer's clock)

inline constexpr double seconds_to_samples(double s) {
    return s * sample_rate_hz;
}

} // namespace tg::hmi::audio
