#include "drivers/devicemap/drive_map.hpp"

#include "drivers/devicemap/drive_map_checks.hpp"
#include "drivers/devicemap/monitor_fields.hpp"
#include "drivers/devicemap/register_fields.hpp"
#include "drivers/devicemap/toml_fields.hpp"

#include <algorithm>

namespace tg::devicemap {
namespace {

constexpr long long kRegMax = 0xFFFF;

std::uint16_t reg(TomlFields& f, std::string_view key) {
    return register_field(f, key);
}

std::optional<std::uint16_t> optional_reg(TomlFields& f, std::string_view key) {
    if (auto r = f.integer(key, 0, kRegMax, -1); r && *r >= 0)
        return static_cast<std::uint16_t>(*r);
    return std::nullopt;
}

std::optional<BitPattern> pattern(TomlFields& f, std::string_view key, bool required) {
    return bit_pattern_field(f, key, required);
}

std::chrono::milliseconds millis(TomlFields& f, std::string_view key) {
    return std::chrono::milliseconds(f.integer(key, 0, 10000, 0).value_or(0));
}

// A section's `verify` note (facts it holds that no source confirms).
void verify_note(TomlFields& f, DriveMap& m, std::string_view section) {
    auto v = f.text("verify", "").value_or("");
    if (!v.empty()) m.verify_notes.push_back("[" + std::string(section) + "] " + v);
}

void read_device(TomlFields& f, DriveMap& m) {
    m.id = f.text("id").value_or("");
    m.name = f.text("name").value_or("");
    m.source = f.text("source", "").value_or("");
    auto kind = f.text("kind").value_or("");
    if (kind != "motor-drive" && !f.error())
        f.fail(nullptr,
               "[device] kind must be \"motor-drive\" for a drive map, got \"" + kind + "\"");
    m.default_unit = static_cast<int>(f.integer("default_unit", 1, 247).value_or(1));
    verify_note(f, m, "device");
}

void read_modbus(TomlFields& f, DriveMap& m) {
    m.function_06 = f.boolean("function_06").value_or(true);
    m.max_read_registers = static_cast<int>(f.integer("max_read_registers", 1, 125).value_or(1));
    m.max_write_registers =
        static_cast<int>(f.integer("max_write_registers", 1, 123, 123).value_or(1));
    m.documented_ranges = range_list_field(f, "documented_ranges");
    m.write_only = register_list_field(f, "write_only");
    m.min_request_gap = millis(f, "min_request_gap_ms");
    m.parameter_write_gap = millis(f, "parameter_write_gap_ms");
    m.apply_gap = millis(f, "apply_gap_ms");
    m.reply_delay =
        std::chrono::microseconds(f.integer("reply_delay_us", 0, 1000000, 0).value_or(0));
    verify_note(f, m, "modbus");
}

// `run_sequence = [{ command = 6, mask = 0x006F, value = 0x0031 }, ...]`
void read_run_sequence(TomlFields& f, DriveMap& m) {
    const toml::node* node = f.any("run_sequence", false);
    if (node == nullptr) return;
    const toml::array* steps = node->as_array();
    if (steps == nullptr || steps->size() < 2 || steps->size() > 8) {
        f.fail(node, "'run_sequence' must be an array of 2 to 8 { command, mask, value } steps");
        return;
    }
    for (const auto& item : *steps) {
        const toml::table* t = item.as_table();
        if (t == nullptr) {
            f.fail(&item, "'run_sequence' steps must be { command, mask, value } tables");
            return;
        }
        TomlFields s(*t, f.file(), "command.run_sequence");
        SequenceStep step{reg(s, "command"), {mask_field(s, "mask"), reg(s, "value")}};
        s.reject_unknown_keys();
        if (s.error()) return f.fail(&item, s.error()->reason);
        if ((step.reached.value & ~step.reached.mask) != 0 || step.reached.mask == 0)
            return f.fail(&item, "run_sequence: value must lie inside a non-zero mask");
        m.run_sequence.push_back(step);
    }
    if (!f.error() && m.run_sequence.back().command != m.run_forward)
        f.fail(&(*steps)[steps->size() - 1],
               "'run_sequence' must end with run_forward (the command that runs)");
}

void read_command(TomlFields& f, DriveMap& m) {
    m.command_register = reg(f, "register");
    m.run_forward = reg(f, "run_forward");
    m.run_reverse = reg(f, "run_reverse");
    m.stop = reg(f, "stop");
    m.fault_reset_register = reg(f, "fault_reset_register");
    m.fault_reset = reg(f, "fault_reset");
    read_run_sequence(f, m);
    verify_note(f, m, "command");
}

void read_frequency(TomlFields& f, DriveMap& m) {
    m.frequency_setpoint_register = reg(f, "setpoint_register");
    m.output_frequency_register = reg(f, "output_register");
    // Either units per hertz, or a full-scale word for a reference frequency (V20:
    // 16384 = 100 % of P2000).
    if (f.node("full_scale_units") != nullptr) {
        const double units = f.number("full_scale_units", 1, 65535).value_or(16384);
        const double hz = f.number("full_scale_hz", 1, 650).value_or(50);
        m.units_per_hz = units / hz;
    } else {
        m.units_per_hz = f.number("units_per_hz", 1, 1000).value_or(100);
    }
    verify_note(f, m, "frequency");
}

void read_status(TomlFields& f, DriveMap& m) {
    m.status_register = reg(f, "register");
    m.status_running = pattern(f, "running", true).value_or(BitPattern{});
    m.status_stopping = pattern(f, "stopping", false);
    m.status_idle = pattern(f, "idle", false);
    m.status_quick_stop = pattern(f, "quick_stop", false);
    m.status_fault = pattern(f, "fault", false);
    m.status_comm_timeout = pattern(f, "comm_timeout", false);
    m.error_register = optional_reg(f, "error_register");
    m.error_mask = mask_field(f, "error_mask", 0xFFFF);
    m.warning = register_mask_field(f, "warning", false);
    m.fault_detail = register_mask_field(f, "fault_detail", false);
    if (!f.error() && !m.error_register && !m.status_fault)
        f.fail(nullptr, "[status] needs error_register or a fault pattern: a faulted drive "
                        "must be seen");
    verify_note(f, m, "status");
}

void read_watchdog(TomlFields& f, DriveMap& m) {
    m.watchdog_set_on_drive = f.text("set_on_drive", "").value_or("");
    if (m.watchdog_set_on_drive->empty()) m.watchdog_set_on_drive.reset();
    if (!m.watchdog_set_on_drive) {
        m.watchdog_timeout_register = reg(f, "timeout_register");
        m.watchdog_units_per_s = f.number("timeout_units_per_s", 1, 1000).value_or(10);
    }
    m.watchdog_action_register = optional_reg(f, "action_register");
    if (m.watchdog_action_register) {
        m.watchdog_action_ramp_stop = reg(f, "action_ramp_stop");
        if (auto c = f.integer("action_coast", 0, kRegMax, -1); c && *c >= 0)
            m.watchdog_action_coast = static_cast<std::uint16_t>(*c);
    }
    // 0: the drive's code for a comm time-out is not known (the fault still shows).
    m.comm_fault_code =
        static_cast<std::uint16_t>(f.integer("comm_fault_code", 0, kRegMax, 0).value_or(0));
    if (auto r = optional_reg(f, "enable_register")) {
        m.watchdog_enable_register = r;
        m.watchdog_enable_value =
            static_cast<std::uint16_t>(f.integer("enable_value", 0, kRegMax).value_or(1));
    }
    if (auto r = optional_reg(f, "apply_register")) {
        m.apply_register = r;
        m.apply_value =
            static_cast<std::uint16_t>(f.integer("apply_value", 0, kRegMax).value_or(0));
    }
    verify_note(f, m, "watchdog");
}

void read_simulation(TomlFields& f, DriveMap& m) {
    auto& s = m.simulation;
    s.max_frequency_hz = f.number("max_frequency_hz", 10, 400).value_or(60);
    s.accel_time_s = f.number("accel_time_s", 0.1, 600).value_or(10);
    s.decel_time_s = f.number("decel_time_s", 0.1, 600).value_or(10);
    // 0: the sim has no such parameter register.
    auto optional_sim_reg = [&](std::string_view key) {
        return static_cast<std::uint16_t>(f.integer(key, 0, kRegMax, 0).value_or(0));
    };
    s.max_frequency_register = optional_sim_reg("max_frequency_register");
    s.accel_time_register = optional_sim_reg("accel_time_register");
    s.decel_time_register = optional_sim_reg("decel_time_register");
    s.identity_value =
        static_cast<std::uint16_t>(f.integer("identity_value", 0, kRegMax, 0).value_or(0));
    s.fast_stop_decel_time_s = f.number("fast_stop_decel_time_s", 0.1, 600, 2.0).value_or(2.0);
    s.watchdog_s = f.number("watchdog_s", 0, 100, 0).value_or(0);
    if (m.fast_stop && s.fast_stop_decel_time_s >= s.decel_time_s && !f.error())
        f.fail(f.node("fast_stop_decel_time_s"),
               "[simulation] fast_stop_decel_time_s must be shorter than decel_time_s "
               "(a fast stop is faster than a controlled stop)");
}

void read_fast_stop(TomlFields& f, DriveMap& m) {
    DriveMap::FastStop fs;
    fs.mechanism = f.text("mechanism").value_or("");
    if (!f.error() && fs.mechanism != "external-fault" && fs.mechanism != "fast-stop-input" &&
        fs.mechanism != "quick-stop")
        f.fail(f.node("mechanism"),
               "[fast_stop] mechanism must be \"external-fault\", \"fast-stop-input\" or "
               "\"quick-stop\", got \"" +
                   fs.mechanism + "\"");
    fs.register_address = reg(f, "register");
    fs.value = static_cast<std::uint16_t>(f.integer("value", 1, kRegMax).value_or(1));
    if (auto c = f.integer("fault_code", 1, kRegMax, -1); c && *c >= 0)
        fs.fault_code = static_cast<int>(*c);
    fs.verify = f.text("verify", "").value_or("");
    fs.replaces_stop = fs.register_address == m.command_register;
    m.fast_stop = fs;
}

void read_faults(const toml::table& t, TomlFields& parent, DriveMap& m) {
    for (const auto& [key, node] : t) {
        int code = 0;
        try {
            code = std::stoi(std::string(key.str()));
        } catch (...) {
            parent.fail(&node, "[faults] keys must be fault code numbers, got '" +
                                   std::string(key.str()) + "'");
            return;
        }
        if (!node.is_string()) {
            parent.fail(&node, "[faults] " + std::string(key.str()) + " must be a string");
            return;
        }
        m.fault_names[code] = std::string(*node.value<std::string_view>());
    }
}

// Reads one required sub-table with its own strict field reader.
template <class Reader>
void section(TomlFields& root, std::string_view name, DriveMap& m, Reader read) {
    if (root.node(name) == nullptr) {
        (void)root.any(name, false);
        throw DataFileError{root.file(), 1,
                            "the map has no [" + std::string(name) +
                                "] section: every drive map needs one"};
    }
    const toml::table* t = root.table(name);
    if (t == nullptr) throw *root.error();
    TomlFields f(*t, root.file(), std::string(name));
    read(f, m);
    f.reject_unknown_keys();
    if (f.error()) throw *f.error();
}

} // namespace

std::string DriveMap::fault_name(int code) const {
    auto it = fault_names.find(code);
    if (it != fault_names.end()) return it->second;
    if (code < 0) return "fault flagged in the status word (no fault code register)";
    return "fault code " + std::to_string(code) + " (not in the device map)";
}

bool DriveMap::is_write_only(std::uint16_t address) const {
    return std::find(write_only.begin(), write_only.end(), address) != write_only.end();
}

bool DriveMap::is_documented(std::uint16_t address) const {
    return std::any_of(documented_ranges.begin(), documented_ranges.end(),
                       [&](const auto& r) { return address >= r.first && address <= r.second; });
}

std::vector<std::string> DriveMap::unverified() const {
    std::vector<std::string> out = verify_notes;
    if (fast_stop && !fast_stop->verify.empty()) out.push_back("[fast_stop] " + fast_stop->verify);
    for (const auto& mf : monitors)
        if (!mf.verify.empty()) out.push_back("[monitor." + mf.name + "] " + mf.verify);
    return out;
}

std::variant<DriveMap, DataFileError> load_drive_map(const std::string& path) {
    ParsedToml parsed = parse_toml_file(path);
    if (parsed.error) return *parsed.error;
    DriveMap m;
    TomlFields root(parsed.table, path, "");
    try {
        section(root, "device", m, read_device);
        section(root, "modbus", m, read_modbus);
        section(root, "command", m, read_command);
        section(root, "frequency", m, read_frequency);
        section(root, "status", m, read_status);
        section(root, "watchdog", m, read_watchdog);
        if (const toml::table* id = root.table("identity", false)) {
            TomlFields f(*id, path, "identity");
            m.identity_register = reg(f, "register");
            f.reject_unknown_keys();
            if (f.error()) return *f.error();
        }
        if (const toml::table* faults = root.table("faults", false)) read_faults(*faults, root, m);
        if (const toml::table* monitors = root.table("monitor", false)) {
            if (auto e = read_monitor_fields(*monitors, path, m.monitors)) return *e;
        }
        section(root, "fast_stop", m, read_fast_stop);
        section(root, "simulation", m, read_simulation);
    } catch (const DataFileError& e) {
        return e;
    }
    root.reject_unknown_keys();
    if (root.error()) return *root.error();
    if (auto nonsense = check_drive_map(parsed.table, path, m)) return *nonsense;
    return m;
}

} // namespace tg::devicemap
