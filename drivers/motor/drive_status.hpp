#pragma once
// What the motor drive reported on one status read.
#include <chrono>
#include <string>

namespace tg::motor {

struct DriveStatus {
    std::chrono::steady_clock::time_point read_at;
    double output_hz = 0;
    double belt_kmh = 0; // output frequency through the machine's k
    bool running = false;
    bool stopping = false;
    int fault_code = 0; // 0: no fault
    std::string fault_name;
};

} // namespace tg::motor
