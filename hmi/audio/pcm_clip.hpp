#pragma once
// A finished sound in the output format. Clips are built before the audio device sees them
// and never change afterwards, so the callback reads them without locking.
#include "hmi/audio/audio_format.hpp"

#include <vector>

namespace tg::hmi::audio {

struct PcmClip {
    std::vector<Sample> samples;
    double seconds() const { return static_cast<double>(samples.size()) / sample_rate_hz; }
};

} // namespace tg::hmi::audio
