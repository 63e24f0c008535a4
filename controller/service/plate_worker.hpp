#pragma once
// The force plate's own thread: reads sample blocks as fast as the device fills them and
// hands them to the control tick through a lock-free single-producer/single-consumer
// ring, so neither side ever waits for the other.
#include "controller/service/plate_feed.hpp"
#include "drivers/forceplate/count_averager.hpp"
#include "drivers/forceplate/force_plate.hpp"
#include "drivers/forceplate/spsc_ring.hpp"

#include <atomic>
#include <mutex>
#include <thread>

namespace tg::service {

class PlateWorker final : public PlateFeed {
public:
    // `calibration_path`: where a changed calibration is saved.
    PlateWorker(forceplate::ForcePlate plate, std::string calibration_path);
    ~PlateWorker() override;
    PlateWorker(const PlateWorker&) = delete;
    PlateWorker& operator=(const PlateWorker&) = delete;

    // Sample times are re-based on `epoch`, the control loop's time origin.
    void start(std::chrono::steady_clock::time_point epoch);
    void stop_and_join();

    std::size_t drain(std::span<gait::GaitSample> out) override { return ring_.pop_into(out); }
    PlateSnapshot snapshot() const override;

    std::uint64_t request(const PlateCalibrationStep& step) override;
    std::optional<PlateCalibrationResult> result(std::uint64_t step) const override;

private:
    void run();
    void calibrate(std::size_t new_samples);
    void finish_step(bool ok, std::string message);
    void publish(const std::string& error);

    forceplate::ForcePlate plate_;
    std::chrono::steady_clock::time_point epoch_{};
    forceplate::SpscRing<gait::GaitSample, 16384> ring_;
    std::thread thread_;
    std::atomic<bool> running_{false};

    mutable std::mutex mutex_;
    PlateSnapshot snapshot_;

    std::string calibration_path_;
    std::uint64_t requested_ = 0;
    PlateCalibrationStep pending_step_;
    PlateCalibrationResult last_result_;

    // Worker-thread state.
    std::uint64_t working_on_ = 0;
    PlateCalibrationStep step_;
    forceplate::CountAverager averager_;
    std::optional<forceplate::MeanCounts> empty_deck_; // from this run's last tare
    bool connected_ = false;
    std::optional<double> time_offset_s_; // device time -> control-loop time
    double last_device_time_s_ = -1;
};

} // namespace tg::service
