#pragma once
// One calibrated force-plate sample: what the driver thread hands to the control loop
// (trivially copyable, so it travels through the SPSC ring without allocation).
#include "controller/gait/gait_sample.hpp"
#include "drivers/devicemap/force_plate_map.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace tg::forceplate {

struct ForceSample {
    // Unwrapped sample number: the device's counter for a FIFO front end, the read
    // number for a weighing transmitter.
    std::uint64_t sequence = 0;
    // On the device's sample clock (sequence / rate) for a FIFO front end, so the gait
    // analysis sees exact 1 ms steps; on the host clock since connect otherwise.
    double time_s = 0;
    // When the sample was taken, on the host's steady clock (estimated from the FIFO fill).
    std::chrono::steady_clock::time_point taken_at;
    std::array<double, devicemap::kPlateCells> cell_n{};
    double total_n = 0;
    double cop_ml_m = NAN; // NaN below the calibration's cop_min_force_n
    double cop_ap_m = NAN;

    gait::GaitSample gait() const {
        gait::GaitSample g{time_s, total_n, std::nullopt};
        if (!std::isnan(cop_ml_m)) g.cop_ml_m = cop_ml_m;
        return g;
    }
};

} // namespace tg::forceplate
