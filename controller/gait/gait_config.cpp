#include "controller/gait/gait_config.hpp"

#include <cmath>
#include <numbers>
#include <sstream>

namespace tg::gait {

namespace {

bool positive(double value) {
    return std::isfinite(value) && value > 0.0;
}

} // namespace

std::string validate(const GaitConfig& c) {
    if (!positive(c.sample_rate_hz) || c.sample_rate_hz < 10.0 || c.sample_rate_hz > 100000.0)
        return "sample rate must be between 10 Hz and 100 kHz";
    if (!std::isfinite(c.filter_cutoff_hz) || c.filter_cutoff_hz < 0.0)
        return "filter cut-off must be 0 (off) or positive";
    if (c.filter_cutoff_hz >= 0.45 * c.sample_rate_hz)
        return "filter cut-off must be below 0.45 x the sample rate";
    if (!positive(c.strike_threshold_n) || !std::isfinite(c.release_threshold_n) ||
        c.release_threshold_n > c.strike_threshold_n)
        return "strike threshold must be positive and not below the release threshold";
    if (!std::isfinite(c.persistence_s) || c.persistence_s < 0.0)
        return "persistence must be zero or positive";
    if (!positive(c.min_contact_s) || !(c.max_contact_s > c.min_contact_s))
        return "contact time bounds must satisfy 0 < min < max";
    if (!positive(c.max_step_time_s) || !positive(c.max_sample_gap_s))
        return "step-time and sample-gap limits must be positive";
    if (!(c.impact_window_fraction > 0.0 && c.impact_window_fraction < 1.0))
        return "impact window fraction must be in (0, 1)";
    if (!std::isfinite(c.body_weight_n) || c.body_weight_n < 0.0)
        return "body weight must be 0 (estimate) or positive";
    if (c.cadence_window_steps < 1 || c.cadence_window_steps > 64)
        return "cadence window must hold 1 to 64 steps";
    return {};
}

double filter_delay_s(const GaitConfig& c) {
    if (c.filter_cutoff_hz <= 0.0) return 0.0;
    // A 2nd-order Butterworth (Q = 1/sqrt2) delays low frequencies by sqrt2 / omega_c.
    return std::numbers::sqrt2 / (2.0 * std::numbers::pi * c.filter_cutoff_hz);
}

std::string describe_filter(const GaitConfig& c) {
    std::ostringstream out;
    if (c.filter_cutoff_hz <= 0.0) {
        out << "unfiltered vertical force";
    } else {
        out << "causal 2nd-order Butterworth low-pass, cut-off " << c.filter_cutoff_hz << " Hz at "
            << c.sample_rate_hz << " Hz sampling; event times corrected for its "
            << filter_delay_s(c) * 1000.0 << " ms group delay";
    }
    return out.str();
}

} // namespace tg::gait
