#pragma once

#include "controller/protocol/day_plan.hpp"
#include "controller/protocol/runner_history.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace tg::protocol {

// What the daemon feeds in every tick. Time is the caller's monotonic clock in seconds.
struct LiveInput {
    double now_s = 0.0;
    std::optional<double> pain;        // a pain report this tick (0–10)
    bool limit_coming = false;         // the runner's "limit coming" button
    bool stop = false;                 // the runner or clinician ends the session
    double belt_speed_kmh = 0.0;       // actual belt speed reported by the drive
    std::optional<double> cadence_spm; // current measured cadence
};

// Today's pain-free limit: how long and how fast the runner ran before the run phase ended.
struct PainFreeLimit {
    int run_s = 0;
    double speed_kmh = 0.0;
    EndReason reason = EndReason::stopped;
    double max_pain = 0.0;
};

struct LiveOutput {
    std::size_t phase_index = 0;
    PhaseKind kind = PhaseKind::warm_up_walk;
    bool running = false;           // in a run (or a run interval) right now
    double speed_request_kmh = 0.0; // goes to the safety limiter, never straight to the drive
    std::optional<double> cadence_target_spm;
    bool run_phase_ended = false; // true on the tick the run phase ended
    bool finished = false;
    // Pain above plan.live.severe_pain_above was reported: the run ended, the cool-down is
    // the short one, and the HMI shows "clinician review needed" (the plan pauses too).
    bool severe_pain = false;
    std::string event; // plain words for the HMI on a change, else empty
};

// The live run-phase logic of one session, pure: no clock, no I/O. Pain above the plan's
// threshold, "limit coming", the duration cap or a stop end the run phase; the cool-down
// follows (a stop ends everything at once). The running time and speed reached then are
// today's pain-free limit.
class LiveSession {
public:
    LiveSession(DayPlan plan, double start_s);

    LiveOutput update(const LiveInput& input);

    const std::optional<PainFreeLimit>& limit() const { return limit_; }
    bool finished() const { return finished_; }
    std::optional<double> measured_cadence_spm() const;

    // The record to store once the session is finished (run time 0 if it never ran).
    SessionRecord record(Day date) const;

private:
    bool in_run_phase() const;
    bool running_now(double phase_elapsed_s) const;
    double run_time(double phase_elapsed_s) const;
    void next_phase(double now_s);
    void end_run_phase(double now_s, EndReason reason, LiveOutput& out);
    std::optional<double> cadence_target() const;
    LiveOutput describe(double now_s) const;
    double phase_cap_s() const;
    void end_for_severe_pain(double now_s, double pain, LiveOutput& out);

    DayPlan plan_;
    std::size_t phase_ = 0;
    double phase_start_s_ = 0.0;
    double last_now_s_ = 0.0;
    double max_pain_ = 0.0;
    double max_run_speed_kmh_ = 0.0;
    double cadence_sum_ = 0.0;
    int cadence_count_ = 0;
    bool finished_ = false;
    bool severe_ = false;
    std::optional<PainFreeLimit> limit_;
};

} // namespace tg::protocol
