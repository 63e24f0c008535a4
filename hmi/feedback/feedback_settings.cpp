#include "hmi/feedback/feedback_settings.hpp"

namespace tg::hmi {
namespace {

void read_number(const nlohmann::json& j, const char* key, double min, double max, double& out,
                 std::string* error) {
    if (!j.contains(key) || j[key].is_null()) return;
    if (!j[key].is_number() || j[key].get<double>() < min || j[key].get<double>() > max) {
        if (error && error->empty())
            *error = std::string("plan.feedback.") + key + ": wants a number " +
                     std::to_string(min) + ".." + std::to_string(max);
        return;
    }
    out = j[key].get<double>();
}

} // namespace

std::optional<LoadingFeedback> loading_feedback_from(const std::string& name) {
    if (name == "off") return LoadingFeedback::off;
    if (name == "visual") return LoadingFeedback::visual;
    if (name == "audio") return LoadingFeedback::audio;
    if (name == "both") return LoadingFeedback::both;
    return std::nullopt;
}

FeedbackSettings feedback_settings_from_plan(const nlohmann::json& plan, std::string* error) {
    FeedbackSettings s;
    if (!plan.is_object() || !plan.contains("feedback") || !plan["feedback"].is_object()) return s;
    const nlohmann::json& f = plan["feedback"];
    read_number(f, "metronome_share", 0.0, 1.0, s.metronome_share, error);
    read_number(f, "loading_share", 0.0, 1.0, s.loading_share, error);
    read_number(f, "share_block_s", 10.0, 3600.0, s.share_block_s, error);
    read_number(f, "pain_check_interval_s", 0.0, 7200.0, s.pain_check_interval_s, error);
    read_number(f, "cadence_band_fraction", 0.0, 0.2, s.cadence_band_fraction, error);
    double walk = 0.0;
    read_number(f, "walk_metronome_spm", 0.0, 250.0, walk, error);
    if (walk > 0.0) s.walk_metronome_spm = walk;
    if (f.contains("loading_feedback") && f["loading_feedback"].is_string()) {
        if (auto mode = loading_feedback_from(f["loading_feedback"].get<std::string>()))
            s.loading = *mode;
        else if (error && error->empty())
            *error = "plan.feedback.loading_feedback: wants off, visual, audio or both";
    }
    if (f.contains("metronome_muted")) {
        if (f["metronome_muted"].is_boolean())
            s.metronome_muted = f["metronome_muted"].get<bool>();
        else if (error && error->empty())
            *error = "plan.feedback.metronome_muted: wants true or false";
    }
    if (f.contains("reason") && f["reason"].is_string()) s.reason = f["reason"].get<std::string>();
    return s;
}

} // namespace tg::hmi
