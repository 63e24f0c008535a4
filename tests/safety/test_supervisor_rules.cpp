// One test per safety rule of DESIGN.md ("Safety defaults"), driven by hand-advanced time.
#include "tests/safety/safety_bench.hpp"

#include <chrono>
#include <cmath>
#include <doctest/doctest.h>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;
using namespace tg::safety;
using tg::safety::test::Bench;

namespace {

// Ticks for `span` and reports the highest setpoint seen.
double peak_over(Bench& bench, Duration span) {
    double peak = bench.speed();
    for (Duration t{}; t < span; t += 10ms)
        peak = std::max(peak, bench.tick().speed.kmh());
    return peak;
}

bool has_alarm(const SupervisorOutputs& out, AlarmCode code) {
    return out.alarms.contains(code);
}

// Ticks until the belt has come to rest (or gives up after a minute).
void settle(Bench& bench) {
    for (int i = 0; i < 6000 && (bench.speed() > 0.0 || bench.state() == SupervisorState::stopping);
         ++i)
        bench.tick();
}

} // namespace

TEST_CASE("rule: no automatic start on power-up") {
    Bench bench;
    CHECK(bench.state() == SupervisorState::idle);
    CHECK(peak_over(bench, 60s) == 0.0);
    CHECK(bench.last->intent == DriveIntent::stop);
    CHECK(bench.state() == SupervisorState::idle);
}

TEST_CASE("rule: no automatic start on profile load") {
    Bench bench;
    CHECK(bench.send(CommandKind::select_runner).command->accepted);
    CHECK(bench.state() == SupervisorState::ready);
    bench.caps.speed_cap_kmh = 12.0; // a new profile's caps
    const auto out = bench.send(CommandKind::request_speed, 6.0);
    CHECK_FALSE(out.command->accepted);
    CHECK(out.command->note == AlarmCode::not_running);
    CHECK(peak_over(bench, 60s) == 0.0);
    CHECK(bench.state() == SupervisorState::ready);
}

TEST_CASE("rule: no automatic start after a fault reset") {
    struct Row {
        std::string name;
        std::function<void(Bench&)> break_it, repair_it;
    };
    const Row rows[] = {
        {"drive fault", [](Bench& b) { b.drive_fault = 7; }, [](Bench& b) { b.drive_fault = 0; }},
        {"drive link", [](Bench& b) { b.drive_online = false; },
         [](Bench& b) { b.drive_online = true; }},
        {"force link", [](Bench& b) { b.force_online = false; },
         [](Bench& b) { b.force_online = true; }},
        {"emergency stop", [](Bench& b) { b.send(CommandKind::emergency_stop); }, [](Bench&) {}},
    };
    for (const Row& row : rows) {
        CAPTURE(row.name);
        Bench bench;
        bench.start_running(6.0);
        REQUIRE(bench.speed() == doctest::Approx(6.0));
        row.break_it(bench);
        bench.run_for(20s);
        CHECK(is_latched_state(bench.state()));
        row.repair_it(bench);
        bench.run_for(1s);
        const auto ack = bench.send(CommandKind::acknowledge_fault);
        CHECK(ack.command->accepted);
        CHECK(bench.state() == SupervisorState::stopped);
        CHECK(peak_over(bench, 60s) == 0.0);
        CHECK(bench.state() == SupervisorState::stopped);
    }
}

TEST_CASE("rule: no automatic start on link recovery") {
    Bench bench;
    bench.send(CommandKind::select_runner);
    bench.drive_online = false;
    bench.run_for(2s);
    CHECK(bench.send(CommandKind::start).command->note == AlarmCode::drive_link_lost);
    bench.drive_online = true;
    CHECK(peak_over(bench, 30s) == 0.0);
    CHECK(bench.state() == SupervisorState::ready);
    // The same for a loss during a run: recovery leaves the belt latched at rest.
    bench.start_running(5.0);
    bench.drive_online = false;
    bench.run_for(10s);
    bench.drive_online = true;
    CHECK(peak_over(bench, 30s) == 0.0);
    CHECK(bench.state() == SupervisorState::fault);
}

TEST_CASE("rule: start needs an explicit command, and only from Ready or Stopped") {
    Bench bench;
    CHECK(bench.send(CommandKind::start).command->note == AlarmCode::no_runner_selected);
    bench.send(CommandKind::select_runner);
    const auto out = bench.send(CommandKind::start, 4.0);
    CHECK(out.command->accepted);
    CHECK(out.state == SupervisorState::starting);
    CHECK(out.intent == DriveIntent::run);
    CHECK(bench.send(CommandKind::start).command->note == AlarmCode::already_running);
}

TEST_CASE("rule: a start is refused unless everything is healthy") {
    struct Row {
        std::string name;
        std::function<void(Bench&)> spoil;
        AlarmCode expected;
    };
    const Row rows[] = {
        {"drive link", [](Bench& b) { b.drive_online = false; }, AlarmCode::drive_link_lost},
        {"drive fault", [](Bench& b) { b.drive_fault = 3; }, AlarmCode::fault_latched},
        {"force link", [](Bench& b) { b.force_online = false; }, AlarmCode::force_link_lost},
        {"no cap", [](Bench& b) { b.caps.speed_cap_kmh = 0.0; }, AlarmCode::caps_invalid},
        {"NaN cap", [](Bench& b) { b.caps.speed_cap_kmh = std::nan(""); }, AlarmCode::caps_invalid},
        {"no duration", [](Bench& b) { b.caps.duration_cap = 0s; }, AlarmCode::caps_invalid},
        {"no body weight", [](Bench& b) { b.body_weight_n = 0.0; }, AlarmCode::no_body_weight},
        {"no client", [](Bench& b) { b.client_online = false; }, AlarmCode::client_lost},
        {"belt moving", [](Bench& b) { b.runaway_kmh = 1.0; }, AlarmCode::belt_moving},
    };
    for (const Row& row : rows) {
        CAPTURE(row.name);
        Bench bench;
        bench.send(CommandKind::select_runner);
        row.spoil(bench);
        bench.run_for(1500ms);
        const auto out = bench.send(CommandKind::start, 5.0);
        CHECK_FALSE(out.command->accepted);
        CHECK(out.command->note == row.expected);
        CHECK(peak_over(bench, 5s) == 0.0);
    }
    // Without a required interactive client, a missing heartbeat does not block.
    Bench bench;
    bench.interactive_required = false;
    bench.client_online = false;
    bench.send(CommandKind::select_runner);
    bench.run_for(3s);
    CHECK(bench.send(CommandKind::start).command->accepted);
}

TEST_CASE("rule: the belt starts at no more than 1.0 km/h") {
    for (double request : {0.5, 1.0, 3.0, 8.0, 20.0}) {
        CAPTURE(request);
        Bench bench;
        bench.send(CommandKind::select_runner);
        double first = bench.send(CommandKind::start, request).speed.kmh();
        for (int i = 0; i < 100 && first == 0.0; ++i)
            first = bench.tick().speed.kmh();
        CHECK(first > 0.0);
        CHECK(first <= 1.0);
    }
}

TEST_CASE("rule: acceleration and deceleration are limited") {
    struct Row {
        double accel, decel;
    };
    for (const Row row : {Row{0.5, 1.0}, Row{0.3, 0.6}, Row{1.0, 2.0}}) {
        CAPTURE(row.accel);
        SupervisorSettings settings;
        settings.ramp.accel_kmh_per_s = row.accel;
        settings.ramp.decel_kmh_per_s = row.decel;
        Bench bench{settings};
        bench.send(CommandKind::select_runner);
        bench.send(CommandKind::start, 8.0);
        bench.run_for(200ms); // now Running, above the start speed
        REQUIRE(bench.state() == SupervisorState::running);
        double prev = bench.speed();
        double max_up = 0.0, max_down = 0.0;
        for (int i = 0; i < 3000; ++i) {
            std::optional<OperatorCommand> command;
            if (i == 2000) command = OperatorCommand{CommandKind::request_speed, 2.0};
            const double now = bench.tick(command).speed.kmh();
            max_up = std::max(max_up, (now - prev) / 0.01);
            max_down = std::max(max_down, (prev - now) / 0.01);
            prev = now;
        }
        CHECK(max_up == doctest::Approx(row.accel));
        CHECK(max_down == doctest::Approx(row.decel));
        CHECK(bench.speed() == doctest::Approx(2.0));
    }
}

TEST_CASE("rule: speed never above min(session cap, machine max)") {
    struct Row {
        double cap, machine_max, request, expected_top;
    };
    const Row rows[] = {{8.0, 16.0, 12.0, 8.0}, {20.0, 14.0, 18.0, 14.0}, {8.0, 16.0, 6.0, 6.0}};
    for (const Row& row : rows) {
        CAPTURE(row.cap);
        SupervisorSettings settings;
        settings.ramp.machine_max_kmh = row.machine_max;
        Bench bench{settings};
        bench.caps.speed_cap_kmh = row.cap;
        bench.send(CommandKind::select_runner);
        bench.send(CommandKind::start, row.request);
        const double peak = peak_over(bench, 60s);
        CHECK(peak == doctest::Approx(row.expected_top));
        CHECK(peak <= std::min(row.cap, row.machine_max));
    }
    // A request above the cap is accepted with a note, and the cap applies.
    Bench bench;
    bench.start_running(5.0);
    const auto out = bench.send(CommandKind::request_speed, 50.0);
    CHECK(out.command->accepted);
    CHECK(out.command->note == AlarmCode::request_above_cap);
    CHECK(peak_over(bench, 60s) == doctest::Approx(8.0));
    // Lowering the cap mid-run (a phase change, a clinician's override) brings the setpoint
    // down at the deceleration bound, never by a jump that would ask the drive for its
    // steepest ramp under a runner, and holds it at the new cap from then on.
    bench.caps.speed_cap_kmh = 6.0;
    const double decel_per_tick = SupervisorSettings{}.ramp.decel_kmh_per_s * 0.01;
    double previous = bench.speed();
    for (int i = 0; i < 1000; ++i) {
        const double now = bench.tick().speed.kmh();
        CHECK(previous - now <= decel_per_tick + 1e-9);
        CHECK(now >= 6.0 - 1e-9);
        previous = now;
    }
    CHECK(previous == doctest::Approx(6.0));
    CHECK(peak_over(bench, 30s) == doctest::Approx(6.0));
}

TEST_CASE("rule: the duration cap ends the run with a cool-down, then stops") {
    Bench bench;
    bench.caps = SessionCaps{8.0, 60s, 20s, 3.0};
    bench.send(CommandKind::select_runner);
    bench.send(CommandKind::start, 6.0);
    bench.run_for(30s);
    auto status = bench.supervisor.status(bench.now);
    CHECK(status.state_name == "Running");
    CHECK(status.run_elapsed >= 30s);
    CHECK(status.duration_cap == 60s);
    bench.run_for(29s);
    CHECK(bench.state() == SupervisorState::running);
    bench.run_for(1s + 20ms);
    CHECK(bench.state() == SupervisorState::cool_down);
    CHECK(bench.send(CommandKind::request_speed, 7.0).command->note ==
          AlarmCode::cool_down_in_progress);
    bench.run_for(5s);
    CHECK(bench.speed() == doctest::Approx(3.0));
    status = bench.supervisor.status(bench.now);
    CHECK(status.cool_down_remaining > 14s);
    CHECK(status.cool_down_remaining < 15s);
    bench.run_for(15s);
    CHECK(bench.state() == SupervisorState::stopping);
    CHECK(bench.supervisor.status(bench.now).last_stop_reason == AlarmCode::duration_cap_reached);
    bench.run_for(5s);
    CHECK(bench.state() == SupervisorState::stopped);
    CHECK(bench.speed() == 0.0);
    CHECK(peak_over(bench, 30s) == 0.0);
}

TEST_CASE("rule: a cool-down never speeds the belt up, and zero cool-down stops at once") {
    Bench bench;
    bench.caps = SessionCaps{8.0, 10s, 10s, 5.0};
    bench.send(CommandKind::select_runner);
    bench.send(CommandKind::start, 2.0);
    double peak = peak_over(bench, 15s);
    CHECK(peak == doctest::Approx(2.0));
    CHECK(bench.state() == SupervisorState::cool_down);

    Bench direct;
    direct.caps = SessionCaps{8.0, 10s, 0s, 3.0};
    direct.send(CommandKind::select_runner);
    direct.send(CommandKind::start, 4.0);
    direct.run_for(10s + 20ms);
    CHECK(direct.state() == SupervisorState::stopping);
}

TEST_CASE("rule: link loss (drive 250 ms, force 500 ms) stops the belt and latches a fault") {
    struct Row {
        std::string name;
        bool Bench::*online;
        Duration timeout;
        AlarmCode code;
    };
    const Row rows[] = {{"drive status", &Bench::drive_online, 250ms, AlarmCode::drive_link_lost},
                        {"force samples", &Bench::force_online, 500ms, AlarmCode::force_link_lost}};
    for (const Row& row : rows) {
        CAPTURE(row.name);
        Bench bench;
        bench.start_running(6.0);
        bench.*row.online = false;
        bench.run_for(row.timeout - 10ms);
        CHECK(bench.state() == SupervisorState::running);
        const auto out = bench.run_for(20ms);
        CHECK(out.state == SupervisorState::fault);
        CHECK(out.intent == DriveIntent::stop);
        CHECK(has_alarm(out, row.code));
        CHECK(bench.latched(row.code));
        // Controlled stop: the setpoint ramps down at the normal deceleration.
        const double before = bench.speed();
        bench.run_for(1s);
        CHECK(bench.speed() == doctest::Approx(before - 1.0));
        // At rest, a lost link is only an advisory (it blocks the start).
        Bench rest;
        rest.send(CommandKind::select_runner);
        rest.*row.online = false;
        const auto advisory = rest.run_for(5s);
        CHECK(advisory.state == SupervisorState::ready);
        CHECK(advisory.action == Action::advisory);
        CHECK(has_alarm(advisory, row.code));
    }
}

TEST_CASE("rule: runner off the belt for 2 s while it moves stops the belt") {
    Bench bench;
    bench.start_running(6.0);
    bench.runner_on_belt = false;
    bench.run_for(1900ms);
    CHECK(bench.state() == SupervisorState::running);
    // A step back on resets the timer.
    bench.runner_on_belt = true;
    bench.tick();
    bench.runner_on_belt = false;
    bench.run_for(1900ms);
    CHECK(bench.state() == SupervisorState::running);
    bench.run_for(200ms);
    CHECK(bench.state() == SupervisorState::stopping);
    CHECK(bench.supervisor.latched().none()); // a controlled stop, not a fault
    CHECK(bench.supervisor.status(bench.now).last_stop_reason == AlarmCode::runner_off_belt);
    settle(bench);
    CHECK(bench.state() == SupervisorState::stopped);
    bench.runner_on_belt = true;
    CHECK(peak_over(bench, 10s) == 0.0);
    // Below 20 % BW counts as off; at 25 % BW counts as on.
    for (double fraction : {0.25, 0.15}) {
        CAPTURE(fraction);
        Bench b;
        b.start_running(6.0);
        for (int i = 0; i < 300; ++i) {
            b.now += 10ms;
            SupervisorInputs inputs{std::nullopt, b.caps, DriveStatus{b.now, 0, b.speed()},
                                    ForcePlateStatus{b.now, fraction * 700.0, 700.0},
                                    ClientStatus{b.now, true}};
            b.supervisor.update(b.now, inputs);
        }
        CHECK((b.state() == SupervisorState::running) == (fraction > 0.2));
    }
}

TEST_CASE("rule: losing the interactive client during a run stops the belt (configurable)") {
    struct Row {
        bool required, stop_on_loss;
        SupervisorState expected;
    };
    const Row rows[] = {{true, true, SupervisorState::stopping},
                        {true, false, SupervisorState::running},
                        {false, true, SupervisorState::running}};
    for (const Row& row : rows) {
        CAPTURE(row.required);
        CAPTURE(row.stop_on_loss);
        SupervisorSettings settings;
        settings.stop_on_client_loss = row.stop_on_loss;
        Bench bench{settings};
        bench.interactive_required = row.required;
        bench.start_running(6.0);
        bench.client_online = false;
        bench.run_for(990ms);
        CHECK(bench.state() == SupervisorState::running);
        const auto out = bench.run_for(30ms);
        CHECK(out.state == row.expected);
        CHECK(has_alarm(out, AlarmCode::client_lost) == row.required);
        CHECK(bench.supervisor.latched().none());
        // The client coming back never restarts a stopped belt.
        bench.client_online = true;
        settle(bench);
        if (row.expected == SupervisorState::stopping) CHECK(peak_over(bench, 10s) == 0.0);
    }
}

TEST_CASE("rule: a drive fault code stops the belt and latches, even at rest") {
    Bench bench;
    bench.start_running(6.0);
    bench.drive_fault = 0x21;
    auto out = bench.tick();
    CHECK(out.state == SupervisorState::fault);
    CHECK(out.intent == DriveIntent::stop);
    CHECK(has_alarm(out, AlarmCode::drive_fault));
    Bench rest;
    rest.drive_fault = 2;
    out = rest.tick();
    CHECK(out.state == SupervisorState::fault);
    CHECK(rest.latched(AlarmCode::drive_fault));
}

TEST_CASE("rule: faults latch until acknowledged, and only once their cause is gone") {
    Bench bench;
    bench.start_running(6.0);
    bench.drive_fault = 5;
    bench.run_for(200ms);
    CHECK(bench.send(CommandKind::acknowledge_fault).command->note == AlarmCode::belt_moving);
    settle(bench);
    CHECK(bench.send(CommandKind::acknowledge_fault).command->note == AlarmCode::drive_fault);
    bench.drive_fault = 0;
    bench.run_for(60s);
    CHECK(bench.state() == SupervisorState::fault); // never clears on its own
    CHECK(bench.latched(AlarmCode::drive_fault));
    CHECK(bench.send(CommandKind::start).command->note == AlarmCode::fault_latched);
    CHECK(bench.send(CommandKind::request_speed, 3.0).command->note == AlarmCode::fault_latched);
    CHECK(bench.send(CommandKind::select_runner).command->note == AlarmCode::fault_latched);
    CHECK(bench.send(CommandKind::acknowledge_fault).command->accepted);
    CHECK(bench.supervisor.latched().none());
    CHECK(bench.state() == SupervisorState::stopped);
    CHECK(bench.send(CommandKind::acknowledge_fault).command->note ==
          AlarmCode::nothing_to_acknowledge);
    // And the belt can be started again, explicitly.
    CHECK(bench.send(CommandKind::start, 3.0).command->accepted);
    CHECK(peak_over(bench, 20s) == doctest::Approx(3.0));
}

TEST_CASE("rule: a latched link fault cannot be acknowledged while the link is down") {
    Bench bench;
    bench.start_running(4.0);
    bench.force_online = false;
    bench.run_for(10s);
    CHECK(bench.send(CommandKind::acknowledge_fault).command->note == AlarmCode::force_link_lost);
    bench.force_online = true;
    bench.drive_online = false;
    bench.run_for(1s);
    CHECK(bench.send(CommandKind::acknowledge_fault).command->note == AlarmCode::drive_link_lost);
    bench.drive_online = true;
    bench.tick();
    CHECK(bench.send(CommandKind::acknowledge_fault).command->accepted);
}

TEST_CASE("rule: emergency stop uses the emergency ramp and latches") {
    for (double emergency : {3.0, 8.0}) {
        CAPTURE(emergency);
        SupervisorSettings settings;
        settings.ramp.emergency_decel_kmh_per_s = emergency;
        Bench bench{settings};
        bench.start_running(8.0);
        const auto out = bench.send(CommandKind::emergency_stop);
        CHECK(out.state == SupervisorState::emergency_stop);
        CHECK(out.intent == DriveIntent::emergency_stop);
        CHECK(out.action == Action::emergency_stop);
        CHECK(out.speed.kmh() == doctest::Approx(8.0 - emergency * 0.01));
        bench.run_for(500ms);
        CHECK(bench.speed() == doctest::Approx(std::max(0.0, 8.0 - emergency * 0.51)));
        bench.run_for(10s);
        CHECK(bench.state() == SupervisorState::emergency_stop);
        CHECK(bench.send(CommandKind::acknowledge_fault).command->accepted);
        CHECK(bench.state() == SupervisorState::stopped);
        CHECK(peak_over(bench, 10s) == 0.0);
    }
}

TEST_CASE("rule: a drive not confirming a stop is an emergency that latches until it does") {
    Bench bench;
    bench.start_running(6.0);
    bench.send(CommandKind::stop);
    bench.drive.stop_unconfirmed = true; // the drive thread: stop refused, gone silent
    auto out = bench.tick();
    CHECK(out.state == SupervisorState::emergency_stop);
    CHECK(out.intent == DriveIntent::emergency_stop);
    CHECK(out.action == Action::emergency_stop);
    CHECK(has_alarm(out, AlarmCode::drive_not_confirming_stop));
    CHECK(bench.latched(AlarmCode::drive_not_confirming_stop));
    settle(bench);
    // Not while the drive still does not confirm it, even with the belt at rest.
    CHECK(bench.send(CommandKind::acknowledge_fault).command->note ==
          AlarmCode::drive_not_confirming_stop);
    bench.drive.stop_unconfirmed = false;
    out = bench.run_for(5s);
    CHECK(out.state == SupervisorState::emergency_stop); // never clears on its own
    CHECK(has_alarm(out, AlarmCode::drive_not_confirming_stop));
    CHECK(bench.send(CommandKind::acknowledge_fault).command->accepted);
    CHECK(peak_over(bench, 10s) == 0.0);
    // Raised at rest too: a drive that refuses stop is not fit to start.
    Bench rest;
    rest.drive.stop_unconfirmed = true;
    CHECK(rest.tick().state == SupervisorState::emergency_stop);
    CHECK(describe(AlarmCode::drive_not_confirming_stop).id == "drive_not_confirming_stop");
}

TEST_CASE("rule: the more severe action always wins") {
    struct Row {
        std::string name;
        std::function<void(Bench&)> cause;
        SupervisorState expected;
        Action action;
    };
    const Row rows[] = {
        {"stop alone", [](Bench& b) { b.send(CommandKind::stop); }, SupervisorState::stopping,
         Action::controlled_stop},
        {"stop + drive fault",
         [](Bench& b) {
             b.drive_fault = 1;
             b.send(CommandKind::stop);
         },
         SupervisorState::fault, Action::controlled_stop},
        {"drive fault + e-stop",
         [](Bench& b) {
             b.drive_fault = 1;
             b.send(CommandKind::emergency_stop);
         },
         SupervisorState::emergency_stop, Action::emergency_stop},
        {"fault then e-stop",
         [](Bench& b) {
             b.drive_fault = 1;
             b.tick();
             b.send(CommandKind::emergency_stop);
         },
         SupervisorState::emergency_stop, Action::emergency_stop},
        {"e-stop then fault",
         [](Bench& b) {
             b.send(CommandKind::emergency_stop);
             b.drive_fault = 1;
             b.tick();
         },
         SupervisorState::emergency_stop, Action::emergency_stop},
        {"client lost + drive fault",
         [](Bench& b) {
             b.client_online = false;
             b.drive_fault = 1;
             b.run_for(1500ms);
         },
         SupervisorState::fault, Action::controlled_stop},
        {"stopping then link lost",
         [](Bench& b) {
             b.send(CommandKind::stop);
             b.drive_online = false;
             b.run_for(300ms);
         },
         SupervisorState::fault, Action::controlled_stop},
    };
    for (const Row& row : rows) {
        CAPTURE(row.name);
        Bench bench;
        bench.start_running(6.0);
        row.cause(bench);
        CHECK(bench.state() == row.expected);
        CHECK(bench.last->action == row.action);
    }
    CHECK(most_severe(Action::advisory, Action::emergency_stop) == Action::emergency_stop);
    CHECK(Action::none < Action::advisory);
    CHECK(Action::advisory < Action::controlled_stop);
    CHECK(Action::controlled_stop < Action::emergency_stop);
}

TEST_CASE("rule: a belt faster than commanded triggers an emergency stop") {
    Bench bench;
    bench.start_running(5.0);
    bench.runaway_kmh = 2.0;
    bench.run_for(990ms);
    CHECK(bench.state() == SupervisorState::running);
    bench.run_for(30ms);
    CHECK(bench.state() == SupervisorState::emergency_stop);
    CHECK(bench.latched(AlarmCode::drive_overspeed));
    // Within the tolerance, no alarm.
    Bench fine;
    fine.start_running(5.0);
    fine.runaway_kmh = 1.0;
    fine.run_for(10s);
    CHECK(fine.state() == SupervisorState::running);
}

TEST_CASE("rule: a belt that does not start, or does not stop, is a fault") {
    // The drive ignores the start: actual stays 0.
    Bench stuck;
    stuck.runaway_kmh = 0.0;
    stuck.send(CommandKind::select_runner);
    stuck.send(CommandKind::start);
    for (int i = 0; i < 600; ++i) {
        stuck.now += 10ms;
        SupervisorInputs in{std::nullopt, stuck.caps, DriveStatus{stuck.now, 0, 0.0},
                            ForcePlateStatus{stuck.now, 1400.0, 700.0},
                            ClientStatus{stuck.now, true}};
        stuck.last = stuck.supervisor.update(stuck.now, in);
    }
    CHECK(stuck.state() == SupervisorState::fault);
    CHECK(stuck.latched(AlarmCode::drive_start_timeout));
    // The drive keeps the belt turning at 1 km/h (within the overspeed tolerance).
    Bench coasting;
    coasting.start_running(4.0);
    coasting.send(CommandKind::stop);
    coasting.run_for(4s);
    REQUIRE(coasting.speed() == 0.0);
    coasting.runaway_kmh = 1.0;
    coasting.run_for(9s);
    CHECK(coasting.state() == SupervisorState::stopping);
    coasting.run_for(2s);
    CHECK(coasting.state() == SupervisorState::emergency_stop);
    CHECK(coasting.latched(AlarmCode::drive_stop_timeout));
}

TEST_CASE("operator stop ramps down at the deceleration bound to rest") {
    Bench bench;
    bench.start_running(6.0);
    auto out = bench.send(CommandKind::stop);
    CHECK(out.state == SupervisorState::stopping);
    CHECK(out.intent == DriveIntent::run); // the drive follows our ramp down
    CHECK(out.speed.kmh() == doctest::Approx(6.0 - 0.01));
    bench.run_for(3s);
    CHECK(bench.speed() == doctest::Approx(3.0 - 0.01));
    bench.run_for(3s);
    CHECK(bench.speed() == 0.0);
    CHECK(bench.last->intent == DriveIntent::stop);
    bench.run_for(100ms);
    CHECK(bench.state() == SupervisorState::stopped);
    CHECK(bench.supervisor.status(bench.now).last_stop_reason == AlarmCode::operator_stop);
    // A stop is never refused.
    CHECK(bench.send(CommandKind::stop).command->accepted);
}

TEST_CASE("speed requests are validated") {
    struct Row {
        double kmh;
        bool accepted;
        std::optional<AlarmCode> note;
    };
    const Row rows[] = {
        {5.0, true, std::nullopt},
        {0.0, true, std::nullopt},
        {9.0, true, AlarmCode::request_above_cap},
        {-1.0, false, AlarmCode::request_invalid},
        {std::numeric_limits<double>::quiet_NaN(), false, AlarmCode::request_invalid},
        {std::numeric_limits<double>::infinity(), false, AlarmCode::request_invalid},
    };
    for (const Row& row : rows) {
        CAPTURE(row.kmh);
        Bench bench;
        bench.start_running(4.0);
        const auto out = bench.send(CommandKind::request_speed, row.kmh);
        CHECK(out.command->accepted == row.accepted);
        CHECK(out.command->note == row.note);
        CHECK(bench.speed() <= 8.0);
    }
}

TEST_CASE("status reports what a display needs") {
    Bench bench;
    bench.start_running(5.0);
    const auto status = bench.supervisor.status(bench.now);
    CHECK(status.state == SupervisorState::running);
    CHECK(status.state_name == "Running");
    CHECK(status.commanded_kmh == doctest::Approx(5.0));
    CHECK(status.requested_kmh == doctest::Approx(5.0));
    CHECK(status.speed_cap_kmh == doctest::Approx(8.0));
    CHECK(status.run_elapsed == std::chrono::seconds(30));
    CHECK(status.duration_cap == std::chrono::minutes(20));
    CHECK(status.cool_down_remaining == Duration::zero());
    CHECK(status.latched.none());
    for (std::size_t i = 0; i < kAlarmCodeCount; ++i) {
        const AlarmText& text = describe(static_cast<AlarmCode>(i));
        CHECK_FALSE(text.id.empty());
        CHECK_FALSE(text.reason.empty());
        CHECK_FALSE(text.remedy.empty());
    }
    CHECK(describe(AlarmCode::drive_link_lost).id == "drive_link_lost");
    CHECK(to_string(SupervisorState::emergency_stop) == "EmergencyStop");
    CHECK(to_string(DriveIntent::emergency_stop) == "emergency_stop");
    CHECK(to_string(Action::controlled_stop) == "controlled_stop");
}

TEST_CASE("supervisor settings outside safe bounds are refused with a reason") {
    struct Row {
        std::string name;
        std::function<void(SupervisorSettings&)> mutate;
    };
    const Row rows[] = {
        {"drive_status_timeout", [](auto& s) { s.drive_status_timeout = 2s; }},
        {"force_sample_timeout", [](auto& s) { s.force_sample_timeout = 10ms; }},
        {"off_belt_fraction_bw", [](auto& s) { s.off_belt_fraction_bw = 0.9; }},
        {"off_belt_time", [](auto& s) { s.off_belt_time = 30s; }},
        {"heartbeat_timeout", [](auto& s) { s.heartbeat_timeout = 1min; }},
        {"standstill_kmh", [](auto& s) { s.standstill_kmh = -1.0; }},
        {"start_timeout", [](auto& s) { s.start_timeout = 0s; }},
        {"stop_timeout", [](auto& s) { s.stop_timeout = 5min; }},
        {"overspeed_tolerance_kmh", [](auto& s) { s.overspeed_tolerance_kmh = 10.0; }},
        {"overspeed_time", [](auto& s) { s.overspeed_time = 10s; }},
        {"start_speed_kmh", [](auto& s) { s.ramp.start_speed_kmh = 2.0; }},
        {"standstill_kmh must be below",
         [](auto& s) {
             s.ramp.start_speed_kmh = 0.4;
             s.standstill_kmh = 0.45;
         }},
    };
    CHECK(SupervisorSettings{}.validate().empty());
    for (const Row& row : rows) {
        CAPTURE(row.name);
        SupervisorSettings settings;
        row.mutate(settings);
        const auto problems = settings.validate();
        REQUIRE(problems.size() == 1);
        CAPTURE(problems.front());
        CHECK(problems.front().find(row.name) != std::string::npos);
        CHECK_THROWS_WITH_AS(Supervisor{settings}, doctest::Contains(row.name.c_str()),
                             std::invalid_argument);
    }
}

TEST_CASE("the supervisor tolerates a clock that repeats or steps back") {
    Bench bench;
    bench.start_running(6.0);
    const double before = bench.speed();
    bench.tick(std::nullopt, 0ms);
    CHECK(bench.speed() == doctest::Approx(before));
    bench.tick(std::nullopt, -5s);
    CHECK(bench.speed() <= before);
    CHECK(bench.speed() <= 8.0);
}
