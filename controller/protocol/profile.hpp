#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tg::protocol {

// Hard safety bound, not a clinical default: no profile and no clinician may let a run go on
// above 5/10 pain (Silbernagel 2007: > 5/10 is "too much").
inline constexpr double hard_max_pain_threshold = 5.0;

enum class ProfileKind { pain_free_limit, walk_run, cadence_retraining };

// A walk before or after the running part.
struct WalkSpec {
    int duration_s = 0;
    double speed_kmh = 0.0;
};

struct PainRules {
    double threshold = 2.0;     // pain above this (0–10) ends the run phase
    double max_threshold = 5.0; // a clinician may raise the threshold up to this
};

struct RestRules {
    int min_rest_days_between_runs = 1;
    int days_off_after_soreness = 1;
    int regress_after_gap_days = 7; // a longer break than this restarts from a lower step
};

struct ProgressionRules {
    int symptom_free_sessions_to_progress = 2;
    double max_volume_growth_2wk = 0.30; // run time over 14 days vs the 14 days before
    int volume_floor_run_s_2wk = 0;      // allowed in any 14 days even after a break
    double regress_fraction = 0.8;       // a regression keeps this share of the last step
    double min_share_of_cap = 0.5;       // a run trimmed by the volume rule below this share of
                                         // the step's running time becomes a rest day
};

// How the run cap and speed grow from the last pain-free limit.
struct LimitRules {
    double start_speed_fraction = 0.85; // first speed = target speed x this
    int first_run_cap_s = 600;
    int min_run_s = 120;     // a shorter run is not planned; a rest day is
    double cap_growth = 0.2; // next cap = last limit x (1 + growth)
    double speed_step_kmh = 0.5;
    double min_run_speed_kmh = 6.0;
};

// Runs per week by the run cap reached, as a share of the runner's target duration.
struct FrequencyStep {
    double from_cap_fraction = 0.0;
    int runs_per_week = 2;
};

struct ConsecutiveDayTest {
    int after_symptom_free_weeks = 3;
};

struct WalkRunPhaseSpec {
    int walk_s = 0; // 0 = continuous running
    int run_s = 0;  // 0 = continuous running ("all minutes")
    double distance_m = 0.0;
    int effort = 3; // rate of perceived exertion, 0–10
};

struct WalkRunRules {
    double walk_speed_kmh = 5.0;
    double run_speed_fraction = 0.8; // run intervals at target speed x this
    int runs_per_week = 3;
    std::vector<WalkRunPhaseSpec> phases;
};

struct CadenceRules {
    int measure_s = 120; // preferred cadence is measured over this much running
    double target_increase = 0.075;
    double min_increase = 0.05;
    double max_increase = 0.10;
};

struct LoadingRateRules {
    double advisory_bw_per_s = 66.0;
    std::string method; // named with every advisory
    bool cadence_cue_when_high = true;
};

struct Profile {
    std::string file;
    std::string name;
    ProfileKind kind = ProfileKind::pain_free_limit;
    std::string description;
    PainRules pain;
    WalkSpec warm_up;
    WalkSpec cool_down;
    RestRules rest;
    ProgressionRules progression;
    LoadingRateRules loading_rate;
    std::optional<LimitRules> limit;      // pain-free-limit and cadence-retraining
    std::vector<FrequencyStep> frequency; // with limit
    std::optional<ConsecutiveDayTest> consecutive_days;
    std::optional<WalkRunRules> walk_run; // walk-run
    std::optional<CadenceRules> cadence;  // cadence-retraining (optional elsewhere)
};

const char* to_string(ProfileKind kind);

} // namespace tg::protocol
