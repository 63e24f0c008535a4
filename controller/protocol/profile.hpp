#pragma once

#include "controller/protocol/feedback_schedule.hpp"

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
    // Escalation: pain above this (during a run, at rest, or at a check-in) pauses planning
    // until a clinician clears it; so does the threshold hit in this many sessions in a row.
    double escalate_above = hard_max_pain_threshold;
    int escalate_after_threshold_sessions = 3;
    int severe_pain_cool_down_s = 60; // the short cool-down after pain above escalate_above
};

struct RestRules {
    int min_rest_days_between_runs = 1;
    int days_off_after_soreness = 1; // extra days on top of the usual rest between runs
    int regress_after_gap_days = 7;  // a longer break than this restarts one step lower
};

// Graded return after a break (days since the last run): more than rest.regress_after_gap_days
// one step down; more than half_after_days about half of the progression; more than
// restart_after_days the first-session caps, speed included.
struct BreakReturnRules {
    int half_after_days = 14;
    int restart_after_days = 28;
    std::string source = "clinical default, configurable";
};

struct CheckInRules {
    int missed_for_clinician_prompt = 2; // sessions in a row without a next-morning check-in
};

struct ProgressionRules {
    int symptom_free_sessions_to_progress = 2;
    double max_volume_growth_2wk = 0.30; // run time over 14 days vs the 14 days before
    // Start budget: a 14-day window may always hold this much minus what the 14 days before it
    // held, so the floor fades as history builds and comes back whole only after 14 days
    // without running. Its distance is this time at the profile's first-session speed.
    int volume_floor_run_s_2wk = 0;
    double regress_fraction = 0.8; // a regression keeps this share of the last step
    double min_share_of_cap = 0.5; // a run trimmed by the volume rule below this share of
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
    // No automatic cue when the baseline is above this: retraining is mostly for a preferred
    // cadence at or below it (the plan flags it for the clinician instead).
    double max_baseline_for_cue_spm = 170.0;
};

struct LoadingRateRules {
    double advisory_bw_per_s = 66.0;
    std::string method; // named with every advisory
    bool cadence_cue_when_high = true;
};

// A question answered before the first run (on the HMI, recorded in the store's
// entry_checks): the first session starts only once every one is passed (the session start
// enforces it; the plan lists them).
struct EntryCheckSpec {
    std::string id;       // e.g. "pain_at_rest"
    std::string question; // shown as asked
    std::string asked_of; // "runner" or "clinician"
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
    BreakReturnRules break_return;
    CheckInRules check_in;
    std::optional<LimitRules> limit;      // pain-free-limit and cadence-retraining
    std::vector<FrequencyStep> frequency; // with limit
    std::optional<ConsecutiveDayTest> consecutive_days;
    std::optional<WalkRunRules> walk_run;     // walk-run
    std::optional<CadenceRules> cadence;      // cadence-retraining (optional elsewhere)
    std::vector<EntryCheckSpec> entry_checks; // [[entry_check]], optional
    std::optional<FeedbackRules> feedback;    // [feedback], optional (feedback_schedule.hpp)
};

const char* to_string(ProfileKind kind);

} // namespace tg::protocol
