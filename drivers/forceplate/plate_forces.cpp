#include "drivers/forceplate/plate_forces.hpp"

namespace tg::forceplate {

PlateForces plate_forces(const PlateCalibration& calibration, const RawCounts& counts) {
    PlateForces f;
    double moment_ml = 0, moment_ap = 0;
    for (std::size_t i = 0; i < kPlateCells; ++i) {
        const auto& c = calibration.cells[i];
        f.cell_n[i] = c.gain_n_per_count * counts[i] + c.offset_n;
        f.total_n += f.cell_n[i];
        moment_ml += f.cell_n[i] * c.x_m;
        moment_ap += f.cell_n[i] * c.y_m;
    }
    if (f.total_n >= calibration.cop_min_force_n) {
        f.cop_ml_m = moment_ml / f.total_n;
        f.cop_ap_m = moment_ap / f.total_n;
    }
    return f;
}

} // namespace tg::forceplate
