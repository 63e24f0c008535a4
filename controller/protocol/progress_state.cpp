#include "controller/protocol/progress_state.hpp"

#include "controller/protocol/duration_text.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace tg::protocol {
namespace {

// Rounding of the recorded run time against the cap.
constexpr int full_cap_tolerance_s = 5;

double round_speed(double kmh) {
    return std::round(kmh * 10.0) / 10.0;
}

int min_run_s(const Profile& profile, const Runner& runner) {
    return std::min(profile.limit->min_run_s, runner.target_run_s);
}

double walk_run_speed(const Profile& profile, const Runner& runner) {
    return round_speed(runner.target_speed_kmh * profile.walk_run->run_speed_fraction);
}

void set_walk_run_phase(Step& step, int index, const Profile& profile, const Runner& runner) {
    const WalkRunRules& rules = *profile.walk_run;
    step.walk_run_phase = std::clamp(index, 0, static_cast<int>(rules.phases.size()) - 1);
    step.speed_kmh = walk_run_speed(profile, runner);
    step.run_cap_s =
        walk_run_run_seconds(rules.phases[static_cast<std::size_t>(step.walk_run_phase)],
                             rules.walk_speed_kmh, step.speed_kmh);
}

bool at_goal(const Step& step, const Profile& profile, const Runner& runner) {
    if (profile.walk_run)
        return step.walk_run_phase + 1 >= static_cast<int>(profile.walk_run->phases.size());
    return step.run_cap_s >= runner.target_run_s && step.speed_kmh >= runner.target_speed_kmh;
}

std::string step_text(const Step& step, const Profile& profile) {
    if (profile.walk_run) {
        const WalkRunPhaseSpec& phase =
            profile.walk_run->phases[static_cast<std::size_t>(step.walk_run_phase)];
        std::string text = "phase " + std::to_string(step.walk_run_phase + 1) + " of " +
                           std::to_string(profile.walk_run->phases.size()) + " (";
        if (phase.run_s == 0)
            text += "continuous running";
        else
            text += "walk " + minutes_text(phase.walk_s) + " / run " + minutes_text(phase.run_s);
        return text + ", " + one_decimal(phase.distance_m / 1000.0) + " km)";
    }
    return "run cap " + minutes_text(step.run_cap_s) + " at " + one_decimal(step.speed_kmh) +
           " km/h";
}

Step progressed(Step step, const Profile& profile, const Runner& runner) {
    if (profile.walk_run) {
        set_walk_run_phase(step, step.walk_run_phase + 1, profile, runner);
        return step;
    }
    if (step.run_cap_s < runner.target_run_s) {
        const auto grown =
            static_cast<int>(std::lround(step.run_cap_s * (1.0 + profile.limit->cap_growth)));
        step.run_cap_s = std::min(runner.target_run_s, std::max(step.run_cap_s + 1, grown));
    } else {
        step.speed_kmh = std::min(runner.target_speed_kmh,
                                  round_speed(step.speed_kmh + profile.limit->speed_step_kmh));
    }
    return step;
}

Step regressed(Step step, int from_s, const Profile& profile, const Runner& runner) {
    if (profile.walk_run) {
        set_walk_run_phase(step, step.walk_run_phase - 1, profile, runner);
        return step;
    }
    const int base = std::min(step.run_cap_s, from_s > 0 ? from_s : step.run_cap_s);
    const auto shrunk = static_cast<int>(std::lround(base * profile.progression.regress_fraction));
    const int cap = std::max(min_run_s(profile, runner), shrunk);
    if (cap < step.run_cap_s) {
        step.run_cap_s = cap;
    } else {
        // Already at the shortest run: slow down instead.
        const double slower = round_speed(step.speed_kmh - profile.limit->speed_step_kmh);
        step.speed_kmh =
            std::min(step.speed_kmh, std::max(profile.limit->min_run_speed_kmh, slower));
    }
    return step;
}

// Notes are built only for the days a plan can still show (text is most of a replay's cost).
template <class Text>
void add_note(ProgressState& state, Day day, Text&& text) {
    if (day >= state.notes_from) state.notes.push_back({day, std::string(text())});
}

// Any symptomatic event or break: runs on consecutive days must be earned again by the test.
void withdraw_consecutive_days(ProgressState& state, Day day, const std::string& cause) {
    if (!state.consecutive_days_cleared) return;
    state.consecutive_days_cleared = false;
    state.consecutive_test_day.reset();
    add_note(state, day, [&] {
        return "Runs on consecutive days are withdrawn (" + cause +
               "): the consecutive-day test must be passed again.";
    });
}

void escalate(ProgressState& state, Day day, const std::string& reason) {
    if (state.escalation) {
        state.escalation->reason += "; " + reason;
    } else {
        state.escalation = ProgressState::Escalation{day, reason};
    }
    add_note(state, day, [&] { return "Clinician review needed: " + reason + "."; });
}

void lose_symptom_free_status(ProgressState& state, Day day, const std::string& cause) {
    if (state.started) {
        state.regress_pending = true;
        state.regress_cause = cause;
    }
    state.symptom_free_at_step = 0;
    state.symptom_free_since.reset();
    state.last_session_confirmed_clean = false;
    withdraw_consecutive_days(state, day, cause);
    if (state.consecutive_test_day && !state.consecutive_days_cleared) {
        add_note(state, day, [&] {
            return "The consecutive-day test did not hold (" + cause +
                   "): back to a rest day between runs.";
        });
        state.consecutive_test_day.reset();
    }
}

std::string symptoms_text(const CheckIn& check_in) {
    std::string text;
    const auto add = [&text](bool present, const char* what) {
        if (!present) return;
        if (!text.empty()) text += ", ";
        text += what;
    };
    add(check_in.pain_above_baseline, "pain above baseline");
    add(check_in.swelling, "swelling");
    add(check_in.stiffness, "stiffness");
    return text;
}

void track_check_in_pain(ProgressState& state, const CheckIn& check_in) {
    if (!check_in.pain_above_baseline) {
        state.last_pain_check_in_day.reset();
        return;
    }
    if (state.last_pain_check_in_day == check_in.date - 1)
        escalate(state, check_in.date,
                 "pain above baseline at the check-ins of two mornings in a row (" +
                     format_day(check_in.date - 1) + " and " + format_day(check_in.date) + ")");
    state.last_pain_check_in_day = check_in.date;
}

void apply_check_in(ProgressState& state, const CheckIn& check_in, const Profile& profile) {
    track_check_in_pain(state, check_in);
    if (state.awaiting_check_in) state.missed_check_ins_in_row = 0;
    if (check_in.symptomatic()) {
        // A whole extra day off on top of the usual rest between runs.
        const Day usual_rest_end =
            state.last_run_day.value_or(check_in.date) + profile.rest.min_rest_days_between_runs;
        state.rest_until =
            std::max(check_in.date, usual_rest_end) + profile.rest.days_off_after_soreness;
        state.regress_from_s = state.last_session ? state.last_session->pain_free_limit_s : 0;
        const std::string cause =
            "the check-in on " + format_day(check_in.date) + " reported " + symptoms_text(check_in);
        lose_symptom_free_status(state, check_in.date, cause);
        state.awaiting_check_in.reset();
        add_note(state, check_in.date, [&] {
            return "Next-morning check-in: " + symptoms_text(check_in) +
                   ". Soreness means a day off, then a lower step.";
        });
        return;
    }
    if (!state.awaiting_check_in) return;
    const Day session_day = *state.awaiting_check_in;
    state.awaiting_check_in.reset();
    state.last_session_confirmed_clean = state.awaiting_clean;
    if (!state.awaiting_clean) return;
    if (state.awaiting_counts) ++state.symptom_free_at_step;
    if (!state.symptom_free_since) state.symptom_free_since = session_day;
    if (state.consecutive_test_day == session_day && !state.consecutive_days_cleared) {
        state.consecutive_days_cleared = true;
        add_note(state, check_in.date, [&] {
            return "Consecutive-day test passed: the limit held on two "
                   "days in a row, so runs on consecutive days are now "
                   "allowed.";
        });
    }
}

void apply_pain_report(ProgressState& state, const PainReport& report, const Profile& profile) {
    if (report.pain > profile.pain.escalate_above)
        escalate(state, report.date,
                 "pain " + one_decimal(report.pain) + "/10 reported on " + format_day(report.date) +
                     ", above " + one_decimal(profile.pain.escalate_above) + "/10");
    if (report.pain <= state.pain_threshold) return;
    state.rest_until = std::max(state.rest_until.value_or(report.date), report.date);
    state.regress_from_s = state.last_session ? state.last_session->pain_free_limit_s : 0;
    const std::string cause = "pain " + one_decimal(report.pain) + "/10 reported on " +
                              format_day(report.date) + " (threshold " +
                              one_decimal(state.pain_threshold) + "/10)";
    lose_symptom_free_status(state, report.date, cause);
    add_note(state, report.date,
             [&] { return "Pain above the threshold was reported: " + cause + "."; });
}

void follow_limit(ProgressState& state, const SessionRecord& session, int limit_s,
                  const Profile& profile, const Runner& runner) {
    if (!profile.limit || session.end_reason != EndReason::limit_coming) return;
    const auto next = static_cast<int>(std::lround(limit_s * (1.0 + profile.limit->cap_growth)));
    const int cap = std::max(min_run_s(profile, runner), next);
    if (cap >= state.step.run_cap_s) return;
    state.step.run_cap_s = cap;
    state.symptom_free_at_step = 0;
    add_note(state, session.date, [&] {
        return "The limit came at " + minutes_text(limit_s) +
               ", before the cap: the next cap follows the limit (" + minutes_text(cap) + ").";
    });
}

void track_session_pain(ProgressState& state, const SessionRecord& session, double max_pain,
                        const Profile& profile) {
    const bool pain_hit = max_pain > state.pain_threshold || session.end_reason == EndReason::pain;
    state.threshold_sessions_in_row = pain_hit ? state.threshold_sessions_in_row + 1 : 0;
    if (max_pain > profile.pain.escalate_above)
        escalate(state, session.date,
                 "pain " + one_decimal(max_pain) + "/10 during the session of " +
                     format_day(session.date) + ", above " +
                     one_decimal(profile.pain.escalate_above) + "/10");
    const int limit = profile.pain.escalate_after_threshold_sessions;
    if (pain_hit && state.threshold_sessions_in_row == limit)
        escalate(state, session.date,
                 "pain above the threshold in " + std::to_string(limit) +
                     " sessions in a row (the last on " + format_day(session.date) + ")");
}

void apply_clearance(ProgressState& state, const ClinicianClearance& clearance) {
    if (!state.escalation) return;
    add_note(state, clearance.date, [&] {
        return "Clinician review by " + clearance.clinician + " (" + clearance.reason +
               ") cleared: " + state.escalation->reason + ".";
    });
    state.escalation.reset();
    state.threshold_sessions_in_row = 0;
    state.last_pain_check_in_day.reset();
}

void apply_session(ProgressState& state, const SessionRecord& session, double max_pain,
                   const Profile& profile, const Runner& runner) {
    const int limit_s = session.pain_free_limit_s > 0 ? session.pain_free_limit_s : session.run_s;
    if (state.awaiting_check_in) ++state.missed_check_ins_in_row;
    if (!state.cadence_baseline_spm && session.cadence_spm)
        state.cadence_baseline_spm = session.cadence_spm; // measured once, then fixed
    // ... unless a clinician asked to measure it again: the first session from that day.
    if (state.cadence_remeasure_from && session.date >= *state.cadence_remeasure_from &&
        session.cadence_spm) {
        state.cadence_baseline_spm = session.cadence_spm;
        state.cadence_remeasure_from.reset();
    }
    track_session_pain(state, session, max_pain, profile);
    const bool consecutive = state.last_run_day && *state.last_run_day == session.date - 1;
    if (consecutive && !state.consecutive_days_cleared) state.consecutive_test_day = session.date;
    state.started = true;
    state.last_run_day = session.date;
    state.last_session = session;
    state.last_session.value().max_pain = max_pain;
    state.last_session_confirmed_clean = false;
    state.awaiting_check_in = session.date;
    const bool pain_hit = max_pain > state.pain_threshold || session.end_reason == EndReason::pain;
    state.awaiting_clean = !pain_hit;
    // Only a run to the step's full cap proves the step: a run trimmed by the volume rule does not.
    const bool full_step = session.run_s + full_cap_tolerance_s >= state.step.run_cap_s;
    state.awaiting_counts = !pain_hit && full_step && session.end_reason == EndReason::duration_cap;
    if (pain_hit) {
        state.regress_from_s = limit_s;
        const std::string cause = "pain " + one_decimal(max_pain) + "/10 went above the " +
                                  one_decimal(state.pain_threshold) + "/10 threshold after " +
                                  minutes_text(limit_s) + " of running on " +
                                  format_day(session.date);
        lose_symptom_free_status(state, session.date, cause);
        state.awaiting_counts = false;
        return;
    }
    follow_limit(state, session, limit_s, profile, runner);
}

void apply_override(ProgressState& state, const ClinicianOverride& change, const Profile& profile,
                    const Runner& runner) {
    std::string what;
    if (change.pain_threshold) {
        state.pain_threshold = std::clamp(*change.pain_threshold, 0.0, profile.pain.max_threshold);
        what += " pain threshold " + one_decimal(state.pain_threshold) + "/10;";
    }
    if (change.walk_run_phase && profile.walk_run)
        set_walk_run_phase(state.step, *change.walk_run_phase - 1, profile, runner);
    if (change.speed_kmh && profile.limit)
        state.step.speed_kmh = std::clamp(*change.speed_kmh, 0.0, runner.target_speed_kmh);
    if (change.run_cap_s && profile.limit)
        state.step.run_cap_s =
            std::clamp(*change.run_cap_s, min_run_s(profile, runner), runner.target_run_s);
    if (change.walk_run_phase || change.speed_kmh || change.run_cap_s) {
        state.symptom_free_at_step = 0;
        what += " step set to " + step_text(state.step, profile) + ";";
    }
    if (change.runs_per_week) {
        state.runs_per_week_override = std::clamp(*change.runs_per_week, 1, 7);
        what += " " + std::to_string(*state.runs_per_week_override) + " runs per week;";
    }
    add_note(state, change.date, [&] {
        return "Clinician override by " + change.clinician + " (" + change.reason + "):" + what;
    });
}

struct DayEvents {
    std::vector<const ClinicianOverride*> overrides;
    std::vector<const CheckIn*> check_ins;
    std::vector<const PainReport*> pain_reports;
    std::vector<const SessionRecord*> sessions;
    std::vector<const ClinicianClearance*> clearances;
};

std::map<Day, DayEvents> events_by_day(const History& history, Day today) {
    std::map<Day, DayEvents> days;
    for (const auto& item : history.overrides)
        if (item.date <= today) days[item.date].overrides.push_back(&item);
    for (const auto& item : history.check_ins)
        if (item.date <= today) days[item.date].check_ins.push_back(&item);
    for (const auto& item : history.pain_reports)
        if (item.date <= today) days[item.date].pain_reports.push_back(&item);
    for (const auto& item : history.sessions)
        if (item.date < today) days[item.date].sessions.push_back(&item);
    for (const auto& item : history.clearances)
        if (item.date <= today) days[item.date].clearances.push_back(&item);
    return days;
}

void replay_day(ProgressState& state, const DayEvents& events, Day day, const Profile& profile,
                const Runner& runner, const History& history) {
    for (const ClinicianOverride* change : events.overrides)
        apply_override(state, *change, profile, runner);
    for (const CheckIn* check_in : events.check_ins)
        apply_check_in(state, *check_in, profile);
    if (events.sessions.empty()) {
        for (const PainReport* report : events.pain_reports)
            apply_pain_report(state, *report, profile);
        // A clinician clears what the morning showed; the day's run may escalate again.
        for (const ClinicianClearance* clearance : events.clearances)
            apply_clearance(state, *clearance);
        return;
    }
    for (const ClinicianClearance* clearance : events.clearances)
        apply_clearance(state, *clearance);
    double reported = 0.0;
    for (const PainReport* report : events.pain_reports)
        reported = std::max(reported, report->pain);
    for (const SessionRecord* session : events.sessions) {
        prepare_run(state, profile, runner, history, day, false);
        apply_session(state, *session, std::max(session->max_pain, reported), profile, runner);
    }
}

} // namespace

int missed_check_ins(const ProgressState& state, Day today) {
    const bool last_missed = state.awaiting_check_in && today >= *state.awaiting_check_in + 2;
    return state.missed_check_ins_in_row + (last_missed ? 1 : 0);
}

int walk_run_cycles(const WalkRunPhaseSpec& phase, double walk_kmh, double run_kmh) {
    if (phase.run_s == 0) return 1;
    const double cycle_m = (phase.walk_s * walk_kmh + phase.run_s * run_kmh) / 3.6;
    return std::max(1, static_cast<int>(std::ceil(phase.distance_m / cycle_m)));
}

int walk_run_run_seconds(const WalkRunPhaseSpec& phase, double walk_kmh, double run_kmh) {
    if (phase.run_s == 0) return static_cast<int>(std::lround(phase.distance_m / (run_kmh / 3.6)));
    return walk_run_cycles(phase, walk_kmh, run_kmh) * phase.run_s;
}

Step initial_step(const Profile& profile, const Runner& runner) {
    Step step;
    if (profile.walk_run) {
        set_walk_run_phase(step, 0, profile, runner);
        return step;
    }
    const double start = round_speed(runner.target_speed_kmh * profile.limit->start_speed_fraction);
    step.speed_kmh =
        std::min(runner.target_speed_kmh, std::max(profile.limit->min_run_speed_kmh, start));
    step.run_cap_s = std::min(profile.limit->first_run_cap_s, runner.target_run_s);
    return step;
}

int symptom_free_weeks(const ProgressState& state, Day today) {
    if (!state.symptom_free_since) return 0;
    return (today - *state.symptom_free_since) / 7;
}

namespace {

// About half of the progression made since the first session, and at least one step down.
Step halved(const Step& step, const Profile& profile, const Runner& runner) {
    const Step first = initial_step(profile, runner);
    const Step one_down = regressed(step, 0, profile, runner);
    Step half = step;
    if (profile.walk_run) {
        set_walk_run_phase(half, std::min(step.walk_run_phase / 2, one_down.walk_run_phase),
                           profile, runner);
        return half;
    }
    half.run_cap_s =
        std::min(one_down.run_cap_s, first.run_cap_s + (step.run_cap_s - first.run_cap_s) / 2);
    half.run_cap_s = std::max(half.run_cap_s, min_run_s(profile, runner));
    half.speed_kmh = std::min(
        one_down.speed_kmh, round_speed(first.speed_kmh + (step.speed_kmh - first.speed_kmh) / 2));
    return half;
}

StepDecision graded_return(ProgressState& state, const Profile& profile, const Runner& runner,
                           Day day, int gap_days) {
    const BreakReturnRules& rules = profile.break_return;
    std::string how;
    if (gap_days > rules.restart_after_days) {
        state.step = initial_step(profile, runner);
        how = "more than " + std::to_string(rules.restart_after_days) +
              " days: back to the first-session caps, speed included";
    } else if (gap_days > rules.half_after_days) {
        state.step = halved(state.step, profile, runner);
        how = "more than " + std::to_string(rules.half_after_days) +
              " days: back to about half of the progression";
    } else {
        state.step = regressed(state.step, 0, profile, runner);
        how = "more than " + std::to_string(profile.rest.regress_after_gap_days) +
              " days: one step lower";
    }
    state.symptom_free_at_step = 0;
    state.symptom_free_since.reset(); // symptom-free weeks count weeks of running
    withdraw_consecutive_days(state, day, std::to_string(gap_days) + " days without running");
    return {Decision::regress, std::to_string(gap_days) + " days since the last run (" + how +
                                   ", " + rules.source + "): restart at " +
                                   step_text(state.step, profile) + "."};
}

} // namespace

VolumeRule volume_rule(const Profile& profile, const Runner& runner) {
    VolumeRule rule;
    rule.growth = profile.progression.max_volume_growth_2wk;
    rule.floor_s = profile.progression.volume_floor_run_s_2wk;
    rule.floor_m = rule.floor_s * initial_step(profile, runner).speed_kmh / 3.6;
    return rule;
}

int break_days(const ProgressState& state, const Profile& profile, const Runner& runner,
               const History& history, Day day) {
    if (!state.last_run_day) return 0;
    const Day last = *state.last_run_day;
    if (day - last <= profile.rest.regress_after_gap_days) return day - last;
    const VolumeRule rule = volume_rule(profile, runner);
    const int too_little =
        static_cast<int>(std::ceil(state.step.run_cap_s * profile.progression.min_share_of_cap));
    for (Day blocked = day - 1; blocked > last; --blocked)
        if (volume_window(history, blocked, rule, state.step.speed_kmh).max_today_s < too_little)
            return day - blocked;
    return day - last;
}

StepDecision prepare_run(ProgressState& state, const Profile& profile, const Runner& runner,
                         const History& history, Day day, bool explain) {
    // Reasons are words for today's plan only: a replay of past sessions skips them.
    const auto why = [explain](auto&& text) {
        return explain ? std::string(text()) : std::string();
    };
    const int needed = profile.progression.symptom_free_sessions_to_progress;
    if (!state.started)
        return {Decision::first_session, why([&] {
                    std::string reason = "First session: " + step_text(state.step, profile);
                    if (profile.limit)
                        reason += " (" +
                                  std::to_string(
                                      std::lround(100.0 * profile.limit->start_speed_fraction)) +
                                  "% of the " + one_decimal(runner.target_speed_kmh) +
                                  " km/h target speed; the cap is a ceiling, your limit decides)";
                    return reason + ".";
                })};
    if (state.regress_pending) {
        state.step = regressed(state.step, state.regress_from_s, profile, runner);
        state.regress_pending = false;
        state.symptom_free_at_step = 0;
        return {Decision::regress, why([&] {
                    return "Because " + state.regress_cause + ", step down to " +
                           step_text(state.step, profile) + "; never progress after symptoms.";
                })};
    }
    const int gap = break_days(state, profile, runner, history, day);
    if (gap > profile.rest.regress_after_gap_days) {
        StepDecision decision = graded_return(state, profile, runner, day, gap);
        if (!explain) decision.reason.clear();
        return decision;
    }
    if (state.awaiting_check_in)
        return {Decision::hold, why([&] {
                    return "Hold at " + step_text(state.step, profile) + ": the session of " +
                           format_day(*state.awaiting_check_in) +
                           " has no next-morning check-in, so nobody knows how the knee took "
                           "it; it does not count towards progressing.";
                })};
    if (gap == 1 && !state.consecutive_days_cleared)
        return {Decision::hold, why([&] {
                    return "Runs on consecutive days keep yesterday's step (" +
                           step_text(state.step, profile) + ") to see that the limit holds.";
                })};
    if (state.symptom_free_at_step >= needed && !at_goal(state.step, profile, runner)) {
        state.step = progressed(state.step, profile, runner);
        state.symptom_free_at_step = 0;
        return {Decision::progress, why([&] {
                    return std::to_string(needed) +
                           " symptom-free sessions at the last step (cap reached, pain within "
                           "the threshold, clean next mornings): progress to " +
                           step_text(state.step, profile) + ".";
                })};
    }
    if (at_goal(state.step, profile, runner))
        return {Decision::maintain, why([&] {
                    return "At the goal of this profile: " + step_text(state.step, profile) + ".";
                })};
    return {Decision::hold, why([&] {
                return "Hold at " + step_text(state.step, profile) + ": " +
                       std::to_string(state.symptom_free_at_step) + " of " +
                       std::to_string(needed) + " symptom-free sessions needed before progressing.";
            })};
}

ProgressState replay_until(const Profile& profile, const Runner& runner, const History& history,
                           Day today) {
    ProgressState state;
    state.step = initial_step(profile, runner);
    state.pain_threshold = std::min(profile.pain.threshold, hard_max_pain_threshold);
    state.cadence_baseline_spm = runner.preferred_cadence_spm; // typed in: the anchor
    state.cadence_remeasure_from = history.cadence_remeasure_from;
    state.notes_from = today - ProgressState::notes_days;
    for (const auto& [day, events] : events_by_day(history, today))
        replay_day(state, events, day, profile, runner, history);
    return state;
}

} // namespace tg::protocol
