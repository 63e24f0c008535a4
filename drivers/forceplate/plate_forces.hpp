#pragma once
// Raw counts to forces: per-cell newtons, their sum (the vertical force) and the centre
// of pressure, the force-weighted mean of the cell positions. Pure.
#include "controller/gait/gait_sample.hpp"
#include "drivers/forceplate/plate_calibration.hpp"
#include "drivers/forceplate/raw_sample.hpp"

#include <optional>

namespace tg::forceplate {

struct PlateForces {
    std::array<double, kPlateCells> cell_n{};
    double total_n = 0;
    std::optional<double> cop_ml_m; // unset below the calibration's cop_min_force_n
    std::optional<double> cop_ap_m;
};

PlateForces plate_forces(const PlateCalibration& calibration, const RawCounts& counts);

} // namespace tg::forceplate
