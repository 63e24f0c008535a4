#pragma once
// The daemon's configuration: which machine, which devices on which links, where the
// records and the API socket live. A TOML file refused with file, line and reason before
// anything moves; with no file, the embedded default drives treadguard-sim on loopback.
#include "controller/clinic_sync/clinic_settings.hpp"
#include "drivers/devicemap/data_file_error.hpp"

#include <optional>
#include <string>
#include <variant>

namespace tg::service {

struct LinkSettings {
    std::string link;   // "tcp:HOST:PORT" or "rtu:DEVICE[:BAUD[:8N1]]"
    std::string device; // device map file
    int unit = 0;       // 0: the map's default unit
    // 0: derived from the baud rate and the device map's largest frames (link_timeouts.hpp).
    int response_timeout_ms = 0;
};

struct ControllerConfig {
    std::string source = "embedded default"; // the file it came from
    std::string data_dir;                    // where hw/ and profiles/ are found
    std::string treadmill;                   // machine file
    std::string store;                       // SQLite database path
    std::string api_socket;
    std::string profiles_dir;
    int tick_hz = 100;
    // SCHED_FIFO priority of the tick's and the drive's threads (the drive one above), and
    // memory locked, so a busy CPU or paging cannot delay a stop; 0: normal scheduling.
    int realtime_priority = 0;
    double heartbeat_timeout_s = 3.0;
    bool stop_on_heartbeat_loss = true;
    double drive_watchdog_s = 0.5;
    int drive_status_period_ms = 20;
    LinkSettings drive;
    bool plate_enabled = true;
    LinkSettings plate;
    std::string plate_calibration;      // read at start
    std::string plate_calibration_save; // where a tare or calibration is written
    // Who may acknowledge a latched emergency stop without a clinician PIN: an interactive
    // client whose peer uid (from the kernel) is hmi_uid. Default: the daemon's own uid.
    long hmi_uid = -1;                                 // -1: the daemon's own uid
    bool emergency_ack_needs_pin_always = false;       // acknowledge_emergency_stop = "pin"
    std::optional<clinic_sync::ClinicSettings> clinic; // [clinic]; none: no clinic fleet
    std::string time_zone = "UTC"; // [site] time_zone, IANA: protocol days are its local days
};

// The embedded default: treadguard-sim on 127.0.0.1:1502, the store in the user's data dir.
ControllerConfig default_config(const std::string& data_dir);
// Without a config file, the plate calibration lives beside the records store.
void place_user_calibration(ControllerConfig& config);
std::variant<ControllerConfig, devicemap::DataFileError>
load_controller_config(const std::string& path, const std::string& data_dir);

std::string default_api_socket();
std::string default_data_dir(); // install::shipped_data_dir()

} // namespace tg::service
