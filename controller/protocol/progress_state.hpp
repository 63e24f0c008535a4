#pragma once

#include "controller/protocol/day_plan.hpp"
#include "controller/protocol/profile.hpp"
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
    struct Note {
        Day day = 0;
        std::string text;
    };
    std::vector<Note> notes; // what changed the state, oldest first, for the reasons
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
StepDecision prepare_run(ProgressState& state, const Profile& profile, const Runner& runner,
                         Day day);

// Whole weeks without symptoms and with runs, for the consecutive-day test.
int symptom_free_weeks(const ProgressState& state, Day today);

// The first step of a profile for this runner.
Step initial_step(const Profile& profile, const Runner& runner);

// Run speed of a walk-run phase and the running time it plans.
int walk_run_run_seconds(const WalkRunPhaseSpec& phase, double walk_kmh, double run_kmh);
int walk_run_cycles(const WalkRunPhaseSpec& phase, double walk_kmh, double run_kmh);

} // namespace tg::protocol
