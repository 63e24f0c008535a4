#pragma once
// The raw force recording of one session, written as samples arrive in treadguard's own
// recording format (readable by `treadguard analyze`), one file per session beside the
// records. Append-only text: a killed daemon leaves at most one partial last line.
#include "controller/gait/gait_sample.hpp"
#include "controller/recording/recording_format.hpp"

#include <fstream>
#include <memory>
#include <optional>
#include <string>

namespace tg::service {

class SessionRecording {
public:
    // Opens <dir>/session-<id>.csv; on failure error() says why and writes are dropped.
    SessionRecording(const std::string& dir, long long session_id, double body_mass_kg,
                     const std::string& runner);
    void write(const gait::GaitSample& sample);
    void flush() { out_.flush(); }
    const std::string& path() const { return path_; }
    const std::string& error() const { return error_; }

    static std::string path_for(const std::string& dir, long long session_id);

private:
    std::string path_;
    std::string error_;
    std::ofstream out_;
    std::optional<recording::RecordingWriter> writer_;
};

} // namespace tg::service
