#pragma once
// The cues the HMI gives the runner, each heard (a tone signature, optionally a spoken
// phrase) and seen (a colour band around the screen edge).
#include <cstdint>

namespace tg::hmi {

enum class Cue : std::uint8_t {
    run_soon,
    walk_soon,
    cool_down_soon,
    run_now,
    walk_now,
    cool_down_now,
    pain_check,
    cadence_low,
    cadence_high,
    loading_high,
    alarm,
    session_end,
};
inline constexpr int cue_count = 12;

inline constexpr int index_of(Cue cue) {
    return static_cast<int>(cue);
}

} // namespace tg::hmi
