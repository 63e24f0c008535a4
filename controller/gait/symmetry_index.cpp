#include "controller/gait/symmetry_index.hpp"

#include <cmath>
#include <limits>

namespace tg::gait {

double symmetry_index_pct(double right, double left) {
    const double mean = 0.5 * (right + left);
    if (!std::isfinite(mean) || mean == 0.0) return std::numeric_limits<double>::quiet_NaN();
    return 100.0 * (right - left) / mean;
}

} // namespace tg::gait
