#pragma once
// Decides, frame by frame, what the runner hears and sees: the metronome tempo (or none)
// and the cues that fire now. Pure: time is an argument, the inputs are the last status
// and the events that arrived since the previous frame.
#include "hmi/api/controller_status.hpp"
#include "hmi/feedback/cue.hpp"
#include "hmi/feedback/feedback_settings.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tg::hmi {

struct FeedbackOutput {
    std::optional<double> metronome_spm; // click at this tempo now; empty: silent
    std::vector<Cue> cues;               // fired this frame, in order
};

class FeedbackEngine {
public:
    explicit FeedbackEngine(FeedbackSettings settings = {}) : settings_(std::move(settings)) {}
    void set_settings(FeedbackSettings settings) { settings_ = std::move(settings); }
    const FeedbackSettings& settings() const { return settings_; }

    // `status` null: no live status (the metronome stops; nothing else fires). `event_names`
    // are the API events' names ("alarm", "session_end", ...) and alarm codes come as
    // "alarm:<code>".
    FeedbackOutput update(double now_s, const ControllerStatus* status,
                          const std::vector<std::string>& event_names);

private:
    void phase_cues(const ControllerStatus& st, FeedbackOutput& out);
    void pain_cue(const ControllerStatus& st, FeedbackOutput& out);
    void technique_cues(double now_s, const ControllerStatus& st, bool metronome_on,
                        FeedbackOutput& out);
    void alarm_cues(double now_s, const ControllerStatus* st,
                    const std::vector<std::string>& events, FeedbackOutput& out);
    void session_end_cue(const ControllerStatus* st, const std::vector<std::string>& events,
                         FeedbackOutput& out);
    void reset_session();
    std::optional<double> metronome(const ControllerStatus& st) const;

    FeedbackSettings settings_;
    bool in_session_ = false;
    std::optional<long long> session_id_;
    std::optional<long long> end_cued_for_;
    std::optional<int> phase_index_;
    bool phase_running_ = false;
    std::optional<double> remaining_s_;
    int pain_checks_done_ = 0;
    std::optional<double> cadence_out_since_;
    bool cadence_cued_ = false;
    std::optional<double> loading_high_since_;
    bool loading_cued_ = false;
    std::map<std::string, double> alarms_seen_s_; // code -> last frame it was present
};

// "run", "walk-run intervals" ... as the controller names phase kinds.
bool is_run_phase_kind(const std::string& kind);
// Faded feedback: on for the first share x block_s of every block_s.
bool share_on(double elapsed_s, double share, double block_s);

} // namespace tg::hmi
