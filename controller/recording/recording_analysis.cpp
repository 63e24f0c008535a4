#include "controller/recording/recording_analysis.hpp"

#include "controller/gait/gait_analyzer.hpp"

#include <algorithm>
#include <cmath>

namespace tg::recording {

namespace {

struct Pass {
    std::vector<gait::StepEvent> steps;
    double body_weight_n = gait::not_measured;
    gait::BodyWeightSource source = gait::BodyWeightSource::unknown;
};

Pass run(const ForceRecording& recording, const gait::GaitConfig& config) {
    gait::GaitAnalyzer analyzer(config);
    Pass pass;
    for (std::size_t i = 0; i < recording.size(); ++i)
        if (auto step = analyzer.update(recording.sample(i))) pass.steps.push_back(*step);
    pass.body_weight_n = analyzer.body_weight_n();
    pass.source = analyzer.body_weight_source();
    return pass;
}

} // namespace

double default_filter_cutoff_hz(double sample_rate_hz) {
    return std::min(50.0, sample_rate_hz / 5.0);
}

RecordingAnalysis analyze_recording(const ForceRecording& recording, gait::GaitConfig config) {
    config.sample_rate_hz = recording.sample_rate_hz;
    if (config.body_weight_n <= 0.0 && recording.body_mass_kg)
        config.body_weight_n = *recording.body_mass_kg * standard_gravity_m_s2;

    Pass pass = run(recording, config);
    if (config.body_weight_n <= 0.0 && std::isfinite(pass.body_weight_n)) {
        const gait::BodyWeightSource estimated_from = pass.source;
        config.body_weight_n = pass.body_weight_n;
        pass = run(recording, config);
        pass.source = estimated_from;
    }
    RecordingAnalysis out;
    out.body_weight_n = pass.body_weight_n;
    out.body_weight_source = pass.source;
    out.steps = std::move(pass.steps);
    out.config = config;
    return out;
}

} // namespace tg::recording
