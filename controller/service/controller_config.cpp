#include "controller/service/controller_config.hpp"

#include "controller/api/api_socket_path.hpp"
#include "controller/clinic_sync/clinic_config_section.hpp"
#include "controller/install/shipped_data_dir.hpp"
#include "controller/protocol/clinic_time.hpp"
#include "controller/store/default_store_path.hpp"
#include "drivers/devicemap/toml_fields.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace tg::service {

namespace fs = std::filesystem;

std::string default_data_dir() {
    return install::shipped_data_dir();
}

std::string default_api_socket() {
    return api::user_api_socket();
}

void place_user_calibration(ControllerConfig& c) {
    // The shipped file is the virtual deck's (tared on treadguard-sim); a tare or calibration
    // done by the user is saved beside the records, and used from then on.
    const auto user_calibration = fs::absolute(c.store).parent_path() / "plate-calibration.toml";
    c.plate_calibration_save = user_calibration.string();
    // A folder we may not look into (another user's home) has no calibration of ours.
    std::error_code ec;
    c.plate_calibration = fs::exists(user_calibration, ec)
                              ? user_calibration.string()
                              : c.data_dir + "/hw/calibration/sim-plate.toml";
}

ControllerConfig default_config(const std::string& data_dir) {
    ControllerConfig c;
    c.data_dir = data_dir;
    c.treadmill = data_dir + "/hw/treadmills/demo-delta.toml";
    auto store_path = store::default_store_path();
    c.store = store_path.ok() ? store_path.value().string() : "treadguard.db";
    c.api_socket = default_api_socket();
    c.profiles_dir = data_dir + "/profiles";
    c.drive = {"tcp:127.0.0.1:1502", data_dir + "/hw/devices/delta-ms300.toml", 0, 100};
    c.plate = {"tcp:127.0.0.1:1502", data_dir + "/hw/devices/loadcell-fifo-4ch.toml", 2, 100};
    place_user_calibration(c);
    return c;
}

namespace {

// Paths in a config file are relative to the file's folder.
std::string resolve(const std::string& value, const fs::path& base) {
    if (value.empty() || fs::path(value).is_absolute()) return value;
    return (base / value).lexically_normal().string();
}

void read_link(devicemap::TomlFields& f, LinkSettings& link, const fs::path& base) {
    link.link = f.text("link", link.link).value_or("");
    link.device = resolve(f.text("device", link.device).value_or(""), base);
    link.unit = static_cast<int>(f.integer("unit", 0, 247, link.unit).value_or(0));
    link.response_timeout_ms = static_cast<int>(
        f.integer("response_timeout_ms", 0, 2000, link.response_timeout_ms).value_or(0));
    if (link.response_timeout_ms > 0 && link.response_timeout_ms < 10)
        f.fail(f.node("response_timeout_ms"),
               "'response_timeout_ms' must be 0 (derived from the baud rate) or 10 to 2000");
}

template <class Reader>
std::optional<devicemap::DataFileError> section(devicemap::TomlFields& root, const char* name,
                                                Reader read) {
    const toml::table* t = root.table(name, false);
    if (t == nullptr) return root.error();
    devicemap::TomlFields f(*t, root.file(), name);
    read(f);
    f.reject_unknown_keys();
    return f.error();
}

} // namespace

std::variant<ControllerConfig, devicemap::DataFileError>
load_controller_config(const std::string& path, const std::string& data_dir) {
    auto parsed = devicemap::parse_toml_file(path);
    if (parsed.error) return *parsed.error;
    ControllerConfig c = default_config(data_dir);
    c.source = path;
    const fs::path base = fs::absolute(path).parent_path();
    devicemap::TomlFields root(parsed.table, path, "");
    bool explicit_calibration = false;
    auto e = section(root, "controller", [&](devicemap::TomlFields& f) {
        c.tick_hz = static_cast<int>(f.integer("tick_hz", 20, 1000, c.tick_hz).value_or(100));
        c.realtime_priority = static_cast<int>(
            f.integer("realtime_priority", 0, 89, c.realtime_priority).value_or(0));
        c.store = resolve(f.text("store", c.store).value_or(""), base);
        c.api_socket = resolve(f.text("api_socket", c.api_socket).value_or(""), base);
        c.profiles_dir = resolve(f.text("profiles", c.profiles_dir).value_or(""), base);
        c.heartbeat_timeout_s =
            f.number("heartbeat_timeout_s", 0.5, 30, c.heartbeat_timeout_s).value_or(3);
        auto loss = f.text("on_heartbeat_loss", std::string("stop")).value_or("stop");
        if (loss != "stop" && loss != "ignore")
            f.fail(parsed.table["controller"]["on_heartbeat_loss"].node(),
                   "on_heartbeat_loss must be \"stop\" or \"ignore\"");
        c.stop_on_heartbeat_loss = loss == "stop";
    });
    if (!e)
        e = section(root, "machine", [&](devicemap::TomlFields& f) {
            c.treadmill = resolve(f.text("treadmill", c.treadmill).value_or(""), base);
        });
    if (!e)
        e = section(root, "drive", [&](devicemap::TomlFields& f) {
            read_link(f, c.drive, base);
            c.drive_watchdog_s = f.number("watchdog_s", 0.1, 5.0, c.drive_watchdog_s).value_or(0.5);
            c.drive_status_period_ms = static_cast<int>(
                f.integer("status_period_ms", 5, 200, c.drive_status_period_ms).value_or(20));
        });
    if (!e)
        e = section(root, "plate", [&](devicemap::TomlFields& f) {
            c.plate_enabled = f.boolean("enabled", true).value_or(true);
            read_link(f, c.plate, base);
            explicit_calibration = f.text("calibration", std::string()).value_or("") != "";
            c.plate_calibration =
                resolve(f.text("calibration", c.plate_calibration).value_or(""), base);
        });
    // Without a calibration file named, the one saved beside the configured store is used
    // (a tare or calibration done on site), else the shipped default.
    if (!e && !explicit_calibration) place_user_calibration(c);
    if (!e)
        e = section(root, "api", [&](devicemap::TomlFields& f) {
            c.hmi_uid = static_cast<long>(f.integer("hmi_uid", 0, 4294967294LL, -1).value_or(-1));
            auto ack = f.text("acknowledge_emergency_stop", std::string("hmi_or_pin"))
                           .value_or("hmi_or_pin");
            if (ack != "hmi_or_pin" && ack != "pin")
                f.fail(parsed.table["api"]["acknowledge_emergency_stop"].node(),
                       "acknowledge_emergency_stop must be \"hmi_or_pin\" or \"pin\"");
            c.emergency_ack_needs_pin_always = ack == "pin";
        });
    if (!e)
        e = section(root, "clinic", [&](devicemap::TomlFields& f) {
            c.clinic = clinic_sync::read_clinic_settings(f, base);
        });
    if (!e)
        e = section(root, "site", [&](devicemap::TomlFields& f) {
            c.time_zone = f.text("time_zone", c.time_zone).value_or(c.time_zone);
            const auto zone = protocol::ClinicTimeZone::find(c.time_zone);
            if (const auto* why = std::get_if<std::string>(&zone))
                f.fail(parsed.table["site"]["time_zone"].node(), *why);
        });
    if (e) return *e;
    root.reject_unknown_keys();
    if (root.error()) return *root.error();
    return c;
}

} // namespace tg::service
