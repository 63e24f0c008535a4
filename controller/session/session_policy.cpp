#include "controller/session/session_policy.hpp"

#include <algorithm>

namespace tg::session {

using safety::AlarmCode;

namespace {

double phase_cap(const protocol::Phase& phase) {
    return std::max(phase.speed_cap_kmh, phase.walk_speed_kmh);
}

const protocol::Phase* current(const protocol::DayPlan& plan,
                               std::optional<std::size_t> live_phase) {
    if (!live_phase || *live_phase >= plan.phases.size()) return nullptr;
    return &plan.phases[*live_phase];
}

} // namespace

safety::SessionCaps session_caps(const protocol::DayPlan* plan,
                                 std::optional<std::size_t> live_phase, double machine_max_kmh) {
    safety::SessionCaps c;
    if (plan == nullptr || plan->rest_day) return c;
    double speed = 0;
    int total_s = 0;
    for (const auto& phase : plan->phases) {
        speed = std::max(speed, phase_cap(phase));
        total_s += phase.duration_cap_s;
    }
    c.speed_cap_kmh = std::min(speed, machine_max_kmh);
    if (const auto* phase = current(*plan, live_phase))
        c.speed_cap_kmh = std::min(c.speed_cap_kmh, phase_cap(*phase));
    c.duration_cap = std::chrono::seconds(total_s) + kDurationBackstop;
    c.cool_down = kCoolDown;
    c.cool_down_kmh = kCoolDownKmh;
    return c;
}

double start_speed(const protocol::DayPlan& plan) {
    if (plan.phases.empty()) return 0;
    const auto& first = plan.phases.front();
    return first.kind == protocol::PhaseKind::run ? first.speed_cap_kmh : phase_cap(first);
}

EndVerdict end_verdict(const EndFacts& f) {
    using store::EndReason;
    EndVerdict v;
    const bool normal_stop = !f.last_stop || *f.last_stop == AlarmCode::operator_stop ||
                             *f.last_stop == AlarmCode::duration_cap_reached;
    if (f.state == safety::SupervisorState::emergency_stop) {
        v.reason = EndReason::emergency_stop;
        return v;
    }
    if (f.state == safety::SupervisorState::fault || !normal_stop) {
        const auto code = f.last_stop.value_or(AlarmCode::drive_fault);
        v.alarm_code = std::string(safety::describe(code).id);
        switch (code) {
        case AlarmCode::drive_link_lost:
        case AlarmCode::force_link_lost:
            v.reason = EndReason::link_loss;
            break;
        case AlarmCode::runner_off_belt:
            v.reason = EndReason::runner_off_belt;
            break;
        case AlarmCode::client_lost:
            v.reason = EndReason::client_lost;
            break;
        case AlarmCode::emergency_stop_pressed:
            v.reason = EndReason::emergency_stop;
            break;
        default:
            v.reason = EndReason::fault;
        }
        return v;
    }
    if (f.limit_reason) {
        switch (*f.limit_reason) {
        case protocol::EndReason::limit_coming:
            v.reason = EndReason::limit_coming;
            return v;
        case protocol::EndReason::pain:
            v.reason = EndReason::pain;
            return v;
        case protocol::EndReason::duration_cap:
            v.reason = EndReason::duration_cap;
            return v;
        case protocol::EndReason::stopped:
            break;
        }
    }
    if (f.last_stop == AlarmCode::duration_cap_reached)
        v.reason = EndReason::duration_cap;
    else if (f.operator_stopped)
        v.reason = EndReason::operator_stop;
    return v;
}

} // namespace tg::session
