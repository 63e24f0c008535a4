#include "hmi/feedback/sound_bank.hpp"

#include "hmi/feedback/cue_table.hpp"

namespace tg::hmi {
namespace {

constexpr double cue_level = 0.6; // below the clicks: a cue never masks the beat
constexpr double speech_after_tone_s = 0.08;

std::size_t slot(Cue cue) {
    return static_cast<std::size_t>(index_of(cue));
}

} // namespace

SoundBank::SoundBank() {
    for (audio::ClickSound s : audio::click_sounds)
        clicks_[static_cast<std::size_t>(s)] = audio::click_clip(s);
    for (int i = 0; i < cue_count; ++i)
        tones_[static_cast<std::size_t>(i)] =
            audio::notes_clip(cue_notes(static_cast<Cue>(i)), cue_level);
}

const audio::PcmClip& SoundBank::click(audio::ClickSound sound) const {
    return clicks_[static_cast<std::size_t>(sound)];
}

bool SoundBank::spoken(Cue cue) const {
    return spoken_[slot(cue)].load(std::memory_order_acquire);
}

const audio::PcmClip& SoundBank::cue(Cue cue) const {
    return spoken(cue) ? with_speech_[slot(cue)] : tones_[slot(cue)];
}

void SoundBank::set_speech(Cue cue, const audio::PcmClip& speech) {
    if (claimed_[slot(cue)].exchange(true)) return;
    with_speech_[slot(cue)] = audio::joined(tones_[slot(cue)], speech_after_tone_s, speech);
    spoken_[slot(cue)].store(true, std::memory_order_release);
}

} // namespace tg::hmi
