#pragma once
// A refused data file: which file, which line, and why. Every loader of device,
// treadmill, calibration and configuration files reports errors this way.
#include <string>

namespace tg::devicemap {

struct DataFileError {
    std::string file;
    int line = 0; // 0 when the error is not tied to a line (unreadable file)
    std::string reason;

    std::string message() const {
        return line > 0 ? file + ":" + std::to_string(line) + ": " + reason : file + ": " + reason;
    }
};

} // namespace tg::devicemap
