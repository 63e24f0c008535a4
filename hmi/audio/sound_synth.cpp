#include "hmi/audio/sound_synth.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tg::hmi::audio {
namespace {

constexpr double two_pi = 2.0 * std::numbers::pi;
constexpr double note_fade_s = 0.004;

Sample to_sample(double v) {
    return static_cast<Sample>(std::lround(std::clamp(v, -1.0, 1.0) * 32767.0));
}

// Partials starting in phase (cosine: full level on sample 0) under one exponential decay.
PcmClip struck(std::initializer_list<double> partials_hz, double decay_s, double length_s) {
    PcmClip clip;
    const auto n = static_cast<std::size_t>(seconds_to_samples(length_s));
    clip.samples.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / sample_rate_hz;
        double sum = 0.0;
        for (double hz : partials_hz)
            sum += std::cos(two_pi * hz * t);
        clip.samples[i] =
            to_sample(0.9 * sum / static_cast<double>(partials_hz.size()) * std::exp(-t / decay_s));
    }
    return clip;
}

} // namespace

const char* to_string(ClickSound sound) {
    switch (sound) {
    case ClickSound::wood:
        return "wood";
    case ClickSound::beep:
        return "beep";
    case ClickSound::cowbell:
        return "cowbell";
    }
    return "wood";
}

std::optional<ClickSound> click_sound_from(std::string_view name) {
    for (ClickSound s : click_sounds)
        if (name == to_string(s)) return s;
    return std::nullopt;
}

PcmClip click_clip(ClickSound sound) {
    switch (sound) {
    case ClickSound::wood:
        return struck({1700.0, 2900.0}, 0.0025, 0.012);
    case ClickSound::beep:
        return struck({1000.0}, 0.006, 0.022);
    case ClickSound::cowbell:
        return struck({560.0, 845.0}, 0.008, 0.028);
    }
    return struck({1700.0}, 0.0025, 0.012);
}

PcmClip notes_clip(const std::vector<Note>& notes, double level) {
    PcmClip clip;
    for (const Note& note : notes) {
        const auto n = static_cast<std::size_t>(seconds_to_samples(note.seconds));
        for (std::size_t i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / sample_rate_hz;
            const double fade = std::min({1.0, t / note_fade_s, (note.seconds - t) / note_fade_s});
            double wave = note.hz > 0.0 ? std::sin(two_pi * note.hz * t) : 0.0;
            if (note.harsh) wave = std::clamp(wave * 3.0, -1.0, 1.0); // clipped: buzzy
            clip.samples.push_back(to_sample(wave * fade * level));
        }
    }
    return clip;
}

PcmClip joined(const PcmClip& a, double gap_s, const PcmClip& b) {
    PcmClip clip = a;
    clip.samples.resize(a.samples.size() + static_cast<std::size_t>(seconds_to_samples(gap_s)), 0);
    clip.samples.insert(clip.samples.end(), b.samples.begin(), b.samples.end());
    return clip;
}

} // namespace tg::hmi::audio
