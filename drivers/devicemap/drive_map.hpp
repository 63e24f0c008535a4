#pragma once
// A motor drive (VFD) described as data: which registers mean what, in which units.
// Loaded from hw/devices/*.toml; the driver and the simulator both read it, so adding
// a drive is a new file, not new code.
#include "drivers/devicemap/data_file_error.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tg::devicemap {

// A condition encoded in a status register: (register & mask) == value.
struct BitPattern {
    std::uint16_t mask = 0;
    std::uint16_t value = 0;
    bool matches(std::uint16_t reg) const { return (reg & mask) == value; }
};

// The bits of one register under `mask`, shifted down to bit 0: a code, a count, a state.
struct RegisterField {
    std::uint16_t address = 0;
    std::uint16_t mask = 0xFFFF;
    std::uint16_t value_of(std::uint16_t reg) const {
        int shift = 0;
        while (shift < 15 && ((mask >> shift) & 1U) == 0)
            ++shift;
        return static_cast<std::uint16_t>((reg & mask) >> shift);
    }
};

// How `treadguard devices check` shows a field next to its raw value.
enum class FieldKind : std::uint8_t {
    state,    // a multi-bit state: one name per value
    flag,     // one bit (or pattern) set / clear
    code,     // a fault / warning / identity code
    bitfield, // independent bits, shown in binary
    number,   // a quantity: value * scale, in unit
};

// A field a technician checks on the bench (the map's [monitor] tables).
struct MonitorField {
    std::string name;
    FieldKind kind = FieldKind::code;
    RegisterField field;
    std::map<int, std::string> states; // kind state: value -> name
    double scale = 1.0;                // kind number
    std::string unit;
    std::string source;
    std::string verify; // "" = confirmed by `source`
};

// One command word of a drive whose run command is a state-machine sequence (CiA402,
// e.g. Schneider CMD 6 -> 7 -> 15): the word written, and the state it leads to.
struct SequenceStep {
    std::uint16_t command = 0;
    BitPattern reached;
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
    // The address blocks the manual documents ([lo, hi] inclusive); every register of the
    // map lies in one. Registers the manual marks write-only are never read back.
    std::vector<std::pair<std::uint16_t, std::uint16_t>> documented_ranges;
    std::vector<std::uint16_t> write_only;
    // Timing the device needs from its master: quiet time between two requests, and
    // longer after a parameter write and after an apply (ENTER) command.
    std::chrono::milliseconds min_request_gap{0};
    std::chrono::milliseconds parameter_write_gap{0};
    std::chrono::milliseconds apply_gap{0};
    // The device's own turnaround: from the end of a request (after t3.5) to the first byte
    // of its reply ([modbus] reply_delay_us; 0 when the map does not give it).
    std::chrono::microseconds reply_delay{0};

    // Operation commands: a value written to command_register.
    std::uint16_t command_register = 0;
    std::uint16_t run_forward = 0;
    std::uint16_t run_reverse = 0;
    std::uint16_t stop = 0;
    std::uint16_t fault_reset_register = 0;
    std::uint16_t fault_reset = 0;
    // Drives whose run command is a sequence of control words (empty: run_forward alone).
    // MotorDrive writes only the steps after the state the drive is in.
    std::vector<SequenceStep> run_sequence;

    // Frequency in register units: Hz * units_per_hz.
    std::uint16_t frequency_setpoint_register = 0;
    std::uint16_t output_frequency_register = 0;
    double units_per_hz = 100.0;

    // The status word: running / stopping / idle / quick stop are values of one (possibly
    // multi-bit) state field; fault and comm timeout are flags beside it.
    std::uint16_t status_register = 0;
    BitPattern status_running;
    std::optional<BitPattern> status_stopping;     // not every drive reports decelerating
    std::optional<BitPattern> status_idle;         // stopped and not yet switched on
    std::optional<BitPattern> status_quick_stop;   // the fast stop is active
    std::optional<BitPattern> status_fault;        // some drives flag faults in the word
    std::optional<BitPattern> status_comm_timeout; // the drive's comm watchdog tripped
    // The fault code (e.g. Delta 0x2100 low byte), where the drive has one; read only while
    // status_fault is set when the map has that flag. Warnings are a separate field.
    std::optional<std::uint16_t> error_register;
    std::uint16_t error_mask = 0xFFFF; // bits of error_register that hold the fault code
    std::optional<RegisterField> warning;
    std::optional<RegisterField> fault_detail; // a bitfield of fault contents (Yaskawa 0x0021)

    // Communication-loss watchdog, written at connect so the belt stops if we go silent.
    // A drive whose timeout is only settable on the drive (no register for it) names the
    // parameter in watchdog_set_on_drive instead; then nothing is written at connect.
    std::optional<std::string> watchdog_set_on_drive;
    std::uint16_t watchdog_timeout_register = 0;
    double watchdog_units_per_s = 10.0;
    std::optional<std::uint16_t> watchdog_action_register;
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
        std::string mechanism; // "external-fault", "fast-stop-input" or "quick-stop"
        std::uint16_t register_address = 0;
        std::uint16_t value = 0;       // the bits written (the register's other bits 0)
        std::optional<int> fault_code; // the fault the drive then shows, where known
        std::string verify;            // facts still to check on the bench ("" = none)
        // On the command register itself (V20 OFF3, CiA402 quick stop) the fast-stop word
        // already means "not running": the ordinary stop after it would cancel it.
        bool replaces_stop = false;
    };
    std::optional<FastStop> fast_stop;

    std::map<int, std::string> fault_names; // fault code -> "CODE: meaning"
    std::vector<MonitorField> monitors;     // extra fields shown by `devices check`
    // "[section] what is unconfirmed", from each section's `verify` key (the fast stop's
    // and the monitors' own notes are in their structs).
    std::vector<std::string> verify_notes;

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
        double watchdog_s = 0; // the drive's timeout as set on the drive (set_on_drive maps)
    } simulation;

    std::string fault_name(int code) const;
    bool is_write_only(std::uint16_t address) const;
    bool is_documented(std::uint16_t address) const;
    // Every fact of the map still marked "verify", one line each ("" = all confirmed).
    std::vector<std::string> unverified() const;
};

std::variant<DriveMap, DataFileError> load_drive_map(const std::string& path);

} // namespace tg::devicemap
