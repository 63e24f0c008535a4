#include "controller/service/plate_worker.hpp"

#include "drivers/forceplate/plate_calibrator.hpp"

#include <array>
#include <ctime>

namespace tg::service {

using Clock = std::chrono::steady_clock;

namespace {

std::string utc_date_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

} // namespace

PlateWorker::PlateWorker(forceplate::ForcePlate plate, std::string calibration_path)
    : plate_(std::move(plate)), calibration_path_(std::move(calibration_path)) {
    snapshot_.device = plate_.map().name;
    snapshot_.link = plate_.link_description();
    snapshot_.calibration = plate_.calibration().id + " (" + plate_.calibration().calibrated + ")";
}

PlateWorker::~PlateWorker() {
    stop_and_join();
}

void PlateWorker::start(Clock::time_point epoch) {
    epoch_ = epoch;
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

void PlateWorker::stop_and_join() {
    if (!running_.exchange(false)) return;
    if (thread_.joinable()) thread_.join();
}

void PlateWorker::run() {
    std::array<forceplate::ForceSample, forceplate::ForcePlate::kMaxBlockSamples> block{};
    while (running_) {
        if (!connected_) {
            auto c = plate_.connect();
            connected_ = c.ok();
            if (!connected_) {
                publish(c.error().text);
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
        }
        auto cycle = plate_.read(block);
        if (!cycle.ok()) {
            publish(cycle.error().text);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        for (std::size_t i = 0; i < cycle.value().samples; ++i) {
            const auto& s = block[i];
            // Device time restarts with the device: re-anchor it on the read time.
            if (!time_offset_s_ || s.time_s < last_device_time_s_)
                time_offset_s_ =
                    std::chrono::duration<double>(s.taken_at - epoch_).count() - s.time_s;
            last_device_time_s_ = s.time_s;
            auto g = s.gait();
            g.time_s = s.time_s + *time_offset_s_;
            (void)ring_.try_push(g); // a full ring counts as rejected samples (the tick stalled)
        }
        calibrate(cycle.value().samples);
        publish({});
        // Read again at once while the device still holds samples; otherwise wait for a block.
        if (cycle.value().waiting == 0) std::this_thread::sleep_for(std::chrono::milliseconds(4));
    }
}

std::uint64_t PlateWorker::request(const PlateCalibrationStep& step) {
    std::lock_guard lock(mutex_);
    pending_step_ = step;
    return ++requested_;
}

std::optional<PlateCalibrationResult> PlateWorker::result(std::uint64_t step) const {
    std::lock_guard lock(mutex_);
    if (last_result_.step != step) return std::nullopt;
    return last_result_;
}

void PlateWorker::finish_step(bool ok, std::string message) {
    std::lock_guard lock(mutex_);
    last_result_ = {working_on_, ok, std::move(message)};
    snapshot_.calibration = plate_.calibration().id + " (" + plate_.calibration().calibrated + ")";
}

// Averages raw counts over the step's samples, then solves and saves the calibration.
// Runs on the plate thread, the only one that touches the driver.
void PlateWorker::calibrate(std::size_t new_samples) {
    {
        std::lock_guard lock(mutex_);
        if (requested_ != working_on_ && requested_ != last_result_.step) {
            working_on_ = requested_;
            step_ = pending_step_;
            averager_.reset();
        }
    }
    if (working_on_ == 0 || last_result_.step == working_on_) return;
    const auto raw = plate_.last_raw();
    for (std::size_t i = raw.size() - std::min(raw.size(), new_samples); i < raw.size(); ++i)
        averager_.add(raw[i].counts);
    if (averager_.samples() < step_.samples) return;
    auto calibration = plate_.calibration();
    const auto mean = averager_.mean();
    if (step_.kind == PlateCalibrationStep::Kind::tare) {
        forceplate::tare(calibration, mean);
        empty_deck_ = mean;
    } else {
        if (!empty_deck_)
            return finish_step(false, "tare the empty deck first, then place the known mass");
        if (auto bad =
                forceplate::solve_common_gain(calibration, *empty_deck_, {mean, step_.mass_kg}))
            return finish_step(false, *bad);
    }
    calibration.calibrated =
        (step_.kind == PlateCalibrationStep::Kind::tare
             ? std::string("tared")
             : "known weight " + std::to_string(step_.mass_kg).substr(0, 5) + " kg") +
        " " + utc_date_now();
    if (auto bad = forceplate::save_plate_calibration(calibration_path_, calibration))
        return finish_step(false, "calibration solved but not saved: " + *bad);
    plate_.set_calibration(calibration);
    finish_step(true, (step_.kind == PlateCalibrationStep::Kind::tare ? "tared over "
                                                                      : "calibrated with ") +
                          (step_.kind == PlateCalibrationStep::Kind::tare
                               ? std::to_string(averager_.samples()) + " samples"
                               : std::to_string(step_.mass_kg) + " kg") +
                          "; saved to " + calibration_path_);
}

void PlateWorker::publish(const std::string& error) {
    const auto& stats = plate_.stats();
    const auto& link = plate_.link_stats();
    const auto rt = link.round_trips();
    std::lock_guard lock(mutex_);
    snapshot_.configured = connected_;
    if (stats.samples != snapshot_.samples) snapshot_.last_sample_at = Clock::now();
    snapshot_.samples = stats.samples;
    snapshot_.dropped = stats.dropped + ring_.rejected();
    snapshot_.requests = link.requests();
    snapshot_.errors = link.errors();
    snapshot_.timeouts = link.timeouts();
    snapshot_.round_trip_p50_ms = rt.median_ms;
    snapshot_.round_trip_p99_ms = rt.p99_ms;
    if (!error.empty()) snapshot_.last_error = error;
}

PlateSnapshot PlateWorker::snapshot() const {
    std::lock_guard lock(mutex_);
    return snapshot_;
}

} // namespace tg::service
