#include "controller/service/pin_guard.hpp"

#include <algorithm>
#include <cmath>

namespace tg::service {

std::string PinGuard::refusal(TimePoint now) const {
    if (now >= next_try_) return {};
    const auto wait_s = std::ceil(std::chrono::duration<double>(next_try_ - now).count());
    const auto text = std::to_string(static_cast<long>(wait_s));
    if (failures_ >= kLockoutFailures)
        return "PIN checks are locked for " + text + " s after " + std::to_string(failures_) +
               " wrong PINs";
    return "too many wrong PINs: try again in " + text + " s";
}

void PinGuard::failed(TimePoint now) {
    ++failures_;
    if (failures_ >= kLockoutFailures) {
        next_try_ = now + kLockout;
        return;
    }
    if (failures_ <= kFreeFailures) return;
    const int doublings = std::min(failures_ - kFreeFailures - 1, 6); // 1 s .. 64 s
    const auto wait =
        std::min<std::chrono::seconds>(std::chrono::seconds(1L << doublings), kMaxWait);
    next_try_ = now + wait;
}

} // namespace tg::service
