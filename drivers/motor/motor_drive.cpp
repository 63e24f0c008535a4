#include "drivers/motor/motor_drive.hpp"

#include <algorithm>
#include <cmath>

namespace tg::motor {

modbus::LinkConfig link_config_for(const devicemap::DriveMap& map, modbus::LinkConfig base) {
    base.unit_id = map.default_unit;
    base.allow_function_06 = map.function_06;
    base.max_read_registers = map.max_read_registers;
    base.max_write_registers = map.max_write_registers;
    return base;
}

MotorDrive::MotorDrive(devicemap::DriveMap map, devicemap::TreadmillSpec treadmill,
                       modbus::LinkConfig link)
    : map_(std::move(map)), treadmill_(std::move(treadmill)), link_(std::move(link)) {}

modbus::LinkStatus MotorDrive::connect(const WatchdogSetting& watchdog) {
    if (auto s = open_with_stop(); !s.ok()) return s;
    return configure(watchdog);
}

modbus::LinkStatus MotorDrive::open_with_stop() {
    if (!link_.connected()) {
        if (auto c = link_.reconnect(); !c.ok()) return c;
    }
    return stop();
}

modbus::LinkStatus MotorDrive::configure(const WatchdogSetting& watchdog) {
    if (map_.identity_register) {
        std::uint16_t id = 0;
        if (auto r = link_.read_holding(*map_.identity_register, std::span(&id, 1)); !r.ok())
            return r;
        identity_ = id;
    }
    const auto timeout = static_cast<std::uint16_t>(
        std::clamp(std::lround(watchdog.timeout_s * map_.watchdog_units_per_s), 1L, 65535L));
    if (auto a =
            link_.write_register(map_.watchdog_action_register, map_.watchdog_action_ramp_stop);
        !a.ok())
        return a;
    if (auto t = link_.write_register(map_.watchdog_timeout_register, timeout); !t.ok()) return t;
    if (map_.watchdog_enable_register) {
        if (auto e =
                link_.write_register(*map_.watchdog_enable_register, map_.watchdog_enable_value);
            !e.ok())
            return e;
    }
    if (map_.apply_register) return link_.write_register(*map_.apply_register, map_.apply_value);
    return modbus::Done{};
}

modbus::LinkStatus MotorDrive::run_forward() {
    return link_.write_register(map_.command_register, map_.run_forward);
}

modbus::LinkStatus MotorDrive::stop() {
    return link_.write_register(map_.command_register, map_.stop);
}

modbus::LinkStatus MotorDrive::fast_stop() {
    if (map_.fast_stop) {
        auto f = link_.write_register(map_.fast_stop->register_address, map_.fast_stop->value);
        if (!f.ok()) {
            (void)stop(); // the drive may still take the ordinary stop
            return f;
        }
    }
    return stop();
}

modbus::LinkStatus MotorDrive::set_speed(const safety::LimitedSpeed& speed) {
    const double hz = std::min(treadmill_.to_hz(std::min(speed.kmh(), treadmill_.max_speed_kmh)),
                               map_.simulation.max_frequency_hz * 10);
    const auto units =
        static_cast<std::uint16_t>(std::lround(std::max(0.0, hz) * map_.units_per_hz));
    return link_.write_register(map_.frequency_setpoint_register, units);
}

modbus::LinkResult<DriveStatus> MotorDrive::read_status() {
    std::uint16_t out = 0, status = 0, error = 0;
    if (auto r = link_.read_holding(map_.output_frequency_register, std::span(&out, 1)); !r.ok())
        return r.error();
    if (auto r = link_.read_holding(map_.status_register, std::span(&status, 1)); !r.ok())
        return r.error();
    if (auto r = link_.read_holding(map_.error_register, std::span(&error, 1)); !r.ok())
        return r.error();
    DriveStatus s;
    s.read_at = std::chrono::steady_clock::now();
    s.output_hz = out / map_.units_per_hz;
    s.belt_kmh = treadmill_.to_kmh(s.output_hz);
    s.running = map_.status_running.matches(status);
    s.stopping = map_.status_stopping && map_.status_stopping->matches(status);
    s.fault_code = error & map_.error_mask;
    if (map_.status_fault && map_.status_fault->matches(status) && s.fault_code == 0)
        s.fault_code = -1; // flagged in the status word without a code
    if (s.fault_code != 0) s.fault_name = map_.fault_name(s.fault_code);
    return s;
}

modbus::LinkStatus MotorDrive::acknowledge_fault() {
    if (auto s = stop(); !s.ok()) return s;
    return link_.write_register(map_.fault_reset_register, map_.fault_reset);
}

} // namespace tg::motor
