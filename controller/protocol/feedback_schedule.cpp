#include "controller/protocol/feedback_schedule.hpp"

#include <cmath>

namespace tg::protocol {
namespace {

std::string percent(double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100.0))) + "%";
}

std::string spm(double v) {
    return std::to_string(static_cast<int>(std::lround(v)));
}

std::string fade_words(const char* what, const FadeRules& fade, int session, double share) {
    std::string s = std::string(what) + " for " + percent(share) + " of the run";
    if (session <= fade.full_sessions)
        s += " (whole run in sessions 1-" + std::to_string(fade.full_sessions) + ")";
    else if (session < fade.off_from_session)
        s += " (fading to off by session " + std::to_string(fade.off_from_session) + ")";
    else
        s += " (faded out from session " + std::to_string(fade.off_from_session) + ")";
    return s;
}

FadeRules read_fade(StrictTable& table, const std::string& prefix) {
    FadeRules fade;
    fade.full_sessions = table.integer(prefix + "_full_sessions", 0, 50);
    fade.off_from_session =
        table.integer(prefix + "_off_from_session", fade.full_sessions + 1, 100);
    return fade;
}

// The goal is the first cued target; the check is the last session's unprompted cadence.
std::optional<double> cadence_goal(const std::vector<FeedbackHistoryEntry>& history) {
    for (const FeedbackHistoryEntry& e : history)
        if (e.target_spm) return e.target_spm;
    return std::nullopt;
}

} // namespace

double faded_share(const FadeRules& fade, int session) {
    if (session <= fade.full_sessions) return 1.0;
    if (session >= fade.off_from_session) return 0.0;
    return static_cast<double>(fade.off_from_session - session) /
           static_cast<double>(fade.off_from_session - fade.full_sessions);
}

FeedbackPlan plan_feedback(const FeedbackRules& rules,
                           const std::vector<FeedbackHistoryEntry>& history,
                           double loading_advisory_bw_s) {
    FeedbackPlan plan;
    plan.rules = rules;
    plan.session = static_cast<int>(history.size()) + 1;
    plan.metronome_share = faded_share(rules.metronome, plan.session);
    plan.loading_share = faded_share(rules.loading_rate, plan.session);
    plan.cadence_goal_spm = cadence_goal(history);
    std::string why = "session " + std::to_string(plan.session) + ": ";
    const FeedbackHistoryEntry* last = history.empty() ? nullptr : &history.back();
    const double floor =
        plan.cadence_goal_spm ? *plan.cadence_goal_spm * (1.0 - rules.cadence_band) : 0.0;
    if (last && plan.metronome_share < 1.0 && plan.cadence_goal_spm &&
        last->unprompted_cadence_spm && *last->unprompted_cadence_spm < floor) {
        plan.metronome_share = 1.0;
        plan.metronome_returned = true;
        why += "metronome back for the whole run: last session's unprompted cadence " +
               spm(*last->unprompted_cadence_spm) + " steps/min was below the band (" + spm(floor) +
               "-" + spm(*plan.cadence_goal_spm * (1.0 + rules.cadence_band)) +
               ") around the goal " + spm(*plan.cadence_goal_spm);
    } else {
        why += fade_words("metronome", rules.metronome, plan.session, plan.metronome_share);
    }
    why += "; ";
    if (last && plan.loading_share < 1.0 && last->mean_loading_rate_bw_s &&
        *last->mean_loading_rate_bw_s > loading_advisory_bw_s) {
        plan.loading_share = 1.0;
        plan.loading_returned = true;
        why += "loading-rate feedback back for the whole run: last session's mean " +
               spm(*last->mean_loading_rate_bw_s) + " BW/s was above the advisory " +
               spm(loading_advisory_bw_s) + " BW/s";
    } else {
        why += fade_words("loading-rate feedback", rules.loading_rate, plan.session,
                          plan.loading_share);
    }
    plan.reason = why + ".";
    return plan;
}

FeedbackPlan continuous_feedback(int session) {
    FeedbackPlan plan;
    plan.session = session;
    // Fading needs a schedule; without one the feedback stays on, as the HMI's defaults.
    plan.rules.metronome = {1000, 1001};
    plan.rules.loading_rate = {1000, 1001};
    plan.reason = "session " + std::to_string(session) +
                  ": metronome and loading-rate feedback for the whole run (the profile has no "
                  "[feedback] schedule).";
    return plan;
}

FeedbackRules read_feedback(StrictTable table) {
    FeedbackRules rules;
    rules.metronome = read_fade(table, "metronome");
    rules.loading_rate = read_fade(table, "loading_rate");
    rules.cadence_band = table.number("cadence_band", 0.01, 0.10);
    rules.pain_check_interval_s = table.integer("pain_check_interval_s", 0, 3600);
    rules.walk_metronome_spm = table.optional_number("walk_metronome_spm", 60.0, 160.0);
    rules.loading_feedback = table.text("loading_feedback");
    if (rules.loading_feedback != "off" && rules.loading_feedback != "visual" &&
        rules.loading_feedback != "audio" && rules.loading_feedback != "both")
        table.fail("loading_feedback",
                   "must be \"off\", \"visual\", \"audio\" or \"both\", not \"" +
                       rules.loading_feedback + "\"");
    table.finish();
    return rules;
}

nlohmann::json feedback_json(const FeedbackPlan& plan) {
    const FeedbackRules& rules = plan.rules;
    nlohmann::json j = {{"session", plan.session},
                        {"metronome_share", plan.metronome_share},
                        {"loading_share", plan.loading_share},
                        {"metronome_returned", plan.metronome_returned},
                        {"loading_returned", plan.loading_returned},
                        {"cadence_band_fraction", rules.cadence_band},
                        {"pain_check_interval_s", rules.pain_check_interval_s},
                        {"loading_feedback", rules.loading_feedback},
                        {"metronome_muted", plan.metronome_muted},
                        {"reason", plan.reason}};
    j["walk_metronome_spm"] =
        rules.walk_metronome_spm ? nlohmann::json(*rules.walk_metronome_spm) : nlohmann::json();
    j["cadence_goal_spm"] =
        plan.cadence_goal_spm ? nlohmann::json(*plan.cadence_goal_spm) : nlohmann::json();
    return j;
}

} // namespace tg::protocol
