#pragma once
// The ranges of request fields (API.md), defined once: the daemon refuses a value outside
// them with bad_request, and the HMI and the CLI offer only what lies inside.
#include <cstddef>

namespace tg::api::bounds {

struct Range {
    double min, max;
    constexpr bool contains(double v) const { return v >= min && v <= max; }
};

inline constexpr Range speed_kmh{0, 30};            // speed: a request; the limiter caps it
inline constexpr Range pain_level{0, 10};           // pain
inline constexpr Range subscribe_hz{1, 50};         // subscribe
inline constexpr Range body_mass_kg{20, 250};       // runners.add
inline constexpr Range cadence_spm{100, 230};       // runners.add preferred cadence
inline constexpr Range target_speed_kmh{4, 20};     // runners.add
inline constexpr Range target_duration_min{5, 180}; // runners.add
inline constexpr Range runs_per_week{1, 7};         // runners.add, caps.set
inline constexpr Range plan_days{1, 28};            // plan
inline constexpr Range speed_cap_kmh{0.5, 30};      // caps.set
inline constexpr Range duration_cap_s{60, 7200};    // caps.set
inline constexpr Range pain_threshold{0, 10};       // caps.set
inline constexpr Range calibration_mass_kg{5, 300}; // plate.calibrate

// Longest accepted text fields, in bytes.
inline constexpr std::size_t name_bytes = 80;
inline constexpr std::size_t client_bytes = 64;
inline constexpr std::size_t profile_bytes = 64;
inline constexpr std::size_t pin_bytes = 32;
inline constexpr std::size_t why_bytes = 500;
inline constexpr std::size_t notes_bytes = 2000;
inline constexpr std::size_t date_bytes = 10; // YYYY-MM-DD
inline constexpr std::size_t format_bytes = 16;

} // namespace tg::api::bounds
