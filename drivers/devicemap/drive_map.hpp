#pragma once
// A motor drive (VFD) described as data: which registers mean what, in which units.
// Loaded from hw/devices/*.toml; the driver and the simulator both read it, so adding
// a drive is a new file, not new code.
#include "drivers/devicemap/data_file_error.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace tg::devicemap {

// A condition encoded in a status register: (register & mask) == value.
struct BitPattern {
    std::uint16_t mask = 0;
    std::uint16_t value = 0;
    bool matches(std::uint16_t reg) const { return (reg & mask) == value; }
};

struct DriveMap {
    std::string id;
    std::string name;
    std::string source; // where the register facts come from
    int default_unit = 1;

    // Bus limits of the device.
    bool function_06 = true;
    int max_read_registers = 125;
    int max_write_registers = 123;

    // Operation commands: a value written to command_register.
    std::uint16_t command_register = 0;
    std::uint16_t run_forward = 0;
    std::uint16_t run_reverse = 0;
    std::uint16_t stop = 0;
    std::uint16_t fault_reset_register = 0;
    std::uint16_t fault_reset = 0;

    // Frequency in register units: Hz * units_per_hz.
    std::uint16_t frequency_setpoint_register = 0;
    std::uint16_t output_frequency_register = 0;
    double units_per_hz = 100.0;

    std::uint16_t status_register = 0;
    BitPattern status_running;
    std::optional<BitPattern> status_stopping; // not every drive reports decelerating
    std::optional<BitPattern> status_fault;    // some drives flag faults in the status word
    std::uint16_t error_register = 0;
    std::uint16_t error_mask = 0xFFFF; // bits of error_register that hold the fault code

    // Communication-loss watchdog, written at connect so the belt stops if we go silent.
    std::uint16_t watchdog_timeout_register = 0;
    double watchdog_units_per_s = 10.0;
    std::uint16_t watchdog_action_register = 0;
    std::uint16_t watchdog_action_ramp_stop = 0;
    std::optional<std::uint16_t> watchdog_action_coast;
    std::uint16_t comm_fault_code = 0; // the fault code the drive shows after a comm timeout
    std::optional<std::uint16_t> watchdog_enable_register; // drives with a separate on/off
    std::uint16_t watchdog_enable_value = 1;
    // Drives that buffer parameter writes until an ENTER/apply command (Yaskawa MEMOBUS).
    std::optional<std::uint16_t> apply_register;
    std::uint16_t apply_value = 0;

    std::optional<std::uint16_t> identity_register; // read at connect where the map has one

    // The drive's own fast (emergency) stop, used for an emergency stop instead of the
    // ordinary stop command: a value written to a register that makes the drive stop by
    // its emergency method and deceleration (set on the drive), and latch until reset.
    struct FastStop {
        std::string mechanism; // "external-fault" or "fast-stop-input"
        std::uint16_t register_address = 0;
        std::uint16_t value = 0;       // the bits written (the register's other bits 0)
        std::optional<int> fault_code; // the fault the drive then shows, where known
        std::string verify;            // facts still to check on the bench ("" = none)
    };
    std::optional<FastStop> fast_stop;

    std::map<int, std::string> fault_names; // fault code -> "CODE: meaning"

    // Parameters of treadguard-sim's model of this drive (not used by the driver).
    struct Simulation {
        double max_frequency_hz = 60.0;
        double accel_time_s = 10.0; // 0 -> max frequency
        double decel_time_s = 10.0; // max frequency -> 0
        std::uint16_t max_frequency_register = 0;
        std::uint16_t accel_time_register = 0; // 0.01 s
        std::uint16_t decel_time_register = 0; // 0.01 s
        std::uint16_t identity_value = 0;
        double fast_stop_decel_time_s = 2.0; // max frequency -> 0 on a fast stop
    } simulation;

    std::string fault_name(int code) const;
};

std::variant<DriveMap, DataFileError> load_drive_map(const std::string& path);

} // namespace tg::devicemap
