#pragma once
// A belt motor drive (VFD) over Modbus, driven entirely by its register map.
//
// The speed setpoint can only be written from a safety::LimitedSpeed, which only the
// speed limiter can create: no path in the code base writes the frequency register
// without passing through the limiter. Run/stop and fault reset are separate commands;
// a fault reset always writes stop first, so a reset can never restart the belt.
#include "controller/safety/limited_speed.hpp"
#include "drivers/devicemap/drive_map.hpp"
#include "drivers/devicemap/treadmill_spec.hpp"
#include "drivers/modbus/modbus_link.hpp"
#include "drivers/motor/drive_status.hpp"

#include <optional>

namespace tg::motor {

struct WatchdogSetting {
    double timeout_s = 0.5; // the drive stops the belt after this much silence
};

class MotorDrive {
public:
    MotorDrive(devicemap::DriveMap map, devicemap::TreadmillSpec treadmill,
               modbus::LinkConfig link);

    // open_with_stop() then configure(): nothing here starts the belt.
    modbus::LinkStatus connect(const WatchdogSetting& watchdog);
    // (Re)opens the link, no sooner than its backoff allows, and sends stop as the very
    // first frame: whatever the drive was doing before, it is told to stop before anything
    // else (identity, watchdog) is asked of it.
    modbus::LinkStatus open_with_stop();
    // Reads the drive's identity (where the map has one) and arms its comm-loss watchdog.
    modbus::LinkStatus configure(const WatchdogSetting& watchdog);
    // The run command; a map with a run_sequence (CiA402 6 -> 7 -> 15) first reads the
    // state and writes only the steps after it, so repeating it never drops the output.
    modbus::LinkStatus run_forward();
    modbus::LinkStatus stop();
    // The map's fast stop (the drive's emergency stop method and deceleration), then the
    // ordinary stop command so no run command is left standing for after the reset, unless
    // the fast stop is itself a command word (V20 OFF3, CiA402 quick stop), which a stop
    // word written after it would cancel.
    modbus::LinkStatus fast_stop();
    modbus::LinkStatus set_speed(const safety::LimitedSpeed& speed);
    modbus::LinkResult<DriveStatus> read_status();
    // Writes stop, then the fault reset: the drive stays stopped afterwards.
    modbus::LinkStatus acknowledge_fault();

    std::optional<std::uint16_t> identity() const { return identity_; }
    const devicemap::DriveMap& map() const { return map_; }
    const devicemap::TreadmillSpec& treadmill() const { return treadmill_; }
    const modbus::LinkStats& link_stats() const { return link_.stats(); }
    modbus::ModbusLink& link() { return link_; }

private:
    std::optional<modbus::LinkError> implausible(const DriveStatus& s) const;
    modbus::LinkStatus write_parameter(std::uint16_t address, std::uint16_t value);
    modbus::LinkResult<std::uint16_t> read_one(std::uint16_t address);

    devicemap::DriveMap map_;
    devicemap::TreadmillSpec treadmill_;
    modbus::ModbusLink link_;
    std::optional<std::uint16_t> identity_;
};

// LinkConfig defaults for a drive: unit id and bus limits from its map.
modbus::LinkConfig link_config_for(const devicemap::DriveMap& map, modbus::LinkConfig base);

} // namespace tg::motor
