#include "hmi/logic/frame_stats.hpp"

#include <algorithm>
#include <cmath>

namespace tg::hmi {

double FrameStats::percentile(double p) const {
    if (samples_.empty()) return 0.0;
    std::vector<double> sorted = samples_;
    std::sort(sorted.begin(), sorted.end());
    const double clamped = std::clamp(p, 0.0, 100.0);
    const auto rank = static_cast<std::size_t>(std::ceil(clamped / 100.0 * sorted.size()));
    return sorted[rank == 0 ? 0 : rank - 1];
}

double FrameStats::max() const {
    return samples_.empty() ? 0.0 : *std::max_element(samples_.begin(), samples_.end());
}

} // namespace tg::hmi
