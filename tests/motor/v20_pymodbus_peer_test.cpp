// MotorDrive with the Siemens V20 map against an independent peer: a python3-pymodbus
// server (tests/peers/pymodbus_v20_server.py) that models the drive from the facts file,
// not from our code. start -> speed -> stop -> fault (F72 by telegram off time) -> reset.
#include "controller/safety/speed_limiter.hpp"
#include "drivers/motor/motor_drive.hpp"
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>
#include <thread>
#include <unistd.h>

using namespace tg;
using namespace std::chrono_literals;

TEST_CASE("the V20 map drives an independent pymodbus V20: run, speed, stop, F72, reset") {
    const auto src = testing::source_dir();
    const int port = 20000 + ((getpid() + 7919) % 20000);
    testing::ChildProcess server({"/usr/bin/python3", src + "/tests/peers/pymodbus_v20_server.py",
                                  "--tcp", std::to_string(port), "--telegram-off-ms", "300"});
    server.wait_for_line("ready", 20);
    auto map = std::get<devicemap::DriveMap>(
        devicemap::load_drive_map(src + "/hw/devices/siemens-v20.toml"));
    auto mill = std::get<devicemap::TreadmillSpec>(
        devicemap::load_treadmill_spec(src + "/hw/treadmills/demo-delta.toml"));
    modbus::LinkConfig base;
    base.port = static_cast<std::uint16_t>(port);
    base.response_timeout = 500ms;
    motor::MotorDrive drive(map, mill, motor::link_config_for(map, base));
    modbus::LinkStatus opened = modbus::LinkError{};
    for (int i = 0; i < 50 && !(opened = drive.connect({0.3})).ok(); ++i)
        std::this_thread::sleep_for(100ms);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().text));
    auto status = [&] {
        auto s = drive.read_status();
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().text));
        return s.value();
    };
    CHECK_FALSE(status().running);
    safety::LimiterSettings fast;
    fast.accel_kmh_per_s = 1.0;
    safety::SpeedLimiter limiter(fast);
    REQUIRE(drive.run_forward().ok());
    for (int i = 0; i < 40; ++i) {
        REQUIRE(drive.set_speed(limiter.step(50ms, 2.0, 8.0, safety::RampMode::normal)).ok());
        std::this_thread::sleep_for(50ms);
    }
    auto s = status();
    CHECK(s.running);
    // HIW follows HSW at once in the peer: 16384 = 50 Hz, k = 3 Hz per km/h.
    CHECK(s.output_hz == doctest::Approx(mill.to_hz(limiter.current().kmh())).epsilon(0.01));
    CHECK(s.belt_kmh == doctest::Approx(limiter.current().kmh()).epsilon(0.01));
    REQUIRE(drive.stop().ok());
    s = status();
    CHECK_FALSE(s.running);
    CHECK(s.output_hz == 0.0);
    // Telegrams stop for longer than P2014: F72, flagged in ZSW b3.
    REQUIRE(drive.run_forward().ok());
    std::this_thread::sleep_for(800ms);
    s = status();
    CHECK(s.fault_code == -1);
    CHECK_FALSE(s.running);
    REQUIRE(drive.acknowledge_fault().ok()); // OFF1, then b7 0 -> 1
    s = status();
    CHECK(s.fault_code == 0);
    CHECK_FALSE(s.running);
    // The quick stop (OFF3) is seen as such by the peer: ZSW b5 drops.
    REQUIRE(drive.run_forward().ok());
    REQUIRE(drive.fast_stop().ok());
    CHECK((status().status_word & 0x0020) == 0);
    CHECK_FALSE(status().running);
}
