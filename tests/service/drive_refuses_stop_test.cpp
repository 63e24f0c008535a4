// A drive that stops taking writes (every write answered with an exception), or a link that
// breaks after every reply: a stop or an emergency stop must still bring the belt to rest,
// through the drive's own comm-loss watchdog, within the watchdog time plus the drive's ramp.
// The belt is judged from the simulated drive's own state, not from the controller's view.
#include "drivers/devicemap/drive_map.hpp"
#include "tests/service/session_support.hpp"

#include <string>

using namespace tg;
using namespace tg::testing;
using namespace std::chrono_literals;

namespace {

bool lists_alarm(const json& s, const std::string& code) {
    for (const auto& a : s["alarms"])
        if (a["code"] == code) return true;
    return false;
}

devicemap::DriveMap shipped_delta_map() {
    auto loaded = devicemap::load_drive_map(source_dir() + "/hw/devices/delta-ms300.toml");
    if (auto* e = std::get_if<devicemap::DataFileError>(&loaded)) FAIL(e->message());
    return std::get<devicemap::DriveMap>(loaded);
}

struct RefusalCase {
    const char* name;
    const char* inject;  // sim control command
    const char* command; // API command sent right after
};

void belt_stops_though_the_drive_refuses(const RefusalCase& c) {
    SimProcess sim({"--runner-mass", "70"});
    ControllerProcess ctl(sim);
    start_running(ctl, sim);
    REQUIRE(wait_for_belt(
        sim, [](double kmh) { return kmh > 3.0; }, 20s));
    const json drive = sim_drive(sim);
    const double watchdog_s = drive["watchdog_s"].get<double>();
    REQUIRE(watchdog_s > 0);
    const auto map = shipped_delta_map();
    // The drive's own controlled ramp from the current output, at its deceleration time.
    const double ramp_s = std::abs(drive["output_hz"].get<double>()) /
                          (map.simulation.max_frequency_hz / map.simulation.decel_time_s);
    const auto bound =
        std::chrono::milliseconds(static_cast<long>(2000 * (watchdog_s + ramp_s))) + 3s;

    const auto injected_at = SteadyClock::now();
    REQUIRE(sim.control(c.inject).starts_with("ok"));
    require_ok(ctl.call({{"cmd", c.command}}));
    const auto belt_zero = wait_for_belt(
        sim, [](double v) { return v == 0.0; }, bound + 10s);
    const auto took =
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - injected_at);
    MESSAGE(std::string(c.name) << " + " << std::string(c.command) << ": belt at 0 after "
                                << (belt_zero ? std::to_string(took.count()) + " ms" : "never")
                                << " (bound " << bound.count() << " ms: 2 x (watchdog "
                                << watchdog_s << " s + ramp " << ramp_s << " s) + 3 s)");
    REQUIRE(belt_zero);
    CHECK(took <= bound);
    const auto alarm = wait_for(
        ctl, [](const json& s) { return lists_alarm(s, "drive_not_confirming_stop"); }, 5s);
    CHECK_MESSAGE(alarm, "no drive_not_confirming_stop alarm: " << ctl.status().dump());
    CHECK(ctl.status()["state"] == "EmergencyStop");

    // The drive takes writes again: the belt stays at rest, through the ack as well.
    sim.control("clear");
    std::this_thread::sleep_for(2s);
    CHECK(sim_belt_kmh(sim) == 0.0);
    (void)ctl.call({{"cmd", "fault.ack"}});
    std::this_thread::sleep_for(1500ms);
    CHECK(sim_belt_kmh(sim) == 0.0);
    CHECK(ctl.status()["state"] != "Running");
}

} // namespace

TEST_CASE("the drive answers every write with exception 4: stop still stops the belt") {
    belt_stops_though_the_drive_refuses({"write-exception 4", "write-exception 4", "stop"});
}

TEST_CASE("the drive answers every write with exception 4: emergency stop still stops the belt") {
    belt_stops_though_the_drive_refuses(
        {"write-exception 4", "write-exception 4", "emergency_stop"});
}

TEST_CASE("the link breaks after every reply: stop still stops the belt") {
    belt_stops_though_the_drive_refuses({"drop-after-reply", "drop-after-reply on", "stop"});
}

TEST_CASE("the link breaks after every reply: emergency stop still stops the belt") {
    belt_stops_though_the_drive_refuses(
        {"drop-after-reply", "drop-after-reply on", "emergency_stop"});
}
