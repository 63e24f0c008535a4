#pragma once
// Command line of treadguard-sim.
#include "drivers/modbus/rtu_timing.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tg::sim {

struct SimOptions {
    std::string tcp = "127.0.0.1:1502"; // empty: no TCP server
    std::string rtu;                    // symlink path for the pty; empty: no RTU
    int baud = 0;                       // > 0: the RTU pty behaves as a wire at this rate
    std::string format = "8N1";         // with baud: data bits, parity, stop bits
    std::string control_socket;
    std::string drive_map;
    std::string treadmill;
    int drive_unit = 0; // 0: the drive map's default unit
    int plate_unit = 2;
    double deck_load_kg = 0;
    // Force plate (unit 2) and the runner on it.
    std::string plate_map;         // default hw/devices/loadcell-fifo-4ch.toml
    std::string plate_calibration; // cell positions; default hw/calibration/demo-plate.toml
    double runner_mass_kg = 70;
    std::string strike = "rearfoot";
    bool standing = false;
    bool runner_off = false;
    double walk_run_kmh = 7.0;
    std::string replay; // a recording to replay instead of the runner model
    double time_scale = 1.0;
    bool fast_forward = false;
    std::uint64_t seed = 1;
    double watchdog_s = -1; // < 0: as the device file's drive powers up (off)
    double status_interval_s = 1.0;
    std::vector<std::string> faults; // control commands applied at start
};

struct ParsedSimOptions {
    SimOptions options;
    std::optional<std::string> error; // set: print it and exit 2
    bool help = false;
};

// The wire of --baud/--format (SerialFormat{} when baud is 0).
modbus::SerialFormat serial_format(const SimOptions& options);

ParsedSimOptions parse_sim_options(int argc, char** argv, const std::string& data_dir);
extern const char* const kSimUsage;

} // namespace tg::sim
