#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace tg::recording {

// A recording that cannot be read: the message names the file, the line when
// there is one, and the reason, ready to print on one line.
class RecordingError : public std::runtime_error {
public:
    explicit RecordingError(const std::string& message) : std::runtime_error(message) {}
};

RecordingError error_in(const std::string& source, const std::string& reason);
RecordingError error_at(const std::string& source, std::size_t line, const std::string& reason);

} // namespace tg::recording
