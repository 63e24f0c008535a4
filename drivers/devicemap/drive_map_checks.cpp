#include "drivers/devicemap/drive_map_checks.hpp"

#include <cstdio>
#include <vector>

namespace tg::devicemap {
namespace {

std::string hex(std::uint16_t v) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%04X", v);
    return text;
}

// A register of the map, named by the section and key that gave it.
struct Reg {
    const char* section;
    const char* key;
    std::uint16_t address;
};

class Checker {
public:
    Checker(const toml::table& root, const std::string& file) : root_(root), file_(file) {}

    // Refuses when `a` and `b` name the same register.
    void distinct(const Reg& a, const Reg& b, const char* why) {
        if (a.address == b.address)
            refuse(b.section, b.key,
                   "[" + std::string(b.section) + "] " + b.key + " = " + hex(b.address) +
                       " is the same register as [" + a.section + "] " + a.key + ": " + why);
    }
    void refuse(const char* section, const char* key, std::string reason) {
        if (error_) return;
        error_ = DataFileError{file_, line_of(section, key), std::move(reason)};
    }
    std::optional<DataFileError> error() const { return error_; }

private:
    int line_of(const char* section, const char* key) const {
        if (const auto* node = root_.at_path(std::string(section) + "." + key).node())
            return static_cast<int>(node->source().begin.line);
        if (const auto* node = root_.get(section))
            return static_cast<int>(node->source().begin.line);
        return 0;
    }

    const toml::table& root_;
    const std::string& file_;
    std::optional<DataFileError> error_;
};

void check_registers(Checker& c, const DriveMap& m) {
    const Reg command{"command", "register", m.command_register};
    const Reg setpoint{"frequency", "setpoint_register", m.frequency_setpoint_register};
    const Reg output{"frequency", "output_register", m.output_frequency_register};
    const Reg status{"status", "register", m.status_register};
    const Reg error{"status", "error_register", m.error_register};
    const Reg timeout{"watchdog", "timeout_register", m.watchdog_timeout_register};
    const Reg action{"watchdog", "action_register", m.watchdog_action_register};
    const char* own = "each register has one meaning";
    c.distinct(command, setpoint, "a speed setpoint would be taken as a run/stop command");
    c.distinct(command, output, "the output frequency would be read from the command register");
    c.distinct(setpoint, output, "the drive's output would be our own setpoint read back");
    c.distinct(command, status, "the drive's state would be our own command read back");
    c.distinct(setpoint, status, "the drive's state would be our own setpoint read back");
    c.distinct(command, error, "the fault code would be our own command read back");
    c.distinct(status, output, own);
    const std::vector<Reg> controls{command, setpoint, output, status, error};
    for (const auto& r : controls) {
        c.distinct(r, timeout, "arming the watchdog would overwrite it");
        c.distinct(r, action, "arming the watchdog would overwrite it");
    }
    c.distinct(timeout, action, own);
    if (m.watchdog_enable_register) {
        const Reg enable{"watchdog", "enable_register", *m.watchdog_enable_register};
        for (const auto& r : controls)
            c.distinct(r, enable, "arming the watchdog would overwrite it");
    }
    if (m.apply_register) {
        const Reg apply{"watchdog", "apply_register", *m.apply_register};
        for (const auto& r : controls)
            c.distinct(r, apply, "the apply (ENTER) command would overwrite it");
    }
    c.distinct(setpoint, {"command", "fault_reset_register", m.fault_reset_register},
               "a fault reset would be written as a speed");
}

void check_codes(Checker& c, const DriveMap& m) {
    if (m.run_forward == m.stop)
        c.refuse("command", "run_forward", "[command] run_forward equals stop: stop would run");
    if (m.run_reverse == m.stop)
        c.refuse("command", "run_reverse", "[command] run_reverse equals stop: stop would run");
    if (m.run_forward == m.run_reverse)
        c.refuse("command", "run_reverse", "[command] run_reverse equals run_forward");
    if (m.fault_reset == 0)
        c.refuse("command", "fault_reset", "[command] fault_reset = 0 sets no reset bit");
    if (m.fault_reset_register == m.command_register) {
        if ((m.fault_reset & m.run_forward) != 0 || (m.fault_reset & m.run_reverse) != 0)
            c.refuse("command", "fault_reset",
                     "[command] fault_reset shares bits with a run code on the command "
                     "register: a fault reset would start the belt");
        if (m.fault_reset == m.stop)
            c.refuse("command", "fault_reset",
                     "[command] fault_reset equals stop on the same register: no reset");
    }
    if (m.status_running.mask == 0)
        c.refuse("status", "running", "[status] running has mask 0: the belt would always run");
    if (m.status_stopping && m.status_stopping->mask == m.status_running.mask &&
        m.status_stopping->value == m.status_running.value)
        c.refuse("status", "stopping", "[status] stopping is the same pattern as running");
}

void check_fast_stop(Checker& c, const DriveMap& m) {
    if (!m.fast_stop) return;
    const auto& f = *m.fast_stop;
    c.distinct({"frequency", "setpoint_register", m.frequency_setpoint_register},
               {"fast_stop", "register", f.register_address},
               "the fast stop would be written as a speed");
    c.distinct({"status", "register", m.status_register},
               {"fast_stop", "register", f.register_address},
               "the fast stop would go to a read-only status register");
    if (f.register_address == m.command_register &&
        ((f.value & m.run_forward) != 0 || (f.value & m.run_reverse) != 0 || f.value == m.stop))
        c.refuse("fast_stop", "value",
                 "[fast_stop] value on the command register shares bits with a run code or "
                 "equals stop: it would not be a fast stop");
    if (f.register_address == m.fault_reset_register && (f.value & m.fault_reset) != 0)
        c.refuse("fast_stop", "value",
                 "[fast_stop] value includes the fault reset bit: it would reset, not stop");
}

} // namespace

std::optional<DataFileError> check_drive_map(const toml::table& root, const std::string& file,
                                             const DriveMap& map) {
    Checker c(root, file);
    check_registers(c, map);
    check_codes(c, map);
    check_fast_stop(c, map);
    return c.error();
}

} // namespace tg::devicemap
