#include "hw/sim/runner_stride.hpp"

#include <algorithm>
#include <numbers>

namespace tg::sim {
namespace {

constexpr double pi = std::numbers::pi;
// Mean of sin(pi s) + 0.4 sin(3 pi s) over [0, 1].
constexpr double kWalkingShapeMean = 2.0 / pi * (1.0 + 0.4 / 3.0);
// A walking stance lasts this many step times (62 % of the stride).
constexpr double kWalkingStanceSteps = 1.24;

double walking_shape(double s) {
    return std::sin(pi * s) + 0.4 * std::sin(3 * pi * s);
}

} // namespace

Stride running_stride(double v, FootStrike strike) {
    Stride s;
    s.running = true;
    const double cadence = std::clamp(155.0 + 2.4 * (v - 8.0), 140.0, 200.0);
    s.step_time_s = 60.0 / cadence;
    s.active_bw = std::clamp(2.2 + 0.05 * (v - 8.0), 2.0, 3.0);
    if (strike == FootStrike::Rearfoot) {
        s.impact_time_s = std::clamp(0.034 - 0.0008 * (v - 8.0), 0.02, 0.04);
        s.impact_bw = std::clamp(0.8 + 0.04 * (v - 8.0), 0.5, 1.5);
    }
    // Impulse balance: A tc 2/pi (half sine) + a t_i (Hann pulse of width 2 t_i) = T.
    s.contact_s = (s.step_time_s - s.impact_bw * s.impact_time_s) * pi / (2.0 * s.active_bw);
    return s;
}

Stride walking_stride(double v) {
    Stride s;
    s.running = false;
    const double cadence = std::clamp(95.0 + 6.0 * v, 90.0, 140.0);
    s.step_time_s = 60.0 / cadence;
    s.contact_s = kWalkingStanceSteps * s.step_time_s;
    s.active_bw = 1.0 / (kWalkingStanceSteps * kWalkingShapeMean);
    return s;
}

double stance_force_bw(const Stride& s, double tau) {
    if (tau < 0 || tau >= s.contact_s) return 0;
    if (!s.running) return s.active_bw * std::max(0.0, walking_shape(tau / s.contact_s));
    double f = s.active_bw * std::sin(pi * tau / s.contact_s);
    if (s.impact_bw > 0 && tau < 2 * s.impact_time_s) {
        const double h = std::sin(pi * tau / (2 * s.impact_time_s));
        f += s.impact_bw * h * h;
    }
    return f;
}

StanceTruth stance_truth(const Stride& s) {
    StanceTruth t;
    constexpr double dt = 1e-5;
    double peak = 0;
    for (double tau = 0; tau < s.contact_s; tau += 1e-4)
        peak = std::max(peak, stance_force_bw(s, tau));
    t.peak_bw = peak;
    if (!s.running) return t;
    if (s.impact_bw > 0) {
        // First local maximum: the impact peak.
        double tau = dt;
        while (stance_force_bw(s, tau + dt) >= stance_force_bw(s, tau))
            tau += dt;
        const double ip = stance_force_bw(s, tau);
        auto rise_to = [&](double level) {
            double x = 0;
            while (stance_force_bw(s, x) < level)
                x += dt;
            return x;
        };
        t.impact_peak_bw = ip;
        t.valr_bw_s = 0.6 * ip / (rise_to(0.8 * ip) - rise_to(0.2 * ip));
    } else {
        const double from = 0.03 * s.contact_s, to = 0.12 * s.contact_s;
        t.valr_bw_s = (stance_force_bw(s, to) - stance_force_bw(s, from)) / (to - from);
    }
    return t;
}

} // namespace tg::sim
