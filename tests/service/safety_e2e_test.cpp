// Fault injection end to end: treadguard-sim injects the fault, treadguard-controller must
// stop the belt and latch the fault, and the link coming back must never restart it. Every
// test prints its reaction times.
#include "tests/service/session_support.hpp"

#include <string>
#include <vector>

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

bool latched(const json& s, const std::string& code) {
    for (const auto& a : s["alarms"])
        if (a["code"] == code && a["latched"].get<bool>()) return true;
    return false;
}

// After a fault: the belt stays stopped while links come back, until an explicit start.
void never_restarts(const ControllerProcess& ctl, const SimProcess& sim) {
    sim.control("clear");
    std::this_thread::sleep_for(1500ms);
    CHECK(sim_belt_kmh(sim) == 0.0);
    auto s = ctl.status();
    CHECK((s["state"] == "Fault" || s["state"] == "EmergencyStop"));
    (void)ctl.call({{"cmd", "fault.ack"}});
    std::this_thread::sleep_for(1500ms);
    CHECK(sim_belt_kmh(sim) == 0.0);
    CHECK(ctl.status()["state"] != "Running");
}

struct FaultCase {
    const char* name;
    std::vector<std::string> inject; // sim control commands
    const char* alarm;               // the latched alarm expected
    // Injection -> Fault as designed (the supervisor's unit tests prove the thresholds with
    // hand-driven time; controller-bench measures it). Here it is only reported: on a busy
    // machine the process can be late by far more, so the test asserts the behaviour.
    std::chrono::milliseconds expected;
};

// Injects a fault during a run; the controller must latch it and command a stop, the belt
// must reach 0, and nothing may restart it afterwards.
void fault_stops_the_belt(const FaultCase& c) {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    start_running(ctl, sim);
    for (const auto& command : c.inject)
        sim.control(command);
    const auto fault_at = wait_for(
        ctl, [](const json& s) { return s["state"] == "Fault"; }, 10s);
    REQUIRE(fault_at);
    CHECK(latched(ctl.status(), c.alarm));
    const auto belt_zero = wait_for_belt(
        sim, [](double v) { return v == 0.0; }, 10s);
    REQUIRE(belt_zero);
    MESSAGE(c.name << " -> Fault (stop command) after " << fault_at->count()
                   << " ms (designed: " << c.expected.count() << " ms); belt at 0 after "
                   << belt_zero->count() << " ms");
    never_restarts(ctl, sim);
}

} // namespace

TEST_CASE("drive link lost during a run: controlled stop and latched fault; the drive's watchdog "
          "stops the belt") {
    // 250 ms without fresh status, plus a tick and the polling. The controller cannot reach
    // the drive any more: the belt stops on the drive's own watchdog (500 ms) and ramp.
    fault_stops_the_belt(
        {"link lost", {"refuse on", "silent on"}, "drive_link_lost", 250ms + 150ms});
}

TEST_CASE("replies delayed beyond the timeout count as link loss") {
    // The first late reply still counts until its 100 ms timeout.
    fault_stops_the_belt({"replies 400 ms late", {"delay 400"}, "drive_link_lost", 250ms + 250ms});
}

TEST_CASE("a drive fault code stops the belt and latches") {
    fault_stops_the_belt({"drive fault 7", {"drive-fault 7"}, "drive_fault", 150ms});
}

TEST_CASE("runner off the belt for 2 s while it moves: controlled stop") {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    start_running(ctl, sim);
    sim.control("runner off");
    const auto stop_at = wait_for(
        ctl, [](const json& s) { return s["state"] == "Stopping" || s["state"] == "Stopped"; }, 6s);
    REQUIRE(stop_at);
    const auto belt_zero = wait_for_belt(
        sim, [](double v) { return v == 0.0; }, 15s);
    REQUIRE(belt_zero);
    MESSAGE("runner off -> controlled stop after "
            << stop_at->count() << " ms (rule: 2 s); belt at 0 after " << belt_zero->count()
            << " ms");
    // 2 s from the last foot contact; the model finishes the step under way when it is told
    // to step off (a walking contact lasts up to ~0.7 s), plus a tick and the polling. The
    // exact 2 s is the supervisor's rule, tested with time driven by hand (tests/safety);
    // here a loaded machine may be late, so only "not before 2 s" is held to the clock.
    CHECK(*stop_at >= 1900ms);
    sim.control("runner on");
    std::this_thread::sleep_for(1s);
    CHECK(sim_belt_kmh(sim) == 0.0); // the runner coming back does not restart it
}

TEST_CASE("the controller killed with SIGKILL mid-run: the drive's own watchdog stops the belt") {
    SimProcess sim({"--runner-mass", "70"});
    auto ctl = std::make_unique<ControllerProcess>(sim);
    start_running(*ctl, sim);
    CHECK(sim_drive(sim)["watchdog_s"].get<double>() == doctest::Approx(0.5));
    ctl->kill_hard();
    const auto belt_zero = wait_for_belt(
        sim, [](double v) { return v == 0.0; }, 10s);
    REQUIRE(belt_zero);
    MESSAGE("controller SIGKILLed -> belt at 0 after "
            << belt_zero->count() << " ms (watchdog 500 ms, then the drive's ramp)");
    CHECK(sim_drive(sim)["fault_code"].get<int>() == 58);
    // A new controller comes up: it never restarts the belt on its own.
    ControllerProcess again(sim);
    std::this_thread::sleep_for(1500ms);
    CHECK(sim_belt_kmh(sim) == 0.0);
    CHECK(again.status()["state"] != "Running");
}
