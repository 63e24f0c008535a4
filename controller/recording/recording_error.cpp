#include "controller/recording/recording_error.hpp"

namespace tg::recording {

RecordingError error_in(const std::string& source, const std::string& reason) {
    return RecordingError(source + ": " + reason);
}

RecordingError error_at(const std::string& source, std::size_t line, const std::string& reason) {
    return RecordingError(source + ":" + std::to_string(line) + ": " + reason);
}

} // namespace tg::recording
