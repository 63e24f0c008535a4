#pragma once

namespace tg::gait {

// Causal 2nd-order Butterworth low-pass (bilinear transform, pre-warped cut-off).
// A cut-off of 0 makes it a pass-through. The first sample primes the state so a
// signal starting at a constant does not ring.
class LowPassFilter {
public:
    LowPassFilter(double cutoff_hz, double sample_rate_hz);

    double update(double x);
    void reset() { primed_ = false; }

private:
    bool pass_through_ = true;
    bool primed_ = false;
    double b0_ = 1.0, b1_ = 0.0, b2_ = 0.0, a1_ = 0.0, a2_ = 0.0;
    double x1_ = 0.0, x2_ = 0.0, y1_ = 0.0, y2_ = 0.0;
};

} // namespace tg::gait
