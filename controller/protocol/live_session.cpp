#include "controller/protocol/live_session.hpp"

#include "controller/protocol/duration_text.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace tg::protocol {
namespace {

bool is_run_kind(PhaseKind kind) {
    return kind == PhaseKind::run || kind == PhaseKind::walk_run_intervals;
}

} // namespace

LiveSession::LiveSession(DayPlan plan, double start_s)
    : plan_(std::move(plan)), phase_start_s_(start_s), last_now_s_(start_s) {
    finished_ = plan_.rest_day || plan_.phases.empty();
}

bool LiveSession::in_run_phase() const {
    return !finished_ && is_run_kind(plan_.phases[phase_].kind);
}

// Intervals start with the run (the warm-up walk came just before), then walk.
bool LiveSession::running_now(double phase_elapsed_s) const {
    const Phase& phase = plan_.phases[phase_];
    if (phase.kind == PhaseKind::run) return true;
    if (phase.kind != PhaseKind::walk_run_intervals) return false;
    const double cycle = phase.run_s + phase.walk_s;
    return std::fmod(phase_elapsed_s, cycle) < phase.run_s;
}

double LiveSession::run_time(double phase_elapsed_s) const {
    const Phase& phase = plan_.phases[phase_];
    if (phase.kind == PhaseKind::run) return phase_elapsed_s;
    const double cycle = phase.run_s + phase.walk_s;
    const double done = std::floor(phase_elapsed_s / cycle);
    return done * phase.run_s + std::min<double>(phase.run_s, phase_elapsed_s - done * cycle);
}

std::optional<double> LiveSession::measured_cadence_spm() const {
    if (cadence_count_ == 0) return std::nullopt;
    return cadence_sum_ / cadence_count_;
}

// Anchored to the baseline when the plan knows it; only a first measurement (no baseline
// yet) sets the target from this session's own running steps.
std::optional<double> LiveSession::cadence_target() const {
    const Phase& phase = plan_.phases[phase_];
    if (!phase.cadence_increase) return std::nullopt;
    if (phase.cadence_target_spm) return phase.cadence_target_spm;
    if (run_time(last_now_s_ - phase_start_s_) < phase.measure_cadence_s) return std::nullopt;
    if (const auto measured = measured_cadence_spm())
        return std::round(*measured * (1.0 + *phase.cadence_increase));
    return std::nullopt;
}

double LiveSession::phase_cap_s() const {
    const Phase& phase = plan_.phases[phase_];
    if (severe_ && phase.kind == PhaseKind::cool_down)
        return std::min(phase.duration_cap_s, plan_.live.severe_pain_cool_down_s);
    return phase.duration_cap_s;
}

void LiveSession::end_for_severe_pain(double now_s, double pain, LiveOutput& out) {
    severe_ = true;
    if (in_run_phase()) {
        end_run_phase(now_s, EndReason::pain, out);
    } else {
        while (!finished_ && plan_.phases[phase_].kind != PhaseKind::cool_down)
            next_phase(now_s);
    }
    out.event = "Pain " + one_decimal(pain) + "/10 is above " +
                one_decimal(plan_.live.severe_pain_above) +
                "/10: the session ends with a short cool-down walk (stop if you prefer). "
                "Clinician review needed before the next run.";
}

void LiveSession::next_phase(double now_s) {
    ++phase_;
    phase_start_s_ = now_s;
    if (phase_ >= plan_.phases.size()) {
        finished_ = true;
        phase_ = plan_.phases.size() - 1;
    }
}

void LiveSession::end_run_phase(double now_s, EndReason reason, LiveOutput& out) {
    PainFreeLimit limit;
    limit.run_s = static_cast<int>(std::lround(run_time(now_s - phase_start_s_)));
    limit.speed_kmh = max_run_speed_kmh_;
    limit.reason = reason;
    limit.max_pain = max_pain_;
    limit_ = limit;
    out.run_phase_ended = true;
    out.event = "Run phase ended (" + std::string(to_string(reason)) + ") after " +
                minutes_text(limit.run_s) + " at " + one_decimal(limit.speed_kmh) +
                " km/h: today's pain-free limit.";
    next_phase(now_s);
    // Skip straight to the cool-down: nothing else runs after the limit.
    while (!finished_ && plan_.phases[phase_].kind != PhaseKind::cool_down)
        next_phase(now_s);
}

LiveOutput LiveSession::describe(double now_s) const {
    LiveOutput out;
    out.phase_index = phase_;
    out.finished = finished_;
    if (finished_ || plan_.phases.empty()) return out;
    const Phase& phase = plan_.phases[phase_];
    out.kind = phase.kind;
    out.running = running_now(now_s - phase_start_s_);
    out.speed_request_kmh = phase.kind == PhaseKind::walk_run_intervals && !out.running
                                ? phase.walk_speed_kmh
                                : phase.speed_cap_kmh;
    if (out.running) out.cadence_target_spm = cadence_target();
    return out;
}

LiveOutput LiveSession::update(const LiveInput& input) {
    const double now = std::max(input.now_s, last_now_s_); // a clock never runs backwards here
    last_now_s_ = now;
    LiveOutput out;
    if (finished_) return describe(now);
    if (input.pain) max_pain_ = std::max(max_pain_, *input.pain);
    const bool run_phase = in_run_phase();
    const double elapsed = now - phase_start_s_;
    if (run_phase && running_now(elapsed)) {
        max_run_speed_kmh_ = std::max(max_run_speed_kmh_, input.belt_speed_kmh);
        const Phase& phase = plan_.phases[phase_];
        if (input.cadence_spm && phase.cadence_increase &&
            run_time(elapsed) < phase.measure_cadence_s) {
            cadence_sum_ += *input.cadence_spm;
            ++cadence_count_;
        }
    }
    const bool pain_hit = input.pain && *input.pain > plan_.pain_threshold;
    const bool severe = input.pain && !severe_ && is_severe_pain(plan_.live, *input.pain);
    if (input.stop) {
        if (run_phase) end_run_phase(now, EndReason::stopped, out);
        finished_ = true;
        out.event = "Session stopped.";
    } else if (severe) {
        end_for_severe_pain(now, *input.pain, out);
    } else if (pain_hit && plan_.phases[phase_].kind == PhaseKind::warm_up_walk) {
        next_phase(now); // pain before running: no run today, straight to the cool-down
        if (in_run_phase()) end_run_phase(now, EndReason::pain, out);
    } else if (run_phase && pain_hit) {
        end_run_phase(now, EndReason::pain, out);
    } else if (run_phase && input.limit_coming) {
        end_run_phase(now, EndReason::limit_coming, out);
    } else if (elapsed >= phase_cap_s()) {
        if (run_phase)
            end_run_phase(now, EndReason::duration_cap, out);
        else
            next_phase(now);
    }
    LiveOutput state = describe(now);
    state.severe_pain = severe_;
    state.run_phase_ended = out.run_phase_ended;
    state.event = out.event;
    return state;
}

SessionRecord LiveSession::record(Day date) const {
    SessionRecord session;
    session.date = date;
    if (limit_) {
        session.run_s = limit_->run_s;
        session.pain_free_limit_s = limit_->run_s;
        session.speed_kmh = limit_->speed_kmh;
        session.end_reason = limit_->reason;
    }
    session.max_pain = max_pain_;
    session.cadence_spm = measured_cadence_spm();
    return session;
}

} // namespace tg::protocol
