#pragma once
// The HMI's sounds, synthesised once at start-up (no sound files to ship or lose): the
// metronome clicks, a tone signature per cue, and the alarm, which sounds like no cue.
#include "hmi/audio/pcm_clip.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tg::hmi::audio {

// Selectable click sounds. Each starts at full level on its first sample (a sharp onset the
// ear and the tests locate to the sample) and is over in under 30 ms.
enum class ClickSound { wood, beep, cowbell };
inline constexpr ClickSound click_sounds[] = {ClickSound::wood, ClickSound::beep,
                                              ClickSound::cowbell};
const char* to_string(ClickSound sound);
std::optional<ClickSound> click_sound_from(std::string_view name);

PcmClip click_clip(ClickSound sound);

// One note of a cue signature; notes follow each other without a gap.
struct Note {
    double hz = 0.0; // 0: a rest
    double seconds = 0.0;
    bool harsh = false; // square-ish timbre (alarms only)
};
// Notes with short fades at each end, at `level` of full scale.
PcmClip notes_clip(const std::vector<Note>& notes, double level);
// a, then `gap_s` of silence, then b (a cue signature followed by its spoken phrase).
PcmClip joined(const PcmClip& a, double gap_s, const PcmClip& b);

} // namespace tg::hmi::audio
