#pragma once

#include <stdexcept>
#include <string>

namespace tg::report {

// A report that cannot be made: the message names the file or the data at fault.
class ReportError : public std::runtime_error {
public:
    explicit ReportError(const std::string& message) : std::runtime_error(message) {}
};

} // namespace tg::report
