#pragma once
// What the control tick needs from the force plate's thread: the samples since the last
// tick (without blocking) and the link's health.
#include "controller/gait/gait_sample.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tg::service {

struct PlateSnapshot {
    bool configured = false;
    std::optional<std::chrono::steady_clock::time_point> last_sample_at;
    std::uint64_t samples = 0;
    std::uint64_t dropped = 0;
    std::uint64_t requests = 0, errors = 0, timeouts = 0;
    double round_trip_p50_ms = 0, round_trip_p99_ms = 0;
    std::string last_error;
    std::string link;
    std::string device;
    std::string calibration;
};

// A calibration step the plate thread carries out on the next samples it reads.
struct PlateCalibrationStep {
    enum class Kind { tare, known_weight } kind = Kind::tare;
    double mass_kg = 0; // known_weight only
    std::size_t samples = 1000;
};

struct PlateCalibrationResult {
    std::uint64_t step = 0; // which request this answers
    bool ok = false;
    std::string message;
};

class PlateFeed {
public:
    virtual ~PlateFeed() = default;
    // Moves up to out.size() samples into `out`; returns how many.
    virtual std::size_t drain(std::span<gait::GaitSample> out) = 0;
    virtual PlateSnapshot snapshot() const = 0;
    // Queues a calibration step; returns its number. result() answers it when done.
    virtual std::uint64_t request(const PlateCalibrationStep& step) = 0;
    virtual std::optional<PlateCalibrationResult> result(std::uint64_t step) const = 0;
};

} // namespace tg::service
