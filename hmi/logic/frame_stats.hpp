#pragma once
// Frame times for --bench-frames: percentiles over every recorded frame.
#include <vector>

namespace tg::hmi {

class FrameStats {
public:
    void add(double frame_s) { samples_.push_back(frame_s); }
    std::size_t count() const { return samples_.size(); }
    // Nearest-rank percentile, p in [0, 100]; 0 when empty.
    double percentile(double p) const;
    double max() const;

private:
    std::vector<double> samples_;
};

} // namespace tg::hmi
