#pragma once

#include "controller/gait/gait_analyzer.hpp"
#include "synthetic_gait.hpp"

#include <vector>

namespace tg::gait::test {

inline GaitConfig config_for(double rate_hz, double body_weight_n = 0.0) {
    GaitConfig c;
    c.sample_rate_hz = rate_hz;
    c.filter_cutoff_hz = std::min(50.0, rate_hz / 5.0);
    c.body_weight_n = body_weight_n;
    return c;
}

inline std::vector<StepEvent> run(GaitAnalyzer& analyzer, const std::vector<GaitSample>& samples) {
    std::vector<StepEvent> steps;
    for (const auto& s : samples)
        if (auto e = analyzer.update(s)) steps.push_back(*e);
    return steps;
}

inline std::vector<StepEvent> run(const GaitConfig& config,
                                  const std::vector<GaitSample>& samples) {
    GaitAnalyzer analyzer(config);
    return run(analyzer, samples);
}

} // namespace tg::gait::test
