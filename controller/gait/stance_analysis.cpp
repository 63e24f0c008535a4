#include "controller/gait/stance_analysis.hpp"

#include <algorithm>
#include <cstddef>

namespace tg::gait {

namespace {

struct Crossing {
    std::size_t index = 0; // first sample at or above the level
    double time_s = 0.0;   // interpolated
};

// First rise to `level` within [0, end]; interpolated between samples.
Crossing first_rise_to(std::span<const ForcePoint> s, double level, std::size_t end) {
    for (std::size_t i = 0; i <= end; ++i) {
        if (s[i].force_n < level) continue;
        if (i == 0 || s[i].force_n == s[i - 1].force_n) return {i, s[i].time_s};
        const double fraction = (level - s[i - 1].force_n) / (s[i].force_n - s[i - 1].force_n);
        return {i, s[i - 1].time_s + fraction * (s[i].time_s - s[i - 1].time_s)};
    }
    return {end, s[end].time_s};
}

// Force at time t by linear interpolation; clamps to the ends.
double force_at(std::span<const ForcePoint> s, double t) {
    if (t <= s.front().time_s) return s.front().force_n;
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (s[i].time_s < t) continue;
        const double dt = s[i].time_s - s[i - 1].time_s;
        const double fraction = dt > 0.0 ? (t - s[i - 1].time_s) / dt : 1.0;
        return s[i - 1].force_n + fraction * (s[i].force_n - s[i - 1].force_n);
    }
    return s.back().force_n;
}

// Largest sample-to-sample slope between two times (inclusive of the straddling pairs).
double max_slope(std::span<const ForcePoint> s, double from_s, double to_s) {
    double best = not_measured;
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (s[i].time_s < from_s) continue;
        if (s[i - 1].time_s > to_s) break;
        const double dt = s[i].time_s - s[i - 1].time_s;
        if (dt <= 0.0) continue;
        const double slope = (s[i].force_n - s[i - 1].force_n) / dt;
        if (!(best >= slope)) best = slope;
    }
    return best;
}

// Index of the impact peak, or s.size() when there is none: the first local maximum
// inside the impact window that is followed by a dip of at least min_dip before the
// force climbs back above it.
std::size_t find_impact_peak(std::span<const ForcePoint> s, double window_end_s, double min_dip) {
    for (std::size_t i = 1; i + 1 < s.size() && s[i].time_s <= window_end_s; ++i) {
        if (!(s[i].force_n >= s[i - 1].force_n && s[i].force_n > s[i + 1].force_n)) continue;
        double lowest = s[i].force_n;
        for (std::size_t j = i + 1; j < s.size() && s[j].force_n <= s[i].force_n; ++j)
            lowest = std::min(lowest, s[j].force_n);
        if (s[i].force_n - lowest >= min_dip) return i;
    }
    return s.size();
}

void impact_rates(std::span<const ForcePoint> s, std::size_t peak, StanceMetrics& m) {
    const double ip = s[peak].force_n;
    const Crossing c20 = first_rise_to(s, 0.2 * ip, peak);
    const Crossing c80 = first_rise_to(s, 0.8 * ip, peak);
    m.loading_rate_window = LoadingRateWindow::impact_20_80;
    if (c80.time_s > c20.time_s) m.valr_n_s = 0.6 * ip / (c80.time_s - c20.time_s);
    m.vilr_n_s = max_slope(s, c20.time_s, c80.time_s);
}

void early_stance_rates(std::span<const ForcePoint> s, double strike_s, double contact_s,
                        StanceMetrics& m) {
    const double from_s = strike_s + 0.03 * contact_s;
    const double to_s = strike_s + 0.12 * contact_s;
    m.loading_rate_window = LoadingRateWindow::stance_3_12;
    m.valr_n_s = (force_at(s, to_s) - force_at(s, from_s)) / (to_s - from_s);
    m.vilr_n_s = max_slope(s, from_s, to_s);
}

} // namespace

StanceMetrics analyze_stance(std::span<const ForcePoint> stance, double strike_time_s,
                             double toe_off_time_s, const StanceAnalysisConfig& config) {
    StanceMetrics m;
    const double contact_s = toe_off_time_s - strike_time_s;
    if (stance.size() < 3 || !(contact_s > 0.0)) return m;

    const auto peak = std::max_element(
        stance.begin(), stance.end(),
        [](const ForcePoint& a, const ForcePoint& b) { return a.force_n < b.force_n; });
    m.peak_force_n = peak->force_n;
    m.peak_time_s = peak->time_s;

    const double window_end_s = strike_time_s + config.impact_window_fraction * contact_s;
    const std::size_t impact =
        find_impact_peak(stance, window_end_s, config.impact_min_dip_fraction * m.peak_force_n);
    if (impact < stance.size()) {
        m.has_impact_peak = true;
        m.impact_peak_n = stance[impact].force_n;
        m.impact_peak_time_s = stance[impact].time_s;
        impact_rates(stance, impact, m);
    } else {
        early_stance_rates(stance, strike_time_s, contact_s, m);
    }
    return m;
}

} // namespace tg::gait
