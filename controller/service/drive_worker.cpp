#include "controller/service/drive_worker.hpp"

namespace tg::service {

using Clock = std::chrono::steady_clock;

DriveWorker::DriveWorker(motor::MotorDrive drive, motor::WatchdogSetting watchdog,
                         std::chrono::milliseconds period)
    : drive_(std::move(drive)), watchdog_(watchdog), period_(period) {
    snapshot_.link = drive_.link().config().describe();
    snapshot_.device = drive_.map().name;
}

DriveWorker::~DriveWorker() {
    stop_and_join();
}

void DriveWorker::start() {
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

void DriveWorker::stop_and_join() {
    if (!running_.exchange(false)) return;
    if (thread_.joinable()) thread_.join();
    // Leaving: the belt is told to stop (the drive's watchdog would stop it anyway).
    (void)drive_.stop();
}

void DriveWorker::post(const DriveCommand& command) {
    std::lock_guard lock(mutex_);
    command_ = command;
}

DriveSnapshot DriveWorker::snapshot() const {
    std::lock_guard lock(mutex_);
    return snapshot_;
}

void DriveWorker::run() {
    auto next = Clock::now();
    while (running_) {
        cycle();
        next += period_;
        const auto now = Clock::now();
        if (next < now) next = now; // late (a timeout): do not try to catch up in a burst
        std::this_thread::sleep_until(next);
    }
}

void DriveWorker::cycle() {
    if (!configured_) {
        auto c = drive_.connect(watchdog_);
        configured_ = c.ok();
        if (!configured_) {
            publish(std::nullopt, c.error().text);
            return;
        }
    }
    auto status = drive_.read_status();
    DriveCommand command;
    {
        std::lock_guard lock(mutex_);
        command = command_;
    }
    apply(command);
    publish(status.ok() ? std::optional(status.value()) : std::nullopt,
            status.ok() ? std::string() : status.error().text);
}

void DriveWorker::apply(const DriveCommand& command) {
    if (command.acknowledge_count != acknowledged_) {
        acknowledged_ = command.acknowledge_count;
        (void)drive_.acknowledge_fault(); // writes stop first: a reset never restarts
        written_intent_ = safety::DriveIntent::stop;
    }
    const bool run = command.intent == safety::DriveIntent::run;
    // The setpoint is written every cycle: it is cheap and keeps the drive's watchdog fed.
    (void)drive_.set_speed(run ? command.speed : safety::SpeedLimiter::standstill());
    // Run/stop is written on change, and repeated each second in case the drive missed it.
    const auto now = Clock::now();
    if (written_intent_ != command.intent || now - intent_written_at_ > std::chrono::seconds(1)) {
        auto w = run ? drive_.run_forward() : drive_.stop();
        if (w.ok()) {
            written_intent_ = command.intent;
            intent_written_at_ = now;
        }
    }
}

void DriveWorker::publish(const std::optional<motor::DriveStatus>& status,
                          const std::string& error) {
    const auto& stats = drive_.link_stats();
    const auto rt = stats.round_trips();
    std::lock_guard lock(mutex_);
    snapshot_.configured = configured_;
    if (status) snapshot_.status = status;
    if (!error.empty()) snapshot_.last_error = error;
    snapshot_.requests = stats.requests();
    snapshot_.errors = stats.errors();
    snapshot_.timeouts = stats.timeouts();
    snapshot_.reconnects = stats.reconnects();
    snapshot_.round_trip_p50_ms = rt.median_ms;
    snapshot_.round_trip_p99_ms = rt.p99_ms;
    snapshot_.identity = drive_.identity();
}

} // namespace tg::service
