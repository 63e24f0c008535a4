#include "controller/cli/analysis_json.hpp"

#include "controller/gait/gait_summary.hpp"

#include <cmath>

namespace tg::cli {

namespace {

// Rounded to 4 decimals for people; NaN becomes null.
nlohmann::json value(double x) {
    if (!std::isfinite(x)) return nullptr;
    return std::round(x * 1e4) / 1e4;
}

nlohmann::json symmetry(const gait::SideSymmetry& s, const std::string& side_source) {
    if (s.left_steps == 0 || s.right_steps == 0) return nullptr;
    return {{"definition", "(right - left) / mean(right, left) x 100 of per-side medians"},
            {"side_source", side_source},
            {"left_steps", s.left_steps},
            {"right_steps", s.right_steps},
            {"peak_force_pct", value(s.peak_force_pct)},
            {"contact_time_pct", value(s.contact_time_pct)},
            {"step_time_pct", value(s.step_time_pct)},
            {"valr_pct", value(s.valr_pct)}};
}

nlohmann::json methods(const gait::GaitConfig& c) {
    return {{"filter", gait::describe_filter(c)},
            {"filter_cutoff_hz", value(c.filter_cutoff_hz)},
            {"valr", "average loading rate: 0.6 x impact peak / time from 20 % to 80 % of it"},
            {"vilr", "largest sample-to-sample slope from 20 % to 80 % of the impact peak"},
            {"impact_peak", "first local maximum in the first " +
                                std::to_string(static_cast<int>(c.impact_window_fraction * 100)) +
                                " % of stance followed by a dip of at least " +
                                std::to_string(c.impact_min_dip_fraction * 100).substr(0, 4) +
                                " % of the stance peak"},
            {"without_impact_peak",
             "valr/vilr_stance_3_12: same slopes between 3 % and 12 % of stance"},
            {"events",
             "strike when force exceeds the flight baseline by " +
                 std::to_string(static_cast<int>(c.strike_threshold_n)) + " N, toe-off below " +
                 std::to_string(static_cast<int>(c.release_threshold_n)) + " N, each held " +
                 std::to_string(static_cast<int>(std::round(c.persistence_s * 1000))) + " ms"}};
}

} // namespace

nlohmann::json step_to_json(const gait::StepEvent& s) {
    return {{"index", s.index},
            {"mode", gait::to_string(s.mode)},
            {"side", gait::to_string(s.side)},
            {"strike_time_s", value(s.strike_time_s)},
            {"toe_off_time_s", value(s.toe_off_time_s)},
            {"step_time_s", value(s.step_time_s)},
            {"contact_time_s", value(s.contact_time_s)},
            {"flight_time_s", value(s.flight_time_s)},
            {"peak_force_n", value(s.peak_force_n)},
            {"peak_force_bw", value(s.peak_force_bw)},
            {"impact_peak_bw", value(s.impact_peak_bw)},
            {"loading_rate_window", gait::to_string(s.loading_rate_window)},
            {"valr_bw_s", value(s.valr_bw_s)},
            {"vilr_bw_s", value(s.vilr_bw_s)},
            {"cadence_spm", value(s.cadence_spm)}};
}

nlohmann::json analysis_to_json(const recording::ForceRecording& rec,
                                const recording::RecordingAnalysis& analysis, bool per_step) {
    const gait::GaitSummary s = gait::summarize(analysis.steps);
    const double duration = rec.size() > 0 ? rec.time_s.back() - rec.time_s.front() : 0.0;
    nlohmann::json j = {
        {"file", rec.source},
        {"format", rec.format},
        {"force_columns", rec.force_columns},
        {"sample_rate_hz", value(rec.sample_rate_hz)},
        {"samples", rec.size()},
        {"duration_s", value(duration)},
        {"body_weight_n", value(analysis.body_weight_n)},
        {"body_weight_source", gait::to_string(analysis.body_weight_source)},
        {"steps", s.steps},
        {"running_steps", s.running_steps},
        {"walking_steps", s.walking_steps},
        {"cadence_spm", value(s.cadence_spm)},
        {"step_time_s", value(s.step_time_s)},
        {"contact_time_s", value(s.contact_time_s)},
        {"flight_time_s", value(s.flight_time_s)},
        {"peak_force_n", value(s.peak_force_n)},
        {"peak_force_bw", value(s.peak_force_bw)},
        {"steps_with_impact_peak", s.steps_with_impact_peak},
        {"impact_peak_bw", value(s.impact_peak_bw)},
        {"valr_bw_s", value(s.valr_bw_s)},
        {"vilr_bw_s", value(s.vilr_bw_s)},
        {"valr_stance_3_12_bw_s", value(s.valr_stance_3_12_bw_s)},
        {"vilr_stance_3_12_bw_s", value(s.vilr_stance_3_12_bw_s)},
        {"symmetry_index", symmetry(s.symmetry, rec.side_source)},
        {"loading_rate_method", methods(analysis.config)},
    };
    if (per_step) {
        nlohmann::json steps = nlohmann::json::array();
        for (const auto& step : analysis.steps)
            steps.push_back(step_to_json(step));
        j["per_step"] = std::move(steps);
    }
    return j;
}

} // namespace tg::cli
