#pragma once

#include "controller/recording/force_recording.hpp"
#include "controller/recording/recording_analysis.hpp"

#include <nlohmann/json.hpp>

namespace tg::cli {

// The `treadguard analyze` report: summary medians, the methods behind them, and
// (with per_step) every step. Unmeasurable values are null.
nlohmann::json analysis_to_json(const recording::ForceRecording& recording,
                                const recording::RecordingAnalysis& analysis, bool per_step);

nlohmann::json step_to_json(const gait::StepEvent& step);

} // namespace tg::cli
