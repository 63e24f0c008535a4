#include "hmi/app/audio_device.hpp"

#include <SDL.h>

namespace tg::hmi {
namespace {

void fill(void* user, Uint8* stream, int bytes) {
    auto* mixer = static_cast<audio::AudioMixer*>(user);
    mixer->render(reinterpret_cast<audio::Sample*>(stream),
                  bytes / static_cast<int>(sizeof(audio::Sample)));
}

} // namespace

AudioDevice::AudioDevice(audio::AudioMixer& mixer) : mixer_(mixer) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        error_ = std::string("SDL audio: ") + SDL_GetError();
        return;
    }
    SDL_AudioSpec want{};
    want.freq = audio::sample_rate_hz;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = audio::device_buffer_frames;
    want.callback = fill;
    want.userdata = &mixer_;
    SDL_AudioSpec have{};
    // No allowed changes: SDL converts to whatever the hardware wants, so the mixer's
    // sample counter is always in 48 kHz frames.
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (device_ == 0) {
        error_ = std::string("SDL_OpenAudioDevice: ") + SDL_GetError();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return;
    }
    buffer_frames_ = have.samples;
    SDL_PauseAudioDevice(device_, 0);
}

AudioDevice::~AudioDevice() {
    if (device_ == 0) return;
    SDL_CloseAudioDevice(device_); // waits for a running callback: the clips outlive it
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

std::string AudioDevice::driver() const {
    const char* name = SDL_GetCurrentAudioDriver();
    return name != nullptr ? name : "none";
}

} // namespace tg::hmi
