#pragma once

#include "controller/gait/body_weight_estimator.hpp"
#include "controller/gait/gait_config.hpp"
#include "controller/gait/step_event.hpp"
#include "controller/recording/force_recording.hpp"

#include <vector>

namespace tg::recording {

struct RecordingAnalysis {
    gait::GaitConfig config; // as used (sample rate, filter, body weight)
    std::vector<gait::StepEvent> steps;
    double body_weight_n = gait::not_measured;
    gait::BodyWeightSource body_weight_source = gait::BodyWeightSource::unknown;
};

// Default low-pass cut-off for a sample rate: 50 Hz, or rate / 5 when that is lower.
double default_filter_cutoff_hz(double sample_rate_hz);

// Runs the streaming analyser over a whole recording. The config's sample rate is
// replaced by the recording's. Body weight: the config's, else the recording's body
// mass, else estimated by a first pass of the analyser and applied in a second pass
// so that every step (also the first ones) is normalised by the same value.
// Throws std::invalid_argument for an unusable config.
RecordingAnalysis analyze_recording(const ForceRecording& recording, gait::GaitConfig config);

} // namespace tg::recording
