#include "controller/service/session_recording.hpp"

#include <filesystem>

namespace tg::service {

std::string SessionRecording::path_for(const std::string& dir, long long session_id) {
    return dir + "/session-" + std::to_string(session_id) + ".csv";
}

SessionRecording::SessionRecording(const std::string& dir, long long session_id,
                                   double body_mass_kg, const std::string& runner)
    : path_(path_for(dir, session_id)) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    out_.open(path_, std::ios::out | std::ios::trunc);
    if (!out_) {
        error_ = "cannot write the force recording " + path_;
        return;
    }
    recording::RecordingMetadata meta;
    meta.sample_rate_hz = 1000.0;
    meta.body_mass_kg = body_mass_kg;
    meta.extra["runner"] = runner;
    meta.extra["session"] = std::to_string(session_id);
    writer_.emplace(out_, meta, true);
}

void SessionRecording::write(const gait::GaitSample& sample) {
    if (writer_) writer_->write(sample);
}

} // namespace tg::service
