#pragma once
// Where the metronome's clicks fall, on the audio sample counter (never on frame time).
// Click k of a tempo anchored at sample A is at A + floor(k * 60 * rate * 1000 / spm_milli):
// each position is computed from k, not by adding a rounded period, so rounding never
// accumulates and there is no drift, however long the session.
#include "hmi/audio/audio_format.hpp"

#include <cstdint>
#include <optional>

namespace tg::hmi::audio {

// Tempo in thousandths of a step per minute (176.000 spm = 176000): exact integer maths.
using MilliSpm = std::int64_t;
MilliSpm to_milli_spm(double spm);

class ClickScheduler {
public:
    explicit ClickScheduler(int rate_hz = sample_rate_hz) : rate_hz_(rate_hz) {}

    // Clicks at `tempo` from `at` on (the first click at `at`). Called again with the same
    // tempo it changes nothing; with another tempo the beat continues from the last click
    // at the new period (or restarts at `at` if that is already past). tempo <= 0 stops.
    void set_tempo(MilliSpm tempo, SampleIndex at) noexcept;
    void stop() noexcept { tempo_ = 0; }
    bool running() const noexcept { return tempo_ > 0; }
    MilliSpm tempo() const noexcept { return tempo_; }

    // The next click in [begin, end), consumed; empty when none falls there. Clicks before
    // `begin` that were never asked for are skipped (a late buffer does not bunch them up).
    std::optional<SampleIndex> take_next(SampleIndex begin, SampleIndex end) noexcept;
    // Where the next click will fall (meaningless when stopped).
    SampleIndex next_position() const noexcept { return position(k_); }

private:
    SampleIndex position(std::int64_t k) const noexcept;

    int rate_hz_;
    MilliSpm tempo_ = 0;
    SampleIndex anchor_ = 0;
    std::int64_t k_ = 0; // index of the next click from the anchor
    std::optional<SampleIndex> last_click_;
};

} // namespace tg::hmi::audio
