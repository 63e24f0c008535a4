#include "hw/sim/runner_model.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tg::sim {
namespace {

constexpr double kGravity = 9.80665;
constexpr double kLandingY = 0.25; // metres ahead of the deck's centre

double median(std::vector<double> v) {
    if (v.empty()) return NAN;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    if (v.size() % 2 == 1) return *mid;
    return 0.5 * (*mid + *std::max_element(v.begin(), mid));
}

} // namespace

const char* to_string(FootStrike strike) {
    return strike == FootStrike::Rearfoot ? "rearfoot" : "forefoot";
}

RunnerModel::RunnerModel(RunnerConfig config, std::uint64_t seed) : config_(config), rng_(seed) {}

double RunnerModel::body_weight_n() const {
    return config_.mass_kg * kGravity;
}

// A slow sideways wander on the belt, as runners do; the gait analysis must cope.
double RunnerModel::drift_m(double t) const {
    return 0.02 * std::sin(2 * std::numbers::pi * t / 23.0);
}

void RunnerModel::begin_footfall(double start_s, double belt_kmh) {
    const bool running = belt_kmh >= config_.walk_run_kmh;
    Footfall& f = feet_[next_right_ ? 1 : 0];
    f.active = true;
    f.start_s = start_s;
    f.right = next_right_;
    f.speed_ms = belt_kmh / 3.6;
    f.land_y_m = kLandingY;
    f.stride = running ? running_stride(belt_kmh, config_.strike) : walking_stride(belt_kmh);
    const double jitter = std::clamp(jitter_(rng_), -3.0, 3.0) * config_.step_jitter;
    const double step_s = f.stride.step_time_s * (1.0 + jitter);

    StepTruth t;
    t.strike_s = start_s;
    t.right = f.right;
    t.running = running;
    t.speed_kmh = belt_kmh;
    t.step_time_s = step_s;
    t.cadence_spm = 60.0 / step_s;
    t.contact_s = f.stride.contact_s;
    t.stance = stance_truth(f.stride);
    truth_.push_back(t);
    if (truth_.size() > kTruthLog) truth_.pop_front();

    next_strike_s_ = start_s + step_s;
    next_right_ = !next_right_;
}

void RunnerModel::schedule(double t, double belt_kmh) {
    const bool moving = belt_kmh >= config_.moving_kmh && config_.on_belt;
    if (!moving) {
        stepping_ = false;
        return;
    }
    if (!stepping_) {
        stepping_ = true;
        next_strike_s_ = t;
    }
    while (t >= next_strike_s_)
        begin_footfall(next_strike_s_, belt_kmh);
}

FootLoad RunnerModel::foot_load(const Footfall& f, double t) const {
    const double tau = t - f.start_s;
    if (!f.active || tau < 0 || tau >= f.stride.contact_s) return {};
    const double half_width = 0.5 * config_.step_width_m;
    return {body_weight_n() * stance_force_bw(f.stride, tau),
            (f.right ? half_width : -half_width) + drift_m(f.start_s),
            f.land_y_m - f.speed_ms * tau};
}

DeckLoad RunnerModel::standing_load(double t) const {
    // Quiet standing: weight shared by both feet, a few millimetres of sway.
    const double sway = 0.004 * std::sin(2 * std::numbers::pi * 0.3 * t);
    const double w = body_weight_n();
    DeckLoad d;
    d.feet[0] = {w * (0.5 - sway), -0.1, 0.0};
    d.feet[1] = {w * (0.5 + sway), 0.1, 0.0};
    return d;
}

DeckLoad RunnerModel::update(double t, double belt_kmh) {
    schedule(t, belt_kmh);
    DeckLoad d;
    d.feet[0] = foot_load(feet_[0], t);
    d.feet[1] = foot_load(feet_[1], t);
    const bool in_stance = d.total_n() > 0 || stepping_;
    if (!config_.on_belt) {
        activity_ = "off-belt";
        return d; // a stance already begun ends as it would (the last push-off)
    }
    if (in_stance) {
        activity_ = belt_kmh >= config_.walk_run_kmh ? "running" : "walking";
        return d;
    }
    activity_ = config_.standing ? "standing" : "empty";
    return config_.standing ? standing_load(t) : d;
}

nlohmann::json RunnerModel::status_json() const {
    std::vector<double> cadence, valr, peak, contact;
    for (const auto& t : truth_) {
        cadence.push_back(t.cadence_spm);
        contact.push_back(t.contact_s);
        peak.push_back(t.stance.peak_bw);
        if (std::isfinite(t.stance.valr_bw_s)) valr.push_back(t.stance.valr_bw_s);
    }
    nlohmann::json truth = {{"steps", truth_.size()},
                            {"cadence_spm", median(cadence)},
                            {"valr_bw_s", median(valr)},
                            {"peak_bw", median(peak)},
                            {"contact_s", median(contact)}};
    if (!truth_.empty()) {
        const auto& l = truth_.back();
        truth["last"] = {
            {"strike_s", l.strike_s},         {"side", l.right ? "right" : "left"},
            {"running", l.running},           {"speed_kmh", l.speed_kmh},
            {"cadence_spm", l.cadence_spm},   {"contact_s", l.contact_s},
            {"peak_bw", l.stance.peak_bw},    {"impact_peak_bw", l.stance.impact_peak_bw},
            {"valr_bw_s", l.stance.valr_bw_s}};
    }
    return {{"source", "model"},
            {"mass_kg", config_.mass_kg},
            {"strike", to_string(config_.strike)},
            {"on_belt", config_.on_belt},
            {"standing", config_.standing},
            {"activity", activity_},
            {"truth", truth}};
}

} // namespace tg::sim
