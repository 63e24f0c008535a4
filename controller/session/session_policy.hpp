#pragma once
// Session policy, pure: what today's plan means for the supervisor's caps, the cool-down and
// why a session ended. The daemon's control loop only gathers the facts and applies the
// answers; tests drive these with hand-made plans and states.
#include "controller/protocol/day_plan.hpp"
#include "controller/protocol/runner_history.hpp"
#include "controller/safety/alarm.hpp"
#include "controller/safety/supervisor_inputs.hpp"
#include "controller/safety/supervisor_state.hpp"
#include "controller/store/end_reason.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace tg::session {

// The protocol ends each phase itself; the supervisor's duration cap is the backstop, this
// much after the plan's total time.
inline constexpr std::chrono::seconds kDurationBackstop{60};
// The supervisor's own cool-down, when it ends a session (duration backstop reached).
inline constexpr std::chrono::seconds kCoolDown{60};
inline constexpr double kCoolDownKmh = 3.0;

// The caps for today's plan. Before a session (or after its phases) the cap is the plan's
// highest phase speed; within a phase it is that phase's cap. A lower cap takes effect at
// once: the limiter brings the belt down to it at its deceleration bound. A rest day caps
// at 0.
safety::SessionCaps session_caps(const protocol::DayPlan* plan,
                                 std::optional<std::size_t> live_phase, double machine_max_kmh);

// The first phase's speed, where a start ramps to.
double start_speed(const protocol::DayPlan& plan);

// What is known when the belt has come to rest at the end of a session.
struct EndFacts {
    safety::SupervisorState state = safety::SupervisorState::idle;
    std::optional<safety::AlarmCode> last_stop;      // what the supervisor stopped for
    std::optional<protocol::EndReason> limit_reason; // the run phase's end, if it ended
    bool operator_stopped = false;                   // stop or emergency stop was pressed
};

struct EndVerdict {
    store::EndReason reason = store::EndReason::completed;
    std::optional<std::string> alarm_code; // the alarm that stopped the belt, if one did
};

// Why a session ended: what stopped the belt, if anything did (emergency stop, a fault and
// its alarm, link loss, runner off the belt, the watching client lost); else why the run
// phase ended (limit coming, pain, duration cap); else the operator's stop or completion.
EndVerdict end_verdict(const EndFacts& facts);

} // namespace tg::session
