#pragma once
// Every cue's words, colour and tone signature, in one table. Other languages are added as
// another column of phrases (CueLanguage); the tones and colours are shared.
#include "hmi/audio/sound_synth.hpp"
#include "hmi/feedback/cue.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace tg::hmi {

enum class CueLanguage : std::uint8_t { en };
std::optional<CueLanguage> cue_language_from(std::string_view code); // "en"
const char* espeak_voice(CueLanguage language);                      // "en-gb", ...

struct CueStyle {
    std::uint32_t band_abgr = 0; // ImGui colour of the screen-edge band
    double band_s = 0.0;         // how long the band shows
};

// A stable name for logs and tests ("run_now", "alarm", ...).
const char* cue_name(Cue cue);
// What is said (and written on the band) for the cue.
const char* cue_phrase(Cue cue, CueLanguage language);
CueStyle cue_style(Cue cue);
// The cue's tone signature: alarms buzz (square-ish, alternating), cues chime (sine).
std::vector<audio::Note> cue_notes(Cue cue);

} // namespace tg::hmi
