#include "controller/gait/stance_side_classifier.hpp"

#include <algorithm>
#include <cmath>

namespace tg::gait {

FootSide StanceSideClassifier::end_stance(bool follows_previous) {
    if (weight_ <= 0.0) {
        has_previous_ = false;
        return FootSide::unknown;
    }
    const double cop = weighted_sum_ / weight_;
    if (!follows_previous || !has_previous_) {
        has_previous_ = true;
        previous_cop_m_ = cop;
        parity_ = 1;
        evidence_m_ = 0.0;
        evidence_count_ = 0;
        return FootSide::unknown;
    }
    parity_ = -parity_;
    const double change = parity_ * (cop - previous_cop_m_);
    previous_cop_m_ = cop;
    // Plain mean over the first few changes, then an exponential one.
    ++evidence_count_;
    const double weight = std::max(evidence_weight, 1.0 / evidence_count_);
    evidence_m_ += weight * (change - evidence_m_);
    // |change| is the step width; its mean over alternating stances must reach the minimum.
    if (std::abs(evidence_m_) < min_offset_m_) return FootSide::unknown;
    return parity_ * evidence_m_ > 0.0 ? FootSide::right : FootSide::left;
}

} // namespace tg::gait
