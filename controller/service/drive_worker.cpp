#include "controller/service/drive_worker.hpp"

#include "controller/service/realtime.hpp"

namespace tg::service {

using Clock = std::chrono::steady_clock;

namespace {

bool is_stop(safety::DriveIntent intent) {
    return intent != safety::DriveIntent::run;
}

// The drive answered, but not with "done" (or the connection broke under the request).
bool refused(const modbus::LinkError& e) {
    using K = modbus::LinkErrorKind;
    return e.kind == K::Exception || e.kind == K::BadReply || e.kind == K::BadCrc ||
           e.kind == K::ConnectionLost;
}

// The worse of two writes' outcomes in one cycle.
motor::StopWrite worse(std::optional<motor::StopWrite> a, motor::StopWrite b) {
    if (!a) return b;
    return std::max(*a, b, [](motor::StopWrite x, motor::StopWrite y) {
        auto rank = [](motor::StopWrite w) {
            return w == motor::StopWrite::refused ? 2 : w == motor::StopWrite::unanswered ? 1 : 0;
        };
        return rank(x) < rank(y);
    });
}

} // namespace

DriveWorker::DriveWorker(motor::MotorDrive drive, motor::WatchdogSetting watchdog,
                         std::chrono::milliseconds period)
    : drive_(std::move(drive)), watchdog_(watchdog), period_(period),
      stop_confirmation_(motor::stop_confirmation_settings(drive_.map(), drive_.treadmill(),
                                                           watchdog.timeout_s, period)) {
    // Reconnects happen in reconnect() only, so that stop is always their first frame.
    drive_.link().set_auto_reconnect(false);
    snapshot_.link = drive_.link().config().describe();
    snapshot_.device = drive_.map().name;
}

DriveWorker::~DriveWorker() {
    stop_and_join();
}

void DriveWorker::start(int realtime_priority) {
    running_ = true;
    thread_ = std::thread([this, realtime_priority] {
        if (auto refused = make_thread_realtime(realtime_priority)) {
            std::lock_guard lock(mutex_);
            realtime_error_ = *refused;
        }
        run();
    });
}

std::string DriveWorker::realtime_error() const {
    std::lock_guard lock(mutex_);
    return realtime_error_;
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

bool DriveWorker::write(const modbus::LinkStatus& status) {
    if (!status.ok()) ++write_errors_;
    return status.ok();
}

motor::StopWrite DriveWorker::stop_write(const modbus::LinkStatus& status) {
    if (write(status)) return motor::StopWrite::accepted;
    return refused(status.error()) ? motor::StopWrite::refused : motor::StopWrite::unanswered;
}

void DriveWorker::go_silent(TimePoint now) {
    drive_.link().close();
    configured_ = false;
    silent_until_ = now + stop_confirmation_.settings().silence;
    ++silences_;
}

std::optional<motor::StopWrite> DriveWorker::reconnect(TimePoint now) {
    auto opened = drive_.open_with_stop();
    if (!opened.ok()) {
        publish(std::nullopt, opened.error().text);
        // Not connected (refused, or waiting for the backoff): no stop frame went out.
        const auto kind = opened.error().kind;
        if (kind == modbus::LinkErrorKind::ConnectFailed ||
            kind == modbus::LinkErrorKind::Disconnected)
            return std::nullopt;
        return stop_write(opened);
    }
    written_intent_ = safety::DriveIntent::stop;
    intent_written_at_ = now;
    auto configured = drive_.configure(watchdog_);
    configured_ = configured.ok();
    if (!configured_) publish(std::nullopt, configured.error().text);
    return motor::StopWrite::accepted;
}

void DriveWorker::cycle() {
    const auto now = Clock::now();
    DriveCommand command;
    {
        std::lock_guard lock(mutex_);
        command = command_;
    }
    const bool stopping = is_stop(command.intent);
    if (silent_until_) {
        if (now < *silent_until_) {
            verdict_ = stop_confirmation_.step(now, stopping, std::nullopt, std::nullopt, false);
            publish(std::nullopt, {});
            return;
        }
        silent_until_.reset();
        stop_confirmation_.resumed(now);
    }
    if (configured_ && !drive_.link().connected()) configured_ = false;
    const auto& stats = drive_.link_stats();
    const auto answered_before =
        stats.successes() + stats.errors_of(modbus::LinkErrorKind::Exception);
    std::optional<motor::StopWrite> stopped;
    std::optional<motor::DriveStatus> status;
    std::string error;
    if (!configured_) stopped = reconnect(now);
    if (configured_) {
        if (auto w = apply(command, now)) stopped = worse(stopped, *w);
        auto read = drive_.read_status();
        if (read.ok()) {
            status = read.value();
        } else {
            error = read.error().text;
        }
    }
    const bool answered =
        stats.successes() + stats.errors_of(modbus::LinkErrorKind::Exception) != answered_before;
    verdict_ = stop_confirmation_.step(now, stopping, stopped, status, answered);
    if (verdict_.go_silent) go_silent(now);
    publish(status, error);
}

std::optional<motor::StopWrite> DriveWorker::apply(const DriveCommand& command, TimePoint now) {
    std::optional<motor::StopWrite> stopped;
    if (command.acknowledge_count != acknowledged_) {
        acknowledged_ = command.acknowledge_count;
        // Writes stop first: a reset never restarts.
        stopped = stop_write(drive_.acknowledge_fault());
        // The reset wrote stop: that serves a pending emergency stop too. Writing the fast
        // stop again now would trip the drive once more and the acknowledge could never
        // get through (the supervisor leaves EmergencyStop only once the drive is clear).
        written_intent_ = is_stop(command.intent) ? command.intent : safety::DriveIntent::stop;
        intent_written_at_ = now;
    }
    const bool run = command.intent == safety::DriveIntent::run;
    // Run/stop is written on change, and repeated each second in case the drive missed it.
    const bool due =
        written_intent_ != command.intent || now - intent_written_at_ > std::chrono::seconds(1);
    // A stop goes out before anything else of this cycle.
    if (!run && due) {
        const bool emergency = command.intent == safety::DriveIntent::emergency_stop;
        const auto w = stop_write(emergency ? drive_.fast_stop() : drive_.stop());
        stopped = worse(stopped, w);
        if (w == motor::StopWrite::accepted) {
            written_intent_ = command.intent;
            intent_written_at_ = now;
        }
    }
    // The setpoint is written every cycle (0 unless running); its failures are counted.
    (void)write(drive_.set_speed(run ? command.speed : safety::SpeedLimiter::standstill()));
    if (run && due && write(drive_.run_forward())) {
        written_intent_ = command.intent;
        intent_written_at_ = now;
    }
    return stopped;
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
    snapshot_.stop_unconfirmed = verdict_.unconfirmed;
    snapshot_.silenced = silent_until_.has_value();
    snapshot_.silences = silences_;
    snapshot_.write_errors = write_errors_;
}

} // namespace tg::service
