#pragma once
// Random year-long runner histories driven day by day through the engine, shared by the
// year-long property test and the protocol-sim benchmark. Each day is planned by plan_day();
// what the runner then does depends on the kind of runner. A clinician clears escalations a
// few days after they appear, so planning goes on.

#include "controller/protocol/day_planner.hpp"
#include "controller/protocol/plan_forecast.hpp"

#include <functional>
#include <random>
#include <string>

namespace tg::protocol::testing {

enum class RunnerKind { steady, symptomatic, random, with_breaks };

inline const char* to_string(RunnerKind kind) {
    switch (kind) {
    case RunnerKind::steady:
        return "steady";
    case RunnerKind::symptomatic:
        return "symptomatic";
    case RunnerKind::random:
        return "random";
    case RunnerKind::with_breaks:
        return "with-breaks";
    }
    return "unknown";
}

class Dice {
public:
    explicit Dice(unsigned seed) : engine_(seed) {}
    double uniform(double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(engine_);
    }
    int integer(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine_); }
    bool chance(double p) { return uniform(0.0, 1.0) < p; }

private:
    std::mt19937 engine_;
};

inline Runner year_runner(Dice& dice, const std::string& profile) {
    Runner runner;
    runner.id = "year";
    runner.body_mass_kg = dice.uniform(45.0, 110.0);
    runner.target_speed_kmh = 0.5 * dice.integer(14, 26);
    runner.target_run_s = 60 * dice.integer(15, 60);
    runner.target_runs_per_week = dice.integer(2, 6);
    if (dice.chance(0.6)) runner.preferred_cadence_spm = dice.uniform(150.0, 180.0);
    runner.profile = profile;
    return runner;
}

// One day of a history, as the test and the benchmark see it.
struct YearDay {
    const DayPlan& plan;
    const History& before; // the history the plan was made from
};

struct YearOptions {
    int days = 365;
    RunnerKind kind = RunnerKind::random;
};

// How the runner's session goes, by kind. `cadence_spm` is what the runner steps at: the
// cue when there is one (a compliant runner), else their own cadence.
inline SimulatedOutcome year_outcome(Dice& dice, RunnerKind kind, const DayPlan& plan,
                                     double own_cadence) {
    SimulatedOutcome out;
    const double threshold = plan.pain_threshold;
    const bool symptomatic = kind == RunnerKind::symptomatic;
    const bool steady = kind == RunnerKind::steady || kind == RunnerKind::with_breaks;
    out.skipped = !steady && dice.chance(0.06);
    const double pain_chance = symptomatic ? 0.25 : steady ? 0.0 : 0.10;
    const double pick = dice.uniform(0.0, 1.0);
    if (pick < pain_chance) {
        out.end_reason = EndReason::pain;
        out.run_fraction = dice.uniform(0.1, 0.95);
        out.max_pain =
            dice.chance(0.15) ? dice.uniform(5.5, 10.0) : dice.uniform(threshold + 0.1, 5.0);
    } else if (!steady && pick < pain_chance + 0.12) {
        out.end_reason = EndReason::limit_coming;
        out.run_fraction = dice.uniform(0.3, 0.99);
    } else if (!steady && pick < pain_chance + 0.20) {
        out.end_reason = EndReason::stopped; // stop button or a drive fault: real time counts
        out.run_fraction = dice.uniform(0.0, 1.0);
    }
    if (out.end_reason != EndReason::pain) out.max_pain = dice.uniform(0.0, threshold);
    const double morning = symptomatic ? 0.15 : steady ? 0.0 : 0.05;
    out.next_morning_pain = dice.chance(morning);
    out.next_morning_swelling = dice.chance(morning / 2);
    out.next_morning_stiffness = dice.chance(morning / 2);
    double cadence = own_cadence;
    for (const Phase& phase : plan.phases)
        if (phase.cadence_target_spm) cadence = *phase.cadence_target_spm;
    out.cadence_spm = cadence;
    if (dice.chance(0.7)) out.avg_loading_rate_bw_per_s = dice.uniform(40.0, 90.0);
    return out;
}

// Drives one year. `visit` sees every day's plan with the history it was made from.
inline void run_year(unsigned seed, const Profile& profile, const YearOptions& options,
                     const std::function<void(const Runner&, const YearDay&)>& visit) {
    Dice dice(seed);
    const Runner runner = year_runner(dice, profile.name);
    const double own_cadence = runner.preferred_cadence_spm.value_or(dice.uniform(150.0, 180.0));
    History history;
    const Day first = 20514; // 2026-03-02
    Day away_until = first - 1;
    Day clear_on = 0; // 0: nothing waits for a clinician
    for (Day day = first; day < first + options.days; ++day) {
        const bool breaks =
            options.kind == RunnerKind::with_breaks || options.kind == RunnerKind::random;
        if (breaks && day > away_until && dice.chance(0.012))
            away_until = day + dice.integer(5, 60); // holiday, illness, other injury
        if (options.kind != RunnerKind::steady && dice.chance(0.02))
            history.pain_reports.push_back({day, dice.uniform(0.0, 7.0)});
        if (clear_on != 0 && day >= clear_on) {
            history.clearances.push_back({day, "dr. sim", "reviewed, cleared to go on"});
            clear_on = 0;
        }
        const DayPlan plan = plan_day(profile, runner, history, day);
        if (plan.clinician_review_needed && clear_on == 0) clear_on = day + dice.integer(1, 6);
        visit(runner, YearDay{plan, history});
        if (plan.rest_day || day <= away_until) continue;
        const std::size_t before = history.sessions.size();
        record_outcome(history, plan, year_outcome(dice, options.kind, plan, own_cadence));
        // A check-in is sometimes not given (more often by the random runner).
        const double missing = options.kind == RunnerKind::random ? 0.15 : 0.03;
        if (history.sessions.size() > before && dice.chance(missing)) history.check_ins.pop_back();
    }
}

} // namespace tg::protocol::testing
