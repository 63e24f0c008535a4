#include "hmi/audio/audio_mixer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tg::hmi::audio {
namespace {

constexpr float full_scale = 32767.0F;
constexpr double tone_ramp_s = 0.003; // fade the pitch tone in and out: no click of its own

} // namespace

void AudioMixer::note_started(std::uint32_t tag, SampleIndex at) noexcept {
    if (tag == 0) return;
    counters_.last_tag_sample.store(at, std::memory_order_relaxed);
    counters_.last_tag.store(tag, std::memory_order_release);
}

void AudioMixer::apply(const AudioCommand& c, SampleIndex begin) noexcept {
    switch (c.kind) {
    case CommandKind::metronome:
        click_clip_ = c.clip;
        click_gain_ = c.gain;
        if (c.tempo != clicks_.tempo()) {
            click_tag_ = c.tag;
            click_tag_sounded_ = false;
        }
        clicks_.set_tempo(c.clip != nullptr ? c.tempo : 0, begin);
        return;
    case CommandKind::play: {
        if (c.clip == nullptr || c.clip->samples.empty()) return;
        // A free voice, else the one that started first (a newer cue matters more).
        Voice* slot = &voices_[0];
        for (Voice& v : voices_) {
            if (v.data == nullptr) {
                slot = &v;
                break;
            }
            if (v.start < slot->start) slot = &v;
        }
        *slot = {c.clip->samples.data(), static_cast<SampleIndex>(c.clip->samples.size()), begin,
                 c.gain, c.tag};
        note_started(c.tag, begin);
        return;
    }
    case CommandKind::tone:
        tone_ = {c.hz, begin, begin + std::max(0, c.duration_samples), c.gain};
        note_started(c.tag, begin);
        return;
    case CommandKind::silence:
        clicks_.stop();
        click_voice_ = {};
        voices_.fill({});
        tone_ = {};
        return;
    }
}

void AudioMixer::start_click(SampleIndex at) noexcept {
    if (click_clip_ == nullptr || click_clip_->samples.empty()) return;
    // A click lasts far less than a beat: each one replaces the last in the click voice.
    click_voice_ = {click_clip_->samples.data(),
                    static_cast<SampleIndex>(click_clip_->samples.size()), at, click_gain_, 0};
    counters_.clicks.fetch_add(1, std::memory_order_relaxed);
    counters_.last_click_sample.store(at, std::memory_order_relaxed);
    if (!click_tag_sounded_) {
        click_tag_sounded_ = true;
        note_started(click_tag_, at);
    }
}

float AudioMixer::voice_at(const Voice& v, SampleIndex t) noexcept {
    if (v.data == nullptr || t < v.start || t >= v.start + v.size) return 0.0F;
    return static_cast<float>(v.data[t - v.start]) * v.gain;
}

float AudioMixer::tone_at(SampleIndex t) const noexcept {
    if (t < tone_.start || t >= tone_.end) return 0.0F;
    const double since = static_cast<double>(t - tone_.start) / sample_rate_hz;
    const double until = static_cast<double>(tone_.end - t) / sample_rate_hz;
    const double ramp = std::min({1.0, since / tone_ramp_s, until / tone_ramp_s});
    const double wave = std::sin(2.0 * std::numbers::pi * tone_.hz * since);
    return static_cast<float>(wave * ramp * tone_.gain * 0.5 * full_scale);
}

void AudioMixer::mix(Sample* out, SampleIndex from, SampleIndex to, SampleIndex begin) noexcept {
    for (SampleIndex t = from; t < to; ++t) {
        float sum = voice_at(click_voice_, t) + tone_at(t);
        for (const Voice& v : voices_)
            sum += voice_at(v, t);
        out[t - begin] = static_cast<Sample>(std::clamp(sum, -full_scale, full_scale));
    }
}

void AudioMixer::render(Sample* out, int frames) noexcept {
    const SampleIndex begin = counters_.rendered.load(std::memory_order_relaxed);
    const SampleIndex end = begin + frames;
    AudioCommand command;
    while (queue_.pop(command))
        apply(command, begin);
    // Split the buffer at each click, so any buffer size places every click exactly.
    SampleIndex t = begin;
    while (t < end) {
        const auto click = clicks_.take_next(t, end);
        const SampleIndex upto = click.value_or(end);
        mix(out, t, upto, begin);
        t = upto;
        if (click) start_click(*click);
    }
    for (Voice& v : voices_)
        if (v.data != nullptr && v.start + v.size <= end) v = {};
    counters_.rendered.store(end, std::memory_order_release);
}

} // namespace tg::hmi::audio
