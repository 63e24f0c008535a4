// Property test: thousands of random runners with random outcomes, each day planned by the
// engine and checked against the rules, recomputed here independently of the engine.
#include "controller/protocol/clinician_override.hpp"
#include "controller/protocol/day_planner.hpp"
#include "controller/protocol/plan_forecast.hpp"
#include "controller/protocol/plan_text.hpp"
#include "tests/protocol/protocol_fixture.hpp"
#include "tests/protocol/scenario_support.hpp"

#include <cmath>
#include <cstdlib>
#include <doctest/doctest.h>
#include <iostream>
#include <random>

using namespace tg::protocol;
using namespace tg::protocol::testing;

namespace {

constexpr int histories = 3000;
constexpr int days_per_history = 70;

class Random {
public:
    explicit Random(unsigned seed) : engine_(seed) {}
    double uniform(double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(engine_);
    }
    int integer(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine_); }
    bool chance(double p) { return uniform(0.0, 1.0) < p; }

private:
    std::mt19937 engine_;
};

Runner random_runner(Random& random, const std::string& profile) {
    Runner runner;
    runner.id = "random";
    runner.body_mass_kg = random.uniform(45.0, 110.0);
    runner.target_speed_kmh = 0.5 * random.integer(14, 28);
    runner.target_run_s = 60 * random.integer(10, 75);
    runner.target_runs_per_week = random.integer(1, 7);
    if (random.chance(0.7)) runner.preferred_cadence_spm = random.uniform(150.0, 185.0);
    runner.profile = profile;
    return runner;
}

SimulatedOutcome random_outcome(Random& random, double threshold) {
    SimulatedOutcome out;
    out.skipped = random.chance(0.08);
    const double pick = random.uniform(0.0, 1.0);
    if (pick < 0.6) {
        out.end_reason = EndReason::duration_cap;
    } else if (pick < 0.75) {
        out.end_reason = EndReason::limit_coming;
        out.run_fraction = random.uniform(0.2, 0.99);
    } else if (pick < 0.87) {
        out.end_reason = EndReason::pain;
        out.run_fraction = random.uniform(0.1, 0.95);
        out.max_pain = random.uniform(threshold + 0.1, 9.0);
    } else {
        out.end_reason = EndReason::stopped;
        out.run_fraction = random.uniform(0.0, 1.0);
    }
    if (out.end_reason != EndReason::pain)
        out.max_pain = random.chance(0.05) ? random.uniform(threshold + 0.1, 6.0)
                                           : random.uniform(0.0, threshold);
    out.next_morning_pain = random.chance(0.06);
    out.next_morning_swelling = random.chance(0.04);
    out.next_morning_stiffness = random.chance(0.04);
    if (random.chance(0.8)) out.avg_loading_rate_bw_per_s = random.uniform(35.0, 100.0);
    return out;
}

ClinicianOverride random_override(Random& random, Day day) {
    ClinicianOverride change;
    change.date = day;
    change.clinician = random.chance(0.95) ? "dr. test" : "";
    change.reason = "property test";
    if (random.chance(0.5)) change.pain_threshold = random.uniform(0.0, 7.0);
    if (random.chance(0.4)) change.speed_kmh = random.uniform(3.0, 16.0);
    if (random.chance(0.4)) change.run_cap_s = random.integer(0, 4000);
    if (random.chance(0.3)) change.walk_run_phase = random.integer(0, 8);
    if (random.chance(0.3)) change.runs_per_week = random.integer(0, 8);
    return change;
}

bool same_step(const Step& a, const Step& b) {
    return a.run_cap_s == b.run_cap_s && a.walk_run_phase == b.walk_run_phase &&
           std::abs(a.speed_kmh - b.speed_kmh) < 1e-9;
}

int own_run_seconds(const History& history, Day first, Day last) {
    int total = 0;
    for (const SessionRecord& session : history.sessions)
        if (session.date >= first && session.date <= last) total += session.run_s;
    return total;
}

int own_runs(const History& history, Day first, Day last) {
    int count = 0;
    for (const SessionRecord& session : history.sessions)
        if (session.date >= first && session.date <= last) ++count;
    return count;
}

// What the checker remembers while it walks through one history.
struct Tracker {
    bool ran_yesterday = false;
    bool executed_consecutive_test = false;
    bool symptom_since_last_run = false;
    bool have_last_step = false;
    Step last_step;
    int clean_full_at_step = 0;
    int checks = 0;
};

struct Setup {
    const Profile& profile;
    const Runner& runner;
    bool overrides;
};

void check_bounds(const DayPlan& plan, const Setup& setup, Tracker& tracker) {
    CHECK(plan.pain_threshold >= 0.0);
    CHECK(plan.pain_threshold <= setup.profile.pain.max_threshold);
    CHECK(plan.pain_threshold <= hard_max_pain_threshold);
    CHECK_FALSE(plan.reasons.empty());
    if (plan.rest_day) {
        CHECK(plan.phases.empty());
        CHECK(plan.planned_run_s == 0);
        return;
    }
    const Phase* run = running_phase(plan);
    REQUIRE(run != nullptr);
    CHECK(run->speed_cap_kmh <= setup.runner.target_speed_kmh + 1e-9);
    CHECK(run->speed_cap_kmh > 0.0);
    CHECK(run->duration_cap_s > 0);
    CHECK(plan.planned_run_s > 0);
    if (setup.profile.limit) CHECK(run->duration_cap_s <= setup.runner.target_run_s);
    for (const Phase& phase : plan.phases)
        CHECK_FALSE(phase.reason.empty());
    if (run->cadence_target_spm && setup.runner.preferred_cadence_spm) {
        const double ratio = *run->cadence_target_spm / *setup.runner.preferred_cadence_spm;
        CHECK(ratio >= 1.05 - 0.004);
        CHECK(ratio <= 1.10 + 0.004);
    }
    ++tracker.checks;
}

void check_rest_and_volume(const DayPlan& plan, const History& history, const Setup& setup,
                           const Tracker& tracker) {
    const Day today = plan.date;
    const bool test = plan.decision == Decision::consecutive_day_test;
    // At least one rest day between runs until the consecutive-day test was passed.
    if (tracker.ran_yesterday && !plan.rest_day) {
        CHECK((test || plan.consecutive_days_allowed));
        if (plan.consecutive_days_allowed) CHECK(tracker.executed_consecutive_test);
    }
    if (plan.rest_day) return;
    // Runs per week.
    CHECK(own_runs(history, today - 6, today - 1) + 1 <= plan.runs_per_week + (test ? 1 : 0));
    CHECK(plan.runs_per_week <= std::max(1, setup.runner.target_runs_per_week));
    // Running volume: the 14 days ending today at most +30% over the 14 days before.
    const int previous = own_run_seconds(history, today - 27, today - 14);
    const int current = own_run_seconds(history, today - 13, today - 1) + plan.planned_run_s;
    const int allowed = std::max(static_cast<int>(std::floor(previous * 1.3)),
                                 setup.profile.progression.volume_floor_run_s_2wk);
    CHECK(current <= allowed);
}

void check_symptoms(const DayPlan& plan, const History& history, const Setup& setup,
                    Tracker& tracker) {
    const Day today = plan.date;
    bool symptom_today = false;
    for (const CheckIn& check_in : history.check_ins)
        if (check_in.date == today && check_in.symptomatic()) symptom_today = true;
    for (const PainReport& report : history.pain_reports)
        if (report.date == today && report.pain > plan.pain_threshold) symptom_today = true;
    // Soreness (or pain) this morning: a day off.
    if (symptom_today) CHECK(plan.rest_day);
    tracker.symptom_since_last_run = tracker.symptom_since_last_run || symptom_today;
    if (plan.rest_day) return;
    // Never progress after symptoms; rest or regress.
    if (tracker.symptom_since_last_run) {
        CHECK(plan.decision != Decision::progress);
        if (!setup.overrides && tracker.have_last_step) {
            CHECK(plan.step.run_cap_s <= tracker.last_step.run_cap_s);
            CHECK(plan.step.speed_kmh <= tracker.last_step.speed_kmh + 1e-9);
            CHECK(plan.step.walk_run_phase <= tracker.last_step.walk_run_phase);
        }
    }
    // Progress only after 2 symptom-free sessions at the step.
    if (plan.decision == Decision::progress && !setup.overrides)
        CHECK(tracker.clean_full_at_step >=
              setup.profile.progression.symptom_free_sessions_to_progress);
}

// After the run: update the tracker from what happened.
void observe_session(const DayPlan& plan, const History& history, std::size_t sessions_before,
                     Tracker& tracker) {
    const bool ran = history.sessions.size() > sessions_before;
    tracker.ran_yesterday = ran;
    if (!ran) return;
    // The step of the last session actually run; a planned run that did not happen changes nothing.
    if (!tracker.have_last_step || !same_step(plan.step, tracker.last_step)) {
        tracker.last_step = plan.step;
        tracker.have_last_step = true;
        tracker.clean_full_at_step = 0;
    }
    const SessionRecord& session = history.sessions.back();
    const CheckIn* next_morning = nullptr;
    for (const CheckIn& check_in : history.check_ins)
        if (check_in.date == plan.date + 1) next_morning = &check_in;
    const bool pain_hit =
        session.max_pain > plan.pain_threshold || session.end_reason == EndReason::pain;
    const bool morning_clean = next_morning != nullptr && !next_morning->symptomatic();
    tracker.symptom_since_last_run =
        pain_hit || (next_morning != nullptr && next_morning->symptomatic());
    if (!pain_hit && morning_clean && session.end_reason == EndReason::duration_cap &&
        session.run_s + 5 >= plan.step.run_cap_s) // the engine's documented rounding tolerance
        ++tracker.clean_full_at_step;
    if (plan.decision == Decision::consecutive_day_test && !pain_hit && morning_clean)
        tracker.executed_consecutive_test = true;
}

int run_history(unsigned seed, const std::vector<Profile>& profiles) {
    Random random(seed);
    const Profile& profile = profiles[seed % profiles.size()];
    const Runner runner = random_runner(random, profile.name);
    const Setup setup{profile, runner, seed % 2 == 1};
    History history;
    Tracker tracker;
    // TG_PROTOCOL_TRACE_SEED=n prints that history's plans and sessions, to debug a failure.
    const char* trace_env = std::getenv("TG_PROTOCOL_TRACE_SEED");
    const bool trace = trace_env != nullptr && std::strtoul(trace_env, nullptr, 10) == seed;
    for (Day day = start_day; day < start_day + days_per_history; ++day) {
        if (random.chance(0.03)) history.pain_reports.push_back({day, random.uniform(0.0, 8.0)});
        if (setup.overrides && random.chance(0.03)) {
            const ClinicianOverride change = random_override(random, day);
            if (validate_override(change, profile, runner).empty())
                history.overrides.push_back(change);
        }
        const DayPlan plan = plan_day(profile, runner, history, day);
        check_bounds(plan, setup, tracker);
        check_rest_and_volume(plan, history, setup, tracker);
        check_symptoms(plan, history, setup, tracker);
        const std::size_t before = history.sessions.size();
        if (!plan.rest_day) {
            record_outcome(history, plan, random_outcome(random, plan.pain_threshold));
            if (random.chance(0.08) && history.sessions.size() > before)
                history.check_ins.pop_back();
        }
        observe_session(plan, history, before, tracker);
        if (trace) {
            std::cout << plan_text(plan);
            if (history.sessions.size() > before)
                std::cout << "  >> ran " << history.sessions.back().run_s << " s, "
                          << to_string(history.sessions.back().end_reason) << ", pain "
                          << history.sessions.back().max_pain << ", next morning "
                          << (history.check_ins.back().date == day + 1
                                  ? (history.check_ins.back().symptomatic() ? "SORE" : "clean")
                                  : "missing")
                          << "  [tracker count " << tracker.clean_full_at_step << "]\n";
        }
    }
    return tracker.checks;
}

} // namespace

TEST_CASE("no rule is ever broken over thousands of random histories") {
    const std::vector<Profile> profiles = {repo_profile("pain-free-limit"),
                                           repo_profile("walk-run"),
                                           repo_profile("cadence-retraining")};
    int run_days = 0;
    for (unsigned seed = 1; seed <= histories; ++seed) {
        CAPTURE(seed);
        run_days += run_history(seed, profiles);
    }
    MESSAGE("checked " << run_days << " planned runs in " << histories << " histories");
    CHECK(run_days > histories * 5); // the histories really run, not only rest
}

TEST_CASE("validated overrides stay within bounds") {
    const Profile profile = repo_profile("pain-free-limit");
    const Runner runner = test_runner();
    Random random(7);
    int accepted = 0;
    for (int i = 0; i < 2000; ++i) {
        const ClinicianOverride change = random_override(random, start_day);
        if (!validate_override(change, profile, runner).empty()) continue;
        ++accepted;
        if (change.pain_threshold) CHECK(*change.pain_threshold <= 5.0);
        if (change.speed_kmh) CHECK(*change.speed_kmh <= runner.target_speed_kmh);
        if (change.run_cap_s) CHECK(*change.run_cap_s <= runner.target_run_s);
        CHECK_FALSE(change.walk_run_phase.has_value());
    }
    CHECK(accepted > 50);
}
