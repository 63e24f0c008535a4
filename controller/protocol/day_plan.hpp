#pragma once

#include "controller/protocol/day_number.hpp"
#include "controller/protocol/feedback_schedule.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tg::protocol {

enum class PhaseKind { warm_up_walk, run, walk_run_intervals, cool_down };

struct Phase {
    PhaseKind kind = PhaseKind::run;
    double speed_cap_kmh = 0.0; // running speed for run and interval phases
    int duration_cap_s = 0;
    // walk-run intervals only
    int walk_s = 0;
    int run_s = 0;
    double walk_speed_kmh = 0.0;
    // cadence cue: measure the preferred cadence over the first measure_cadence_s of running,
    // then cue at preferred x (1 + cadence_increase)
    std::optional<double> cadence_increase;
    int measure_cadence_s = 0;
    std::optional<double> cadence_target_spm; // known in advance if the preferred cadence is
    std::string reason;
};

// What the plan did with the runner's step today.
enum class Decision {
    first_session,
    hold,
    progress,
    regress,
    consecutive_day_test,
    maintain, // back at the pre-injury level
    rest,
    clinician_review, // planning is paused until a clinician clears an escalation
};

// Live rules of today's session that the session policy applies (controller/session): pain
// above severe_pain_above ends the session with a short cool-down (or a stop if the runner
// asks) and escalates: is_severe_pain().
struct LiveRules {
    double severe_pain_above = 5.0;
    int severe_pain_cool_down_s = 60;
};

// One of the profile's entry checks, as asked before the first run, and whether its latest
// recorded answer passed it.
struct EntryCheck {
    std::string id;
    std::string question;
    std::string asked_of; // "runner" or "clinician"
    bool passed = false;
};

// The step a profile is at: caps before today's volume trim.
struct Step {
    double speed_kmh = 0.0;
    int run_cap_s = 0;
    int walk_run_phase = 0; // 0-based; walk-run profiles only
};

struct DayPlan {
    Day date = 0;
    std::string profile;
    bool rest_day = true;
    Decision decision = Decision::rest;
    Step step;
    std::vector<Phase> phases;
    double pain_threshold = 2.0;
    int runs_per_week = 0;
    bool consecutive_days_allowed = false; // the consecutive-day test was passed
    int planned_run_s = 0;                 // running time if the whole plan is done
    // running volume in run seconds: the 14 days ending today (with today's plan) and before
    int volume_14d_s = 0;
    int volume_prev_14d_s = 0;
    int volume_allowed_14d_s = 0;
    int volume_max_today_s = 0; // the longest run today that keeps every window within the rule
    // distance (m) of the running part: the 14 days ending today (with today's plan) and before
    double distance_14d_m = 0.0;
    double distance_prev_14d_m = 0.0;
    std::optional<double> acute_chronic_ratio; // shown, never used to decide; 28 days of history
    LiveRules live;
    bool clinician_review_needed = false; // "clinician review needed", with review_reason
    std::string review_reason;
    std::optional<std::string> clinician_prompt; // e.g. check-ins missed: ask a clinician
    // The runner's anchored cadence baseline, when known (typed in, or measured once).
    std::optional<double> cadence_baseline_spm;
    bool cadence_baseline_above_cue_limit = false; // flagged: no automatic cue
    // First session only: the profile's entry checks, to be asked and passed before it starts
    // (the session start refuses while one is open).
    std::vector<EntryCheck> entry_checks;
    bool entry_checks_open() const;
    // Run days: how much metronome and loading-rate feedback today's run gives, and why.
    std::optional<FeedbackPlan> feedback;
    std::vector<std::string> reasons; // plain words, in the order decided
    std::vector<std::string> advisories;
};

// Pain during a live session that ends it with the short cool-down and escalates.
bool is_severe_pain(const LiveRules& rules, double pain);

const char* to_string(PhaseKind kind);
const char* to_string(Decision decision);

} // namespace tg::protocol
