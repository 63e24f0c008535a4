#pragma once

namespace tg::gait {

// Symmetry index in percent, (right - left) / mean(right, left) x 100 (Robinson et
// al. 1987): 0 is symmetric, positive means the right side is larger. NaN when
// either side is missing or both are zero.
double symmetry_index_pct(double right, double left);

} // namespace tg::gait
