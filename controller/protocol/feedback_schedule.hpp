#pragma once
// Faded real-time feedback, as data in the profile's [feedback] section: the metronome and
// the loading-rate feedback run for the whole run in the first sessions, then fade linearly
// to off (Willy 2016: feedback faded over the sessions, the gain kept at 30 days), and come
// back for the whole run when the runner's unprompted cadence falls below the band around
// the retraining goal (or the loading rate above the advisory). Pure.
#include "controller/protocol/strict_table.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tg::protocol {

// Sessions 1..full_sessions: the whole run; from off_from_session on: none; linear between.
struct FadeRules {
    int full_sessions = 4;
    int off_from_session = 8;
};

struct FeedbackRules {
    FadeRules metronome;
    FadeRules loading_rate;
    double cadence_band = 0.03;               // in band: goal x (1 +- this)
    int pain_check_interval_s = 300;          // the spoken pain check; 0: none
    std::optional<double> walk_metronome_spm; // clicks in walks only if set
    std::string loading_feedback = "visual";  // off, visual, audio, both
};

// An earlier session as the schedule sees it, oldest first.
struct FeedbackHistoryEntry {
    // The cadence the runner kept without the cue. The planner passes the session's mean
    // running cadence: once feedback fades, most of a run is without the metronome, and the
    // return rule applies only then (a share below 1).
    std::optional<double> unprompted_cadence_spm;
    std::optional<double> target_spm; // the cadence target cued that session
    std::optional<double> mean_loading_rate_bw_s;
};

struct FeedbackPlan {
    FeedbackRules rules; // what today's plan was made with (band, pain check, modes)
    int session = 1;     // today's session, 1-based
    double metronome_share = 1.0;
    double loading_share = 1.0;
    bool metronome_returned = false;
    bool loading_returned = false;
    std::optional<double> cadence_goal_spm; // the first session's target: what retraining aims at
    std::string reason;                     // plain words, shown in the plan
    // A clinician's per-runner mute (runners.update): no metronome, whatever the share.
    bool metronome_muted = false;
};

// Today's feedback from the runner's earlier sessions (today is history.size() + 1).
FeedbackPlan plan_feedback(const FeedbackRules& rules,
                           const std::vector<FeedbackHistoryEntry>& history,
                           double loading_advisory_bw_s);
// Whole-run feedback for a profile without a [feedback] section.
FeedbackPlan continuous_feedback(int session);
// The share of the run with feedback at `session` under `fade`, before any return.
double faded_share(const FadeRules& fade, int session);

// Reads [feedback] (profiles/README.md); bad keys throw ProfileError with file and line.
FeedbackRules read_feedback(StrictTable table);

// The plan's "feedback" object, as treadguard-hmi reads it (hmi/feedback/feedback_settings).
nlohmann::json feedback_json(const FeedbackPlan& plan);

} // namespace tg::protocol
