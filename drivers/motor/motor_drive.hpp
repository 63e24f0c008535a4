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
    modbus::LinkStatus run_forward();
    modbus::LinkStatus stop();
    // The map's fast stop (the drive's emergency stop method and deceleration), then the
    // ordinary stop command so no run command is left standing for after the reset. A map
    // without [fast_stop] gets the ordinary stop.
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
    devicemap::DriveMap map_;
    devicemap::TreadmillSpec treadmill_;
    modbus::ModbusLink link_;
    std::optional<std::uint16_t> identity_;
};

// LinkConfig defaults for a drive: unit id and bus limits from its map.
modbus::LinkConfig link_config_for(const devicemap::DriveMap& map, modbus::LinkConfig base);

} // namespace tg::motor
