#pragma once
// The runner's sound choices: from the command line, then the running screen's sound button.
#include "hmi/audio/sound_synth.hpp"
#include "hmi/feedback/cue_table.hpp"
#include "hmi/feedback/feedback_settings.hpp"

#include <optional>

namespace tg::hmi {

struct AudioPrefs {
    bool audio = true;  // open an audio device at all
    bool muted = false; // metronome and loading tone off; cues and alarms still sound
    double volume = 0.8;
    audio::ClickSound click = audio::ClickSound::wood;
    bool speech = true;
    CueLanguage language = CueLanguage::en;
    std::optional<LoadingFeedback> loading; // overrides the plan's mode
};

} // namespace tg::hmi
