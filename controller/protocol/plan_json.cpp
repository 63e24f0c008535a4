#include "controller/protocol/plan_json.hpp"

namespace tg::protocol {
namespace {

nlohmann::json phase_json(const Phase& phase) {
    nlohmann::json out = {{"kind", to_string(phase.kind)},
                          {"speed_cap_kmh", phase.speed_cap_kmh},
                          {"duration_cap_s", phase.duration_cap_s},
                          {"reason", phase.reason}};
    if (phase.kind == PhaseKind::walk_run_intervals) {
        out["walk_s"] = phase.walk_s;
        out["run_s"] = phase.run_s;
        out["walk_speed_kmh"] = phase.walk_speed_kmh;
    }
    if (phase.cadence_increase) {
        out["cadence_increase"] = *phase.cadence_increase;
        out["measure_cadence_s"] = phase.measure_cadence_s;
        if (phase.cadence_target_spm) out["cadence_target_spm"] = *phase.cadence_target_spm;
    }
    return out;
}

} // namespace

nlohmann::json plan_json(const DayPlan& plan) {
    nlohmann::json phases = nlohmann::json::array();
    for (const Phase& phase : plan.phases)
        phases.push_back(phase_json(phase));
    nlohmann::json entry_checks = nlohmann::json::array();
    for (const EntryCheck& check : plan.entry_checks)
        entry_checks.push_back({{"id", check.id},
                                {"question", check.question},
                                {"asked_of", check.asked_of},
                                {"passed", check.passed}});
    nlohmann::json out = {
        {"date", format_day(plan.date)},
        {"profile", plan.profile},
        {"rest_day", plan.rest_day},
        {"decision", to_string(plan.decision)},
        {"step",
         {{"speed_kmh", plan.step.speed_kmh},
          {"run_cap_s", plan.step.run_cap_s},
          {"walk_run_phase", plan.step.walk_run_phase + 1}}},
        {"pain_threshold", plan.pain_threshold},
        {"runs_per_week", plan.runs_per_week},
        {"consecutive_days_allowed", plan.consecutive_days_allowed},
        {"planned_run_s", plan.planned_run_s},
        {"volume",
         {{"run_s_14d", plan.volume_14d_s},
          {"run_s_previous_14d", plan.volume_prev_14d_s},
          {"run_s_allowed_14d", plan.volume_allowed_14d_s}}},
        {"acute_chronic_ratio", plan.acute_chronic_ratio ? nlohmann::json(*plan.acute_chronic_ratio)
                                                         : nlohmann::json(nullptr)},
        {"distance_m",
         {{"m_14d", plan.distance_14d_m}, {"m_previous_14d", plan.distance_prev_14d_m}}},
        {"live",
         {{"severe_pain_above", plan.live.severe_pain_above},
          {"severe_pain_cool_down_s", plan.live.severe_pain_cool_down_s}}},
        {"clinician_review_needed", plan.clinician_review_needed},
        {"review_reason", plan.review_reason},
        {"clinician_prompt",
         plan.clinician_prompt ? nlohmann::json(*plan.clinician_prompt) : nlohmann::json(nullptr)},
        {"cadence_baseline_spm", plan.cadence_baseline_spm
                                     ? nlohmann::json(*plan.cadence_baseline_spm)
                                     : nlohmann::json(nullptr)},
        {"cadence_baseline_above_cue_limit", plan.cadence_baseline_above_cue_limit},
        {"entry_checks", entry_checks},
        {"phases", phases},
        {"reasons", plan.reasons},
        {"advisories", plan.advisories}};
    out["feedback"] = plan.feedback ? feedback_json(*plan.feedback) : nlohmann::json(nullptr);
    return out;
}

nlohmann::json plans_json(const std::vector<DayPlan>& plans) {
    nlohmann::json out = nlohmann::json::array();
    for (const DayPlan& plan : plans)
        out.push_back(plan_json(plan));
    return out;
}

} // namespace tg::protocol
