#pragma once
// The safety supervisor: a pure state machine the daemon calls on every control
// tick (100 Hz). It reads no clock and does no I/O; time is the `now` argument,
// so tests drive time by hand. The belt moves only as it allows: its output
// speed comes from the one SpeedLimiter, and only an explicit start command
// ever leads from rest to motion.

#include "controller/safety/alarm.hpp"
#include "controller/safety/speed_limiter.hpp"
#include "controller/safety/supervisor_inputs.hpp"
#include "controller/safety/supervisor_outputs.hpp"
#include "controller/safety/supervisor_settings.hpp"
#include "controller/safety/supervisor_state.hpp"

#include <optional>

namespace tg::safety {

// Everything the supervisor remembers between ticks besides the limiter's
// setpoint. Public (read-only) so tests can build a canonical state key.
// Timers a state does not use are kept empty, so equal behaviour means equal memory.
struct SupervisorMemory {
    SupervisorState state = SupervisorState::idle;
    LatchedCodes latched;
    double requested_kmh = 0.0;        // target while running
    double cool_down_target_kmh = 0.0; // fixed at the start of the cool-down
    std::optional<TimePoint> last_update;
    std::optional<TimePoint> run_start;       // start accepted
    std::optional<TimePoint> cool_down_start; // duration cap reached
    std::optional<TimePoint> last_on_belt;    // runner last seen on the belt
    std::optional<TimePoint> overspeed_since; // belt faster than commanded since
    std::optional<TimePoint> zero_since;      // stopping: setpoint reached 0 at
    std::optional<AlarmCode> last_stop_reason;
    SessionCaps caps; // last seen, for the status display only
};

class Supervisor {
public:
    // Throws std::invalid_argument listing every value outside its safe bound.
    explicit Supervisor(const SupervisorSettings& settings);

    // One control tick. Allocation-free.
    SupervisorOutputs update(TimePoint now, const SupervisorInputs& inputs);

    [[nodiscard]] SupervisorState state() const { return memory_.state; }
    [[nodiscard]] const LatchedCodes& latched() const { return memory_.latched; }
    [[nodiscard]] LimitedSpeed commanded() const { return limiter_.current(); }
    [[nodiscard]] SupervisorStatus status(TimePoint now) const;
    [[nodiscard]] const SupervisorMemory& memory() const { return memory_; }
    [[nodiscard]] const SupervisorSettings& settings() const { return settings_; }

private:
    struct Tick; // what this tick observes, derived once from the inputs

    [[nodiscard]] Tick observe(TimePoint now, const SupervisorInputs& inputs) const;
    CommandResult apply(const OperatorCommand& command, const Tick& tick, AlarmList& alarms);
    [[nodiscard]] std::optional<AlarmCode> start_refusal(const Tick& tick, double speed_kmh) const;
    [[nodiscard]] std::optional<AlarmCode> acknowledge_refusal(const Tick& tick) const;
    [[nodiscard]] std::optional<AlarmCode> speed_request_refusal(double speed_kmh) const;
    void begin_run(const Tick& tick, double speed_kmh);
    void watch(const Tick& tick, AlarmList& alarms);
    void watch_runner(const Tick& tick, AlarmList& alarms);
    void watch_overspeed(const Tick& tick, AlarmList& alarms);
    void react(const AlarmList& alarms);
    void advance(const Tick& tick, AlarmList& alarms);
    void enter_cool_down(const Tick& tick, AlarmList& alarms);
    void enter_stopping(AlarmCode reason);
    void enter_latched(SupervisorState state, AlarmCode reason);
    void come_to_rest(SupervisorState state);
    void track_zero(TimePoint now);
    void list_latched(AlarmList& alarms) const;
    [[nodiscard]] double target_kmh() const;
    [[nodiscard]] DriveIntent intent() const;

    SupervisorSettings settings_;
    SpeedLimiter limiter_;
    SupervisorMemory memory_;
};

} // namespace tg::safety
