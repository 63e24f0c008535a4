#pragma once
// The loading-rate bar's colour and the pitch tone: green below the runner's own baseline,
// amber from the baseline up to the advisory (66 BW/s, Davis 2016, from the status), red
// above it. Without a baseline, amber starts at amber_share_of_advisory of the advisory.
#include <optional>

namespace tg::hmi {

enum class LoadingBand { green, amber, red };

inline constexpr double amber_share_of_advisory = 0.85;

LoadingBand loading_band(double valr_bw_s, std::optional<double> baseline_bw_s,
                         double advisory_bw_s);
const char* to_string(LoadingBand band);

// The pitch tone for the last step: 300 Hz at half the advisory up to 1200 Hz at 1.5x the
// advisory, on a log scale (equal ratios sound like equal steps), clamped at both ends.
double loading_tone_hz(double valr_bw_s, double advisory_bw_s);

} // namespace tg::hmi
