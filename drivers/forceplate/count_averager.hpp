#pragma once
// Mean raw counts of each cell over a window of samples, and how much they moved: the
// input of tare and known-weight calibration, which need the deck to be still.
#include "drivers/forceplate/raw_sample.hpp"

#include <cstddef>

namespace tg::forceplate {

using MeanCounts = std::array<double, kPlateCells>;

class CountAverager {
public:
    void add(const RawCounts& counts);
    void reset() { *this = CountAverager{}; }
    std::size_t samples() const { return samples_; }
    MeanCounts mean() const;
    // Largest max-min of any one cell over the window, in counts.
    double largest_range() const;

private:
    std::size_t samples_ = 0;
    std::array<double, kPlateCells> sum_{};
    RawCounts min_{}, max_{};
};

} // namespace tg::forceplate
