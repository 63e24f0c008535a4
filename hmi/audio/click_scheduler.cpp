#include "hmi/audio/click_scheduler.hpp"

#include <algorithm>
#include <cmath>

namespace tg::hmi::audio {

MilliSpm to_milli_spm(double spm) {
    if (!(spm > 0.0) || !std::isfinite(spm)) return 0;
    return static_cast<MilliSpm>(std::llround(spm * 1000.0));
}

SampleIndex ClickScheduler::position(std::int64_t k) const noexcept {
    // 60 s * rate * 1000 / milli-spm samples per click; k * that stays far inside int64
    // (k = 10^7 clicks at 48 kHz is 2.9e16).
    const std::int64_t numerator = std::int64_t{60} * rate_hz_ * 1000;
    return anchor_ + (k * numerator) / tempo_;
}

void ClickScheduler::set_tempo(MilliSpm tempo, SampleIndex at) noexcept {
    if (tempo <= 0) {
        stop();
        return;
    }
    if (tempo == tempo_) return;
    const bool continuing = tempo_ > 0 && last_click_.has_value();
    tempo_ = tempo;
    k_ = 0;
    anchor_ = at;
    if (!continuing) return;
    anchor_ = *last_click_; // keep the beat: one new period after the last click
    k_ = 1;
    if (position(1) < at) {
        anchor_ = at;
        k_ = 0;
    }
}

std::optional<SampleIndex> ClickScheduler::take_next(SampleIndex begin, SampleIndex end) noexcept {
    if (tempo_ <= 0) return std::nullopt;
    if (position(k_) < begin) { // jump, then settle on the first click at or after begin
        const std::int64_t numerator = std::int64_t{60} * rate_hz_ * 1000;
        k_ = std::max(k_, ((begin - anchor_) * tempo_) / numerator);
        while (position(k_) < begin)
            ++k_;
    }
    const SampleIndex p = position(k_);
    if (p >= end) return std::nullopt;
    ++k_;
    last_click_ = p;
    return p;
}

} // namespace tg::hmi::audio
