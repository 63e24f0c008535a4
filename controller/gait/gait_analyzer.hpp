#pragma once

#include "controller/gait/body_weight_estimator.hpp"
#include "controller/gait/contact_detector.hpp"
#include "controller/gait/gait_config.hpp"
#include "controller/gait/gait_sample.hpp"
#include "controller/gait/low_pass_filter.hpp"
#include "controller/gait/rolling_window.hpp"
#include "controller/gait/stance_analysis.hpp"
#include "controller/gait/stance_side_classifier.hpp"
#include "controller/gait/step_event.hpp"
#include "controller/gait/walking_step_detector.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace tg::gait {

struct RollingSymmetry {
    double peak_force_pct = not_measured;   // symmetry_index_pct(right, left) of mean peaks
    double contact_time_pct = not_measured; // ... of mean contact times
};

// Streaming gait analysis of one force plate. Feed every sample in time order; a
// step event comes back on the sample that confirms the step (running: toe-off,
// after the persistence time; walking: the step instant). Pure and bounded: no
// clock, no I/O; all storage is sized in the constructor, so update() never
// allocates. Work per sample is O(1) except at a toe-off, which scans that stance's
// samples once (amortised O(1) per sample).
class GaitAnalyzer {
public:
    // Throws std::invalid_argument when validate(config) reports a problem.
    explicit GaitAnalyzer(const GaitConfig& config);

    std::optional<StepEvent> update(const GaitSample& sample);
    void reset();

    const GaitConfig& config() const { return config_; }
    GaitMode mode() const { return mode_; }
    bool in_contact() const { return detector_.in_contact(); }
    std::uint64_t steps() const { return steps_; }
    double body_weight_n() const { return body_weight_.body_weight_n(); }
    BodyWeightSource body_weight_source() const { return body_weight_.source(); }
    double rolling_cadence_spm() const;
    RollingSymmetry rolling_symmetry() const;

private:
    struct StrikeRecord {
        bool valid = false;
        double time_s = 0.0;
        double impulse_ns = 0.0; // cumulative impulse at the strike
    };

    void reset_detection();
    void track_baseline(double dt_s, double filtered_n);
    void track_walking(double time_s, double force_n, const GaitSample& sample,
                       std::optional<StepEvent>& event);
    void collect_stance(double time_s, double force_n, const GaitSample& sample);
    std::optional<StepEvent> on_toe_off(double toe_off_s);
    std::optional<StepEvent> on_walking_step(const WalkingStep& step);
    void chain_step(StepEvent& event, double strike_s);
    void finish_event(StepEvent& event);

    GaitConfig config_;
    double delay_s_;
    LowPassFilter filter_;
    ContactDetector detector_;
    StanceSideClassifier side_classifier_;
    WalkingStepDetector walking_;
    BodyWeightEstimator body_weight_;
    StanceAnalysisConfig stance_config_;

    std::vector<ForcePoint> stance_; // reserved once; never grows past its capacity
    bool stance_overflow_ = false;
    ForcePoint previous_point_;
    bool has_previous_ = false;
    double previous_time_s_ = 0.0;

    double baseline_n_ = 0.0;
    double impulse_ns_ = 0.0;
    double strike_s_ = 0.0;
    double strike_impulse_ns_ = 0.0;
    StrikeRecord last_step_;
    double last_toe_off_s_ = not_measured;

    GaitMode mode_ = GaitMode::running;
    bool loaded_ = false;
    double loaded_since_s_ = 0.0;
    double walking_peak_n_ = 0.0;

    std::uint64_t steps_ = 0;
    RollingWindow step_times_;
    RollingWindow right_peaks_, left_peaks_, right_contacts_, left_contacts_;
};

} // namespace tg::gait
