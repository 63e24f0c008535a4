#pragma once
// The simulated runner on the belt: footfalls scheduled by cadence at the belt speed of
// the moment (see runner_stride.hpp), alternating feet at +-half the step width, each
// foot carried backwards by the belt during its stance. Below the walk/run speed the
// runner walks (double support); with the belt stopped the deck is empty unless the
// runner is standing on it; a runner who stepped off puts no load at all.
//
// Pure and deterministic: time is an argument, the only randomness (step-to-step
// jitter of the step time) comes from a seeded generator. Every footfall's true values
// are logged so tests can hold the gait analysis against them.
#include "hw/sim/deck_load.hpp"
#include "hw/sim/runner_stride.hpp"

#include <array>
#include <cstdint>
#include <deque>
#include <random>

namespace tg::sim {

struct RunnerConfig {
    double mass_kg = 70;
    FootStrike strike = FootStrike::Rearfoot;
    double walk_run_kmh = 7.0;
    double moving_kmh = 0.3; // below this the belt counts as stopped
    double step_width_m = 0.08;
    double step_jitter = 0.01; // relative standard deviation of the step time
    bool standing = false;     // stands on the deck while the belt is stopped
    bool on_belt = true;
};

struct StepTruth {
    double strike_s = 0;
    bool right = false;
    bool running = true;
    double speed_kmh = 0;
    double step_time_s = 0; // until the next strike
    double cadence_spm = 0; // 60 / step_time_s
    double contact_s = 0;
    StanceTruth stance;
};

class RunnerModel final : public LoadSource {
public:
    static constexpr std::size_t kTruthLog = 8192;

    RunnerModel(RunnerConfig config, std::uint64_t seed);

    DeckLoad update(double time_s, double belt_kmh) override;
    void set_on_belt(bool on) override { config_.on_belt = on; }
    void set_mass(double kg) { config_.mass_kg = kg; }
    void set_standing(bool standing) { config_.standing = standing; }
    void set_strike(FootStrike strike) { config_.strike = strike; }
    void reset_truth() { truth_.clear(); }

    const RunnerConfig& config() const { return config_; }
    const std::deque<StepTruth>& truth() const { return truth_; }
    nlohmann::json status_json() const override;

private:
    struct Footfall {
        bool active = false;
        double start_s = 0;
        double land_y_m = 0;
        double speed_ms = 0;
        bool right = false;
        Stride stride;
    };

    void schedule(double time_s, double belt_kmh);
    void begin_footfall(double start_s, double belt_kmh);
    FootLoad foot_load(const Footfall& f, double time_s) const;
    DeckLoad standing_load(double time_s) const;
    double body_weight_n() const;
    double drift_m(double time_s) const;

    RunnerConfig config_;
    std::mt19937_64 rng_;
    std::normal_distribution<double> jitter_{0.0, 1.0};
    std::array<Footfall, 2> feet_{}; // left, right: their latest stance
    bool stepping_ = false;
    bool next_right_ = true;
    double next_strike_s_ = 0;
    std::deque<StepTruth> truth_;
    const char* activity_ = "empty";
};

const char* to_string(FootStrike strike);

} // namespace tg::sim
