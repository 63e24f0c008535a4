#include "controller/gait/gait_analyzer.hpp"

#include "controller/gait/symmetry_index.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tg::gait {

namespace {

constexpr double baseline_time_constant_s = 0.05;

GaitConfig checked(const GaitConfig& config) {
    if (const std::string problem = validate(config); !problem.empty())
        throw std::invalid_argument("gait config: " + problem);
    return config;
}

std::size_t stance_capacity(const GaitConfig& c) {
    const double seconds = c.max_contact_s + 2.0 * c.persistence_s;
    return static_cast<std::size_t>(std::ceil(seconds * c.sample_rate_hz * 1.25)) + 16;
}

WalkingDetectorConfig walking_config(const GaitConfig& c) {
    return {c.walking_cop_hysteresis_m, c.walking_min_step_time_s, c.walking_valley_depth_fraction};
}

} // namespace

GaitAnalyzer::GaitAnalyzer(const GaitConfig& config)
    : config_(checked(config)), delay_s_(filter_delay_s(config_)),
      filter_(config_.filter_cutoff_hz, config_.sample_rate_hz),
      detector_(config_.strike_threshold_n, config_.release_threshold_n, config_.persistence_s),
      side_classifier_(config_.stance_cop_min_offset_m), walking_(walking_config(config_)),
      body_weight_(config_.body_weight_n), stance_config_{config_.impact_window_fraction,
                                                          config_.impact_min_dip_fraction},
      step_times_(static_cast<std::size_t>(config_.cadence_window_steps)),
      right_peaks_(static_cast<std::size_t>(config_.cadence_window_steps)),
      left_peaks_(static_cast<std::size_t>(config_.cadence_window_steps)),
      right_contacts_(static_cast<std::size_t>(config_.cadence_window_steps)),
      left_contacts_(static_cast<std::size_t>(config_.cadence_window_steps)) {
    stance_.reserve(stance_capacity(config_));
}

void GaitAnalyzer::reset() {
    reset_detection();
    baseline_n_ = 0.0;
    steps_ = 0;
    step_times_.clear();
    right_peaks_.clear();
    left_peaks_.clear();
    right_contacts_.clear();
    left_contacts_.clear();
    side_classifier_.reset();
}

void GaitAnalyzer::reset_detection() {
    filter_.reset();
    detector_.reset();
    walking_.reset();
    body_weight_.reset_block();
    stance_.clear();
    stance_overflow_ = false;
    has_previous_ = false;
    loaded_ = false;
    last_step_ = {};
    last_toe_off_s_ = not_measured;
    mode_ = GaitMode::running;
}

std::optional<StepEvent> GaitAnalyzer::update(const GaitSample& sample) {
    const double t = sample.time_s;
    if (!std::isfinite(t) || !std::isfinite(sample.vertical_force_n)) {
        reset_detection();
        return std::nullopt;
    }
    if (has_previous_ && (t <= previous_time_s_ || t - previous_time_s_ > config_.max_sample_gap_s))
        reset_detection();
    const double dt = has_previous_ ? t - previous_time_s_ : 0.0;
    previous_time_s_ = t;

    const double filtered = filter_.update(sample.vertical_force_n);
    const double event_t = t - delay_s_; // times refer to the unfiltered signal
    body_weight_.add_sample(event_t, filtered);
    track_baseline(dt, filtered);
    const double force = filtered - baseline_n_;
    impulse_ns_ += force * dt;

    const ContactTransition transition = detector_.update(event_t, force);
    std::optional<StepEvent> event;
    if (transition.kind == ContactTransition::Kind::strike) {
        strike_s_ = transition.time_s;
        strike_impulse_ns_ = impulse_ns_;
    } else if (transition.kind == ContactTransition::Kind::toe_off) {
        event = on_toe_off(transition.time_s);
    }
    collect_stance(event_t, force, sample);

    track_walking(event_t, force, sample, event);
    previous_point_ = {event_t, force};
    has_previous_ = true;
    return event;
}

void GaitAnalyzer::track_walking(double time_s, double force_n, const GaitSample& sample,
                                 std::optional<StepEvent>& event) {
    // Loaded without a break for longer than a running stance: walking or standing,
    // also when the plate was loaded from the first sample on.
    if (force_n < config_.release_threshold_n) {
        loaded_ = false;
        if (detector_.in_flight()) mode_ = GaitMode::running;
        return;
    }
    if (!loaded_) {
        loaded_ = true;
        loaded_since_s_ = time_s;
    }
    if (mode_ == GaitMode::running && time_s - loaded_since_s_ > config_.max_contact_s) {
        mode_ = GaitMode::walking;
        last_step_ = {};
        walking_.reset();
        walking_peak_n_ = 0.0;
    }
    if (mode_ != GaitMode::walking) return;
    walking_peak_n_ = std::max(walking_peak_n_, force_n);
    const auto step = walking_.update(time_s, force_n, sample.cop_ml_m);
    if (step) event = on_walking_step(*step);
}

void GaitAnalyzer::track_baseline(double dt_s, double filtered_n) {
    if (!detector_.in_flight()) return;
    // Before the detector has seen a flight phase the baseline may still be an
    // offset above the release threshold: learn from anything that cannot be stance.
    const bool flight_like = detector_.armed()
                                 ? filtered_n - baseline_n_ < config_.strike_threshold_n
                                 : filtered_n < config_.max_baseline_offset_n;
    if (!flight_like) return;
    const double alpha = std::clamp(dt_s / baseline_time_constant_s, 0.0, 1.0);
    baseline_n_ += alpha * (filtered_n - baseline_n_);
    baseline_n_ =
        std::clamp(baseline_n_, -config_.max_baseline_offset_n, config_.max_baseline_offset_n);
}

void GaitAnalyzer::collect_stance(double time_s, double force_n, const GaitSample& sample) {
    if (detector_.in_flight()) {
        stance_.clear();
        stance_overflow_ = false;
        side_classifier_.begin_stance();
        return;
    }
    if (stance_.empty() && has_previous_) stance_.push_back(previous_point_);
    if (stance_.size() < stance_.capacity())
        stance_.push_back({time_s, force_n});
    else
        stance_overflow_ = true;
    if (sample.cop_ml_m) side_classifier_.add(force_n, *sample.cop_ml_m);
}

std::optional<StepEvent> GaitAnalyzer::on_toe_off(double toe_off_s) {
    const double contact_s = toe_off_s - strike_s_;
    const bool was_walking = mode_ == GaitMode::walking;
    mode_ = GaitMode::running;
    const double previous_toe_off_s = last_toe_off_s_;
    last_toe_off_s_ = toe_off_s;
    if (was_walking || stance_overflow_ || contact_s < config_.min_contact_s ||
        contact_s > config_.max_contact_s) {
        last_step_ = {};
        side_classifier_.end_stance(false);
        return std::nullopt;
    }
    const bool follows =
        last_step_.valid && strike_s_ - last_step_.time_s <= config_.max_step_time_s;
    const FootSide side = side_classifier_.end_stance(follows);

    // Keep the stance from just before the strike to just after the toe-off.
    auto first = std::find_if(stance_.begin(), stance_.end(),
                              [&](const ForcePoint& p) { return p.time_s >= strike_s_; });
    if (first != stance_.begin()) --first;
    auto last = std::find_if(first, stance_.end(),
                             [&](const ForcePoint& p) { return p.time_s > toe_off_s; });
    if (last != stance_.end()) ++last;
    const StanceMetrics m =
        analyze_stance(std::span<const ForcePoint>(&*first, static_cast<std::size_t>(last - first)),
                       strike_s_, toe_off_s, stance_config_);

    StepEvent e;
    e.mode = GaitMode::running;
    e.side = side;
    e.strike_time_s = strike_s_;
    e.toe_off_time_s = toe_off_s;
    e.contact_time_s = contact_s;
    if (std::isfinite(previous_toe_off_s) && last_step_.valid)
        e.flight_time_s = strike_s_ - previous_toe_off_s;
    e.peak_force_n = m.peak_force_n;
    e.peak_time_s = m.peak_time_s;
    e.has_impact_peak = m.has_impact_peak;
    e.impact_peak_n = m.impact_peak_n;
    e.impact_peak_time_s = m.impact_peak_time_s;
    e.loading_rate_window = m.loading_rate_window;
    e.valr_n_s = m.valr_n_s;
    e.vilr_n_s = m.vilr_n_s;
    chain_step(e, strike_s_);
    last_step_ = {true, strike_s_, strike_impulse_ns_};

    if (side == FootSide::right) {
        right_peaks_.push(e.peak_force_n);
        right_contacts_.push(contact_s);
    } else if (side == FootSide::left) {
        left_peaks_.push(e.peak_force_n);
        left_contacts_.push(contact_s);
    }
    finish_event(e);
    return e;
}

std::optional<StepEvent> GaitAnalyzer::on_walking_step(const WalkingStep& step) {
    StepEvent e;
    e.mode = GaitMode::walking;
    e.side = step.side;
    e.strike_time_s = step.time_s;
    e.peak_force_n = walking_peak_n_;
    walking_peak_n_ = 0.0;
    // The impulse at the step instant is approximated by the impulse now: the
    // detector reports within a fraction of a step, which the median absorbs.
    chain_step(e, step.time_s);
    last_step_ = {true, step.time_s, impulse_ns_};
    finish_event(e);
    return e;
}

void GaitAnalyzer::chain_step(StepEvent& e, double strike_s) {
    if (!last_step_.valid) return;
    const double step_s = strike_s - last_step_.time_s;
    if (!(step_s > 0.0) || step_s > config_.max_step_time_s) return;
    e.step_time_s = step_s;
    step_times_.push(step_s);
    const double impulse =
        (e.mode == GaitMode::running ? strike_impulse_ns_ : impulse_ns_) - last_step_.impulse_ns;
    body_weight_.add_cycle(step_s, impulse);
}

void GaitAnalyzer::finish_event(StepEvent& e) {
    e.index = steps_++;
    e.cadence_spm = rolling_cadence_spm();
    const double bw = body_weight_.body_weight_n();
    e.body_weight_n = bw;
    e.peak_force_bw = e.peak_force_n / bw;
    e.impact_peak_bw = e.impact_peak_n / bw;
    e.valr_bw_s = e.valr_n_s / bw;
    e.vilr_bw_s = e.vilr_n_s / bw;
}

double GaitAnalyzer::rolling_cadence_spm() const {
    const double step_s = step_times_.median();
    return step_s > 0.0 ? 60.0 / step_s : not_measured;
}

RollingSymmetry GaitAnalyzer::rolling_symmetry() const {
    return {symmetry_index_pct(right_peaks_.mean(), left_peaks_.mean()),
            symmetry_index_pct(right_contacts_.mean(), left_contacts_.mean())};
}

} // namespace tg::gait
