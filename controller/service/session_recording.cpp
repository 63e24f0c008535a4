#include "controller/service/session_recording.hpp"

#include "controller/recording/recording_format.hpp"

#include <filesystem>
#include <fstream>
#include <optional>

namespace tg::service {

namespace {
// Samples are written out at least this often, whatever the tick asks.
constexpr auto kFlushPeriod = std::chrono::milliseconds(250);
} // namespace

std::string SessionRecording::path_for(const std::string& dir, long long session_id) {
    return dir + "/session-" + std::to_string(session_id) + ".csv";
}

SessionRecording::SessionRecording(std::string dir, long long session_id, double body_mass_kg,
                                   std::string runner)
    : path_(path_for(dir, session_id)) {
    waiting_.reserve(4096);
    thread_ = std::thread(&SessionRecording::run, this, std::move(dir), session_id, body_mass_kg,
                          std::move(runner));
}

SessionRecording::~SessionRecording() {
    finish();
    if (thread_.joinable()) thread_.join();
}

void SessionRecording::write(std::span<const gait::GaitSample> samples) {
    if (samples.empty()) return;
    std::lock_guard lock(mutex_);
    if (finishing_) return;
    const std::size_t room = kMaxWaiting - std::min(kMaxWaiting, waiting_.size());
    const std::size_t n = std::min(room, samples.size());
    waiting_.insert(waiting_.end(), samples.begin(), samples.begin() + static_cast<long>(n));
    if (n < samples.size()) dropped_ += samples.size() - n;
}

void SessionRecording::flush() {
    {
        std::lock_guard lock(mutex_);
        flush_wanted_ = true;
    }
    wake_.notify_one();
}

void SessionRecording::finish() {
    {
        std::lock_guard lock(mutex_);
        finishing_ = true;
    }
    wake_.notify_one();
}

std::string SessionRecording::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

void SessionRecording::run(std::string dir, long long session_id, double body_mass_kg,
                           std::string runner) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::ofstream out(path_, std::ios::out | std::ios::trunc);
    std::optional<recording::RecordingWriter> writer;
    if (out) {
        recording::RecordingMetadata meta;
        meta.sample_rate_hz = 1000.0;
        meta.body_mass_kg = body_mass_kg;
        meta.extra["runner"] = runner;
        meta.extra["session"] = std::to_string(session_id);
        writer.emplace(out, meta, true);
    } else {
        std::lock_guard lock(mutex_);
        error_ = "cannot write the force recording " + path_;
    }
    std::vector<gait::GaitSample> batch;
    batch.reserve(4096);
    for (;;) {
        bool last = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, kFlushPeriod, [&] { return flush_wanted_ || finishing_; });
            flush_wanted_ = false;
            last = finishing_;
            batch.swap(waiting_);
        }
        if (writer) {
            for (const auto& s : batch)
                writer->write(s);
            out.flush();
            if (!out) {
                std::lock_guard lock(mutex_);
                if (error_.empty()) error_ = "writing the force recording " + path_ + " failed";
            }
        }
        batch.clear();
        if (last) break;
    }
    finished_ = true;
}

} // namespace tg::service
