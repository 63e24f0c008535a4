#include "controller/gait/low_pass_filter.hpp"

#include <cmath>
#include <numbers>

namespace tg::gait {

LowPassFilter::LowPassFilter(double cutoff_hz, double sample_rate_hz) {
    if (!(cutoff_hz > 0.0) || !(sample_rate_hz > 2.0 * cutoff_hz)) return;
    pass_through_ = false;
    const double k = std::tan(std::numbers::pi * cutoff_hz / sample_rate_hz);
    const double q = std::numbers::sqrt2 / 2.0;
    const double norm = 1.0 / (1.0 + k / q + k * k);
    b0_ = k * k * norm;
    b1_ = 2.0 * b0_;
    b2_ = b0_;
    a1_ = 2.0 * (k * k - 1.0) * norm;
    a2_ = (1.0 - k / q + k * k) * norm;
}

double LowPassFilter::update(double x) {
    if (pass_through_) return x;
    if (!primed_) {
        x1_ = x2_ = y1_ = y2_ = x;
        primed_ = true;
    }
    const double y = b0_ * x + b1_ * x1_ + b2_ * x2_ - a1_ * y1_ - a2_ * y2_;
    x2_ = x1_;
    x1_ = x;
    y2_ = y1_;
    y1_ = y;
    return y;
}

} // namespace tg::gait
