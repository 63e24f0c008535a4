#pragma once
// The motor drive's own thread: a plain read / write cycle over its Modbus link. The
// control tick never waits for Modbus: it posts the supervisor's latest command here and
// reads the latest status snapshot back, both under a short lock on small values.
#include "controller/safety/speed_limiter.hpp"
#include "controller/safety/supervisor_outputs.hpp"
#include "drivers/motor/motor_drive.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

namespace tg::service {

struct DriveCommand {
    safety::DriveIntent intent = safety::DriveIntent::stop;
    safety::LimitedSpeed speed = safety::SpeedLimiter::standstill();
    std::uint64_t acknowledge_count = 0; // bump to ask for one fault reset
};

struct DriveSnapshot {
    bool configured = false; // connected once and the watchdog is armed
    std::optional<motor::DriveStatus> status;
    std::string last_error;
    std::uint64_t requests = 0, errors = 0, timeouts = 0, reconnects = 0;
    double round_trip_p50_ms = 0, round_trip_p99_ms = 0;
    std::optional<std::uint16_t> identity;
    std::string link;
    std::string device;
};

class DriveWorker {
public:
    DriveWorker(motor::MotorDrive drive, motor::WatchdogSetting watchdog,
                std::chrono::milliseconds period);
    ~DriveWorker();
    DriveWorker(const DriveWorker&) = delete;
    DriveWorker& operator=(const DriveWorker&) = delete;

    void start();
    void stop_and_join();
    void post(const DriveCommand& command);
    DriveSnapshot snapshot() const;

private:
    void run();
    void cycle();
    void apply(const DriveCommand& command);
    void publish(const std::optional<motor::DriveStatus>& status, const std::string& error);

    motor::MotorDrive drive_;
    motor::WatchdogSetting watchdog_;
    std::chrono::milliseconds period_;
    std::thread thread_;
    std::atomic<bool> running_{false};

    mutable std::mutex mutex_;
    DriveCommand command_;
    DriveSnapshot snapshot_;

    // Worker-thread state.
    bool configured_ = false;
    std::optional<safety::DriveIntent> written_intent_;
    std::chrono::steady_clock::time_point intent_written_at_{};
    std::uint64_t acknowledged_ = 0;
};

} // namespace tg::service
