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
    std::string section;
    std::string key;
    std::uint16_t address;
};

// A field of a register that the driver or `devices check` reads.
struct Field {
    Reg reg;
    std::uint16_t mask;
};

class Checker {
public:
    Checker(const toml::table& root, const std::string& file) : root_(root), file_(file) {}

    // Refuses when `a` and `b` name the same register.
    void distinct(const Reg& a, const Reg& b, const char* why) {
        if (a.address == b.address)
            refuse(b.section, b.key,
                   "[" + b.section + "] " + b.key + " = " + hex(b.address) +
                       " is the same register as [" + a.section + "] " + a.key + ": " + why);
    }
    void refuse(const std::string& section, const std::string& key, std::string reason) {
        if (error_) return;
        error_ = DataFileError{file_, line_of(section, key), std::move(reason)};
    }
    std::optional<DataFileError> error() const { return error_; }

private:
    int line_of(const std::string& section, const std::string& key) const {
        if (const auto* node = root_.at_path(section + "." + key).node())
            return static_cast<int>(node->source().begin.line);
        if (const auto* node = root_.at_path(section).node())
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
    const char* own = "each register has one meaning";
    c.distinct(command, setpoint, "a speed setpoint would be taken as a run/stop command");
    c.distinct(command, output, "the output frequency would be read from the command register");
    c.distinct(setpoint, output, "the drive's output would be our own setpoint read back");
    c.distinct(command, status, "the drive's state would be our own command read back");
    c.distinct(setpoint, status, "the drive's state would be our own setpoint read back");
    c.distinct(status, output, own);
    std::vector<Reg> controls{command, setpoint, output, status};
    if (m.error_register) {
        const Reg error{"status", "error_register", *m.error_register};
        c.distinct(command, error, "the fault code would be our own command read back");
        controls.push_back(error);
    }
    std::vector<Reg> watchdog;
    if (!m.watchdog_set_on_drive)
        watchdog.push_back({"watchdog", "timeout_register", m.watchdog_timeout_register});
    if (m.watchdog_action_register)
        watchdog.push_back({"watchdog", "action_register", *m.watchdog_action_register});
    if (m.watchdog_enable_register)
        watchdog.push_back({"watchdog", "enable_register", *m.watchdog_enable_register});
    for (const auto& w : watchdog)
        for (const auto& r : controls)
            c.distinct(r, w, "arming the watchdog would overwrite it");
    if (watchdog.size() >= 2) c.distinct(watchdog[0], watchdog[1], own);
    if (m.apply_register) {
        const Reg apply{"watchdog", "apply_register", *m.apply_register};
        for (const auto& r : controls)
            c.distinct(r, apply, "the apply (ENTER) command would overwrite it");
    }
    c.distinct(setpoint, {"command", "fault_reset_register", m.fault_reset_register},
               "a fault reset would be written as a speed");
}

// The bits that make the run word differ from the stop word: a reset or a fast stop on the
// command register that sets any of them would run the belt.
std::uint16_t run_bits(const DriveMap& m) {
    return static_cast<std::uint16_t>((m.run_forward | m.run_reverse) & ~m.stop);
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
        if ((m.fault_reset & run_bits(m)) != 0)
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
        ((f.value & run_bits(m)) != 0 || f.value == m.stop))
        c.refuse("fast_stop", "value",
                 "[fast_stop] value on the command register shares bits with a run code or "
                 "equals stop: it would not be a fast stop");
    // On the command register the reset is the bits it sets beyond the stop word (V20 b7).
    const std::uint16_t reset_bits = m.fault_reset_register == m.command_register
                                         ? static_cast<std::uint16_t>(m.fault_reset & ~m.stop)
                                         : m.fault_reset;
    if (f.register_address == m.fault_reset_register && (f.value & reset_bits) != 0)
        c.refuse("fast_stop", "value",
                 "[fast_stop] value includes the fault reset bit: it would reset, not stop");
}

// Every register the map names, with the key that names it.
std::vector<Reg> all_registers(const DriveMap& m) {
    std::vector<Reg> out{{"command", "register", m.command_register},
                         {"command", "fault_reset_register", m.fault_reset_register},
                         {"frequency", "setpoint_register", m.frequency_setpoint_register},
                         {"frequency", "output_register", m.output_frequency_register},
                         {"status", "register", m.status_register}};
    auto add = [&](const char* section, const char* key, std::optional<std::uint16_t> r) {
        if (r) out.push_back({section, key, *r});
    };
    add("status", "error_register", m.error_register);
    if (m.warning) out.push_back({"status.warning", "register", m.warning->address});
    if (m.fault_detail) out.push_back({"status.fault_detail", "register", m.fault_detail->address});
    if (!m.watchdog_set_on_drive) add("watchdog", "timeout_register", m.watchdog_timeout_register);
    add("watchdog", "action_register", m.watchdog_action_register);
    add("watchdog", "enable_register", m.watchdog_enable_register);
    add("watchdog", "apply_register", m.apply_register);
    if (m.fast_stop) out.push_back({"fast_stop", "register", m.fast_stop->register_address});
    add("identity", "register", m.identity_register);
    for (const auto& f : m.monitors)
        out.push_back({"monitor." + f.name, "register", f.field.address});
    const auto& s = m.simulation;
    for (auto [key, r] : {std::pair{"max_frequency_register", s.max_frequency_register},
                          std::pair{"accel_time_register", s.accel_time_register},
                          std::pair{"decel_time_register", s.decel_time_register}})
        if (r != 0) out.push_back({"simulation", key, r});
    return out;
}

void check_documented_ranges(Checker& c, const DriveMap& m) {
    for (const auto& r : all_registers(m))
        if (!m.is_documented(r.address))
            c.refuse(r.section, r.key,
                     "[" + r.section + "] " + r.key + " = " + hex(r.address) +
                         " is outside the device's documented address ranges "
                         "([modbus] documented_ranges)");
}

// The fields that are read: each must be readable, and no two may share a bit.
std::vector<Field> read_fields(const DriveMap& m) {
    std::uint16_t state = m.status_running.mask;
    for (const auto& p : {m.status_stopping, m.status_idle, m.status_quick_stop})
        if (p) state |= p->mask;
    for (const auto& step : m.run_sequence)
        state |= step.reached.mask;
    std::vector<Field> out{{{"status", "running", m.status_register}, state},
                           {{"frequency", "output_register", m.output_frequency_register}, 0xFFFF}};
    // A flag inside the state field's bits is one of its values (CiA402: fault is a state).
    for (auto [key, p] :
         {std::pair{"fault", m.status_fault}, std::pair{"comm_timeout", m.status_comm_timeout}})
        if (p && (p->mask & ~state) != 0)
            out.push_back({{"status", key, m.status_register}, p->mask});
    if (m.error_register)
        out.push_back({{"status", "error_mask", *m.error_register}, m.error_mask});
    if (m.warning) out.push_back({{"status.warning", "mask", m.warning->address}, m.warning->mask});
    if (m.fault_detail)
        out.push_back(
            {{"status.fault_detail", "mask", m.fault_detail->address}, m.fault_detail->mask});
    if (m.identity_register)
        out.push_back({{"identity", "register", *m.identity_register}, 0xFFFF});
    for (const auto& f : m.monitors)
        out.push_back({{"monitor." + f.name, "mask", f.field.address}, f.field.mask});
    return out;
}

void check_write_only(Checker& c, const DriveMap& m) {
    for (const auto& f : read_fields(m))
        if (m.is_write_only(f.reg.address))
            c.refuse(f.reg.section, f.reg.section.starts_with("monitor.") ? "register" : f.reg.key,
                     "[" + f.reg.section + "] reads " + hex(f.reg.address) +
                         ", which the manual marks write-only ([modbus] write_only)");
}

void check_overlaps(Checker& c, const DriveMap& m) {
    const auto fields = read_fields(m);
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (std::size_t j = 0; j < i; ++j) {
            const auto& a = fields[j];
            const auto& b = fields[i];
            if (a.reg.address == b.reg.address && (a.mask & b.mask) != 0)
                c.refuse(b.reg.section, b.reg.key,
                         "[" + b.reg.section + "] " + b.reg.key + " overlaps [" + a.reg.section +
                             "] " + a.reg.key + ": bits " + hex(a.mask & b.mask) + " of " +
                             hex(a.reg.address) + " would have two meanings");
        }
}

} // namespace

std::optional<DataFileError> check_drive_map(const toml::table& root, const std::string& file,
                                             const DriveMap& map) {
    Checker c(root, file);
    check_registers(c, map);
    check_codes(c, map);
    check_fast_stop(c, map);
    check_documented_ranges(c, map);
    check_write_only(c, map);
    check_overlaps(c, map);
    return c.error();
}

} // namespace tg::devicemap
