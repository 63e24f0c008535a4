#include "hmi/feedback/feedback_engine.hpp"

#include <algorithm>
#include <cmath>

namespace tg::hmi {
namespace {

constexpr double alarm_memory_s = 2.0; // an alarm event before the status that shows it

// The controller's phase kinds (protocol::to_string(PhaseKind)), compared with '-' and '_'
// read as spaces: older controllers and the test fake spell them "warm_up_walk".
constexpr const char* kind_warm_up = "warm up walk";
constexpr const char* kind_run = "run";
constexpr const char* kind_intervals = "walk run intervals";
constexpr const char* kind_cool_down = "cool down";

std::string normal_kind(std::string kind) {
    std::replace(kind.begin(), kind.end(), '-', ' ');
    std::replace(kind.begin(), kind.end(), '_', ' ');
    return kind;
}

std::optional<Cue> now_cue(const std::string& raw_kind, bool running) {
    const std::string kind = normal_kind(raw_kind);
    if (kind == kind_run) return Cue::run_now;
    if (kind == kind_intervals) return running ? Cue::run_now : Cue::walk_now;
    if (kind == kind_cool_down) return Cue::cool_down_now;
    if (kind == kind_warm_up) return Cue::walk_now;
    return std::nullopt;
}

std::optional<Cue> soon_cue(const std::string& raw_next) {
    const std::string next_kind = normal_kind(raw_next);
    if (next_kind == kind_run || next_kind == kind_intervals) return Cue::run_soon;
    if (next_kind == kind_cool_down) return Cue::cool_down_soon;
    if (next_kind == kind_warm_up) return Cue::walk_soon;
    return std::nullopt;
}

} // namespace

bool is_run_phase_kind(const std::string& raw_kind) {
    const std::string kind = normal_kind(raw_kind);
    return kind == kind_run || kind == kind_intervals;
}

bool share_on(double elapsed_s, double share, double block_s) {
    if (share >= 1.0) return true;
    if (share <= 0.0 || block_s <= 0.0) return false;
    return std::fmod(std::max(0.0, elapsed_s), block_s) < share * block_s;
}

void FeedbackEngine::reset_session() {
    phase_index_.reset();
    phase_running_ = false;
    remaining_s_.reset();
    pain_checks_done_ = 0;
    cadence_out_since_.reset();
    cadence_cued_ = false;
    loading_high_since_.reset();
    loading_cued_ = false;
}

void FeedbackEngine::alarm_cues(double now_s, const ControllerStatus* st,
                                const std::vector<std::string>& events, FeedbackOutput& out) {
    bool fresh = false;
    auto seen = [&](const std::string& code) {
        fresh = fresh || !alarms_seen_s_.contains(code);
        alarms_seen_s_[code] = now_s;
    };
    for (const std::string& e : events)
        if (e.starts_with("alarm:")) seen(e.substr(6));
    if (st != nullptr)
        for (const AlarmStatus& a : st->alarms)
            seen(a.code);
    std::erase_if(alarms_seen_s_,
                  [&](const auto& kv) { return now_s - kv.second > alarm_memory_s; });
    if (fresh) out.cues.push_back(Cue::alarm); // one alarm sound, however many appeared
}

void FeedbackEngine::session_end_cue(const ControllerStatus* st,
                                     const std::vector<std::string>& events, FeedbackOutput& out) {
    const bool moving = st != nullptr && belt_may_move(st->state);
    if (moving) {
        if (st->session_id) session_id_ = st->session_id;
        if (!in_session_ && (!session_id_ || session_id_ != end_cued_for_)) {
            in_session_ = true;
            reset_session();
        }
        return;
    }
    const bool ended_event = std::find(events.begin(), events.end(), "session_end") != events.end();
    if (in_session_ && (st != nullptr || ended_event)) {
        out.cues.push_back(Cue::session_end);
        in_session_ = false;
        end_cued_for_ = session_id_;
        reset_session();
    }
}

void FeedbackEngine::phase_cues(const ControllerStatus& st, FeedbackOutput& out) {
    if (!st.phase) {
        phase_index_.reset();
        remaining_s_.reset();
        return;
    }
    const PhaseStatus& p = *st.phase;
    const bool changed = !phase_index_ || *phase_index_ != p.index;
    const bool flipped =
        !changed && normal_kind(p.kind) == kind_intervals && p.running != phase_running_;
    if (changed || flipped) {
        if (auto cue = now_cue(p.kind, p.running)) out.cues.push_back(*cue);
        if (changed) pain_checks_done_ = 0;
    }
    std::optional<double> remaining;
    if (p.cap_s && *p.cap_s > 0) remaining = *p.cap_s - p.elapsed_s;
    const double warn = settings_.phase_warning_s;
    if (!changed && remaining && remaining_s_ && *remaining_s_ > warn && *remaining <= warn &&
        *remaining > 0 && !p.next.empty())
        if (auto cue = soon_cue(p.next)) out.cues.push_back(*cue);
    phase_index_ = p.index;
    phase_running_ = p.running;
    remaining_s_ = remaining;
}

void FeedbackEngine::pain_cue(const ControllerStatus& st, FeedbackOutput& out) {
    const double interval = settings_.pain_check_interval_s;
    if (interval <= 0 || !st.phase || st.state != "Running" || !is_run_phase_kind(st.phase->kind))
        return;
    const int due = static_cast<int>(std::floor(st.phase->elapsed_s / interval));
    if (due > pain_checks_done_) {
        pain_checks_done_ = due;
        out.cues.push_back(Cue::pain_check);
    }
}

void FeedbackEngine::technique_cues(double now_s, const ControllerStatus& st, bool metronome_on,
                                    FeedbackOutput& out) {
    const bool running = st.phase && st.phase->running && st.state == "Running";
    // Cadence: only against a live target, and only while the metronome gives it.
    std::optional<Cue> cadence;
    if (running && metronome_on && st.cadence_target_spm && st.cadence_spm) {
        const double band = *st.cadence_target_spm * settings_.cadence_band_fraction;
        if (*st.cadence_spm < *st.cadence_target_spm - band) cadence = Cue::cadence_low;
        if (*st.cadence_spm > *st.cadence_target_spm + band) cadence = Cue::cadence_high;
    }
    if (!cadence) {
        cadence_out_since_.reset();
        cadence_cued_ = false;
    } else {
        if (!cadence_out_since_) cadence_out_since_ = now_s;
        if (!cadence_cued_ && now_s - *cadence_out_since_ >= settings_.cadence_out_of_band_s) {
            cadence_cued_ = true;
            out.cues.push_back(*cadence);
        }
    }
    // Loading rate above the advisory, while the faded schedule has loading feedback on.
    const bool loading_on =
        running && settings_.loading != LoadingFeedback::off &&
        share_on(st.phase->elapsed_s, settings_.loading_share, settings_.share_block_s);
    const bool high = loading_on && st.valr_bw_s && st.valr_advisory_bw_s &&
                      *st.valr_bw_s > *st.valr_advisory_bw_s;
    if (!high) {
        loading_high_since_.reset();
        loading_cued_ = false;
        return;
    }
    if (!loading_high_since_) loading_high_since_ = now_s;
    if (!loading_cued_ && now_s - *loading_high_since_ >= settings_.loading_high_s) {
        loading_cued_ = true;
        out.cues.push_back(Cue::loading_high);
    }
}

std::optional<double> FeedbackEngine::metronome(const ControllerStatus& st) const {
    if (!belt_may_move(st.state) || !st.phase) return std::nullopt;
    const PhaseStatus& p = *st.phase;
    if (p.running && st.cadence_target_spm && *st.cadence_target_spm > 0 &&
        share_on(p.elapsed_s, settings_.metronome_share, settings_.share_block_s))
        return st.cadence_target_spm;
    if (!p.running && settings_.walk_metronome_spm) return settings_.walk_metronome_spm;
    return std::nullopt;
}

FeedbackOutput FeedbackEngine::update(double now_s, const ControllerStatus* status,
                                      const std::vector<std::string>& event_names) {
    FeedbackOutput out;
    alarm_cues(now_s, status, event_names, out);
    session_end_cue(status, event_names, out);
    if (status == nullptr || !in_session_) return out;
    phase_cues(*status, out);
    pain_cue(*status, out);
    out.metronome_spm = metronome(*status);
    technique_cues(now_s, *status, out.metronome_spm.has_value(), out);
    return out;
}

} // namespace tg::hmi
