// MotorDrive against treadguard-sim, with both shipped drive maps: Delta MS300 over TCP and
// Yaskawa V1000 (no function 06, node 31) over RTU on a pty.
#include "controller/safety/speed_limiter.hpp"
#include "drivers/motor/motor_drive.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <thread>

using namespace tg;
using namespace std::chrono_literals;

namespace {

template <class T>
T load(const std::variant<T, devicemap::DataFileError>& v) {
    if (auto* e = std::get_if<devicemap::DataFileError>(&v)) FAIL(e->message());
    return std::get<T>(v);
}

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
        auto map = load(devicemap::load_drive_map(map_file));
        auto mill = load(devicemap::load_treadmill_spec(src + "/hw/treadmills/demo-delta.toml"));
        modbus::LinkConfig base;
        if (rtu) {
            REQUIRE_FALSE(modbus::parse_link_spec("rtu:" + sim->rtu_path() + ":115200:8N1", base));
        } else {
            base.port = static_cast<std::uint16_t>(sim->tcp_port());
        }
        base.response_timeout = 200ms;
        drive = std::make_unique<motor::MotorDrive>(map, mill, motor::link_config_for(map, base));
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
