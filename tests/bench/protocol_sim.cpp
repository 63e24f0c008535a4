// protocol-sim: replays N random year-long histories per profile through the protocol engine
// and prints one key=value line per profile: the largest 14-day growth in distance and in run
// time (windows past a streak's first two weeks, where no start budget applies), windows that
// break the rule at all, runs on consecutive days after a break or symptom before the
// consecutive-day test was passed again, the cadence target relative to the baseline, and
// escalations. Usage: protocol-sim [HISTORIES_PER_PROFILE] [PROFILES_DIR]
#include "controller/protocol/profile_loader.hpp"
#include "controller/protocol/progress_state.hpp"
#include "tests/protocol/volume_check.hpp"
#include "tests/protocol/year_histories.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>

using namespace tg::protocol;
using namespace tg::protocol::testing;

namespace {

struct Figures {
    int histories = 0;
    int planned_runs = 0;
    double max_growth_distance = 0.0;
    double max_growth_time = 0.0;
    int breaches = 0;
    int consecutive_before_test = 0;
    double cadence_min = std::numeric_limits<double>::max();
    double cadence_max = 0.0;
    int escalations = 0;
    int review_days = 0;
};

// Growth of every window past a streak's first two weeks, and windows breaking the rule.
void measure_windows(const History& history, const WindowRule& rule, Figures& figures) {
    const auto days = volume_by_day(history);
    if (days.empty()) return;
    const Day first = days.begin()->first - 13;
    const Day last = days.rbegin()->first;
    if (first_breach(history, rule, first, last)) ++figures.breaches;
    for (Day start = first; start <= last; ++start) {
        const auto run = days.lower_bound(start);
        if (run == days.end() || run->first > start + 13) continue;
        if (start - streak_start_of(days, run->first) < 14) continue; // start budget
        const WindowVolume now = window_sum(days, start, start + 13);
        const WindowVolume before = window_sum(days, start - 14, start - 1);
        if (before.run_s > 0)
            figures.max_growth_time =
                std::max(figures.max_growth_time, now.run_s / before.run_s - 1);
        if (before.distance_m > 0)
            figures.max_growth_distance =
                std::max(figures.max_growth_distance, now.distance_m / before.distance_m - 1);
    }
}

// Runs on consecutive days whose second run came within 14 days of a break (> 7 days off) or
// a symptom, or before a consecutive-day test was planned since then.
// A day on which the volume rule left no room for a run is a rest the plan imposed, not a break.
struct ConsecutiveTracker {
    std::optional<Day> reset;
    bool tested_since_reset = false;
    std::optional<Day> last_session;
    std::optional<Day> last_blocked;
    std::size_t sessions = 0, check_ins = 0;

    void observe(const History& h, double threshold, int break_days) {
        for (; sessions < h.sessions.size(); ++sessions) {
            const SessionRecord& s = h.sessions[sessions];
            const Day since = std::max(last_session.value_or(s.date), last_blocked.value_or(0));
            if (s.date - since > break_days || s.max_pain > threshold ||
                s.end_reason == EndReason::pain)
                set_reset(s.date);
            last_session = s.date;
        }
        for (; check_ins < h.check_ins.size(); ++check_ins)
            if (h.check_ins[check_ins].symptomatic()) set_reset(h.check_ins[check_ins].date);
    }
    void set_reset(Day day) {
        reset = day;
        tested_since_reset = false;
    }
};

Figures simulate(const Profile& profile, int histories) {
    Figures figures;
    unsigned seed = 1;
    for (int i = 0; i < histories; ++i, ++seed) {
        const auto kind = static_cast<RunnerKind>(i % 4);
        History final_history;
        WindowRule rule;
        ConsecutiveTracker tracker;
        std::optional<double> baseline;
        bool in_review = false;
        run_year(seed, profile, YearOptions{365, kind},
                 [&](const Runner& runner, const YearDay& day) {
                     const DayPlan& plan = day.plan;
                     if (day.before.sessions.empty()) {
                         const VolumeRule r = volume_rule(profile, runner);
                         rule = {r.growth, r.floor_s, r.floor_m};
                     }
                     tracker.observe(day.before, plan.pain_threshold,
                                     profile.rest.regress_after_gap_days);
                     if (plan.clinician_review_needed && !in_review) ++figures.escalations;
                     in_review = plan.clinician_review_needed;
                     figures.review_days += in_review ? 1 : 0;
                     final_history = day.before;
                     const int too_little = static_cast<int>(
                         std::ceil(plan.step.run_cap_s * profile.progression.min_share_of_cap));
                     if (plan.volume_max_today_s < too_little) tracker.last_blocked = plan.date;
                     if (plan.rest_day) return;
                     ++figures.planned_runs;
                     if (plan.decision == Decision::consecutive_day_test)
                         tracker.tested_since_reset = true;
                     const bool after_yesterday =
                         tracker.last_session && *tracker.last_session == plan.date - 1;
                     if (after_yesterday && plan.decision != Decision::consecutive_day_test &&
                         ((tracker.reset && plan.date - *tracker.reset <= 14) ||
                          !tracker.tested_since_reset))
                         ++figures.consecutive_before_test;
                     baseline = runner.preferred_cadence_spm ? runner.preferred_cadence_spm
                                                             : plan.cadence_baseline_spm;
                     for (const Phase& phase : plan.phases) {
                         if (!phase.cadence_target_spm || !baseline) continue;
                         const double ratio = *phase.cadence_target_spm / *baseline;
                         figures.cadence_min = std::min(figures.cadence_min, ratio);
                         figures.cadence_max = std::max(figures.cadence_max, ratio);
                     }
                 });
        measure_windows(final_history, rule, figures);
        ++figures.histories;
    }
    return figures;
}

} // namespace

int main(int argc, char** argv) {
    const int histories = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
    const std::string directory =
        argc > 2 ? argv[2] : std::string(TG_SOURCE_DIR_FOR_BENCH) + "/profiles";
    for (const char* name : {"pain-free-limit", "walk-run", "cadence-retraining"}) {
        Profile profile;
        try {
            profile = load_named_profile(directory, name);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "protocol-sim: %s\n", error.what());
            return 1;
        }
        const Figures f = simulate(profile, histories);
        const bool cued = f.cadence_max > 0.0;
        std::printf("profile=%s histories=%d planned_runs=%d max_growth_distance_pct=%.1f "
                    "max_growth_time_pct=%.1f histories_breaking_rule=%d "
                    "consecutive_runs_before_test=%d cadence_target_min=%.3f "
                    "cadence_target_max=%.3f escalations=%d review_days=%d\n",
                    name, f.histories, f.planned_runs, 100.0 * f.max_growth_distance,
                    100.0 * f.max_growth_time, f.breaches, f.consecutive_before_test,
                    cued ? f.cadence_min : 0.0, cued ? f.cadence_max : 0.0, f.escalations,
                    f.review_days);
    }
    return 0;
}
