#pragma once
// The raw force recording of one session, in treadguard's own recording format (readable
// by `treadguard analyze`), one file per session beside the records. The tick only hands
// samples over; this recording's own thread opens, writes and flushes the file, so a slow
// or failing disk never delays the tick. Append-only text: a killed daemon leaves at most
// one partial last line and loses at most the last flush period of samples.
#include "controller/gait/gait_sample.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace tg::service {

class SessionRecording {
public:
    // Samples waiting for the disk beyond this are dropped (and counted): memory stays
    // bounded when the disk stalls.
    static constexpr std::size_t kMaxWaiting = 120'000; // two minutes at 1 kHz

    // Starts the thread that opens <dir>/session-<id>.csv; if that fails, error() says why
    // and samples are dropped.
    SessionRecording(std::string dir, long long session_id, double body_mass_kg,
                     std::string runner);
    ~SessionRecording(); // writes what is waiting, closes the file, joins
    SessionRecording(const SessionRecording&) = delete;
    SessionRecording& operator=(const SessionRecording&) = delete;

    void write(std::span<const gait::GaitSample> samples);
    void flush(); // asks the thread to write out what is waiting
    // Stops taking samples; the thread writes what is waiting and closes the file.
    void finish();
    bool finished() const { return finished_.load(); }

    const std::string& path() const { return path_; }
    std::string error() const;
    std::uint64_t dropped() const { return dropped_.load(); }

    static std::string path_for(const std::string& dir, long long session_id);

private:
    void run(std::string dir, long long session_id, double body_mass_kg, std::string runner);

    std::string path_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<gait::GaitSample> waiting_;
    bool flush_wanted_ = false;
    bool finishing_ = false;
    std::string error_;
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<bool> finished_{false};
    std::thread thread_;
};

} // namespace tg::service
