#pragma once
// How a runner's footfall looks at a given belt speed: the speed laws of the simulated
// runner and the force curve of one stance, in body weights. Pure functions.
//
// Running: cadence grows with speed (155 steps/min at 8 km/h, +2.4 per km/h), the
// active peak too (2.2 BW at 8 km/h, +0.05 per km/h, within 2-3 BW; Cavanagh &
// Lafortune 1980, Munro 1987). A rearfoot striker adds an impact transient, a Hann
// pulse peaking t_i after the strike. The contact time follows from momentum: over a
// step the vertical impulse equals body weight x step time, so the curve's area is fixed.
// Walking: two overlapping stances per step (double support), each the classic
// double-hump curve sin(pi s) + 0.4 sin(3 pi s), scaled by the same impulse balance.
#include <cmath>

namespace tg::sim {

enum class FootStrike { Rearfoot, Forefoot };

struct Stride {
    bool running = true;
    double step_time_s = 0;
    double contact_s = 0;     // stance duration of one foot
    double active_bw = 0;     // running: half-sine amplitude; walking: curve scale
    double impact_bw = 0;     // running rearfoot: amplitude of the impact pulse
    double impact_time_s = 0; // running rearfoot: time of the impact pulse's peak
};

Stride running_stride(double belt_kmh, FootStrike strike);
Stride walking_stride(double belt_kmh);

// Vertical force of one foot, in BW, `tau_s` after its strike (0 outside the stance).
double stance_force_bw(const Stride& stride, double tau_s);

// The stride's loading rate by the same definition the gait analysis uses (20-80 % of
// the impact peak, else 3-12 % of stance), on the noise-free curve; NaN for walking.
struct StanceTruth {
    double peak_bw = NAN;
    double impact_peak_bw = NAN;
    double valr_bw_s = NAN;
};
StanceTruth stance_truth(const Stride& stride);

} // namespace tg::sim
