// Session policy, driven by hand: plans and supervisor states in, caps and end reasons out.
#include "controller/session/session_policy.hpp"

#include <doctest/doctest.h>

using namespace tg;
using namespace tg::session;
using safety::AlarmCode;
using safety::SupervisorState;
using store::EndReason;

namespace {

protocol::DayPlan walk_run_walk() {
    protocol::DayPlan p;
    p.rest_day = false;
    auto phase = [](protocol::PhaseKind kind, double kmh, int seconds) {
        protocol::Phase ph;
        ph.kind = kind;
        ph.speed_cap_kmh = kmh;
        ph.duration_cap_s = seconds;
        return ph;
    };
    p.phases = {phase(protocol::PhaseKind::warm_up_walk, 5.0, 300),
                phase(protocol::PhaseKind::run, 9.0, 600),
                phase(protocol::PhaseKind::cool_down, 4.5, 300)};
    return p;
}

} // namespace

TEST_CASE("caps: a rest day or no plan caps at 0; before a session the plan's top speed") {
    CHECK(session_caps(nullptr, std::nullopt, 18).speed_cap_kmh == 0);
    auto rest = walk_run_walk();
    rest.rest_day = true;
    CHECK(session_caps(&rest, std::nullopt, 18).speed_cap_kmh == 0);
    const auto plan = walk_run_walk();
    const auto c = session_caps(&plan, std::nullopt, 18);
    CHECK(c.speed_cap_kmh == 9.0);
    CHECK(c.duration_cap == std::chrono::seconds(1200) + kDurationBackstop);
    CHECK(c.cool_down == kCoolDown);
    CHECK(c.cool_down_kmh == kCoolDownKmh);
}

TEST_CASE("caps: never above the machine; within a phase the phase's cap") {
    const auto plan = walk_run_walk();
    CHECK(session_caps(&plan, std::nullopt, 7.5).speed_cap_kmh == 7.5);
    CHECK(session_caps(&plan, 0, 18).speed_cap_kmh == 5.0);
    CHECK(session_caps(&plan, 1, 18).speed_cap_kmh == 9.0);
}

TEST_CASE("caps: a lower phase cap applies at once; the first phase's speed is where a start "
          "ramps to") {
    const auto plan = walk_run_walk();
    // The limiter, not the cap, brings the belt down from 9 km/h (test_speed_limiter and
    // test_session_core check the ramp).
    CHECK(session_caps(&plan, 2, 18).speed_cap_kmh == 4.5);
    CHECK(start_speed(plan) == 5.0);
}

TEST_CASE("end reasons: what stopped the belt comes first, with its alarm") {
    struct Case {
        EndFacts facts;
        EndReason reason;
        std::optional<std::string> alarm;
    };
    const std::vector<Case> cases = {
        {{SupervisorState::emergency_stop, AlarmCode::emergency_stop_pressed,
          protocol::EndReason::limit_coming, true},
         EndReason::emergency_stop,
         std::nullopt},
        {{SupervisorState::fault, AlarmCode::drive_link_lost, std::nullopt, false},
         EndReason::link_loss,
         "drive_link_lost"},
        {{SupervisorState::fault, AlarmCode::force_link_lost, std::nullopt, false},
         EndReason::link_loss,
         "force_link_lost"},
        {{SupervisorState::fault, AlarmCode::drive_fault, std::nullopt, false},
         EndReason::fault,
         "drive_fault"},
        {{SupervisorState::idle, AlarmCode::runner_off_belt, std::nullopt, false},
         EndReason::runner_off_belt,
         "runner_off_belt"},
        {{SupervisorState::idle, AlarmCode::client_lost, std::nullopt, false},
         EndReason::client_lost,
         "client_lost"},
        // Nothing stopped the belt: the run phase's end says why.
        {{SupervisorState::ready, AlarmCode::operator_stop, protocol::EndReason::limit_coming,
          false},
         EndReason::limit_coming,
         std::nullopt},
        {{SupervisorState::ready, std::nullopt, protocol::EndReason::pain, false},
         EndReason::pain,
         std::nullopt},
        {{SupervisorState::ready, std::nullopt, protocol::EndReason::duration_cap, false},
         EndReason::duration_cap,
         std::nullopt},
        {{SupervisorState::ready, AlarmCode::duration_cap_reached, std::nullopt, false},
         EndReason::duration_cap,
         std::nullopt},
        {{SupervisorState::ready, AlarmCode::operator_stop, std::nullopt, true},
         EndReason::operator_stop,
         std::nullopt},
        {{SupervisorState::ready, std::nullopt, std::nullopt, false},
         EndReason::completed,
         std::nullopt},
    };
    for (const auto& c : cases) {
        const auto v = end_verdict(c.facts);
        INFO(store::end_reason_name(c.reason));
        CHECK(v.reason == c.reason);
        CHECK(v.alarm_code == c.alarm);
    }
}
