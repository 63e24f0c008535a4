#pragma once
// What the motor drive reported on one status read.
#include <chrono>
#include <cstdint>
#include <string>

namespace tg::motor {

struct DriveStatus {
    std::chrono::steady_clock::time_point read_at;
    double output_hz = 0;
    double belt_kmh = 0; // output frequency through the machine's k
    bool running = false;
    bool stopping = false;
    bool quick_stop = false;   // the drive's fast stop is active (where the map shows it)
    bool comm_timeout = false; // the drive's own comm watchdog tripped
    int fault_code = 0;        // 0: no fault; -1: flagged in the status word without a code
    std::string fault_name;
    int warning_code = 0;           // 0: none (drives with a separate warning field)
    std::uint16_t status_word = 0;  // raw, as read
    std::uint16_t fault_detail = 0; // raw fault-contents bitfield, where the map has one
};

} // namespace tg::motor
