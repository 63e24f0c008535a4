#include "synthetic_gait.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <optional>

namespace tg::gait::test {

namespace {

// Deterministic uniform noise in [-1, 1] (a small LCG, same on every platform).
class Noise {
public:
    double next() {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state_ >> 11) / static_cast<double>(1ULL << 53) * 2.0 - 1.0;
    }

private:
    unsigned long long state_ = 12345;
};

double running_stance_force(const RunningSpec& s, double u) {
    double f = s.active_peak_bw * std::sin(std::numbers::pi * u);
    if (s.impact_peak_bw > 0.0) {
        const double z = (u - 0.10) / 0.025;
        f += s.impact_peak_bw * std::exp(-0.5 * z * z);
    }
    return f * s.body_weight_n;
}

// One foot's walking force: the double hump of walking (peaks 1.15 BW at 25 % and
// 75 % of stance, 0.75 BW between), zero outside stance; piecewise linear.
double walking_foot_force(double u, double body_weight_n) {
    if (u < 0.0 || u > 1.0) return 0.0;
    constexpr std::array<double, 9> at{0.0, 0.08, 0.167, 0.25, 0.5, 0.75, 0.833, 0.92, 1.0};
    constexpr std::array<double, 9> bw{0.0, 0.6, 1.1, 1.15, 0.75, 1.15, 1.1, 0.6, 0.0};
    std::size_t i = 1;
    while (i + 1 < at.size() && u > at[i])
        ++i;
    const double fraction = (u - at[i - 1]) / (at[i] - at[i - 1]);
    return body_weight_n * (bw[i - 1] + fraction * (bw[i] - bw[i - 1]));
}

} // namespace

Synthetic make_running(const RunningSpec& s) {
    Synthetic out;
    const double duration = s.lead_in_s + s.steps * s.step_time_s + 0.3;
    const auto n = static_cast<std::size_t>(duration * s.rate_hz);
    for (int k = 0; k < s.steps; ++k) {
        out.strike_times_s.push_back(s.lead_in_s + k * s.step_time_s);
        out.sides.push_back(k % 2 == 0 ? FootSide::right : FootSide::left);
    }
    Noise noise;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / s.rate_hz;
        double f = 0.0;
        std::optional<double> cop;
        const double since = t - s.lead_in_s;
        const int k = static_cast<int>(std::floor(since / s.step_time_s));
        if (since >= 0.0 && k < s.steps) {
            const double u = (since - k * s.step_time_s) / s.contact_time_s;
            if (u <= 1.0) {
                f = running_stance_force(s, u);
                if (s.step_width_m > 0.0)
                    cop = (k % 2 == 0 ? 0.5 : -0.5) * s.step_width_m + s.drift_m_per_s * t;
            }
        }
        f += s.offset_n + s.noise_n * noise.next();
        if (s.clip_at_zero) f = std::max(0.0, f);
        out.samples.push_back({t, f, cop});
    }
    return out;
}

Synthetic make_walking(const WalkingSpec& s) {
    Synthetic out;
    const double duration = (s.steps + 1) * s.step_time_s + s.stance_time_s;
    const auto n = static_cast<std::size_t>(duration * s.rate_hz);
    // Feet alternate; foot k strikes at k * step_time, from before t = 0 so the plate
    // is loaded from the start.
    for (int k = 0; k <= s.steps; ++k) {
        out.strike_times_s.push_back(k * s.step_time_s);
        out.sides.push_back(k % 2 == 0 ? FootSide::right : FootSide::left);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / s.rate_hz;
        double total = 0.0, weighted = 0.0;
        for (int k = -2; k <= s.steps; ++k) {
            const double f =
                walking_foot_force((t - k * s.step_time_s) / s.stance_time_s, s.body_weight_n);
            const double side = (k % 2 == 0) ? 0.5 : -0.5; // k even: right foot
            total += f;
            weighted += f * side * s.step_width_m;
        }
        std::optional<double> cop;
        if (s.with_cop && total > 0.0) cop = weighted / total;
        out.samples.push_back({t, total, cop});
    }
    return out;
}

Synthetic stand_then(double seconds, double body_weight_n, const Synthetic& after, double rate_hz) {
    Synthetic out;
    const auto n = static_cast<std::size_t>(seconds * rate_hz);
    for (std::size_t i = 0; i < n; ++i)
        out.samples.push_back({static_cast<double>(i) / rate_hz, body_weight_n, 0.0});
    for (GaitSample s : after.samples) {
        s.time_s += seconds;
        out.samples.push_back(s);
    }
    for (double t : after.strike_times_s)
        out.strike_times_s.push_back(t + seconds);
    out.sides = after.sides;
    return out;
}

} // namespace tg::gait::test
