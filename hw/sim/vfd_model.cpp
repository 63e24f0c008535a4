#include "hw/sim/vfd_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tg::sim {
namespace {

std::uint16_t to_reg(double v) {
    return static_cast<std::uint16_t>(std::lround(std::max(0.0, v)));
}

} // namespace

VfdModel::VfdModel(devicemap::DriveMap map, double hz_per_kmh, Clock::time_point now)
    : map_(std::move(map)), hz_per_kmh_(hz_per_kmh), last_advance_(now), last_request_(now),
      max_hz_(map_.simulation.max_frequency_hz), accel_time_s_(map_.simulation.accel_time_s),
      decel_time_s_(map_.simulation.decel_time_s),
      watchdog_enabled_(!map_.watchdog_enable_register.has_value()) {
    // A timeout set on the drive's own panel (V20 P2014) is there from power-up.
    if (map_.watchdog_set_on_drive) watchdog_s_ = map_.simulation.watchdog_s;
}

bool VfdModel::answers(Clock::time_point now) {
    const bool too_soon = map_.min_request_gap.count() > 0 && last_message_ &&
                          now - *last_message_ < map_.min_request_gap;
    last_message_ = now;
    if (too_soon) ++too_soon_;
    return !too_soon;
}

bool VfdModel::accepts_function(std::uint8_t function) const {
    if (function == 6) return map_.function_06;
    return function == 3 || function == 16;
}

double VfdModel::target_hz() const {
    if (fault_code_ != 0 || fast_stopped_) return 0;
    switch (run_) {
    case Run::Forward:
        return std::min(setpoint_hz_, max_hz_);
    case Run::Reverse:
        return -std::min(setpoint_hz_, max_hz_);
    case Run::Stop:
        return 0;
    }
    return 0;
}

void VfdModel::advance(Clock::time_point now) {
    const double dt = std::chrono::duration<double>(now - last_advance_).count();
    if (dt <= 0) return;
    last_advance_ = now;
    check_watchdog(now);
    const double target = target_hz();
    // Speeding up (in magnitude) uses the accel time, slowing down the decel time.
    const bool speeding_up = std::abs(target) > std::abs(output_hz_) &&
                             (output_hz_ == 0 || (target > 0) == (output_hz_ > 0));
    const double decel_s = fast_stopped_ ? map_.simulation.fast_stop_decel_time_s : decel_time_s_;
    const double rate = max_hz_ / (speeding_up ? accel_time_s_ : decel_s);
    const double step = rate * dt;
    if (std::abs(target - output_hz_) <= step) {
        output_hz_ = target;
    } else {
        output_hz_ += target > output_hz_ ? step : -step;
    }
}

void VfdModel::check_watchdog(Clock::time_point now) {
    if (watchdog_s_ <= 0 || !watchdog_enabled_) return;
    if (fault_code_ == comm_code()) return;
    if (std::chrono::duration<double>(now - last_request_).count() <= watchdog_s_) {
        if (warning_code_ == comm_code()) warning_code_ = 0;
        return;
    }
    // Without an action register the drive trips (V20 F72) and the motor coasts.
    const bool coast =
        !map_.watchdog_action_register ||
        (map_.watchdog_action_coast && watchdog_action_ == *map_.watchdog_action_coast);
    if (map_.watchdog_action_register && watchdog_action_ != map_.watchdog_action_ramp_stop &&
        !coast) {
        warning_code_ = comm_code(); // the drive's "warn and keep running" settings
        return;
    }
    latch_fault(comm_code(), coast);
}

int VfdModel::comm_code() const {
    return map_.comm_fault_code != 0 ? map_.comm_fault_code : kUnknownCommFault;
}

void VfdModel::latch_fault(int code, bool coast) {
    fault_code_ = code;
    // A faulted drive drops its run command: after a reset it stays stopped until told
    // to run again. (treadguard never relies on this; it writes stop before a reset.)
    run_ = Run::Stop;
    sequence_position_ = 0;
    if (coast) output_hz_ = 0;
}

void VfdModel::inject_fault(int code) {
    if (code == 0) return;
    latch_fault(code, true);
}

void VfdModel::set_watchdog(double seconds, int action) {
    watchdog_s_ = seconds;
    watchdog_enabled_ = seconds > 0;
    watchdog_action_ =
        action < 0 ? map_.watchdog_action_ramp_stop : static_cast<std::uint16_t>(action);
}

std::uint16_t VfdModel::sequence_word() const {
    if (fast_stopped_ && map_.status_quick_stop) return map_.status_quick_stop->value;
    if (sequence_position_ == 0) return map_.status_idle ? map_.status_idle->value : 0;
    return map_.run_sequence[sequence_position_ - 1].reached.value;
}

std::uint16_t VfdModel::status_word() const {
    if (!map_.run_sequence.empty()) {
        if (fault_code_ != 0 && map_.status_fault) return map_.status_fault->value;
        return sequence_word();
    }
    std::uint16_t word = 0;
    if (output_hz_ != 0 || target_hz() != 0) {
        const bool stopping = target_hz() == 0;
        // Drives without a "decelerating" pattern keep reporting "running" until 0 Hz.
        word |= stopping && map_.status_stopping ? map_.status_stopping->value
                                                 : map_.status_running.value;
    }
    if (fault_code_ != 0 && map_.status_fault) word |= map_.status_fault->value;
    if (fault_code_ != 0 && fault_code_ == comm_code() && map_.status_comm_timeout)
        word |= map_.status_comm_timeout->value;
    if (fast_stopped_ && map_.status_quick_stop) word = map_.status_quick_stop->value;
    return word;
}

std::optional<std::uint16_t> VfdModel::register_value(std::uint16_t address) const {
    const auto& s = map_.simulation;
    if (map_.is_write_only(address) || !map_.is_documented(address)) return std::nullopt;
    if (address == map_.command_register) {
        return run_ == Run::Forward   ? map_.run_forward
               : run_ == Run::Reverse ? map_.run_reverse
                                      : map_.stop;
    }
    if (address == map_.frequency_setpoint_register)
        return to_reg(setpoint_hz_ * map_.units_per_hz);
    if (address == map_.output_frequency_register)
        return to_reg(std::abs(output_hz_) * map_.units_per_hz);
    if (address == map_.status_register) return status_word();
    std::uint16_t word = 0; // fault code, warning and fault bitfield may share a register
    bool known = false;
    if (map_.error_register && address == *map_.error_register) {
        word |= static_cast<std::uint16_t>(fault_code_ & map_.error_mask);
        known = true;
    }
    if (const auto& w = map_.warning; w && address == w->address) {
        int shift = 0;
        while (shift < 15 && ((w->mask >> shift) & 1U) == 0)
            ++shift;
        word |= static_cast<std::uint16_t>((warning_code_ << shift) & w->mask);
        known = true;
    }
    if (const auto& d = map_.fault_detail; d && address == d->address) {
        if (fault_code_ != 0) word |= static_cast<std::uint16_t>(0x0001 & d->mask);
        known = true;
    }
    if (known) return word;
    if (!map_.watchdog_set_on_drive && address == map_.watchdog_timeout_register)
        return to_reg(watchdog_s_ * map_.watchdog_units_per_s);
    if (map_.watchdog_action_register && address == *map_.watchdog_action_register)
        return watchdog_action_;
    if (map_.watchdog_enable_register && address == *map_.watchdog_enable_register)
        return watchdog_enabled_ ? map_.watchdog_enable_value : 0;
    if (s.max_frequency_register != 0 && address == s.max_frequency_register)
        return to_reg(max_hz_ * 100);
    if (s.accel_time_register != 0 && address == s.accel_time_register)
        return to_reg(accel_time_s_ * 100);
    if (s.decel_time_register != 0 && address == s.decel_time_register)
        return to_reg(decel_time_s_ * 100);
    if (map_.identity_register && address == *map_.identity_register) return s.identity_value;
    return 0; // the rest of the documented blocks: registers the model does not use
}

std::uint8_t VfdModel::read_holding(std::uint16_t address, std::span<std::uint16_t> out,
                                    Clock::time_point now) {
    advance(now);
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto v = register_value(static_cast<std::uint16_t>(address + i));
        if (!v) return exception_code::kIllegalDataAddress;
        out[i] = *v;
    }
    return 0;
}

// CiA402-style drives: the run words must come in the map's order. Returns whether
// `value` is one of the sequence's words (taken, or ignored when out of order).
bool VfdModel::sequence_step(std::uint16_t value) {
    const auto& steps = map_.run_sequence;
    for (std::size_t j = 0; j < steps.size(); ++j) {
        if (steps[j].command != value) continue;
        if (j < sequence_position_ || j == sequence_position_ ||
            (j + 1 == steps.size() && sequence_position_ >= steps.size())) {
            // In order, a step back (e.g. shutdown while running), or the run word again.
            if (j + 1 < steps.size()) run_ = Run::Stop;
            sequence_position_ = j + 1;
            if (sequence_position_ == steps.size() && fault_code_ == 0 && !fast_stopped_)
                run_ = Run::Forward;
            return true;
        }
        return true; // a step skipped: the drive does not move on
    }
    return false;
}

std::uint8_t VfdModel::write_command(std::uint16_t value) {
    if (!map_.run_sequence.empty() && sequence_step(value)) return 0;
    if (value == map_.stop) {
        run_ = Run::Stop;
    } else if (map_.run_sequence.empty() &&
               (value == map_.run_forward || value == map_.run_reverse)) {
        // A faulted (or fast-stopped) drive ignores run commands until it is reset.
        if (fault_code_ == 0 && !fast_stopped_)
            run_ = value == map_.run_forward ? Run::Forward : Run::Reverse;
    } else if (map_.run_sequence.empty() || value != 0) {
        return exception_code::kIllegalDataValue;
    } else {
        run_ = Run::Stop; // CiA402 disable voltage
        sequence_position_ = 0;
    }
    return 0;
}

std::uint8_t VfdModel::write_one(std::uint16_t address, std::uint16_t value) {
    const auto& s = map_.simulation;
    // Some drives reset faults through a bit of the command register itself.
    if (address == map_.fault_reset_register && map_.fault_reset != 0 &&
        (value & map_.fault_reset) == map_.fault_reset) {
        fault_code_ = 0;
        warning_code_ = 0;
        fast_stopped_ = false; // and stays stopped: run_ was dropped by the fast stop
        sequence_position_ = 0;
        return 0;
    }
    if (const auto& fs = map_.fast_stop;
        fs && address == fs->register_address &&
        (fs->replaces_stop ? value == fs->value : (value & fs->value) == fs->value)) {
        fast_stopped_ = true;
        run_ = Run::Stop;
        sequence_position_ = 0;
        if (fs->fault_code) fault_code_ = *fs->fault_code;
        return 0;
    }
    if (address == map_.command_register) return write_command(value);
    if (address == map_.frequency_setpoint_register) {
        const double hz = value / map_.units_per_hz;
        if (hz > max_hz_ + 1e-9) return exception_code::kIllegalDataValue;
        setpoint_hz_ = hz;
        return 0;
    }
    if (address == map_.fault_reset_register) return 0;
    if (map_.watchdog_enable_register && address == *map_.watchdog_enable_register) {
        watchdog_enabled_ = value == map_.watchdog_enable_value;
        return 0;
    }
    if (map_.apply_register && address == *map_.apply_register) return 0;
    if (!map_.watchdog_set_on_drive && address == map_.watchdog_timeout_register) {
        watchdog_s_ = value / map_.watchdog_units_per_s;
        return 0;
    }
    if (map_.watchdog_action_register && address == *map_.watchdog_action_register) {
        if (value > 3) return exception_code::kIllegalDataValue;
        watchdog_action_ = value;
        return 0;
    }
    if (address == s.max_frequency_register && s.max_frequency_register != 0) {
        if (value < 1000 || value > 60000) return exception_code::kIllegalDataValue;
        max_hz_ = value / 100.0;
        return 0;
    }
    if (address == s.accel_time_register && s.accel_time_register != 0) {
        if (value < 10) return exception_code::kIllegalDataValue;
        accel_time_s_ = value / 100.0;
        return 0;
    }
    if (address == s.decel_time_register && s.decel_time_register != 0) {
        if (value < 10) return exception_code::kIllegalDataValue;
        decel_time_s_ = value / 100.0;
        return 0;
    }
    return exception_code::kIllegalDataAddress; // read-only or unknown
}

std::uint8_t VfdModel::write(std::uint16_t address, std::span<const std::uint16_t> values,
                             Clock::time_point now) {
    advance(now);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (auto code = write_one(static_cast<std::uint16_t>(address + i), values[i]); code != 0)
            return code;
    }
    return 0;
}

std::string VfdModel::status_line() const {
    const char* state = fast_stopped_                          ? "FSTOP"
                        : fault_code_ != 0                     ? "FAULT"
                        : output_hz_ == 0 && run_ == Run::Stop ? "STOP"
                        : run_ == Run::Stop                    ? "DECEL"
                                                               : "RUN";
    char line[200];
    std::snprintf(line, sizeof line,
                  "drive %-5s out %6.2f Hz set %6.2f Hz belt %5.2f km/h fault %d", state,
                  output_hz_, setpoint_hz_, std::abs(output_hz_) / hz_per_kmh_, fault_code_);
    return line;
}

nlohmann::json VfdModel::status_json() const {
    return {{"kind", "drive"},
            {"map", map_.id},
            {"run", run_ == Run::Forward   ? "forward"
                    : run_ == Run::Reverse ? "reverse"
                                           : "stop"},
            {"setpoint_hz", setpoint_hz_},
            {"output_hz", output_hz_},
            {"belt_kmh", std::abs(output_hz_) / hz_per_kmh_},
            {"fault_code", fault_code_},
            {"fast_stop", fast_stopped_},
            {"warning_code", warning_code_},
            {"watchdog_s", watchdog_s_},
            {"watchdog_action", watchdog_action_},
            {"status_word", status_word()},
            {"sequence_position", sequence_position_},
            {"too_soon", too_soon_}};
}

} // namespace tg::sim
