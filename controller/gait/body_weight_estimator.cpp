#include "controller/gait/body_weight_estimator.hpp"

#include <algorithm>
#include <limits>

namespace tg::gait {

std::string_view to_string(BodyWeightSource source) {
    switch (source) {
    case BodyWeightSource::configured:
        return "configured";
    case BodyWeightSource::quiet_standing:
        return "quiet_standing";
    case BodyWeightSource::step_cycles:
        return "step_cycles";
    case BodyWeightSource::unknown:
        break;
    }
    return "unknown";
}

void BodyWeightEstimator::add_sample(double time_s, double force_n) {
    if (block_count_ == 0) {
        block_start_s_ = time_s;
        block_sum_ = 0.0;
        block_min_ = block_max_ = force_n;
    }
    ++block_count_;
    block_sum_ += force_n;
    block_min_ = std::min(block_min_, force_n);
    block_max_ = std::max(block_max_, force_n);
    if (time_s - block_start_s_ < block_s) return;

    const double mean = block_sum_ / static_cast<double>(block_count_);
    if (mean > min_standing_n && block_max_ - block_min_ < max_standing_range * mean)
        standing_n_ = mean;
    block_count_ = 0;
}

void BodyWeightEstimator::add_cycle(double duration_s, double impulse_ns) {
    if (duration_s > 0.0 && impulse_ns > 0.0) cycles_.push(impulse_ns / duration_s);
}

double BodyWeightEstimator::body_weight_n() const {
    if (configured_n_ > 0.0) return configured_n_;
    if (standing_n_ > 0.0) return standing_n_;
    if (cycles_.size() > 0) return cycles_.median();
    return std::numeric_limits<double>::quiet_NaN();
}

BodyWeightSource BodyWeightEstimator::source() const {
    if (configured_n_ > 0.0) return BodyWeightSource::configured;
    if (standing_n_ > 0.0) return BodyWeightSource::quiet_standing;
    if (cycles_.size() > 0) return BodyWeightSource::step_cycles;
    return BodyWeightSource::unknown;
}

} // namespace tg::gait
