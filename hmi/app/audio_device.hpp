#pragma once
// The SDL2 audio device that plays the mixer: 48 kHz mono S16, 512-frame buffers. SDL's
// callback calls AudioMixer::render and nothing else. With SDL_AUDIODRIVER=disk the same
// samples go to SDL_DISKAUDIOFILE, which is how the tests listen.
#include "hmi/audio/audio_mixer.hpp"

#include <cstdint>
#include <string>

namespace tg::hmi {

class AudioDevice {
public:
    // Opens and starts the device; on failure ok() is false and error() says why (the HMI
    // then runs silent, with the visual cues only).
    explicit AudioDevice(audio::AudioMixer& mixer);
    ~AudioDevice();
    AudioDevice(const AudioDevice&) = delete;
    AudioDevice& operator=(const AudioDevice&) = delete;

    bool ok() const { return device_ != 0; }
    const std::string& error() const { return error_; }
    std::string driver() const;
    int buffer_frames() const { return buffer_frames_; }

private:
    audio::AudioMixer& mixer_;
    std::uint32_t device_ = 0;
    int buffer_frames_ = 0;
    std::string error_;
};

} // namespace tg::hmi
