#include "drivers/forceplate/count_averager.hpp"

#include <algorithm>

namespace tg::forceplate {

void CountAverager::add(const RawCounts& counts) {
    for (std::size_t i = 0; i < kPlateCells; ++i) {
        sum_[i] += counts[i];
        min_[i] = samples_ == 0 ? counts[i] : std::min(min_[i], counts[i]);
        max_[i] = samples_ == 0 ? counts[i] : std::max(max_[i], counts[i]);
    }
    ++samples_;
}

MeanCounts CountAverager::mean() const {
    MeanCounts m{};
    if (samples_ == 0) return m;
    for (std::size_t i = 0; i < kPlateCells; ++i)
        m[i] = sum_[i] / static_cast<double>(samples_);
    return m;
}

double CountAverager::largest_range() const {
    double range = 0;
    for (std::size_t i = 0; i < kPlateCells; ++i)
        range = std::max(range, static_cast<double>(max_[i]) - static_cast<double>(min_[i]));
    return range;
}

} // namespace tg::forceplate
