#pragma once
// treadguard-bench-demo writes the drive's setpoint and run command directly, without the
// supervisor, the limiter or the drive's watchdog. It may do that to treadguard-sim only:
// this guard refuses any link that is not TCP to this machine, and any device whose
// identity register does not read the value the drive map gives the sim ([simulation]
// identity_value). A real drive on a serial port, or on another host, is never driven.
#include "drivers/devicemap/drive_map.hpp"
#include "drivers/modbus/link_config.hpp"
#include "drivers/modbus/modbus_link.hpp"

#include <optional>
#include <string>

namespace tg::sim {

// Why the link must not be driven by the demo, checked before connecting; nullopt = may.
std::optional<std::string> refuse_link_spec(const modbus::LinkConfig& link);
// Why the connected device is not treadguard-sim's model of `map`; nullopt = it is.
std::optional<std::string> refuse_device(modbus::ModbusLink& link, const devicemap::DriveMap& map);

} // namespace tg::sim
