#include "drivers/devicemap/drive_map.hpp"

#include "drivers/devicemap/drive_map_checks.hpp"
#include "drivers/devicemap/register_fields.hpp"
#include "drivers/devicemap/toml_fields.hpp"

namespace tg::devicemap {
namespace {

constexpr long long kRegMax = 0xFFFF;

std::uint16_t reg(TomlFields& f, std::string_view key) {
    return register_field(f, key);
}

std::optional<BitPattern> pattern(TomlFields& f, std::string_view key, bool required) {
    return bit_pattern_field(f, key, required);
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
}

void read_modbus(TomlFields& f, DriveMap& m) {
    m.function_06 = f.boolean("function_06").value_or(true);
    m.max_read_registers = static_cast<int>(f.integer("max_read_registers", 1, 125).value_or(1));
    m.max_write_registers =
        static_cast<int>(f.integer("max_write_registers", 1, 123, 123).value_or(1));
}

void read_command(TomlFields& f, DriveMap& m) {
    m.command_register = reg(f, "register");
    m.run_forward = reg(f, "run_forward");
    m.run_reverse = reg(f, "run_reverse");
    m.stop = reg(f, "stop");
    m.fault_reset_register = reg(f, "fault_reset_register");
    m.fault_reset = reg(f, "fault_reset");
}

void read_frequency(TomlFields& f, DriveMap& m) {
    m.frequency_setpoint_register = reg(f, "setpoint_register");
    m.output_frequency_register = reg(f, "output_register");
    m.units_per_hz = f.number("units_per_hz", 1, 1000).value_or(100);
}

void read_status(TomlFields& f, DriveMap& m) {
    m.status_register = reg(f, "register");
    m.status_running = pattern(f, "running", true).value_or(BitPattern{});
    m.status_stopping = pattern(f, "stopping", false);
    m.status_fault = pattern(f, "fault", false);
    m.error_register = reg(f, "error_register");
    m.error_mask =
        static_cast<std::uint16_t>(f.integer("error_mask", 1, kRegMax, 0xFFFF).value_or(0));
}

void read_watchdog(TomlFields& f, DriveMap& m) {
    m.watchdog_timeout_register = reg(f, "timeout_register");
    m.watchdog_units_per_s = f.number("timeout_units_per_s", 1, 1000).value_or(10);
    m.watchdog_action_register = reg(f, "action_register");
    m.watchdog_action_ramp_stop = reg(f, "action_ramp_stop");
    if (auto c = f.integer("action_coast", 0, kRegMax, -1); c && *c >= 0)
        m.watchdog_action_coast = static_cast<std::uint16_t>(*c);
    m.comm_fault_code = reg(f, "comm_fault_code");
    if (auto r = f.integer("enable_register", 0, kRegMax, -1); r && *r >= 0) {
        m.watchdog_enable_register = static_cast<std::uint16_t>(*r);
        m.watchdog_enable_value =
            static_cast<std::uint16_t>(f.integer("enable_value", 0, kRegMax).value_or(1));
    }
    if (auto r = f.integer("apply_register", 0, kRegMax, -1); r && *r >= 0) {
        m.apply_register = static_cast<std::uint16_t>(*r);
        m.apply_value =
            static_cast<std::uint16_t>(f.integer("apply_value", 0, kRegMax).value_or(0));
    }
}

void read_simulation(TomlFields& f, DriveMap& m) {
    auto& s = m.simulation;
    s.max_frequency_hz = f.number("max_frequency_hz", 10, 400).value_or(60);
    s.accel_time_s = f.number("accel_time_s", 0.1, 600).value_or(10);
    s.decel_time_s = f.number("decel_time_s", 0.1, 600).value_or(10);
    s.max_frequency_register = reg(f, "max_frequency_register");
    s.accel_time_register = reg(f, "accel_time_register");
    s.decel_time_register = reg(f, "decel_time_register");
    s.identity_value =
        static_cast<std::uint16_t>(f.integer("identity_value", 0, kRegMax, 0).value_or(0));
    s.fast_stop_decel_time_s = f.number("fast_stop_decel_time_s", 0.1, 600, 2.0).value_or(2.0);
    if (m.fast_stop && s.fast_stop_decel_time_s >= s.decel_time_s && !f.error())
        f.fail(f.node("fast_stop_decel_time_s"),
               "[simulation] fast_stop_decel_time_s must be shorter than decel_time_s "
               "(a fast stop is faster than a controlled stop)");
}

void read_fast_stop(TomlFields& f, DriveMap& m) {
    DriveMap::FastStop fs;
    fs.mechanism = f.text("mechanism").value_or("");
    if (!f.error() && fs.mechanism != "external-fault" && fs.mechanism != "fast-stop-input")
        f.fail(f.node("mechanism"),
               "[fast_stop] mechanism must be \"external-fault\" or \"fast-stop-input\", "
               "got \"" +
                   fs.mechanism + "\"");
    fs.register_address = reg(f, "register");
    fs.value = static_cast<std::uint16_t>(f.integer("value", 1, kRegMax).value_or(1));
    if (auto c = f.integer("fault_code", 1, kRegMax, -1); c && *c >= 0)
        fs.fault_code = static_cast<int>(*c);
    fs.verify = f.text("verify", "").value_or("");
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
    const toml::table* t = root.table(name);
    if (t == nullptr) return;
    TomlFields f(*t, root.file(), std::string(name));
    read(f, m);
    f.reject_unknown_keys();
    if (f.error()) throw *f.error();
}

} // namespace

std::string DriveMap::fault_name(int code) const {
    auto it = fault_names.find(code);
    if (it != fault_names.end()) return it->second;
    return "fault code " + std::to_string(code) + " (not in the device map)";
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
        if (root.table("fast_stop", false) != nullptr)
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
