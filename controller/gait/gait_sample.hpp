#pragma once

#include <optional>

namespace tg::gait {

// One force-plate reading, the same whether it comes from the live load cells
// (4 cells summed to a total vertical force plus a centre of pressure) or from a file.
struct GaitSample {
    double time_s = 0.0;
    double vertical_force_n = 0.0;
    // Mediolateral centre of pressure, metres, positive toward the runner's right.
    std::optional<double> cop_ml_m;
};

} // namespace tg::gait
