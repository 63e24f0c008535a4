#pragma once
// Every clip the HMI can play, built before the audio device opens: the click sounds and each
// cue's tone signature; the spoken phrases arrive later from the speech worker. A slot is
// written once, then published with a release store, so the UI thread reads it lock-free and
// the audio callback only ever sees finished clips.
#include "hmi/audio/pcm_clip.hpp"
#include "hmi/audio/sound_synth.hpp"
#include "hmi/feedback/cue.hpp"

#include <array>
#include <atomic>

namespace tg::hmi {

class SoundBank {
public:
    SoundBank();
    const audio::PcmClip& click(audio::ClickSound sound) const;
    // The cue's tone, followed by its spoken phrase once the worker has rendered it.
    const audio::PcmClip& cue(Cue cue) const;
    bool spoken(Cue cue) const;
    // Worker thread, once per cue (later calls are ignored).
    void set_speech(Cue cue, const audio::PcmClip& speech);

private:
    std::array<audio::PcmClip, 3> clicks_;
    std::array<audio::PcmClip, cue_count> tones_;
    std::array<audio::PcmClip, cue_count> with_speech_;
    std::array<std::atomic<bool>, cue_count> spoken_{};
    std::array<std::atomic<bool>, cue_count> claimed_{};
};

} // namespace tg::hmi
