#pragma once
// How much feedback today's session gives and when cues fire: the plan's "feedback" object
// (from the profile's [feedback] section through the protocol engine) when the controller
// sends one, else these defaults. Timings are the (#16) clinical defaults.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace tg::hmi {

enum class LoadingFeedback { off, visual, audio, both };

struct FeedbackSettings {
    // Share of the run phase with the metronome on (faded over the sessions): on for
    // share x block_s at the start of every block_s of running.
    double metronome_share = 1.0;
    double loading_share = 1.0;
    double share_block_s = 60.0;
    std::optional<double> walk_metronome_spm; // clicks in walks only if the profile asks
    double pain_check_interval_s = 300.0;     // 0: no pain-check cue
    double cadence_band_fraction = 0.03;      // in band: target x (1 +- this)
    double cadence_out_of_band_s = 20.0;
    double loading_high_s = 30.0;
    double phase_warning_s = 10.0;
    LoadingFeedback loading = LoadingFeedback::visual;
    bool metronome_muted = false; // a clinician's per-runner mute: the runner cannot undo it
    std::string reason;           // the engine's words for today's feedback, shown in the plan
};

// Reads plan["feedback"] (see hmi/feedback/README.md); absent or malformed keys keep their
// defaults and `error` (if given) names the first bad key.
FeedbackSettings feedback_settings_from_plan(const nlohmann::json& plan,
                                             std::string* error = nullptr);
std::optional<LoadingFeedback> loading_feedback_from(const std::string& name);

} // namespace tg::hmi
