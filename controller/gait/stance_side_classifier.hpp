#pragma once

#include "controller/gait/step_event.hpp"

namespace tg::gait {

// Left or right foot of running stances from the mediolateral centre of pressure.
// Running steps strictly alternate, so the classifier decides which parity (every
// other stance) is the right foot: the evidence is a running mean of the CoP change
// from one stance to the next (force-weighted stance means), sign-flipped every
// stance. Runners drift sideways on a belt by more than their step width within
// seconds (Fukuchi 2017: 150 mm in 10 s against 50 mm); the drift adds with
// alternating sign and averages out, the step width does not. A stance that does
// not follow its predecessor directly restarts the evidence.
class StanceSideClassifier {
public:
    explicit StanceSideClassifier(double min_offset_m) : min_offset_m_(min_offset_m) {}

    void begin_stance() { weighted_sum_ = weight_ = 0.0; }
    void add(double force_n, double cop_ml_m) {
        if (force_n <= 0.0) return;
        weighted_sum_ += force_n * cop_ml_m;
        weight_ += force_n;
    }
    // Classifies the stance just ended; `follows_previous` is false after a gap.
    FootSide end_stance(bool follows_previous);
    void reset() {
        has_previous_ = false;
        begin_stance();
    }

private:
    static constexpr double evidence_weight = 0.3;

    double min_offset_m_;
    double weighted_sum_ = 0.0;
    double weight_ = 0.0;
    bool has_previous_ = false;
    double previous_cop_m_ = 0.0;
    double evidence_m_ = 0.0; // > 0: stances with parity +1 are right
    int parity_ = 1;
    int evidence_count_ = 0;
};

} // namespace tg::gait
