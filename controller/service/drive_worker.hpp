#pragma once
// The motor drive's own thread: a plain read / write cycle over its Modbus link. The
// control tick never waits for Modbus: it posts the supervisor's latest command here and
// reads the latest status snapshot back, both under a short lock on small values.
//
// Two rules keep the belt stoppable when the drive misbehaves:
// - after every (re)connect the first frame is stop (the link never reconnects on its
//   own: a status read must not be the first thing a reconnected drive hears);
// - a stop the drive refuses or does not carry out (motor::StopConfirmation) makes this
//   thread go silent on the link for longer than the drive's comm-loss watchdog, so the
//   drive stops by itself; then it reconnects (stop first) and tries again.
#include "controller/safety/speed_limiter.hpp"
#include "controller/safety/supervisor_outputs.hpp"
#include "drivers/motor/motor_drive.hpp"
#include "drivers/motor/stop_confirmation.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
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
    // Stop (or emergency stop) commanded, and the drive refused it or is not carrying it
    // out; stays set until a stop is accepted and the belt is at rest.
    bool stop_unconfirmed = false;
    bool silenced = false;          // silent on the link right now, for the drive's watchdog
    std::uint64_t silences = 0;     // times the worker went silent
    std::uint64_t write_errors = 0; // setpoint, command, fast-stop and reset writes that failed
};

class DriveWorker {
public:
    DriveWorker(motor::MotorDrive drive, motor::WatchdogSetting watchdog,
                std::chrono::milliseconds period);
    ~DriveWorker();
    DriveWorker(const DriveWorker&) = delete;
    DriveWorker& operator=(const DriveWorker&) = delete;

    // `realtime_priority` > 0: the thread runs SCHED_FIFO at it (controller/service/realtime).
    void start(int realtime_priority = 0);
    // Why real-time scheduling was refused, once the thread tried; empty otherwise.
    std::string realtime_error() const;
    void stop_and_join();
    void post(const DriveCommand& command);
    DriveSnapshot snapshot() const;

private:
    using TimePoint = std::chrono::steady_clock::time_point;

    void run();
    void cycle();
    // Opens the link with stop as its first frame, then arms the watchdog. Returns the stop
    // write's outcome when one was attempted.
    std::optional<motor::StopWrite> reconnect(TimePoint now);
    // Writes this cycle's commands; returns the stop (or fast stop) write's outcome if sent.
    std::optional<motor::StopWrite> apply(const DriveCommand& command, TimePoint now);
    bool write(const modbus::LinkStatus& status);
    motor::StopWrite stop_write(const modbus::LinkStatus& status);
    void go_silent(TimePoint now);
    void publish(const std::optional<motor::DriveStatus>& status, const std::string& error);

    motor::MotorDrive drive_;
    motor::WatchdogSetting watchdog_;
    std::chrono::milliseconds period_;
    std::thread thread_;
    std::atomic<bool> running_{false};
    std::string realtime_error_; // under mutex_

    mutable std::mutex mutex_;
    DriveCommand command_;
    DriveSnapshot snapshot_;

    // Worker-thread state.
    bool configured_ = false;
    std::optional<safety::DriveIntent> written_intent_;
    TimePoint intent_written_at_{};
    std::uint64_t acknowledged_ = 0;
    motor::StopConfirmation stop_confirmation_;
    motor::StopVerdict verdict_;
    std::optional<TimePoint> silent_until_;
    std::uint64_t silences_ = 0;
    std::uint64_t write_errors_ = 0;
};

} // namespace tg::service
