#pragma once

#include <string>

namespace tg::gait {

// Tuning of the streaming analyser. Defaults follow REFERENCES.md ("Gait events
// from force"): 50 N threshold held ~20 ms, with hysteresis.
struct GaitConfig {
    double sample_rate_hz = 1000.0;

    // Causal 2nd-order Butterworth low-pass on the vertical force, applied before
    // event detection and all metrics. 0 disables it. Loading rates depend on it.
    double filter_cutoff_hz = 50.0;

    // Thresholds are above the flight-phase baseline, which is tracked so that a
    // constant offset of the plate (±50 N and more) does not move the events.
    double strike_threshold_n = 50.0;
    double release_threshold_n = 30.0; // hysteresis: toe-off below this
    double persistence_s = 0.020;
    double max_baseline_offset_n = 150.0;

    // A running stance outside these bounds is not reported as a step.
    double min_contact_s = 0.080;
    double max_contact_s = 0.600;   // longer loaded periods are walking or standing
    double max_step_time_s = 1.5;   // longer gaps break the step-time chain
    double max_sample_gap_s = 0.05; // a longer gap in time resets the detector

    // Impact peak: first local maximum within this fraction of stance followed by a
    // dip of at least impact_min_dip_fraction of the stance's peak force.
    double impact_window_fraction = 0.30;
    double impact_min_dip_fraction = 0.01;

    // 0 means unknown: estimated from quiet standing, else from the mean force over
    // step cycles (the impulse of steady running equals body weight × time).
    double body_weight_n = 0.0;

    int cadence_window_steps = 8; // rolling cadence and symmetry use the last N steps

    // Walking (no flight phase): steps from mediolateral CoP side changes when the CoP
    // is given, else from minima of total force (Roerdink et al. 2008).
    double walking_cop_hysteresis_m = 0.015;
    double walking_min_step_time_s = 0.25;
    double walking_valley_depth_fraction = 0.06;

    // Running sides: the mean CoP change between alternating stances (the step width
    // seen by the plate) must reach this, else the side is reported unknown.
    double stance_cop_min_offset_m = 0.004;
};

// Empty when the configuration is usable, else the reason it is not.
std::string validate(const GaitConfig& config);

// Group delay of the low-pass at low frequencies, subtracted from event times.
double filter_delay_s(const GaitConfig& config);

// One line naming the filter, for reports next to loading rates.
std::string describe_filter(const GaitConfig& config);

} // namespace tg::gait
