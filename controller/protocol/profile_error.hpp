#pragma once

#include <stdexcept>
#include <string>

namespace tg::protocol {

// A profile file that was refused: where and why, so a clinician can fix the file.
class ProfileError : public std::runtime_error {
public:
    ProfileError(std::string file, int line, std::string reason);

    const std::string& file() const { return file_; }
    int line() const { return line_; } // 0 when the problem has no single line
    const std::string& reason() const { return reason_; }

private:
    std::string file_;
    int line_;
    std::string reason_;
};

} // namespace tg::protocol
