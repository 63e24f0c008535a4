#pragma once
// What the motor tests share: a shipped data file loaded or the test failed with its
// reason, and a MotorDrive on the demo treadmill talking to a treadguard-sim over TCP or RTU.
#include "drivers/devicemap/drive_map.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"
#include "drivers/motor/motor_drive.hpp"
#include "tests/support/sim_process.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <memory>
#include <variant>

namespace tg::testing {

template <class T>
T load_or_fail(const std::variant<T, devicemap::DataFileError>& v) {
    if (auto* e = std::get_if<devicemap::DataFileError>(&v)) FAIL(e->message());
    return std::get<T>(v);
}

inline std::unique_ptr<motor::MotorDrive> sim_drive_link(const devicemap::DriveMap& map,
                                                         const SimProcess& sim, bool rtu) {
    auto mill = load_or_fail(
        devicemap::load_treadmill_spec(source_dir() + "/hw/treadmills/demo-delta.toml"));
    modbus::LinkConfig base;
    if (rtu)
        REQUIRE_FALSE(modbus::parse_link_spec("rtu:" + sim.rtu_path() + ":115200:8N1", base));
    else
        base.port = static_cast<std::uint16_t>(sim.tcp_port());
    base.response_timeout = std::chrono::milliseconds(200);
    return std::make_unique<motor::MotorDrive>(map, mill, motor::link_config_for(map, base));
}

} // namespace tg::testing
