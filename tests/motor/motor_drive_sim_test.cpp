// MotorDrive against treadguard-sim, with both shipped drive maps: Delta MS300 over TCP and
// Yaskawa V1000 (no function 06, node 31) over RTU on a pty.
#include "controller/safety/speed_limiter.hpp"
#include "drivers/motor/motor_drive.hpp"
#include "tests/motor/sim_drive_link.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;

namespace {

struct Rig {
    std::string map_name;
    bool rtu;
    std::unique_ptr<testing::SimProcess> sim;
    std::unique_ptr<motor::MotorDrive> drive;

    Rig(const std::string& name, bool over_rtu) : map_name(name), rtu(over_rtu) {
        const auto src = testing::source_dir();
        const std::string map_file = src + "/hw/devices/" + name + ".toml";
        sim = std::make_unique<testing::SimProcess>(std::vector<std::string>{"--drive", map_file},
                                                    rtu);
        auto map = testing::load_or_fail(devicemap::load_drive_map(map_file));
        drive = testing::sim_drive_link(map, *sim, rtu);
    }

    nlohmann::json drive_json() {
        auto status = nlohmann::json::parse(sim->control("status"));
        return status["units"][std::to_string(drive->map().default_unit)];
    }

    motor::DriveStatus status() {
        auto s = drive->read_status();
        if (!s.ok()) FAIL(s.error().text);
        return s.value();
    }
};

// Ramps the limiter to `kmh` at 100 Hz for `seconds`, writing each setpoint to the drive.
void drive_at(Rig& rig, safety::SpeedLimiter& limiter, double kmh, double seconds) {
    for (int i = 0; i < static_cast<int>(seconds * 100); ++i) {
        auto speed = limiter.step(10ms, kmh, 8.0, safety::RampMode::normal);
        auto w = rig.drive->set_speed(speed);
        if (!w.ok()) FAIL(w.error().text);
        std::this_thread::sleep_for(10ms);
    }
}

} // namespace

TEST_CASE(
    "both drive maps: connect arms the watchdog, speed follows the limiter, stop ramps down") {
    for (auto [name, rtu] : {std::pair{std::string("delta-ms300"), false},
                             std::pair{std::string("yaskawa-v1000"), true}}) {
        CAPTURE(name);
        Rig rig(name, rtu);
        auto c = rig.drive->connect({0.5});
        REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().text));
        auto json = rig.drive_json();
        CHECK(json["watchdog_s"].get<double>() == doctest::Approx(0.5));
        CHECK(json["run"] == "stop");
        CHECK(rig.status().belt_kmh == 0.0);

        safety::SpeedLimiter limiter(safety::LimiterSettings{});
        REQUIRE(rig.drive->run_forward().ok());
        drive_at(rig, limiter, 20.0, 2.0); // asks for 20, the cap is 8, the ramp 0.5 km/h/s
        auto s = rig.status();
        CHECK(s.running);
        CHECK(s.belt_kmh > 0.5);
        CHECK(s.belt_kmh <= limiter.current().kmh() + 0.05);
        CHECK(rig.drive_json()["setpoint_hz"].get<double>() <= 3.0 * 8.0);
        REQUIRE(rig.drive->stop().ok());
        std::this_thread::sleep_for(1500ms);
        CHECK(rig.status().belt_kmh == 0.0);
        CHECK(rig.drive->link_stats().errors() == 0);
    }
}

TEST_CASE("the drive's own watchdog stops the belt when the controller goes silent; a reset does "
          "not restart it") {
    for (auto [name, rtu] : {std::pair{std::string("delta-ms300"), false},
                             std::pair{std::string("yaskawa-v1000"), true}}) {
        CAPTURE(name);
        Rig rig(name, rtu);
        REQUIRE(rig.drive->connect({0.3}).ok());
        safety::SpeedLimiter limiter(safety::LimiterSettings{});
        REQUIRE(rig.drive->run_forward().ok());
        drive_at(rig, limiter, 4.0, 1.0);
        const double before = rig.drive_json()["belt_kmh"].get<double>();
        CHECK(before > 0.2);
        const auto silent_from = std::chrono::steady_clock::now();
        // The controller goes silent; the bench keeps time (only the control socket talks).
        double belt = before;
        auto stopped_at = silent_from;
        while (belt > 0 && std::chrono::steady_clock::now() - silent_from < 5s) {
            std::this_thread::sleep_for(20ms);
            belt = rig.drive_json()["belt_kmh"].get<double>();
            stopped_at = std::chrono::steady_clock::now();
        }
        const auto json = rig.drive_json();
        CHECK(belt == 0.0);
        CHECK(json["fault_code"].get<int>() == rig.drive->map().comm_fault_code);
        MESSAGE(
            name << ": silent -> belt at 0 in "
                 << std::chrono::duration_cast<std::chrono::milliseconds>(stopped_at - silent_from)
                        .count()
                 << " ms (watchdog 300 ms + ramp from " << before << " km/h)");
        auto s = rig.status();
        CHECK(s.fault_code == rig.drive->map().comm_fault_code);
        CHECK_FALSE(s.fault_name.empty());
        REQUIRE(rig.drive->acknowledge_fault().ok());
        std::this_thread::sleep_for(100ms); // less than the watchdog, or it trips again
        auto after = rig.status();
        CHECK(after.fault_code == 0);
        CHECK(after.belt_kmh == 0.0);
        CHECK(rig.drive_json()["run"] == "stop");
    }
}

namespace {

// Runs the belt up to ~5 km/h, then stops it with `stop`; returns how long the simulated
// drive took from the stop write to 0 Hz.
std::chrono::milliseconds time_to_rest(Rig& rig, const std::function<modbus::LinkStatus()>& stop) {
    safety::LimiterSettings fast;
    fast.accel_kmh_per_s = 1.0;
    safety::SpeedLimiter limiter(fast);
    REQUIRE(rig.drive->run_forward().ok());
    drive_at(rig, limiter, 5.0, 6.0);
    REQUIRE(rig.drive_json()["belt_kmh"].get<double>() > 4.5);
    const auto from = std::chrono::steady_clock::now();
    auto s = stop();
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().text));
    std::chrono::steady_clock::duration took = 20s;
    while (std::chrono::steady_clock::now() - from < 20s) {
        // Talk to the drive now and then, well within the watchdog.
        if (rig.drive_json()["output_hz"].get<double>() == 0.0) {
            took = std::chrono::steady_clock::now() - from;
            break;
        }
        (void)rig.drive->read_status();
        std::this_thread::sleep_for(20ms);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(took);
}

} // namespace

TEST_CASE("both drive maps: the fast stop decelerates faster than a controlled stop, and a reset "
          "after it never restarts the belt") {
    for (auto [name, rtu] : {std::pair{std::string("delta-ms300"), false},
                             std::pair{std::string("yaskawa-v1000"), true}}) {
        CAPTURE(name);
        Rig rig(name, rtu);
        REQUIRE(rig.drive->map().fast_stop.has_value());
        REQUIRE(rig.drive->connect({0.5}).ok());
        const auto controlled = time_to_rest(rig, [&] { return rig.drive->stop(); });
        const auto fast = time_to_rest(rig, [&] { return rig.drive->fast_stop(); });
        MESSAGE(name << ": from 5 km/h, controlled stop " << controlled.count() << " ms, fast stop "
                     << fast.count() << " ms");
        CHECK(controlled < 20s);
        CHECK(fast * 2 < controlled);
        auto json = rig.drive_json();
        CHECK(json["fast_stop"].get<bool>());
        if (auto code = rig.drive->map().fast_stop->fault_code) {
            CHECK(json["fault_code"].get<int>() == *code);
            CHECK(rig.status().fault_code == *code);
        }
        // A run command while fast-stopped is ignored; the reset leaves the belt at rest.
        REQUIRE(rig.drive->run_forward().ok());
        std::this_thread::sleep_for(200ms);
        CHECK(rig.drive_json()["output_hz"].get<double>() == 0.0);
        REQUIRE(rig.drive->acknowledge_fault().ok());
        std::this_thread::sleep_for(300ms);
        json = rig.drive_json();
        CHECK_FALSE(json["fast_stop"].get<bool>());
        CHECK(json["fault_code"].get<int>() == 0);
        CHECK(json["run"] == "stop");
        CHECK(json["output_hz"].get<double>() == 0.0);
    }
}

TEST_CASE("a drive answering with an impossible value is a bad reply, never a reading") {
    for (auto [name, rtu] : {std::pair{std::string("delta-ms300"), false},
                             std::pair{std::string("yaskawa-v1000"), true}}) {
        CAPTURE(name);
        Rig rig(name, rtu);
        (void)rig.status();
        const auto reg = rig.drive->map().output_frequency_register;
        REQUIRE(rig.sim->control("garble " + std::to_string(reg) + " 0xFFFF").starts_with("ok"));
        auto s = rig.drive->read_status();
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().kind == modbus::LinkErrorKind::BadReply);
        CHECK(s.error().text.find("implausible") != std::string::npos);
        // A value a drive can report is taken as it is.
        REQUIRE(rig.sim->control("garble off").starts_with("ok"));
        CHECK(rig.drive->read_status().ok());
    }
}
