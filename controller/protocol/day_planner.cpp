#include "controller/protocol/day_planner.hpp"

#include "controller/protocol/duration_text.hpp"
#include "controller/protocol/progress_state.hpp"
#include "controller/protocol/run_volume.hpp"

#include <algorithm>
#include <cmath>

namespace tg::protocol {
namespace {

struct PlanContext {
    const Profile& profile;
    const Runner& runner;
    const History& history;
    Day today;
    ProgressState state;
};

int frequency_from_table(const Profile& profile, double cap_fraction) {
    int runs = profile.frequency.empty() ? 1 : profile.frequency.front().runs_per_week;
    for (const FrequencyStep& step : profile.frequency)
        if (cap_fraction + 1e-9 >= step.from_cap_fraction) runs = step.runs_per_week;
    return runs;
}

int max_runs_without_consecutive_days(const Profile& profile) {
    const int gap = 1 + profile.rest.min_rest_days_between_runs;
    return (7 + gap - 1) / gap;
}

int runs_per_week(const PlanContext& context) {
    const ProgressState& state = context.state;
    const Runner& runner = context.runner;
    int runs = 0;
    if (state.runs_per_week_override) {
        runs = *state.runs_per_week_override;
    } else if (context.profile.walk_run) {
        runs = context.profile.walk_run->runs_per_week;
    } else {
        const double fraction = static_cast<double>(state.step.run_cap_s) / runner.target_run_s;
        const bool at_goal = fraction >= 1.0 && state.step.speed_kmh >= runner.target_speed_kmh;
        runs =
            at_goal ? runner.target_runs_per_week : frequency_from_table(context.profile, fraction);
    }
    runs = std::clamp(runs, 1, std::max(1, runner.target_runs_per_week));
    if (!state.consecutive_days_cleared)
        runs = std::min(runs, max_runs_without_consecutive_days(context.profile));
    return runs;
}

int runs_between(const History& history, Day first, Day last) {
    return static_cast<int>(std::count_if(history.sessions.begin(), history.sessions.end(),
                                          [&](const SessionRecord& session) {
                                              return session.date >= first && session.date <= last;
                                          }));
}

bool consecutive_test_due(const PlanContext& context) {
    const ProgressState& state = context.state;
    const auto& test = context.profile.consecutive_days;
    if (!test || state.consecutive_days_cleared || state.regress_pending) return false;
    if (!state.last_run_day || *state.last_run_day != context.today - 1) return false;
    if (!state.last_session_confirmed_clean) return false;
    return symptom_free_weeks(state, context.today) >= test->after_symptom_free_weeks;
}

// Why today is a rest day, or empty when a run may be planned.
std::string rest_reason(const PlanContext& context, int runs_per_week, bool test_due) {
    const ProgressState& state = context.state;
    const Day today = context.today;
    if (runs_between(context.history, today, today + 100000) > 0)
        return "A session is already recorded for today: rest until tomorrow.";
    if (state.rest_until && *state.rest_until >= today)
        return "Rest day: symptoms were reported (soreness, swelling, stiffness or pain), and "
               "soreness means a whole day off.";
    if (!state.last_run_day || test_due) return {};
    const int since = today - *state.last_run_day;
    const int min_gap =
        state.consecutive_days_cleared ? 1 : 1 + context.profile.rest.min_rest_days_between_runs;
    if (since < min_gap)
        return "Rest day: at least " +
               std::to_string(context.profile.rest.min_rest_days_between_runs) +
               " rest day between runs.";
    const int spacing = std::max(min_gap, 7 / runs_per_week);
    if (since < spacing)
        return "Rest day: " + std::to_string(runs_per_week) +
               " runs per week are spread out (a run every " + std::to_string(spacing) + " days).";
    const int recent = runs_between(context.history, today - 6, today - 1);
    if (recent >= runs_per_week)
        return "Rest day: already " + std::to_string(recent) +
               " runs in the last 7 days (plan: " + std::to_string(runs_per_week) + " per week).";
    return {};
}

Phase walk_phase(PhaseKind kind, const WalkSpec& walk, const char* what) {
    Phase phase;
    phase.kind = kind;
    phase.speed_cap_kmh = walk.speed_kmh;
    phase.duration_cap_s = walk.duration_s;
    phase.reason = std::string(what) + " walk, " + minutes_text(walk.duration_s) + " at up to " +
                   one_decimal(walk.speed_kmh) + " km/h.";
    return phase;
}

// The running part, trimmed to the volume left today. Returns false when too little is left.
bool add_run_phase(DayPlan& plan, const PlanContext& context, int left_s) {
    const Step& step = plan.step;
    const std::string threshold = one_decimal(plan.pain_threshold);
    Phase phase;
    phase.speed_cap_kmh = step.speed_kmh;
    if (const auto& rules = context.profile.walk_run) {
        const WalkRunPhaseSpec& spec = rules->phases[static_cast<std::size_t>(step.walk_run_phase)];
        if (spec.run_s == 0) {
            phase.kind = PhaseKind::run;
            phase.duration_cap_s = std::min(step.run_cap_s, left_s);
            plan.planned_run_s = phase.duration_cap_s;
            phase.reason = "Continuous run at up to " + one_decimal(step.speed_kmh) + " km/h for " +
                           minutes_text(phase.duration_cap_s) + " (effort " +
                           std::to_string(spec.effort) + "/10, level belt); pain above " +
                           threshold + "/10 ends it.";
        } else {
            const int planned = walk_run_cycles(spec, rules->walk_speed_kmh, step.speed_kmh);
            const int cycles = std::min(planned, left_s / spec.run_s);
            if (cycles < 1) return false;
            phase.kind = PhaseKind::walk_run_intervals;
            phase.walk_s = spec.walk_s;
            phase.run_s = spec.run_s;
            phase.walk_speed_kmh = rules->walk_speed_kmh;
            phase.duration_cap_s = cycles * (spec.walk_s + spec.run_s);
            plan.planned_run_s = cycles * spec.run_s;
            phase.reason = std::to_string(cycles) + " x (walk " + minutes_text(spec.walk_s) +
                           " at " + one_decimal(rules->walk_speed_kmh) + " km/h, run " +
                           minutes_text(spec.run_s) + " at up to " + one_decimal(step.speed_kmh) +
                           " km/h), effort " + std::to_string(spec.effort) +
                           "/10, level belt; pain above " + threshold + "/10 ends the intervals.";
        }
    } else {
        phase.kind = PhaseKind::run;
        phase.duration_cap_s = std::min(step.run_cap_s, left_s);
        if (phase.duration_cap_s < std::min(context.profile.limit->min_run_s, step.run_cap_s))
            return false;
        plan.planned_run_s = phase.duration_cap_s;
        phase.reason = "Run at up to " + one_decimal(step.speed_kmh) +
                       " km/h until you sense the limit coming, pain goes above " + threshold +
                       "/10, or " + minutes_text(phase.duration_cap_s) +
                       " is reached; the time and speed reached are today's pain-free limit.";
    }
    const double share = context.profile.progression.min_share_of_cap;
    if (plan.planned_run_s < static_cast<int>(std::ceil(step.run_cap_s * share))) return false;
    plan.phases.push_back(phase);
    return true;
}

// The runner's cadence baseline: as typed in, else measured once from running steps (the
// first session that had them), then fixed for the whole retraining.
std::optional<double> cadence_baseline(const PlanContext& context) {
    return context.state.cadence_baseline_spm;
}

// The cue is anchored to the baseline: baseline x (1 + increase), never to this session's
// cadence (following the cue must not raise the next target). Without a baseline yet, the
// first minutes of running measure it and the cue follows from that measurement.
void add_cadence_cue(DayPlan& plan, Phase& run, const CadenceRules& rules,
                     std::optional<double> baseline, const std::string& why) {
    if (baseline && *baseline > rules.max_baseline_for_cue_spm) {
        plan.cadence_baseline_above_cue_limit = true;
        plan.advisories.push_back(
            "Cadence baseline " + std::to_string(static_cast<int>(std::lround(*baseline))) +
            " steps/min is above " +
            std::to_string(static_cast<int>(rules.max_baseline_for_cue_spm)) +
            ": cadence retraining is mostly for a preferred cadence at or below it, so no "
            "automatic cue; a clinician decides.");
        return;
    }
    run.cadence_increase = rules.target_increase;
    std::string text;
    if (baseline) {
        run.measure_cadence_s = 0;
        run.cadence_target_spm = std::round(*baseline * (1.0 + rules.target_increase));
        text = " Cadence: cue " + std::to_string(static_cast<int>(*run.cadence_target_spm)) +
               " steps/min, +" + one_decimal(rules.target_increase * 100.0) +
               "% over your baseline of " +
               std::to_string(static_cast<int>(std::lround(*baseline))) + " steps/min";
    } else {
        run.measure_cadence_s = rules.measure_s;
        text = " Cadence: the first " + minutes_text(rules.measure_s) +
               " of running measure your baseline step rate (once, running steps only), then "
               "cue +" +
               one_decimal(rules.target_increase * 100.0) + "%";
    }
    run.reason += text + " " + why;
}

// The cadence target every session cued: the anchored baseline makes it the same each day.
std::optional<double> cued_target(const DayPlan& plan) {
    for (const Phase& phase : plan.phases)
        if (phase.cadence_target_spm) return phase.cadence_target_spm;
    return std::nullopt;
}

// Today's share of metronome and loading-rate feedback, from the earlier sessions that ran.
void add_feedback(DayPlan& plan, const PlanContext& context) {
    std::vector<FeedbackHistoryEntry> earlier;
    for (const SessionRecord& s : context.history.sessions)
        if (s.date < context.today && s.run_s > 0)
            earlier.push_back({s.cadence_spm, cued_target(plan), s.avg_loading_rate_bw_per_s});
    FeedbackPlan feedback = context.profile.feedback
                                ? plan_feedback(*context.profile.feedback, earlier,
                                                context.profile.loading_rate.advisory_bw_per_s)
                                : continuous_feedback(static_cast<int>(earlier.size()) + 1);
    feedback.metronome_muted = context.runner.metronome_muted;
    if (feedback.metronome_muted) {
        feedback.reason.pop_back(); // the full stop
        feedback.reason += "; the metronome is muted for this runner by a clinician.";
    }
    plan.reasons.push_back("Feedback, " + feedback.reason);
    plan.feedback = std::move(feedback);
}

void add_loading_rate_advice(DayPlan& plan, const PlanContext& context) {
    const ProgressState& state = context.state;
    const LoadingRateRules& rules = context.profile.loading_rate;
    if (!state.last_session || !state.last_session->avg_loading_rate_bw_per_s) return;
    const double rate = *state.last_session->avg_loading_rate_bw_per_s;
    if (rate <= rules.advisory_bw_per_s) return;
    plan.advisories.push_back(
        "Loading-rate advisory: the last session's average loading rate was " + one_decimal(rate) +
        " BW/s, above " + one_decimal(rules.advisory_bw_per_s) +
        " BW/s (Davis 2016: higher injury odds). Method: " + rules.method +
        ". Advisory only: it does not change the caps.");
    if (!rules.cadence_cue_when_high || !context.profile.cadence || plan.rest_day) return;
    for (Phase& phase : plan.phases)
        if ((phase.kind == PhaseKind::run || phase.kind == PhaseKind::walk_run_intervals) &&
            !phase.cadence_increase)
            add_cadence_cue(plan, phase, *context.profile.cadence, cadence_baseline(context),
                            "(a quicker step lowers loading rates: Willy 2016).");
}

VolumeWindow todays_window(const PlanContext& context, double speed_kmh) {
    return volume_window(context.history, context.today,
                         volume_rule(context.profile, context.runner), speed_kmh);
}

void add_volume_and_ratio(DayPlan& plan, const PlanContext& context) {
    const VolumeWindow window = todays_window(context, plan.step.speed_kmh);
    plan.volume_prev_14d_s = window.previous_s;
    plan.volume_14d_s = window.current_s + plan.planned_run_s;
    plan.volume_allowed_14d_s = window.allowed_s;
    plan.volume_max_today_s = window.max_today_s;
    const Day today = context.today;
    plan.distance_prev_14d_m = volume_between(context.history, today - 27, today - 14).distance_m;
    plan.distance_14d_m = volume_between(context.history, today - 13, today - 1).distance_m +
                          plan.planned_run_s * plan.step.speed_kmh / 3.6;
    plan.acute_chronic_ratio =
        acute_chronic_ratio(context.history, context.today, plan.planned_run_s);
    if (plan.acute_chronic_ratio)
        plan.reasons.push_back(
            "Acute:chronic workload ratio of run time: " + one_decimal(*plan.acute_chronic_ratio) +
            " (shown for information; it decides nothing, Impellizzeri 2020).");
}

void add_recent_notes(DayPlan& plan, const ProgressState& state, Day today) {
    const Day since = std::max(state.last_run_day.value_or(today - 14), state.notes_from);
    for (const ProgressState::Note& note : state.notes)
        if (note.day >= since && note.day <= today) plan.reasons.push_back(note.text);
}

DayPlan rest_plan(DayPlan plan, const PlanContext& context, const std::string& why) {
    plan.rest_day = true;
    plan.decision = Decision::rest;
    plan.phases.clear();
    plan.planned_run_s = 0;
    plan.reasons.push_back(why);
    add_volume_and_ratio(plan, context);
    add_loading_rate_advice(plan, context);
    return plan;
}

DayPlan run_plan(DayPlan plan, PlanContext& context, bool test_due, const StepDecision& step) {
    plan.decision = test_due ? Decision::consecutive_day_test : step.decision;
    if (test_due)
        plan.reasons.push_back(
            "Consecutive-day test: " +
            std::to_string(symptom_free_weeks(context.state, context.today)) +
            " symptom-free weeks, so today repeats yesterday's run to check that "
            "the limit holds.");
    plan.reasons.push_back(step.reason);
    const ProgressionRules& rules = context.profile.progression;
    const VolumeWindow window = todays_window(context, plan.step.speed_kmh);
    plan.phases.push_back(walk_phase(PhaseKind::warm_up_walk, context.profile.warm_up, "Warm-up"));
    if (!add_run_phase(plan, context, window.left_today_s()))
        return rest_plan(plan, context,
                         "Rest day: the running volume (time and distance) of any 14 days may "
                         "grow at most " +
                             one_decimal(rules.max_volume_growth_2wk * 100.0) +
                             "% over the 14 days before (Nielsen 2014); only " +
                             minutes_text(window.left_today_s()) + " of running is left.");
    if (test_due && plan.planned_run_s < plan.step.run_cap_s)
        return rest_plan(plan, context,
                         "Rest day: the consecutive-day test waits until the 14-day volume rule "
                         "allows yesterday's full run again.");
    if (plan.planned_run_s < plan.step.run_cap_s)
        plan.reasons.push_back(
            "Running time trimmed from " + minutes_text(plan.step.run_cap_s) + " to " +
            minutes_text(plan.planned_run_s) +
            ": the running volume (time and distance) of any 14 days may grow at most " +
            one_decimal(rules.max_volume_growth_2wk * 100.0) + "% (Nielsen 2014).");
    if (context.profile.kind == ProfileKind::cadence_retraining)
        add_cadence_cue(plan, plan.phases.back(), *context.profile.cadence,
                        cadence_baseline(context),
                        "(+5-10% step rate lowers knee load: Heiderscheit 2011, Lenhart 2014).");
    plan.phases.push_back(walk_phase(PhaseKind::cool_down, context.profile.cool_down, "Cool-down"));
    plan.rest_day = false;
    if (plan.decision == Decision::first_session && !context.profile.entry_checks.empty()) {
        const auto& passed = context.history.entry_checks_passed;
        std::string open;
        for (const EntryCheckSpec& check : context.profile.entry_checks) {
            const bool ok = std::find(passed.begin(), passed.end(), check.id) != passed.end();
            plan.entry_checks.push_back({check.id, check.question, check.asked_of, ok});
            if (!ok)
                open += (open.empty() ? "" : "; ") + check.question + " (" + check.asked_of + ")";
        }
        plan.reasons.push_back(
            open.empty() ? std::string("Every entry check for this first run is passed.")
                         : "Before this first run, each entry check must be passed: " + open + ".");
    }
    add_volume_and_ratio(plan, context);
    add_loading_rate_advice(plan, context);
    add_feedback(plan, context);
    return plan;
}

DayPlan review_plan(DayPlan plan, const PlanContext& context) {
    const ProgressState::Escalation& escalation = *context.state.escalation;
    plan.clinician_review_needed = true;
    plan.review_reason = escalation.reason;
    plan = rest_plan(plan, context,
                     "Clinician review needed since " + format_day(escalation.day) + ": " +
                         escalation.reason +
                         ". No run is planned until a clinician clears it with a reason.");
    plan.decision = Decision::clinician_review;
    return plan;
}

void add_check_in_prompt(DayPlan& plan, const PlanContext& context) {
    const int missed = missed_check_ins(context.state, context.today);
    if (missed < context.profile.check_in.missed_for_clinician_prompt) return;
    plan.clinician_prompt = std::to_string(missed) +
                            " sessions in a row without a next-morning check-in: please ask "
                            "the runner how the knee took them, and record a check-in.";
    plan.reasons.push_back("Clinician prompt: " + *plan.clinician_prompt);
}

} // namespace

DayPlan plan_day(const Profile& profile, const Runner& runner, const History& history, Day today) {
    PlanContext context{profile, runner, history, today,
                        replay_until(profile, runner, history, today)};
    DayPlan plan;
    plan.date = today;
    plan.profile = profile.name;
    plan.step = context.state.step;
    plan.pain_threshold = std::min(
        {context.state.pain_threshold, profile.pain.max_threshold, hard_max_pain_threshold});
    plan.consecutive_days_allowed = context.state.consecutive_days_cleared;
    plan.live.severe_pain_above = profile.pain.escalate_above;
    plan.live.severe_pain_cool_down_s = profile.pain.severe_pain_cool_down_s;
    plan.cadence_baseline_spm = context.state.cadence_baseline_spm;
    add_recent_notes(plan, context.state, today);
    add_check_in_prompt(plan, context);
    if (context.state.escalation) return review_plan(plan, context);
    const bool test_due = consecutive_test_due(context);
    // The step a run would have today, and the runs per week that go with it: a regression
    // can lower them, and then the lower number decides whether today is a run day.
    const int runs_now = runs_per_week(context);
    PlanContext run_context = context;
    const StepDecision step = prepare_run(run_context.state, profile, runner, history, today);
    const int runs_with_step = runs_per_week(run_context);
    plan.runs_per_week = std::min(runs_now, runs_with_step);
    const std::string why_rest = rest_reason(context, plan.runs_per_week, test_due);
    if (!why_rest.empty()) return rest_plan(plan, context, why_rest);
    plan.step = run_context.state.step;
    plan.runs_per_week = runs_with_step;
    // What preparing the run changed (a break withdraws consecutive days) shows today.
    plan.consecutive_days_allowed = run_context.state.consecutive_days_cleared;
    const auto& notes = run_context.state.notes;
    for (std::size_t i = context.state.notes.size(); i < notes.size(); ++i)
        plan.reasons.push_back(notes[i].text);
    return run_plan(plan, run_context, test_due, step);
}

} // namespace tg::protocol
