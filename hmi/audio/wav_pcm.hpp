#pragma once
// Reads the 16-bit mono WAV that `espeak-ng --stdout` writes (its sizes are left at
// 0x7FFFFFFF because it streams: the data runs to the end) and resamples it to the output
// rate. Pure, so the speech worker's parsing is tested without espeak.
#include "hmi/audio/pcm_clip.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace tg::hmi::audio {

// The clip at sample_rate_hz, or empty with `error` (what was wrong, at which byte).
std::optional<PcmClip> pcm_from_wav(std::string_view bytes, std::string& error);
// Linear-interpolation resampling (speech only: clicks and tones are made at the output rate).
std::vector<Sample> resample(const std::vector<Sample>& in, int from_hz, int to_hz);

} // namespace tg::hmi::audio
