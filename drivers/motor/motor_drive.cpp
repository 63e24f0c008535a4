#include "drivers/motor/motor_drive.hpp"

#include "drivers/motor/status_block.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace tg::motor {

modbus::LinkConfig link_config_for(const devicemap::DriveMap& map, modbus::LinkConfig base) {
    base.unit_id = map.default_unit;
    base.allow_function_06 = map.function_06;
    base.max_read_registers = map.max_read_registers;
    base.max_write_registers = map.max_write_registers;
    base.reply_delay = map.reply_delay; // into the derived response timeout
    // A margin over the drive's minimum: the gap is timed from our side of the wire.
    if (map.min_request_gap.count() > 0)
        base.min_request_gap = map.min_request_gap + std::chrono::milliseconds(2);
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

modbus::LinkStatus MotorDrive::write_parameter(std::uint16_t address, std::uint16_t value) {
    auto w = link_.write_register(address, value);
    link_.hold_off(map_.parameter_write_gap);
    return w;
}

modbus::LinkStatus MotorDrive::configure(const WatchdogSetting& watchdog) {
    if (map_.identity_register) {
        std::uint16_t id = 0;
        if (auto r = link_.read_holding(*map_.identity_register, std::span(&id, 1)); !r.ok())
            return r;
        identity_ = id;
    }
    // A watchdog set on the drive itself (V20 P2014) has no register to arm.
    if (map_.watchdog_set_on_drive) return modbus::Done{};
    const auto timeout = static_cast<std::uint16_t>(
        std::clamp(std::lround(watchdog.timeout_s * map_.watchdog_units_per_s), 1L, 65535L));
    if (map_.watchdog_action_register) {
        if (auto a =
                write_parameter(*map_.watchdog_action_register, map_.watchdog_action_ramp_stop);
            !a.ok())
            return a;
    }
    if (auto t = write_parameter(map_.watchdog_timeout_register, timeout); !t.ok()) return t;
    if (map_.watchdog_enable_register) {
        if (auto e = write_parameter(*map_.watchdog_enable_register, map_.watchdog_enable_value);
            !e.ok())
            return e;
    }
    if (map_.apply_register) {
        auto a = link_.write_register(*map_.apply_register, map_.apply_value);
        link_.hold_off(map_.apply_gap);
        return a;
    }
    return modbus::Done{};
}

modbus::LinkResult<std::uint16_t> MotorDrive::read_one(std::uint16_t address) {
    std::uint16_t v = 0;
    if (auto r = link_.read_holding(address, std::span(&v, 1)); !r.ok()) return r.error();
    return v;
}

modbus::LinkStatus MotorDrive::run_forward() {
    const auto& steps = map_.run_sequence;
    if (steps.empty()) return link_.write_register(map_.command_register, map_.run_forward);
    auto state = read_one(map_.status_register);
    if (!state.ok()) return state.error();
    // Continue after the step whose state the drive is in; from any other state (idle,
    // fault, quick stop) the whole sequence.
    std::size_t next = 0;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].reached.matches(state.value())) next = i + 1;
    if (next == steps.size()) next = steps.size() - 1; // running: repeat the run word only
    for (std::size_t i = next; i < steps.size(); ++i)
        if (auto w = link_.write_register(map_.command_register, steps[i].command); !w.ok())
            return w;
    return modbus::Done{};
}

modbus::LinkStatus MotorDrive::stop() {
    return link_.write_register(map_.command_register, map_.stop);
}

modbus::LinkStatus MotorDrive::fast_stop() {
    if (!map_.fast_stop) return stop();
    auto f = link_.write_register(map_.fast_stop->register_address, map_.fast_stop->value);
    if (!f.ok()) {
        (void)stop(); // the drive may still take the ordinary stop
        return f;
    }
    if (map_.fast_stop->replaces_stop) return f;
    return stop();
}

modbus::LinkStatus MotorDrive::set_speed(const safety::LimitedSpeed& speed) {
    const double hz = std::min(treadmill_.to_hz(std::min(speed.kmh(), treadmill_.max_speed_kmh)),
                               map_.simulation.max_frequency_hz * 10);
    const auto units =
        static_cast<std::uint16_t>(std::lround(std::max(0.0, hz) * map_.units_per_hz));
    return link_.write_register(map_.frequency_setpoint_register, units);
}

// A reply no drive on this treadmill could send (an output frequency far above anything the
// belt can run, e.g. 0xFFFF read as 655.35 Hz) is a bad reply, like a wrong length: the
// link's error path (and, if it persists, the link alarm) handles it; nothing acts on it.
std::optional<modbus::LinkError> MotorDrive::implausible(const DriveStatus& s) const {
    // Half again the machine's top speed, plus slip and setpoint rounding: a drive in
    // range never reports more, whatever its ramp overshoot.
    const double limit_hz = treadmill_.to_hz(treadmill_.max_speed_kmh) * 1.5 + 5.0;
    if (s.output_hz <= limit_hz) return std::nullopt;
    char text[200];
    std::snprintf(text, sizeof text,
                  "implausible reply: output frequency %.2f Hz (register 0x%04X) is above %.1f "
                  "Hz, more than this treadmill (%.1f km/h) can run",
                  s.output_hz, map_.output_frequency_register, limit_hz, treadmill_.max_speed_kmh);
    return modbus::LinkError{modbus::LinkErrorKind::BadReply, 0, 0, text};
}

modbus::LinkResult<DriveStatus> MotorDrive::read_status() {
    StatusBlock block(map_);
    if (auto r = block.read(link_); !r.ok()) return r.error();
    DriveStatus s;
    s.read_at = std::chrono::steady_clock::now();
    s.status_word = block.at(map_.status_register);
    s.output_hz = block.at(map_.output_frequency_register) / map_.units_per_hz;
    s.belt_kmh = treadmill_.to_kmh(s.output_hz);
    if (auto bad = implausible(s)) return *bad;
    s.running = map_.status_running.matches(s.status_word);
    s.stopping = map_.status_stopping && map_.status_stopping->matches(s.status_word);
    s.quick_stop = map_.status_quick_stop && map_.status_quick_stop->matches(s.status_word);
    s.comm_timeout = map_.status_comm_timeout && map_.status_comm_timeout->matches(s.status_word);
    if (map_.warning) s.warning_code = map_.warning->value_of(block.at(map_.warning->address));
    if (map_.fault_detail) s.fault_detail = block.at(map_.fault_detail->address);
    const bool flagged = map_.status_fault && map_.status_fault->matches(s.status_word);
    if (map_.error_register && (flagged || !map_.status_fault)) {
        // With a fault flag the code register is read only while the flag is set.
        std::uint16_t error = 0;
        if (block.holds(*map_.error_register)) {
            error = block.at(*map_.error_register);
        } else {
            auto e = read_one(*map_.error_register);
            if (!e.ok()) return e.error();
            error = e.value();
        }
        s.fault_code = error & map_.error_mask;
    }
    if (flagged && s.fault_code == 0)
        s.fault_code = s.comm_timeout ? map_.comm_fault_code : -1; // flagged without a code
    if (s.fault_code != 0) s.fault_name = map_.fault_name(s.fault_code);
    return s;
}

modbus::LinkStatus MotorDrive::acknowledge_fault() {
    if (auto s = stop(); !s.ok()) return s;
    return link_.write_register(map_.fault_reset_register, map_.fault_reset);
}

} // namespace tg::motor
