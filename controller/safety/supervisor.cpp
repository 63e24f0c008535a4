#include "controller/safety/supervisor.hpp"

#include "controller/safety/setting_bounds.hpp"

#include <algorithm>
#include <cmath>

namespace tg::safety {

struct Supervisor::Tick {
    TimePoint now;
    const SupervisorInputs& in;
    bool drive_fresh;
    bool force_fresh;
    bool client_fresh;
    bool caps_valid;
    bool runner_on_belt;
    bool belt_at_rest; // setpoint 0 and the drive confirms the belt has stopped
    bool belt_moving;  // setpoint above 0 or the drive reports motion
    double commanded_kmh;
};

namespace {

bool fresh(const std::optional<TimePoint>& last, TimePoint now, Duration timeout) {
    return last.has_value() && now - *last <= timeout;
}

bool elapsed(const std::optional<TimePoint>& since, TimePoint now, Duration span) {
    return since.has_value() && now - *since >= span;
}

bool caps_are_valid(const SessionCaps& caps) {
    return std::isfinite(caps.speed_cap_kmh) && caps.speed_cap_kmh > 0.0 &&
           caps.duration_cap > Duration::zero() && caps.cool_down >= Duration::zero() &&
           std::isfinite(caps.cool_down_kmh) && caps.cool_down_kmh >= 0.0;
}

// Faults whose nature demands the drive's fastest safe ramp.
Action latched_action(AlarmCode code) {
    switch (code) {
    case AlarmCode::emergency_stop_pressed:
    case AlarmCode::drive_overspeed:
    case AlarmCode::drive_stop_timeout:
    case AlarmCode::drive_not_confirming_stop:
        return Action::emergency_stop;
    default:
        return Action::controlled_stop;
    }
}

CommandResult accepted(CommandKind kind, std::optional<AlarmCode> note = std::nullopt) {
    return {kind, true, note};
}

CommandResult refused(CommandKind kind, AlarmCode reason) {
    return {kind, false, reason};
}

} // namespace

Supervisor::Supervisor(const SupervisorSettings& settings)
    : settings_(settings), limiter_(settings.ramp) {
    throw_if_invalid(settings_.validate(), "supervisor settings");
}

Supervisor::Tick Supervisor::observe(TimePoint now, const SupervisorInputs& in) const {
    const bool drive_fresh = fresh(in.drive.last_fresh, now, settings_.drive_status_timeout);
    const bool force_fresh = fresh(in.force.last_fresh, now, settings_.force_sample_timeout);
    const double commanded = limiter_.current().kmh();
    const double actual = in.drive.actual_kmh;
    const double body_weight = in.force.body_weight_n;
    // Positive tests throughout: a NaN reading never counts as "safe".
    const bool drive_still = drive_fresh && actual <= settings_.standstill_kmh;
    const bool on_belt = force_fresh && body_weight > 0.0 &&
                         in.force.vertical_force_n >= settings_.off_belt_fraction_bw * body_weight;
    return Tick{now,
                in,
                drive_fresh,
                force_fresh,
                fresh(in.client.last_heartbeat, now, settings_.heartbeat_timeout),
                caps_are_valid(in.caps),
                on_belt,
                commanded <= 0.0 && drive_still,
                commanded > 0.0 || !(actual <= settings_.standstill_kmh),
                commanded};
}

SupervisorOutputs Supervisor::update(TimePoint now, const SupervisorInputs& inputs) {
    const Duration dt = memory_.last_update && now > *memory_.last_update
                            ? now - *memory_.last_update
                            : Duration::zero();
    memory_.last_update = std::max(now, memory_.last_update.value_or(now));
    memory_.caps = inputs.caps;

    const Tick tick = observe(now, inputs);
    AlarmList alarms;
    std::optional<CommandResult> result;
    if (inputs.command) result = apply(*inputs.command, tick, alarms);
    watch(tick, alarms);
    react(alarms);
    advance(tick, alarms);

    // With invalid caps the state is already at rest or latched (target 0): the
    // machine maximum then only bounds the ramp down.
    const double cap = tick.caps_valid ? inputs.caps.speed_cap_kmh : settings_.ramp.machine_max_kmh;
    const RampMode mode =
        memory_.state == SupervisorState::emergency_stop ? RampMode::emergency : RampMode::normal;
    const LimitedSpeed speed = limiter_.step(dt, target_kmh(), cap, mode);
    track_zero(now);
    list_latched(alarms);
    return SupervisorOutputs{speed, intent(), memory_.state, alarms.worst(), alarms, result};
}

CommandResult Supervisor::apply(const OperatorCommand& command, const Tick& tick,
                                AlarmList& alarms) {
    const CommandKind kind = command.kind;
    switch (kind) {
    case CommandKind::select_runner:
        if (is_latched_state(memory_.state)) return refused(kind, AlarmCode::fault_latched);
        if (is_motion_state(memory_.state)) return refused(kind, AlarmCode::already_running);
        memory_.state = SupervisorState::ready;
        return accepted(kind);
    case CommandKind::start:
        if (auto why = start_refusal(tick, command.speed_kmh)) return refused(kind, *why);
        begin_run(tick, command.speed_kmh);
        return accepted(kind);
    case CommandKind::stop:
        // Always accepted: a stop is never refused, whatever the state.
        alarms.raise({AlarmCode::operator_stop, Action::controlled_stop, false});
        return accepted(kind);
    case CommandKind::emergency_stop:
        alarms.raise({AlarmCode::emergency_stop_pressed, Action::emergency_stop, true});
        return accepted(kind);
    case CommandKind::request_speed: {
        if (auto why = speed_request_refusal(command.speed_kmh)) return refused(kind, *why);
        memory_.requested_kmh = command.speed_kmh; // the limiter alone holds it within caps
        if (tick.caps_valid && command.speed_kmh > tick.in.caps.speed_cap_kmh)
            return accepted(kind, AlarmCode::request_above_cap);
        return accepted(kind);
    }
    case CommandKind::acknowledge_fault:
        if (auto why = acknowledge_refusal(tick)) return refused(kind, *why);
        // Clearing a fault leads to rest, never to motion.
        memory_.latched.reset();
        come_to_rest(SupervisorState::stopped);
        return accepted(kind);
    }
    return refused(kind, AlarmCode::request_invalid);
}

std::optional<AlarmCode> Supervisor::start_refusal(const Tick& tick, double speed_kmh) const {
    const auto& in = tick.in;
    if (is_latched_state(memory_.state)) return AlarmCode::fault_latched;
    if (is_motion_state(memory_.state)) return AlarmCode::already_running;
    if (memory_.state == SupervisorState::idle) return AlarmCode::no_runner_selected;
    if (!(speed_kmh >= 0.0) || !std::isfinite(speed_kmh)) return AlarmCode::request_invalid;
    if (!tick.drive_fresh) return AlarmCode::drive_link_lost;
    if (in.drive.fault_code != 0) return AlarmCode::drive_fault;
    if (!tick.force_fresh) return AlarmCode::force_link_lost;
    if (!tick.caps_valid) return AlarmCode::caps_invalid;
    if (!(in.force.body_weight_n > 0.0)) return AlarmCode::no_body_weight;
    if (in.client.interactive_required && !tick.client_fresh) return AlarmCode::client_lost;
    if (!tick.belt_at_rest) return AlarmCode::belt_moving;
    return std::nullopt;
}

std::optional<AlarmCode> Supervisor::acknowledge_refusal(const Tick& tick) const {
    if (!is_latched_state(memory_.state)) return AlarmCode::nothing_to_acknowledge;
    if (!tick.drive_fresh) return AlarmCode::drive_link_lost;
    if (!tick.belt_at_rest) return AlarmCode::belt_moving;
    // A latched fault clears only once its cause is gone.
    if (memory_.latched.test(index_of(AlarmCode::force_link_lost)) && !tick.force_fresh)
        return AlarmCode::force_link_lost;
    if (tick.in.drive.fault_code != 0) return AlarmCode::drive_fault;
    if (tick.in.drive.stop_unconfirmed) return AlarmCode::drive_not_confirming_stop;
    if (memory_.latched.test(index_of(AlarmCode::caps_invalid)) && !tick.caps_valid)
        return AlarmCode::caps_invalid;
    return std::nullopt;
}

std::optional<AlarmCode> Supervisor::speed_request_refusal(double speed_kmh) const {
    if (!(speed_kmh >= 0.0) || !std::isfinite(speed_kmh)) return AlarmCode::request_invalid;
    if (is_latched_state(memory_.state)) return AlarmCode::fault_latched;
    if (memory_.state == SupervisorState::cool_down) return AlarmCode::cool_down_in_progress;
    if (memory_.state != SupervisorState::starting && memory_.state != SupervisorState::running)
        return AlarmCode::not_running;
    return std::nullopt;
}

void Supervisor::begin_run(const Tick& tick, double speed_kmh) {
    memory_.state = SupervisorState::starting;
    memory_.requested_kmh = speed_kmh > 0.0 ? speed_kmh : settings_.ramp.start_speed_kmh;
    memory_.run_start = tick.now;
    // The runner gets the full off-belt time to step on once the belt starts.
    memory_.last_on_belt = tick.now;
    memory_.overspeed_since.reset();
    memory_.last_stop_reason.reset();
}

void Supervisor::watch(const Tick& tick, AlarmList& alarms) {
    const SupervisorState state = memory_.state;
    const bool motion = is_motion_state(state);
    const bool driving = is_driving_state(state);
    if (!tick.drive_fresh)
        alarms.raise({AlarmCode::drive_link_lost,
                      motion ? Action::controlled_stop : Action::advisory, motion});
    if (tick.in.drive.fault_code != 0)
        alarms.raise({AlarmCode::drive_fault, Action::controlled_stop, true});
    if (!tick.force_fresh)
        alarms.raise({AlarmCode::force_link_lost,
                      driving ? Action::controlled_stop : Action::advisory, driving});
    if (tick.in.client.interactive_required && !tick.client_fresh) {
        const bool stop = driving && settings_.stop_on_client_loss;
        alarms.raise(
            {AlarmCode::client_lost, stop ? Action::controlled_stop : Action::advisory, false});
    }
    if (driving && !tick.caps_valid)
        alarms.raise({AlarmCode::caps_invalid, Action::controlled_stop, true});
    if (state == SupervisorState::starting &&
        elapsed(memory_.run_start, tick.now, settings_.start_timeout))
        alarms.raise({AlarmCode::drive_start_timeout, Action::controlled_stop, true});
    if (state == SupervisorState::stopping &&
        elapsed(memory_.zero_since, tick.now, settings_.stop_timeout))
        alarms.raise({AlarmCode::drive_stop_timeout, Action::emergency_stop, true});
    // Whatever the state: a drive that does not carry out a stop is an emergency.
    if (tick.in.drive.stop_unconfirmed)
        alarms.raise({AlarmCode::drive_not_confirming_stop, Action::emergency_stop, true});
    watch_runner(tick, alarms);
    watch_overspeed(tick, alarms);
}

void Supervisor::watch_runner(const Tick& tick, AlarmList& alarms) {
    if (!is_driving_state(memory_.state)) {
        memory_.last_on_belt.reset();
        return;
    }
    if (tick.runner_on_belt) memory_.last_on_belt = tick.now;
    if (tick.belt_moving && elapsed(memory_.last_on_belt, tick.now, settings_.off_belt_time))
        alarms.raise({AlarmCode::runner_off_belt, Action::controlled_stop, false});
}

void Supervisor::watch_overspeed(const Tick& tick, AlarmList& alarms) {
    const bool over =
        tick.drive_fresh &&
        tick.in.drive.actual_kmh > tick.commanded_kmh + settings_.overspeed_tolerance_kmh;
    if (!over) {
        memory_.overspeed_since.reset();
        return;
    }
    if (!memory_.overspeed_since) memory_.overspeed_since = tick.now;
    if (elapsed(memory_.overspeed_since, tick.now, settings_.overspeed_time))
        alarms.raise({AlarmCode::drive_overspeed, Action::emergency_stop, true});
}

// The most severe action wins: emergency stop over a latched fault over a
// controlled stop over an advisory.
void Supervisor::react(const AlarmList& alarms) {
    const Action worst = alarms.worst();
    std::optional<AlarmCode> reason;
    for (const Alarm& alarm : alarms) {
        if (alarm.latched) memory_.latched.set(index_of(alarm.code));
        if (alarm.action == worst && !reason) reason = alarm.code;
    }
    if (!reason) return;
    const SupervisorState state = memory_.state;
    if (worst == Action::emergency_stop) {
        if (state != SupervisorState::emergency_stop)
            enter_latched(SupervisorState::emergency_stop, *reason);
    } else if (memory_.latched.any()) {
        if (!is_latched_state(state)) enter_latched(SupervisorState::fault, *reason);
    } else if (worst == Action::controlled_stop && is_driving_state(state)) {
        enter_stopping(*reason);
    }
}

void Supervisor::advance(const Tick& tick, AlarmList& alarms) {
    switch (memory_.state) {
    case SupervisorState::starting:
        if (tick.drive_fresh && tick.in.drive.actual_kmh > settings_.standstill_kmh)
            memory_.state = SupervisorState::running;
        [[fallthrough]];
    case SupervisorState::running:
        if (elapsed(memory_.run_start, tick.now, tick.in.caps.duration_cap))
            enter_cool_down(tick, alarms);
        break;
    case SupervisorState::cool_down:
        if (elapsed(memory_.cool_down_start, tick.now, tick.in.caps.cool_down))
            enter_stopping(AlarmCode::duration_cap_reached);
        break;
    case SupervisorState::stopping:
        if (tick.belt_at_rest) come_to_rest(SupervisorState::stopped);
        break;
    default:
        break;
    }
}

void Supervisor::enter_cool_down(const Tick& tick, AlarmList& alarms) {
    alarms.raise({AlarmCode::duration_cap_reached, Action::advisory, false});
    memory_.state = SupervisorState::cool_down;
    memory_.cool_down_start = tick.now;
    // A cool-down never speeds the belt up.
    memory_.cool_down_target_kmh = std::min(tick.in.caps.cool_down_kmh, tick.commanded_kmh);
    if (tick.in.caps.cool_down <= Duration::zero()) enter_stopping(AlarmCode::duration_cap_reached);
}

void Supervisor::enter_stopping(AlarmCode reason) {
    memory_.state = SupervisorState::stopping;
    memory_.last_stop_reason = reason;
    memory_.requested_kmh = 0.0;
    memory_.cool_down_target_kmh = 0.0;
    memory_.run_start.reset();
    memory_.cool_down_start.reset();
    memory_.last_on_belt.reset();
}

void Supervisor::enter_latched(SupervisorState state, AlarmCode reason) {
    enter_stopping(reason);
    memory_.state = state;
    memory_.zero_since.reset();
}

void Supervisor::come_to_rest(SupervisorState state) {
    enter_stopping(memory_.last_stop_reason.value_or(AlarmCode::operator_stop));
    memory_.state = state;
    memory_.zero_since.reset();
    memory_.overspeed_since.reset();
}

void Supervisor::track_zero(TimePoint now) {
    if (memory_.state == SupervisorState::stopping && limiter_.current().is_standstill()) {
        if (!memory_.zero_since) memory_.zero_since = now;
    } else {
        memory_.zero_since.reset();
    }
}

void Supervisor::list_latched(AlarmList& alarms) const {
    for (std::size_t i = 0; i < kAlarmCodeCount; ++i) {
        if (!memory_.latched.test(i)) continue;
        const auto code = static_cast<AlarmCode>(i);
        alarms.raise({code, latched_action(code), true});
    }
}

double Supervisor::target_kmh() const {
    switch (memory_.state) {
    case SupervisorState::starting:
        return settings_.ramp.start_speed_kmh;
    case SupervisorState::running:
        return memory_.requested_kmh;
    case SupervisorState::cool_down:
        return memory_.cool_down_target_kmh;
    default:
        return 0.0;
    }
}

DriveIntent Supervisor::intent() const {
    switch (memory_.state) {
    case SupervisorState::emergency_stop:
        return DriveIntent::emergency_stop;
    case SupervisorState::starting:
    case SupervisorState::running:
    case SupervisorState::cool_down:
        return DriveIntent::run;
    case SupervisorState::stopping:
        // Keep the drive following our ramp down; hand over to its stop at 0.
        return limiter_.current().is_standstill() ? DriveIntent::stop : DriveIntent::run;
    default:
        return DriveIntent::stop;
    }
}

SupervisorStatus Supervisor::status(TimePoint now) const {
    const auto since = [now](const std::optional<TimePoint>& t) {
        return t ? std::max(Duration::zero(), now - *t) : Duration::zero();
    };
    const Duration cool_down_left =
        memory_.cool_down_start
            ? std::max(Duration::zero(), memory_.caps.cool_down - since(memory_.cool_down_start))
            : Duration::zero();
    return SupervisorStatus{memory_.state,
                            to_string(memory_.state),
                            limiter_.current().kmh(),
                            memory_.requested_kmh,
                            memory_.caps.speed_cap_kmh,
                            since(memory_.run_start),
                            memory_.caps.duration_cap,
                            cool_down_left,
                            memory_.latched,
                            memory_.last_stop_reason};
}

} // namespace tg::safety
