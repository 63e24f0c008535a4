#pragma once

#include "controller/protocol/day_plan.hpp"
#include "controller/protocol/profile.hpp"
#include "controller/protocol/run_volume.hpp"
#include "controller/protocol/runner_history.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tg::protocol {

// Everything the plan remembers about a runner, rebuilt from the history by replaying it day
// by day, so the same history always gives the same plan and nothing is stored besides facts.
struct ProgressState {
    bool started = false;
    Step step;
    int symptom_free_at_step = 0; // sessions at this step, clean during the run and next morning
    double pain_threshold = 2.0;
    std::optional<int> runs_per_week_override;
    std::optional<Day> last_run_day;
    std::optional<Day> rest_until; // no run up to and including this day
    bool regress_pending = false;
    int regress_from_s = 0; // for the limit profiles: the time a regression shrinks from
    std::string regress_cause;
    // the last session, until its next-morning check-in confirms it was symptom-free
    std::optional<Day> awaiting_check_in;
    bool awaiting_clean = false;  // no pain above the threshold during the run
    bool awaiting_counts = false; // ... and ran to the cap
    bool last_session_confirmed_clean = false;
    // symptom-free stretch, for the consecutive-day test
    std::optional<Day> symptom_free_since;
    std::optional<Day> consecutive_test_day;
    bool consecutive_days_cleared = false;
    std::optional<SessionRecord> last_session;
    // Escalation: planning paused until a clinician clears it.
    struct Escalation {
        Day day = 0;
        std::string reason;
    };
    std::optional<Escalation> escalation;
    int threshold_sessions_in_row = 0;         // sessions in a row with pain above the threshold
    std::optional<Day> last_pain_check_in_day; // last check-in with pain above baseline
    int missed_check_ins_in_row = 0; // earlier sessions in a row without a next-morning check-in
    // The anchored cadence baseline: typed in, else measured once (first session with a
    // running cadence), then fixed.
    std::optional<double> cadence_baseline_spm;
    std::optional<Day> cadence_remeasure_from; // a clinician asked to measure it again
    struct Note {
        Day day = 0;
        std::string text;
    };
    std::vector<Note> notes;              // what changed the state, oldest first, for the reasons
    static constexpr int notes_days = 60; // notes older than this are not kept
    Day notes_from = 0;
};

// The runner's state at the start of `today`: every event before today, plus today's
// overrides, check-ins and pain reports (the morning comes before the run).
ProgressState replay_until(const Profile& profile, const Runner& runner, const History& history,
                           Day today);

// Sets the step for a run on `day` (progress, hold, regress...) and says why.
struct StepDecision {
    Decision decision = Decision::hold;
    std::string reason;
};
// `explain` = false skips the words (a replay of past sessions needs only the step).
StepDecision prepare_run(ProgressState& state, const Profile& profile, const Runner& runner,
                         const History& history, Day day, bool explain = true);

// Days off that count as a break before a run on `day`: since the last run, or since the last
// day on which the volume rule left no room for a run (a rest the plan imposed is no break).
int break_days(const ProgressState& state, const Profile& profile, const Runner& runner,
               const History& history, Day day);

// The volume rule of a profile for this runner (the floor's distance at the first-session
// speed).
VolumeRule volume_rule(const Profile& profile, const Runner& runner);

// Sessions in a row, up to `today`, whose next-morning check-in is missing (the last one
// counts once its morning has passed).
int missed_check_ins(const ProgressState& state, Day today);

// Whole weeks without symptoms and with runs, for the consecutive-day test.
int symptom_free_weeks(const ProgressState& state, Day today);

// The first step of a profile for this runner.
Step initial_step(const Profile& profile, const Runner& runner);

// Run speed of a walk-run phase and the running time it plans.
int walk_run_run_seconds(const WalkRunPhaseSpec& phase, double walk_kmh, double run_kmh);
int walk_run_cycles(const WalkRunPhaseSpec& phase, double walk_kmh, double run_kmh);

} // namespace tg::protocol
